import type { Member, MemberProfile, Rhythm } from '../domain/member';
import type { Queryable } from './db';

export interface MemberRow extends RhythmRow {
  team_id: string;
  user_id: string;
  name: string;
  real_name: string;
  is_bot: boolean;
  deleted: boolean;
  fetched_at: Date | null;
}

/**
 * A person's rhythm (time zone, hours, quiet days, time away, snooze) read from `members` aliased as
 * `alias`, with the defaults of a person Trustloop has not seen yet (a left join finds no row). Dates
 * as plain YYYY-MM-DD strings on both drivers (pg would turn them into local-time Dates). Every query
 * that needs someone's rhythm selects it through this one list.
 */
export function rhythmColumns(alias: string): string {
  const m = alias;
  return `coalesce(${m}.tz, 'UTC') as tz, coalesce(${m}.work_start, 540) as work_start, coalesce(${m}.work_end, 1080) as work_end,
    coalesce(${m}.work_days, '{1,2,3,4,5}') as work_days,
    coalesce(array(select to_char(q, 'YYYY-MM-DD') from unnest(${m}.quiet_dates) q order by q), '{}') as quiet_dates,
    to_char(${m}.away_from, 'YYYY-MM-DD') as away_from, to_char(${m}.away_until, 'YYYY-MM-DD') as away_until,
    ${m}.snoozed_until`;
}

/** Every column a `Member` is read from, over `members` aliased as `m` (for statements elsewhere in db/). */
export const MEMBER_COLUMNS = `m.team_id, m.user_id, m.name, m.real_name, m.is_bot, m.deleted, m.fetched_at, ${rhythmColumns('m')}`;

/** The rhythm part of a row, as the scheduling rules read it. */
export interface RhythmRow {
  tz: string;
  work_start: number;
  work_end: number;
  work_days: number[];
  quiet_dates: string[];
  away_from: string | null;
  away_until: string | null;
  snoozed_until: Date | null;
}

export const rhythmFromRow = (r: RhythmRow): Rhythm => ({
  tz: r.tz,
  workStart: r.work_start,
  workEnd: r.work_end,
  workDays: r.work_days,
  quietDates: r.quiet_dates,
  awayFrom: r.away_from,
  awayUntil: r.away_until,
  snoozedUntil: r.snoozed_until,
});

export const memberFromRow = (r: MemberRow): Member => ({
  teamId: r.team_id,
  userId: r.user_id,
  name: r.name,
  realName: r.real_name,
  isBot: r.is_bot,
  deleted: r.deleted,
  fetchedAt: r.fetched_at,
  ...rhythmFromRow(r),
});

export async function getMember(db: Queryable, teamId: string, userId: string): Promise<Member | null> {
  const { rows } = await db.query<MemberRow>(
    `select ${MEMBER_COLUMNS} from members m where m.team_id = $1 and m.user_id = $2`,
    [teamId, userId],
    { prepared: true },
  );
  return rows[0] ? memberFromRow(rows[0]) : null;
}

/**
 * The member's workspace days off as ISO dates (channel days off are not theirs alone), from two days
 * before `nowParam` on: a column of a select over `members m`.
 */
const workspaceDaysOffOf = (nowParam: string) => `(select array_agg(to_char(g, 'YYYY-MM-DD'))
               from days_off d, generate_series(d.from_date::timestamp, d.until_date::timestamp, interval '1 day') g
              where d.team_id = m.team_id and d.channel_id is null
                and d.until_date >= (${nowParam}::timestamptz at time zone 'UTC')::date - 2) as workspace_days_off`;

/**
 * A member with the workspace-wide days off around `now` as dates (YYYY-MM-DD), in one round trip: what
 * the delivery gate needs to hold a scheduled DM through a workspace day off (migration 0018).
 */
export async function getMemberWithWorkspaceDaysOff(
  db: Queryable,
  teamId: string,
  userId: string,
  now: Date,
): Promise<{ member: Member; workspaceDaysOff: string[] } | null> {
  const { rows } = await db.query<MemberRow & { workspace_days_off: string[] | null }>(
    `select ${MEMBER_COLUMNS},
            ${workspaceDaysOffOf('$3')}
       from members m where m.team_id = $1 and m.user_id = $2`,
    [teamId, userId, now],
  );
  const r = rows[0];
  return r ? { member: memberFromRow(r), workspaceDaysOff: r.workspace_days_off ?? [] } : null;
}

/** People whose handle or full name matches (case-insensitive), for a plain `@ana` mention. */
export async function findMembersByName(db: Queryable, teamId: string, name: string): Promise<Member[]> {
  const { rows } = await db.query<MemberRow>(
    `select ${MEMBER_COLUMNS} from members m
      where m.team_id = $1 and m.deleted = false
        and (lower(m.name) = lower($2) or lower(m.real_name) = lower($2))
      order by m.is_bot, m.user_id limit 5`,
    [teamId, name],
  );
  return rows.map(memberFromRow);
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
       from json_to_recordset($2::json) as p(user_id text, name text, real_name text, tz text, is_bot boolean, deleted boolean)
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

/**
 * getMemberWithWorkspaceDaysOff for many people at once (the delivery gate over a claimed batch), in
 * one statement: each person looked up in their own workspace, keyed "team|user". People Trustloop has
 * no row for are absent from the map.
 */
export async function getMembersWithWorkspaceDaysOff(
  db: Queryable,
  people: { teamId: string; userId: string }[],
  now: Date,
): Promise<Map<string, { member: Member; workspaceDaysOff: string[] }>> {
  const out = new Map<string, { member: Member; workspaceDaysOff: string[] }>();
  if (people.length === 0) return out;
  const { rows } = await db.query<MemberRow & { workspace_days_off: string[] | null }>(
    `select ${MEMBER_COLUMNS},
            ${workspaceDaysOffOf('$3')}
       from members m
       join (select distinct * from unnest($1::text[], $2::text[]) as p(team_id, user_id)) p
         on m.team_id = p.team_id and m.user_id = p.user_id`,
    [people.map((p) => p.teamId), people.map((p) => p.userId), now],
  );
  for (const r of rows)
    out.set(`${r.team_id}|${r.user_id}`, { member: memberFromRow(r), workspaceDaysOff: r.workspace_days_off ?? [] });
  return out;
}
