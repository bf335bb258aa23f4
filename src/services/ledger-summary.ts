import { listCommitments, type Commitment } from '../db/commitments';
import {
  ackStats,
  countByStatus,
  ladderOf,
  listByRole,
  type AckStats,
  type Delegation,
  type DelegationStatus,
} from '../db/delegations';
import { movesInWindow, openCount, settledByWeek } from '../db/say-do';
import { memberOf } from './members';
import type { ServiceDeps } from './ports';
import { sayDoRatio, WINDOW_WEEKS, type SayDoCounts, type SayDoRatio } from './say-do';
import type { Ladder } from './trust-ladder';

export interface SayDoFigures {
  counts: SayDoCounts;
  ratio: SayDoRatio;
  /** Oldest week first, one per week of the window. */
  weeks: SayDoRatio[];
}

export interface LedgerSummary extends SayDoFigures {
  userId: string;
  tz: string;
  openPromises: Commitment[];
  owedToMe: Commitment[];
  given: { counts: Record<DelegationStatus, number>; recent: Delegation[] };
  held: { counts: Record<DelegationStatus, number>; recent: Delegation[] };
  ladder: Ladder;
  acks: AckStats;
}

/** Aggregate say/do figures for one person (what `/ledger @someone` may show anyone). */
export async function sayDoFigures(deps: ServiceDeps, teamId: string, userId: string): Promise<SayDoFigures> {
  const now = deps.clock.now();
  const [weekly, moves, open] = await Promise.all([
    settledByWeek(deps.db, teamId, userId, now, WINDOW_WEEKS),
    movesInWindow(deps.db, teamId, userId, now, WINDOW_WEEKS),
    openCount(deps.db, teamId, userId),
  ]);
  const counts: SayDoCounts = {
    keptOnTime: 0,
    keptLate: 0,
    missed: 0,
    renegotiated: moves,
    released: 0,
    open,
  };
  const weeks: SayDoRatio[] = [];
  for (let ago = WINDOW_WEEKS - 1; ago >= 0; ago--) {
    const w = weekly.find((r) => r.weeks_ago === ago);
    weeks.push(
      sayDoRatio({
        keptOnTime: w?.kept_on_time ?? 0,
        keptLate: w?.kept_late ?? 0,
        missed: w?.missed ?? 0,
        renegotiated: 0,
        released: 0,
        open: 0,
      }),
    );
    counts.keptOnTime += w?.kept_on_time ?? 0;
    counts.keptLate += w?.kept_late ?? 0;
    counts.missed += w?.missed ?? 0;
    counts.released += w?.released ?? 0;
  }
  return { counts, ratio: sayDoRatio(counts), weeks };
}

/** Everything the Home tab and `/ledger` show a person about themselves. */
export async function ledgerSummary(
  deps: ServiceDeps,
  teamId: string,
  userId: string,
): Promise<LedgerSummary> {
  const [
    me,
    figures,
    openPromises,
    owedToMe,
    givenCounts,
    givenRecent,
    heldCounts,
    heldRecent,
    ladder,
    acks,
  ] = await Promise.all([
    memberOf(deps, teamId, userId),
    sayDoFigures(deps, teamId, userId),
    listCommitments(deps.db, teamId, { ownerId: userId, status: 'open' }, 10),
    listCommitments(deps.db, teamId, { counterpartId: userId, status: 'open' }, 10),
    countByStatus(deps.db, teamId, userId, 'leader'),
    listByRole(deps.db, teamId, userId, 'leader', 5),
    countByStatus(deps.db, teamId, userId, 'assignee'),
    listByRole(deps.db, teamId, userId, 'assignee', 5),
    ladderOf(deps.db, teamId, userId),
    ackStats(deps.db, teamId, userId),
  ]);
  return {
    userId,
    tz: me.tz,
    ...figures,
    openPromises,
    owedToMe,
    given: { counts: givenCounts, recent: givenRecent },
    held: { counts: heldCounts, recent: heldRecent },
    ladder,
    acks,
  };
}
