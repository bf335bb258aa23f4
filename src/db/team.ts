/** What passed between a leader and the people they delegated to (the leader's "Your team"). */
import type { Stakes } from '../domain/stakes';
import type { Queryable } from './db';

export interface TeamMemberFacts {
  personId: string;
  lastGivenAt: Date;
  lastChannelId: string;
  /** The stakes of the last three delegations from this leader, newest first. */
  lastStakes: Stakes[];
  /** Their first delegation from anyone, and whether any was ever above small (a step up given). */
  firstGivenAt: Date;
  everAboveSmall: boolean;
  /** The leader's promises to them, kept and missed. */
  kept: number;
  missed: number;
}

/**
 * The people `leaderId` delegated to since `since`, most recent first, with the facts a row needs
 * that lists do not give — in one statement.
 */
export async function teamFacts(
  db: Queryable,
  teamId: string,
  leaderId: string,
  since: Date,
  limit: number,
  onlyPersonId: string | null = null,
): Promise<{ rows: TeamMemberFacts[]; total: number }> {
  const { rows } = await db.query<{
    person_id: string;
    last_given_at: Date;
    last_channel_id: string;
    last_stakes: Stakes[];
    first_given_at: Date;
    ever_above_small: boolean;
    kept: number;
    missed: number;
    total: number;
  }>(
    `with mine as (
       select assignee_id, max(created_at) as last_given_at
         from delegations
        where team_id = $1 and leader_id = $2 and created_at >= $3 and assignee_id <> $2
          and ($5::text is null or assignee_id = $5)
        group by assignee_id
     )
     select m.assignee_id as person_id, m.last_given_at,
            (select array_agg(stakes order by created_at desc) from (
               select stakes, created_at from delegations d
                where d.team_id = $1 and d.leader_id = $2 and d.assignee_id = m.assignee_id
                order by created_at desc limit 3) s) as last_stakes,
            (select channel_id from delegations d
              where d.team_id = $1 and d.leader_id = $2 and d.assignee_id = m.assignee_id
              order by created_at desc limit 1) as last_channel_id,
            (select min(created_at) from delegations d where d.team_id = $1 and d.assignee_id = m.assignee_id) as first_given_at,
            (select coalesce(bool_or(stakes <> 'small'), false) from delegations d
              where d.team_id = $1 and d.assignee_id = m.assignee_id and d.status <> 'cancelled') as ever_above_small,
            (select count(*)::int from commitments c
              where c.team_id = $1 and c.owner_id = $2 and c.counterpart_id = m.assignee_id and c.status = 'kept') as kept,
            (select count(*)::int from commitments c
              where c.team_id = $1 and c.owner_id = $2 and c.counterpart_id = m.assignee_id and c.status = 'missed') as missed,
            count(*) over ()::int as total
       from mine m
      order by m.last_given_at desc, m.assignee_id
      limit $4`,
    [teamId, leaderId, since, limit, onlyPersonId],
  );
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((r) => ({
      personId: r.person_id,
      lastGivenAt: r.last_given_at,
      lastChannelId: r.last_channel_id,
      lastStakes: r.last_stakes ?? [],
      firstGivenAt: r.first_given_at,
      everAboveSmall: r.ever_above_small,
      kept: r.kept,
      missed: r.missed,
    })),
  };
}
