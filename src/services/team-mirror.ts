/**
 * The leader's mirror of the team: for each person they delegated to lately, the ladder, the work
 * given, what the leader owes them and what waits for the leader's word. Only what passed between
 * the two of them — never other people's promises.
 */
import { listCommitments } from '../db/commitments';
import { ladderOf, listBetween } from '../db/delegations';
import { teamFacts, type TeamMemberFacts } from '../db/team';
import type { TeamRow } from '../domain/team';
import type { ServiceDeps } from './ports';
import { growthSignal } from './trust-ladder';

/** How many people the Home tab shows at most (each takes up to five of Slack's 100 blocks). */
export const TEAM_SHOWN = 8;

/** Who counts as "your team": people you delegated to in the last 12 weeks. */
export const TEAM_WINDOW_WEEKS = 12;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

async function rowOf(
  deps: ServiceDeps,
  teamId: string,
  leaderId: string,
  f: TeamMemberFacts,
  now: Date,
): Promise<TeamRow> {
  const [ladder, openWork, awaitingAck, owed] = await Promise.all([
    ladderOf(deps.db, teamId, f.personId),
    listBetween(deps.db, teamId, leaderId, f.personId, 'open', 5),
    listBetween(deps.db, teamId, leaderId, f.personId, 'awaiting_ack', 5),
    listCommitments(deps.db, teamId, { ownerId: leaderId, counterpartId: f.personId, status: 'open' }, 5),
  ]);
  return {
    personId: f.personId,
    ladder,
    openWork,
    lastStakes: f.lastStakes,
    growth: growthSignal(ladder, f, now),
    owed,
    record: { kept: f.kept, missed: f.missed },
    awaitingAck,
    lastChannelId: f.lastChannelId,
  };
}

/** The "Your team" rows of a leader's Home tab: most recently delegated to first, at most `limit`. */
export async function teamOf(
  deps: ServiceDeps,
  teamId: string,
  leaderId: string,
  limit: number,
): Promise<{ rows: TeamRow[]; total: number }> {
  const now = deps.clock.now();
  const facts = await teamFacts(
    deps.db,
    teamId,
    leaderId,
    new Date(now.getTime() - TEAM_WINDOW_WEEKS * WEEK_MS),
    limit,
  );
  const rows = await Promise.all(facts.rows.map((f) => rowOf(deps, teamId, leaderId, f, now)));
  return { rows, total: facts.total };
}

/** One person's row as their leader sees it; null when the reader never delegated to them. */
export async function teamRowFor(
  deps: ServiceDeps,
  teamId: string,
  leaderId: string,
  personId: string,
): Promise<TeamRow | null> {
  const now = deps.clock.now();
  // any time, not only the last 12 weeks: whoever gave them work may see what passed between them
  const facts = await teamFacts(deps.db, teamId, leaderId, new Date(0), 1, personId);
  const f = facts.rows[0];
  return f ? rowOf(deps, teamId, leaderId, f, now) : null;
}
