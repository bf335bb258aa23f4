/** Talking to the sandbox server: state, actions, and the live change stream (Server-Sent Events). */
import type { ActionAnswer, SandboxState } from '../../protocol';

const API = '/sandbox/api';

export class Restarting extends Error {}
export class NoSuchPerson extends Error {}

/** `ephemerals`: `now` when the page opens, then the mark the last answer gave (see SandboxState.ephemerals). */
export async function fetchState(as: string, ephemerals: string): Promise<SandboxState> {
  const res = await fetch(
    `${API}/state?as=${encodeURIComponent(as)}&ephemerals=${encodeURIComponent(ephemerals)}`,
    { cache: 'no-store' },
  );
  if (res.status === 503) throw new Restarting('The sandbox is restarting');
  if (res.status === 404) throw new NoSuchPerson(`There is no “${as}” in this sandbox`);
  if (!res.ok) throw new Error(`Could not load the sandbox (${res.status})`);
  return (await res.json()) as SandboxState;
}

/** POSTs an action; failures come back as `{ ok: false, error }` (never thrown), ready to show. */
export async function send(route: string, body: object): Promise<ActionAnswer> {
  try {
    const res = await fetch(`${API}/${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.json().catch(() => ({}))) as Partial<ActionAnswer>;
    if (res.ok)
      return {
        ok: answer.ok ?? true,
        ...(answer.error ? { error: answer.error } : {}),
        ...(answer.now ? { now: answer.now } : {}),
        ...(answer.functionExecutionId ? { functionExecutionId: answer.functionExecutionId } : {}),
      };
    return { ok: false, error: answer.error ?? `The sandbox answered ${res.status}` };
  } catch {
    return { ok: false, error: 'The sandbox is not reachable. Is `npm start` still running?' };
  }
}

export type Connection = 'connecting' | 'live' | 'restarting';

/**
 * Follows the change stream. EventSource reconnects by itself after a dropped stream; after a refused
 * one (the server restarting) it gives up, so that case reconnects here, once a second.
 */
export function subscribe(
  onChange: (version: number) => void,
  onConnection: (c: Connection) => void,
): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const connect = () => {
    source = new EventSource(`${API}/events`);
    source.addEventListener('open', () => onConnection('live'));
    source.addEventListener('change', (e) => {
      const { version } = JSON.parse((e as MessageEvent<string>).data) as { version: number };
      onChange(version);
    });
    source.addEventListener('restart', () => onConnection('restarting'));
    source.addEventListener('error', () => {
      onConnection('connecting');
      if (source?.readyState === EventSource.CLOSED && !closed) {
        timer = setTimeout(connect, 1000);
      }
    });
  };
  connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
  };
}
