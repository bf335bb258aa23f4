import type { Clock } from '../clock';
import type { Db } from '../db/db';
import {
  claimDueOutbox,
  enqueue,
  markDropped,
  markFailed,
  markRetry,
  markManySentAndPace,
  markSentAndPace,
  msUntilNextDue,
  pauseChannel,
  postpone,
  releaseClaim,
  type ClaimedRow,
  type OutboxRow,
  type SentRecord,
} from '../db/outbox';
import { together } from '../db/together';
import type { Logger } from '../logger';
import { fallbackMessages } from '../messages/fallback';
import { neutralisePayload } from '../views/neutralise';
import { decideFailure } from './delivery-policy';
import type { SlackApi } from './slack-api';

export interface DeliveryOptions {
  db: Db;
  /** Business time: when scheduled messages are meant to go. */
  clock: Clock;
  /**
   * Wall time for Slack's and the processes' real-time limits (pacing, Retry-After, backoff, claim
   * leases). The same as `clock` in production; separate so tests and the sandbox can move business
   * time without bending Slack's rate limits.
   */
  wall?: () => Date;
  /** Delay before retry number `attempt` (default: exponential backoff with jitter). */
  backoff?: (attempt: number) => number;
  slack: SlackApi;
  log: Logger;
  /**
   * Renders a queued message when it is sent (messages/render.ts): the Web API arguments, or null when
   * nothing is left worth sending (the row is dropped). Rows of kind 'api' carry prepared arguments.
   */
  render: (row: OutboxRow) => Promise<Record<string, unknown> | null>;
  /** A message that is no longer worth sending (a reminder for something done) is dropped, not sent. */
  isStale?: (row: OutboxRow) => Promise<string | null>;
  /**
   * Slack refused the workspace's token (uninstalled, revoked): stop the whole workspace (its pending
   * messages dropped with the reason, its installation deleted). Without it only the row is dropped.
   */
  onWorkspaceGone?: (teamId: string, reason: string) => Promise<void>;
  /**
   * After Slack accepted a message and it is recorded: what its kind does with Slack's answer (the Home
   * chart keeps the uploaded file's id). A failure here is logged; the message is not sent again.
   */
  afterSent?: (row: OutboxRow, response: Record<string, unknown>) => Promise<void>;
  /** A message that must wait (for its recipient's working hours) until this business time. */
  holdUntil?: (row: OutboxRow) => Promise<Date | null>;
  /**
   * `isStale` for a whole claimed batch at once (one statement instead of one per message), keyed by
   * row id; used instead of `isStale` when given.
   */
  staleMany?: (rows: OutboxRow[]) => Promise<Map<number, string | null>>;
  /** `holdUntil` for a whole claimed batch at once, keyed by row id; used instead of `holdUntil` when given. */
  holdMany?: (rows: OutboxRow[]) => Promise<Map<number, Date | null>>;
  batchSize?: number;
  /**
   * How many claimed messages may be on their way at once (default: one batch). Claims top the window
   * up as sends finish (once half of it is free) instead of waiting for the slowest of a batch; one
   * message per conversation is claimed at a time, so whatever is in flight can go in parallel. This
   * is also the in-flight window: what a crashed sender may have sent without recording it, and so
   * what may go twice after its lease.
   */
  maxInFlight?: number;
  /** How long a claim lasts; a crashed sender's rows are retried after it (the duplicate window). */
  leaseMs?: number;
  maxAttempts?: number;
  /** Slack allows about one message per second per conversation. */
  channelSpacingMs?: number;
  /**
   * A person's Home tab is re-published at most this often: under a burst of changes it is rendered
   * once per interval with the latest state, instead of once per change.
   */
  homeSpacingMs?: number;
  /** Longest real-time wait before looking again even when nothing seems due (clock moved, other replica). */
  maxIdleMs?: number;
  /**
   * A paced conversation is claimed up to this long before its slot opens, and its message is sent at
   * the exact moment (default 50 ms). Without it, each message went ~50 ms after its slot, 95 % of the
   * rate Slack allows.
   */
  paceAheadMs?: number;
  /**
   * Wait before retrying the record of a message Slack accepted (attempt 0, 1, …); null = stop trying.
   * Default 0.2, 0.4, 0.8 … capped at 5 s, for as long as half the claim's lease (30 s by default):
   * a database away for less than that sends nothing twice. Stopping the process stops the retries.
   */
  recordRetryMs?: (attempt: number, elapsedMs: number) => number | null;
}

