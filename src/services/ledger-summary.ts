import { listCommitments } from '../db/commitments';
import { ackStats, countByStatus, ladderOf, listByRole } from '../db/delegations';
import type { Commitment } from '../domain/commitment';
import type { AckStats, Delegation, DelegationStatus } from '../domain/delegation';
import type { Ladder } from '../domain/stakes';
import { movesInWindow, openCount, settledByWeek } from '../db/say-do';
import { memberOf, resolvePerson } from './members';
import { parseLeadingPerson } from './parse/mention';
import type { ServiceDeps } from './ports';
import { TEAM_SHOWN, teamOf, teamRowFor } from './team-mirror';
import type { TeamRow } from '../domain/team';
import { sayDoRatio, WINDOW_WEEKS, type SayDoCounts, type SayDoRatio } from './say-do';

export interface SayDoFigures {
  counts: SayDoCounts;
  ratio: SayDoRatio;
  /** Oldest week first, one per week of the window. */
  weeks: SayDoRatio[];
}

export interface LedgerSummary extends SayDoFigures {
  userId: string;
  tz: string;
  /** When it was read: a promise past its date offers Own it, not Move. */
  now?: Date;
  openPromises: Commitment[];
  owedToMe: Commitment[];
  given: { counts: Record<DelegationStatus, number>; recent: Delegation[] };
  held: { counts: Record<DelegationStatus, number>; recent: Delegation[] };
  ladder: Ladder;
  acks: AckStats;
  /** The people this person delegated to lately: their "Your team" (empty for someone who has not). */
  team: { rows: TeamRow[]; total: number };
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
    team,
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
    teamOf(deps, teamId, userId, TEAM_SHOWN),
  ]);
  return {
    userId,
    tz: me.tz,
    now: deps.clock.now(),
    ...figures,
    openPromises,
    owedToMe,
    given: { counts: givenCounts, recent: givenRecent },
    held: { counts: heldCounts, recent: heldRecent },
    ladder,
    acks,
    team,
  };
}

export const LEDGER_USAGE =
  'Usage: `/ledger` for your own say/do, or `/ledger @person` for someone’s — with what passed between you, if you gave them work.';

/** `/ledger` (your own summary) or `/ledger @lea` (their totals only: details belong to the two people). */
export async function ledgerFor(
  deps: ServiceDeps,
  c: { teamId: string; userId: string; text: string },
): Promise<
  | { kind: 'usage'; message: string }
  | { kind: 'own'; summary: LedgerSummary }
  | { kind: 'totals'; userId: string; figures: SayDoFigures }
  | { kind: 'mirror'; row: TeamRow; figures: SayDoFigures; tz: string }
> {
  const text = c.text.trim();
  const own = async () => ({ kind: 'own' as const, summary: await ledgerSummary(deps, c.teamId, c.userId) });
  if (text === '') return own();
  const lead = parseLeadingPerson(text, LEDGER_USAGE);
  if (!lead.ok) return { kind: 'usage', message: lead.error.message };
  if (lead.value.rest.trim() !== '')
    return { kind: 'usage', message: `I only need the person. ${LEDGER_USAGE}` };
  const person = await resolvePerson(deps, c.teamId, lead.value.person);
  if (person.userId === c.userId) return own();
  // someone who gave them work sees what passed between the two of them; anyone else, totals only
  const [row, figures, me] = await Promise.all([
    teamRowFor(deps, c.teamId, c.userId, person.userId),
    sayDoFigures(deps, c.teamId, person.userId),
    memberOf(deps, c.teamId, c.userId),
  ]);
  if (row) return { kind: 'mirror', row, figures, tz: me.tz };
  return {
    kind: 'totals',
    userId: person.userId,
    figures,
  };
}
