/**
 * The Home chart: the weekly figures it draws, and the one cached picture per person (migration 0019).
 */
import type { Queryable } from './db';

export interface ChartWeekRow {
  weeks_ago: number;
  kept_on_time: number;
  kept_late: number;
  missed: number;
  moved: number;
  wins: number;
  losses: number;
}

/**
 * Per week (0 = the 7 days up to `now`): the person's promises kept on time, kept late, missed and moved
 * before due, and the outcomes of work they delegated (won, lost). One round trip, three indexed scans.
 */
export async function chartWeeks(
  db: Queryable,
  teamId: string,
  userId: string,
  now: Date,
  weeks: number,
): Promise<ChartWeekRow[]> {
  const { rows } = await db.query<ChartWeekRow>(
    `with c as (
       select floor(extract(epoch from ($3::timestamptz - closed_at)) / 604800)::int as w,
              count(*) filter (where status = 'kept' and kept_on_time)::int as kept_on_time,
              count(*) filter (where status = 'kept' and not kept_on_time)::int as kept_late,
              count(*) filter (where status = 'missed')::int as missed
         from commitments
        where team_id = $1 and owner_id = $2 and closed_at is not null
          and closed_at > $3::timestamptz - make_interval(days => $4::int * 7) and closed_at <= $3
        group by 1
     ), m as (
       select floor(extract(epoch from ($3::timestamptz - at)) / 604800)::int as w, count(*)::int as moved
         from ledger_entries
        where team_id = $1 and owner_id = $2 and subject = 'commitment' and action = 'moved'
          and at > $3::timestamptz - make_interval(days => $4::int * 7) and at <= $3
        group by 1
     ), d as (
       select floor(extract(epoch from ($3::timestamptz - closed_at)) / 604800)::int as w,
              count(*) filter (where status = 'won')::int as wins,
              count(*) filter (where status = 'lost')::int as losses
         from delegations
        where team_id = $1 and leader_id = $2 and closed_at is not null
          and closed_at > $3::timestamptz - make_interval(days => $4::int * 7) and closed_at <= $3
        group by 1
     )
     select g.w as weeks_ago,
            coalesce(c.kept_on_time, 0) as kept_on_time, coalesce(c.kept_late, 0) as kept_late,
            coalesce(c.missed, 0) as missed, coalesce(m.moved, 0) as moved,
            coalesce(d.wins, 0) as wins, coalesce(d.losses, 0) as losses
       from generate_series(0, $4::int - 1) as g(w)
       left join c on c.w = g.w left join m on m.w = g.w left join d on d.w = g.w
      order by g.w desc`,
    [teamId, userId, now, weeks],
  );
  return rows;
}

export interface CachedChart {
  dataHash: string;
  /** YYYY-MM-DD in the person's time zone. */
  renderedDay: string;
  fileId: string;
}

export async function cachedChart(
  db: Queryable,
  teamId: string,
  userId: string,
): Promise<CachedChart | null> {
  const { rows } = await db.query<{ data_hash: string; rendered_day: string; file_id: string }>(
    `select data_hash, to_char(rendered_day, 'YYYY-MM-DD') as rendered_day, file_id
       from home_charts where team_id = $1 and user_id = $2`,
    [teamId, userId],
  );
  const r = rows[0];
  return r ? { dataHash: r.data_hash, renderedDay: r.rendered_day, fileId: r.file_id } : null;
}

export async function saveChart(
  db: Queryable,
  c: { teamId: string; userId: string; dataHash: string; renderedDay: string; fileId: string; at: Date },
): Promise<void> {
  await db.query(
    `insert into home_charts (team_id, user_id, data_hash, rendered_day, file_id, uploaded_at)
     values ($1, $2, $3, $4::date, $5, $6)
     on conflict (team_id, user_id) do update
       set data_hash = excluded.data_hash, rendered_day = excluded.rendered_day,
           file_id = excluded.file_id, uploaded_at = excluded.uploaded_at`,
    [c.teamId, c.userId, c.dataHash, c.renderedDay, c.fileId, c.at],
  );
}

/** Forget-me: the person's cached chart goes with the rest of their data. */
export async function forgetChart(db: Queryable, teamId: string, userId: string): Promise<number> {
  const { rowCount } = await db.query('delete from home_charts where team_id = $1 and user_id = $2', [
    teamId,
    userId,
  ]);
  return rowCount ?? 0;
}