export interface Delivery {
  /** Look for due messages now (after a commit that enqueued some). Coalesced; never throws. */
  wake(): void;
  /** Sends everything due now; resolves with how many were sent. */
  drain(): Promise<number>;
  start(): void;
  /** Stops looking; waits for messages in flight. */
  stop(): Promise<void>;
}

/** Exponential backoff with jitter: 2 s, 4 s, 8 s … capped at 15 min; ~20 attempts span several hours. */
export function backoffMs(attempt: number): number {
  const base = Math.min(2 ** attempt * 1000, 15 * 60 * 1000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * How long to keep retrying the record of a message Slack accepted: 0.2, 0.4, 0.8 … 5 s between tries,
 * until half the claim's lease has gone. Past that, another sender may take the row over when the lease
 * ends, so from then on the message is the lease's (the documented in-flight window).
 */
export function recordRetryPolicy(leaseMs: number): (attempt: number, elapsedMs: number) => number | null {
  return (attempt, elapsedMs) => {
    const wait = Math.min(200 * 2 ** attempt, 5000);
    return elapsedMs + wait > leaseMs / 2 ? null : wait;
  };
}

/** What the batch checks said about one claimed row (stale: why it is dropped; hold: until when it waits). */
export interface Screened {
  stale: string | null;
  hold: Date | null;
}

/**
 * The checks a claimed batch needs before sending (staleness, the recipient's hours), one statement
 * each for the whole batch. Settles, never rejects: a failed read becomes each row's failure to
 * prepare (retried with backoff, as a failed per-row check was), and no promise is left unhandled while
 * a row waits for its paced slot.
 */
export function screenBatch(
  opts: Pick<DeliveryOptions, 'isStale' | 'holdUntil' | 'staleMany' | 'holdMany'>,
  rows: OutboxRow[],
): (row: OutboxRow) => Promise<Screened> {
  const none = Promise.resolve(null);
  const stale = opts.staleMany ? opts.staleMany(rows) : none;
  const hold = opts.holdMany ? opts.holdMany(rows) : none;
  const both = Promise.all([stale, hold]).then(
    ([s, h]) => ({ ok: true as const, s, h }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  return async (row) => {
    const b = await both;
    if (!b.ok) throw b.err;
    // a batch check that was not given falls back to the per-row one, checked now
    const st = b.s ? (b.s.get(row.id) ?? null) : opts.isStale ? await opts.isStale(row) : null;
    if (st) return { stale: st, hold: null };
    const hd = b.h ? (b.h.get(row.id) ?? null) : opts.holdUntil ? await opts.holdUntil(row) : null;
    return { stale: null, hold: hd };
  };
}

/**
 * Sends one claimed message, start to finish: waits for its paced slot, drops it if it went stale,
 * renders it, calls Slack, and records what happened (sent, retried, failed, or handed to a fallback).
 * Never throws: whatever goes wrong is recorded, or left to the claim's lease.
 */
export function createSender(
  opts: DeliveryOptions & { stopped(): boolean; wake(): void },
): (row: ClaimedRow, screen?: (row: OutboxRow) => Promise<Screened>) => Promise<boolean> {
  const { db, clock, slack, log } = opts;
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxAttempts = opts.maxAttempts ?? 20;
  const spacingMs = opts.channelSpacingMs ?? 1000;
  const homeSpacingMs = opts.homeSpacingMs ?? 2000;
  const paceAheadMs = opts.paceAheadMs ?? 50;
  const wall = opts.wall ?? (() => new Date());
  const backoff = opts.backoff ?? backoffMs;
  const recordRetryMs = opts.recordRetryMs ?? recordRetryPolicy(leaseMs);
  const wake = () => opts.wake();

  /** Sent records are written by group commit: what Slack accepts while one is written goes next, together. */
  const recordTogether = together(async (recs: SentRecord[]) => {
    await markManySentAndPace(db, recs);
    return recs.map(() => undefined);
  });

  async function sendOne(
    row: ClaimedRow,
    screen: (row: OutboxRow) => Promise<Screened> = screenBatch(opts, [row]),
  ): Promise<boolean> {
    try {
      await untilSlot(row);
      const { stale, hold } = await screen(row);
      if (stale) {
        await markDropped(db, row.id, stale);
        log.info(
          { teamId: row.team_id, key: row.idempotency_key, reason: stale },
          'message dropped: no longer relevant',
        );
        return false;
      }
      if (hold) {
        await postpone(db, row.id, hold);
        log.info(
          { teamId: row.team_id, key: row.idempotency_key, until: hold },
          'message waits for its recipient’s working hours',
        );
        return false;
      }
      const args = row.kind === 'api' ? row.payload : await opts.render(row);
      if (!args) {
        await markDropped(db, row.id, 'nothing left to say');
        log.info({ teamId: row.team_id, key: row.idempotency_key }, 'message dropped: nothing left to say');
        return false;
      }
      let res: Record<string, unknown>;
      try {
        res = await slack.call(row.method, neutralisePayload(args), row.team_id);
      } catch (err) {
        await recordFailure(row, err);
        return false;
      }
      // Slack has it now; never retried as if Slack had failed.
      const result = { channel: res.channel ?? null, ts: res.ts ?? null };
      const spacing = row.kind === 'home' ? homeSpacingMs : row.method === 'chat.postMessage' ? spacingMs : 0;
      await recordSent(row, result, wall(), spacing);
      if (opts.afterSent)
        await opts
          .afterSent(row, res)
          .catch((err: unknown) =>
            log.error(
              { err, teamId: row.team_id, key: row.idempotency_key },
              'could not follow up a sent message',
            ),
          );
      log.debug({ teamId: row.team_id, key: row.idempotency_key, method: row.method }, 'message sent');
      return true;
    } catch (err) {
      // Preparing it failed (rendering, the staleness check): retried like a failed send.
      await recordFailure(row, err);
      return false;
    }
  }

  /**
   * Records a failed send or preparation: retried with backoff and a bounded number of attempts. If even
   * that cannot be recorded (the database is away), the claim's lease brings the row back.
   */
  async function recordFailure(row: OutboxRow, err: unknown): Promise<void> {
    await handleFailure(row, err).catch((dbErr: unknown) =>
      log.error(
        { err: dbErr, teamId: row.team_id, key: row.idempotency_key },
        'could not record a delivery failure; the claim’s lease will bring it back',
      ),
    );
  }

  /**
   * Records that Slack accepted a message. A database that is busy (a big tick holding the pool, a
   * connect timeout) or briefly away is retried for up to half the claim's lease: the drills found that
   * giving up at once let the lease send the message again. Only if the database stays away longer does
   * the lease run out and the message possibly go twice: the bounded in-flight window.
   */
  async function recordSent(
    row: OutboxRow,
    result: Record<string, unknown>,
    sentAt: Date,
    spacing: number,
  ): Promise<void> {
    const firstTry = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        // the first try is written together with what else Slack accepted meanwhile; retries alone
        if (attempt === 0) await recordTogether({ row, result, sentAt, spacingMs: spacing });
        else await markSentAndPace(db, row, result, sentAt, spacing);
        if (attempt > 0)
          log.info(
            { teamId: row.team_id, key: row.idempotency_key, attempt },
            'recorded a sent message on a retry',
          );
        return;
      } catch (err) {
        const wait = recordRetryMs(attempt, performance.now() - firstTry);
        if (wait === null || opts.stopped()) {
          log.error(
            { err, teamId: row.team_id, key: row.idempotency_key },
            'sent, but could not record it; it may be sent again after its lease',
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  async function handleFailure(row: OutboxRow, err: unknown): Promise<void> {
    const decision = decideFailure(row, err, wall(), { maxAttempts, backoff });
    const where = {
      teamId: row.team_id,
      key: row.idempotency_key,
      method: row.method,
      attempt: row.attempts,
    };
    switch (decision.kind) {
      case 'ratelimited':
        await releaseClaim(db, row.id, decision.until, 'ratelimited');
        await pauseChannel(db, row.team_id, row.channel_key, decision.until);
        log.warn(
          { ...where, until: decision.until },
          'Slack rate limited a message; will retry after Retry-After',
        );
        return;
      case 'fallback':
        await db.transaction(async (tx) => {
          await markFailed(tx, row.id, decision.reason);
          await enqueue(tx, fallbackMessages(row, decision.channel, clock.now()));
        });
        log.warn(
          { ...where, error: decision.reason },
          'could not post in the channel; told the people involved by DM instead',
        );
        wake();
        return;
      case 'dropped':
        await markDropped(db, row.id, decision.reason);
        log.info({ ...where, reason: decision.reason }, 'the message to update is gone; left alone');
        return;
      case 'workspace_gone':
        await markDropped(db, row.id, `workspace stopped: ${decision.reason}`);
        if (opts.onWorkspaceGone)
          await opts.onWorkspaceGone(row.team_id, `slack answered ${decision.reason}`);
        log.warn(
          { ...where, reason: decision.reason },
          'Slack no longer accepts this workspace’s token: stopped sending to it',
        );
        return;
      case 'failed':
        await markFailed(db, row.id, decision.reason);
        log.error(
          { ...where, error: decision.reason },
          'Slack refused a message for good; recorded why and gave up',
        );
        return;
      case 'retry':
        await markRetry(db, row.id, decision.at, decision.reason);
        log.warn({ ...where, error: decision.reason }, 'message failed; will retry with backoff');
        return;
    }
  }

  /**
   * A row claimed just ahead of its conversation's paced slot waits for the slot itself. Timers may
   * fire a millisecond early against the wall clock, and Slack counts from its own: wait until the wall
   * clock has passed the slot.
   */
  async function untilSlot(row: ClaimedRow): Promise<void> {
    if (!row.send_after) return;
    const slot = row.send_after.getTime();
    // bounded in real time by the look-ahead, whatever a test's wall clock does
    const giveUpAt = performance.now() + paceAheadMs + 5;
    for (let now = wall().getTime(); now <= slot && performance.now() < giveUpAt; now = wall().getTime()) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, slot - now + 1)));
    }
  }

  return sendOne;
}

export function createDelivery(opts: DeliveryOptions): Delivery {
  const { db, clock, log } = opts;
  const batchSize = opts.batchSize ?? 25;
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxIdleMs = opts.maxIdleMs ?? 30_000;
  const paceAheadMs = opts.paceAheadMs ?? 50;
  const wall = opts.wall ?? (() => new Date());
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let again = false;
  let started = false;
  let stopped = false;
  const sendOne = createSender({ ...opts, stopped: () => stopped, wake: () => wake() });

  const maxInFlight = Math.max(opts.maxInFlight ?? batchSize, 1);
  const refillAt = Math.ceil(maxInFlight / 2);

  async function drainOnce(): Promise<number> {
    let sent = 0;
    // Claimed rows go out on their own: the window is topped up while earlier rows are still on their
    // way, so one slow send or a row waiting for its paced slot holds back nothing else, and never
    // more than maxInFlight are claimed and unrecorded at once (the duplicate window stays one batch).
    const inFlight = new Set<Promise<void>>();
    let drained = false; // the last claim found less than it asked for: wait for a send to finish first
    let backlog = false;
    for (;;) {
      if (stopped && started) break;
      const room = maxInFlight - inFlight.size;
      if (drained || room < refillAt) {
        if (inFlight.size === 0) break;
        await Promise.race(inFlight); // a send finished: room, or its conversation's next message
        drained = false;
        continue;
      }
      const limit = Math.min(room, batchSize);
      const rows = await claimDueOutbox(db, clock.now(), wall(), limit, leaseMs, paceAheadMs, backlog);
      drained = rows.length < limit;
      backlog = !drained && rows.length >= refillAt; // the next claim walks the due index in order
      if (rows.length === 0) continue;
      const screen = screenBatch(opts, rows);
      for (const row of rows) {
        const p: Promise<void> = sendOne(row, screen).then((ok) => {
          if (ok) sent++;
          inFlight.delete(p);
        });
        inFlight.add(p);
      }
    }
    await Promise.all(inFlight);
    return sent;
  }

  async function scheduleNext(): Promise<void> {
    if (stopped || !started) return;
    const wait = await msUntilNextDue(db, clock.now(), wall(), paceAheadMs).catch(() => null);
    arm(Math.min((wait ?? maxIdleMs) + 5, maxIdleMs));
  }

  function arm(ms: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(wake, ms);
    timer.unref();
  }

  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          total += await drainOnce();
        } while (again);
      } finally {
        running = null;
      }
      await scheduleNext();
      return total;
    })();
    return running;
  }

  function wake(): void {
    if (stopped) return;
    drain().catch((err: unknown) => {
      log.error({ err }, 'delivery pass failed; will look again shortly');
      arm(Math.min(5000, maxIdleMs));
    });
  }

  return {
    wake,
    drain,
    start() {
      started = true;
      stopped = false;
      wake();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running.catch(() => 0);
    },
  };
}
