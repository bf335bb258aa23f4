/**
 * The two queues in front of PGlite's one engine (used by pglite-worker.ts; no PGlite here, so tests
 * can drive it with a fake clock).
 *
 * A call someone is waiting on (a slash command, a click: the request path) is `interactive`; delivery
 * passes and ticks are `background`. When the engine is free the oldest interactive call goes first,
 * unless the oldest background one has waited `maxBackgroundWaitMs`: background work never starves (at
 * least one call per bound while the engine is saturated, all of it when interactive work pauses), and
 * an interactive call waits behind at most one background call at a time instead of behind all of them.
 * A call is whatever holds the engine: one statement, or a transaction from BEGIN to its end, so a
 * transaction, once it has begun, runs to its end before anything else, whichever lane it came from.
 */
export type Lane = 'interactive' | 'background';

/**
 * How long the oldest waiting background call may be passed over. Delivery claims a batch per call, so
 * one background call every 50 ms still moves hundreds of messages a second.
 */
export const BACKGROUND_MAX_WAIT_MS = 50;

interface Waiting {
  since: number;
  /** Runs the call; resolves when the engine is free again (for a transaction: once it has ended). */
  start(): Promise<void>;
}

export interface EngineQueue {
  push(lane: Lane, start: () => Promise<void>): void;
  /** Calls waiting for the engine (not counting the one that has it). */
  waiting(): number;
}

export function createEngineQueue(
  maxBackgroundWaitMs = BACKGROUND_MAX_WAIT_MS,
  now: () => number = () => performance.now(),
): EngineQueue {
  const queues: Record<Lane, Waiting[]> = { interactive: [], background: [] };
  let busy = false;
  const pick = (): Waiting | undefined => {
    const bg = queues.background[0];
    if (bg && (queues.interactive.length === 0 || now() - bg.since >= maxBackgroundWaitMs)) {
      return queues.background.shift();
    }
    return queues.interactive.shift();
  };
  const pump = (): void => {
    if (busy) return;
    const next = pick();
    if (!next) return;
    busy = true;
    const free = () => {
      busy = false;
      pump();
    };
    next.start().then(free, free);
  };
  return {
    push(lane, start) {
      queues[lane].push({ since: now(), start });
      pump();
    },
    waiting: () => queues.interactive.length + queues.background.length,
  };
}
