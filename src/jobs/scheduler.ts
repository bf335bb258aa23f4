import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Db } from '../db/db';
import type { Logger } from '../logger';

export interface SchedulerOptions {
  db: Db;
  log: Logger;
  /** Cron expression for the tick (every minute by default). */
  expression: string;
  /** What a tick does: compute what is due from the database (by the injected clock) and enqueue it. */
  tick: () => Promise<void>;
}

export interface Scheduler {
  /** Runs a tick now (start-up catch-up, or after the clock moved), skipping the slot claim. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Claims each cron slot in the database: the replica that inserts the slot's row runs it, the others
 * skip. Idempotent enqueueing (unique keys in the outbox) stays the second line of defence.
 */
export function postgresRunCoordinator(db: Db, log: Logger): RunCoordinator {
  return {
    async shouldRun(key) {
      try {
        const r = await db.query('insert into cron_runs (key) values ($1) on conflict (key) do nothing', [
          key,
        ]);
        return r.rowCount > 0;
      } catch (err) {
        log.warn({ err, key }, 'could not claim a cron slot; skipping it');
        return false;
      }
    },
  };
}

export function startScheduler(opts: SchedulerOptions): Scheduler {
  const log = opts.log.child({ module: 'scheduler' });
  let running: Promise<void> | null = null;
  let stopped = false;

  const run = async (reason: string): Promise<void> => {
    if (stopped) return;
    if (running) return running; // one tick at a time in this process
    running = (async () => {
      const started = Date.now();
      try {
        await opts.tick();
        log.debug({ reason, ms: Date.now() - started }, 'tick done');
      } catch (err) {
        log.error({ err, reason }, 'tick failed; the next one will catch up');
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const task: ScheduledTask = cron.schedule(opts.expression, () => run('cron'), {
    name: 'trustloop-tick',
    noOverlap: true,
    distributed: true,
    runCoordinator: postgresRunCoordinator(opts.db, log),
    suppressMissedWarning: true,
  });

  return {
    runNow: () => run('now'),
    async stop() {
      stopped = true;
      await task.destroy();
      if (running) await running;
    },
  };
}

/** Old slot claims are only history; keep a week. */
export async function pruneCronRuns(db: Db, now: Date): Promise<void> {
  await db.query(`delete from cron_runs where claimed_at < $1::timestamptz - interval '7 days'`, [now]);
}
