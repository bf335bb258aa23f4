import type { Db } from '../db/db';
import { purgeExpiredRequests, rememberRequestsOnce } from '../db/request-replays';
import { together } from '../db/together';
import type { Logger } from '../logger';

export type FirstSeen = 'first' | 'replay' | 'unknown';

export interface ReplayGuard {
  /**
   * 'first' the first time `key` is seen before `expiresAt`, 'replay' after that (on any replica),
   * 'unknown' when the database could not say in time.
   */
  firstSeen(key: string, expiresAt: Date): Promise<FirstSeen>;
}

export interface ReplayGuardOptions {
  db: Db;
  log: Logger;
  /** Real time (signature windows are Slack's clock, not the business clock). */
  now?: () => number;
  /**
   * How long a request may wait for the check. It runs before the listener, inside Slack's 3 s, and a
   * database that is slow or away would otherwise eat the listener's budget for the friendly "try
   * again" reply. Past it the request goes on (fail open): refusing it would turn a short database
   * outage into Slack's error screen, and a replay then meets the same outage.
   */
  timeoutMs?: number;
  /**
   * After the database failed to answer, checks are skipped (fail open at once) for this long: during an
   * outage every request would otherwise pay the full timeout before its friendly "try again" reply.
   */
  backOffMs?: number;
  /** Expired rows are deleted at most this often per process (a background delete, off the request). */
  purgeEveryMs?: number;
}

/** Replay protection backed by the `slack_request_replays` table (migrations/0004). */
export function createReplayGuard(opts: ReplayGuardOptions): ReplayGuard {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 250;
  const purgeEveryMs = opts.purgeEveryMs ?? 60_000;
  const backOffMs = opts.backOffMs ?? 2_000;
  let lastPurge = 0;
  let skipUntil = 0;
  let unknownSince = 0;
  let unknownCount = 0;
  // every signed request is checked: under load the checks share statements (group commit)
  const remember = together((reqs: { key: string; expiresAt: Date }[]) =>
    rememberRequestsOnce(opts.db, reqs),
  );

  const purgeNowAndThen = () => {
    const t = now();
    if (t - lastPurge < purgeEveryMs) return;
    lastPurge = t;
    purgeExpiredRequests(opts.db, new Date(t)).then(
      (n) => {
        if (n > 0) opts.log.debug({ purged: n }, 'forgot expired Slack request signatures');
      },
      (err: unknown) => opts.log.warn({ err }, 'could not purge expired Slack request signatures'),
    );
  };

  /** One line per 10 s at most while the database cannot answer, with how many checks were skipped. */
  const noteUnknown = (err: unknown) => {
    unknownCount++;
    const t = now();
    skipUntil = t + backOffMs;
    if (t - unknownSince < 10_000) return;
    opts.log.warn(
      { err, skipped: unknownCount },
      'could not check Slack requests for replays; let them through (the database did not answer)',
    );
    unknownSince = t;
    unknownCount = 0;
  };

  return {
    async firstSeen(key, expiresAt) {
      if (now() < skipUntil) {
        unknownCount++;
        return 'unknown';
      }
      purgeNowAndThen();
      let timer: NodeJS.Timeout | undefined;
      const check = remember({ key, expiresAt }).then((first) =>
        first ? ('first' as const) : ('replay' as const),
      );
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), timeoutMs);
      });
      try {
        const outcome = await Promise.race([check, late]);
        if (outcome === 'late') {
          // the insert may still land (Promise.race keeps its rejection handled); a later replay is then caught
          noteUnknown(new Error(`no answer within ${timeoutMs} ms`));
          return 'unknown';
        }
        return outcome;
      } catch (err) {
        noteUnknown(err);
        return 'unknown';
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
