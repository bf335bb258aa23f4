import type { Queryable } from './db';

export interface MemberRow {
  team_id: string;
  user_id: string;
  name: string;
  real_name: string;
  tz: string;
  is_bot: boolean;
  deleted: boolean;
  work_start: number;
  work_end: number;
  work_days: number[];
  /** Local dates (YYYY-MM-DD) with no nudges. */
  quiet_dates: string[];
  away_from: string | null;
  away_until: string | null;
  snoozed_until: Date | null;
  fetched_at: Date | null;
}

/** Dates as plain YYYY-MM-DD strings on both drivers (pg would turn them into local-time Dates). */
const COLUMNS = `team_id, user_id, name, real_name, tz, is_bot, deleted, work_start, work_end, work_days,
  array(select to_char(q, 'YYYY-MM-DD') from unnest(quiet_dates) q order by q) as quiet_dates,
  to_char(away_from, 'YYYY-MM-DD') as away_from, to_char(away_until, 'YYYY-MM-DD') as away_until,
  snoozed_until, fetched_at`;

export interface MemberProfile {
  userId: string;
  name: string;
  realName: string;
  tz: string;
  isBot: boolean;
  deleted: boolean;
}

export async function getMember(db: Queryable, teamId: string, userId: string): Promise<MemberRow | null> {
  const { rows } = await db.query<MemberRow>(
    `select ${COLUMNS} from members where team_id = $1 and user_id = $2`,
    [teamId, userId],
  );
  return rows[0] ?? null;
}

/** People whose handle or full name matches (case-insensitive), for a plain `@ana` mention. */
export async function findMembersByName(db: Queryable, teamId: string, name: string): Promise<MemberRow[]> {
  const { rows } = await db.query<MemberRow>(
    `select ${COLUMNS} from members
      where team_id = $1 and deleted = false
        and (lower(name) = lower($2) or lower(real_name) = lower($2))
      order by is_bot, user_id limit 5`,
    [teamId, name],
  );
  return rows;
}

/** Cache what Slack told us about people; working hours set by the person are kept. */
export async function upsertProfiles(
  db: Queryable,
  teamId: string,
  profiles: MemberProfile[],
  fetchedAt: Date,
): Promise<void> {
  if (profiles.length === 0) return;
  await db.query(
    `insert into members (team_id, user_id, name, real_name, tz, is_bot, deleted, fetched_at)
     select $1, p.user_id, p.name, p.real_name, p.tz, p.is_bot, p.deleted, $3
       from jsonb_to_recordset($2::jsonb) as p(user_id text, name text, real_name text, tz text, is_bot boolean, deleted boolean)
     on conflict (team_id, user_id) do update set
       name = excluded.name, real_name = excluded.real_name, tz = excluded.tz,
       is_bot = excluded.is_bot, deleted = excluded.deleted, fetched_at = excluded.fetched_at`,
    [
      teamId,
      JSON.stringify(
        profiles.map((p) => ({
          user_id: p.userId,
          name: p.name,
          real_name: p.realName,
          tz: p.tz,
          is_bot: p.isBot,
          deleted: p.deleted,
        })),
      ),
      fetchedAt,
    ],
  );
}

export async function lastDirectoryRefresh(db: Queryable, teamId: string): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    'select max(fetched_at) as at from members where team_id = $1',
    [teamId],
  );
  return rows[0]?.at ?? null;
}

export interface MySettings {
  workStart?: number;
  workEnd?: number;
  workDays?: number[];
  away?: { from: string; until: string } | null;
  quietAdd?: string[];
  quietRemove?: string[];
}

/** A person's own rhythm (`/ritual me …`). */
export async function updateMySettings(
  db: Queryable,
  teamId: string,
  userId: string,
  s: MySettings,
): Promise<void> {
  await db.query(
    `update members set
       work_start = coalesce($3, work_start),
       work_end = coalesce($4, work_end),
       work_days = coalesce($5::smallint[], work_days),
       away_from = case when $6::boolean then $7::date else away_from end,
       away_until = case when $6::boolean then $8::date else away_until end,
       quiet_dates = array(select distinct d from unnest(quiet_dates || coalesce($9::date[], '{}')) d
                            where d <> all(coalesce($10::date[], '{}')) order by d)
     where team_id = $1 and user_id = $2`,
    [
      teamId,
      userId,
      s.workStart ?? null,
      s.workEnd ?? null,
      s.workDays ?? null,
      s.away !== undefined,
      s.away?.from ?? null,
      s.away?.until ?? null,
      s.quietAdd ?? null,
      s.quietRemove ?? null,
    ],
  );
}

/** Remembers that a person opened the Home tab (their view is kept fresh from now on). */
export async function markHomeOpened(db: Queryable, teamId: string, userId: string, at: Date): Promise<void> {
  await db.query(
    `insert into members (team_id, user_id, home_opened_at) values ($1, $2, $3)
     on conflict (team_id, user_id) do update set home_opened_at = excluded.home_opened_at`,
    [teamId, userId, at],
  );
}
