import type { Queryable } from './db';

export interface SettledRow {
  weeks_ago: number;
  kept_on_time: number;
  kept_late: number;
  missed: number;
  released: number;
}

/**
 * Settled promises of one owner per week, newest week first (weeks_ago 0 = the 7 days up to `now`).
 * Aggregated in SQL from an index on (team, owner, closed_at): the history is never loaded into memory.
 */
export async function settledByWeek(
  db: Queryable,
  teamId: string,
  ownerId: string,
  now: Date,
  weeks: number,
): Promise<SettledRow[]> {
  const { rows } = await db.query<SettledRow>(
    `select floor(extract(epoch from ($3::timestamptz - closed_at)) / 604800)::int as weeks_ago,
            count(*) filter (where status = 'kept' and kept_on_time)::int as kept_on_time,
            count(*) filter (where status = 'kept' and not kept_on_time)::int as kept_late,
            count(*) filter (where status = 'missed')::int as missed,
            count(*) filter (where status = 'released')::int as released
       from commitments
      where team_id = $1 and owner_id = $2 and closed_at is not null
        and closed_at > $3::timestamptz - make_interval(days => $4::int * 7) and closed_at <= $3
      group by 1`,
    [teamId, ownerId, now, weeks],
  );
  return rows;
}

/** Renegotiations (moves made before the due time) in the window, counted from the ledger. */
export async function movesInWindow(
  db: Queryable,
  teamId: string,
  ownerId: string,
  now: Date,
  weeks: number,
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from ledger_entries
      where team_id = $1 and owner_id = $2 and subject = 'commitment' and action = 'moved'
        and at > $3::timestamptz - make_interval(days => $4::int * 7) and at <= $3`,
    [teamId, ownerId, now, weeks],
  );
  return rows[0]?.n ?? 0;
}

export async function openCount(db: Queryable, teamId: string, ownerId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from commitments where team_id = $1 and owner_id = $2 and status = 'open'`,
    [teamId, ownerId],
  );
  return rows[0]?.n ?? 0;
}
