/** Team and workspace days off (migration 0018). Every query is scoped by team_id. */
import type { DayOff } from '../domain/days-off';
import type { Queryable } from './db';

interface Row {
  id: string;
  team_id: string;
  channel_id: string | null;
  from_date: string;
  until_date: string;
  label: string | null;
}

const COLUMNS = `id, team_id, channel_id, to_char(from_date, 'YYYY-MM-DD') as from_date,
  to_char(until_date, 'YYYY-MM-DD') as until_date, label`;

const toDayOff = (r: Row): DayOff => ({
  id: Number(r.id),
  teamId: r.team_id,
  channelId: r.channel_id,
  from: r.from_date,
  until: r.until_date,
  label: r.label,
});

export async function addDayOff(db: Queryable, d: Omit<DayOff, 'id'>, at: Date): Promise<DayOff> {
  const { rows } = await db.query<Row>(
    `insert into days_off (team_id, channel_id, from_date, until_date, label, created_at)
     values ($1, $2, $3::date, $4::date, $5, $6) returning ${COLUMNS}`,
    [d.teamId, d.channelId, d.from, d.until, d.label, at],
  );
  return toDayOff(rows[0]);
}

/** A channel's days off and the workspace's, not yet over by `today` (YYYY-MM-DD, with a day's slack for zones). */
export async function daysOffIn(
  db: Queryable,
  teamId: string,
  channelId: string,
  today: string,
): Promise<DayOff[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from days_off
      where team_id = $1 and (channel_id is null or channel_id = $2) and until_date >= $3::date - 1
      order by from_date, id`,
    [teamId, channelId, today],
  );
  return rows.map(toDayOff);
}

export async function removeDaysOff(db: Queryable, teamId: string, ids: number[]): Promise<number> {
  const { rowCount } = await db.query(`delete from days_off where team_id = $1 and id = any($2::bigint[])`, [
    teamId,
    ids,
  ]);
  return rowCount ?? 0;
}

/** Every day off of these workspaces that is not over by `now` (one query per tick batch). */
export async function daysOffOfTeams(
  db: Queryable,
  teamIds: string[],
  now: Date,
): Promise<Map<string, DayOff[]>> {
  const byTeam = new Map<string, DayOff[]>();
  if (teamIds.length === 0) return byTeam;
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from days_off
      where team_id = any($1::text[]) and until_date >= ($2::timestamptz at time zone 'UTC')::date - 2
      order by team_id, from_date, id`,
    [teamIds, now],
  );
  for (const r of rows) {
    const list = byTeam.get(r.team_id) ?? [];
    list.push(toDayOff(r));
    byTeam.set(r.team_id, list);
  }
  return byTeam;
}

/** The channel each delegation was given in (support promises: their delegation's), "team|subject|ref" → channel. */
export async function channelsOfItems(
  db: Queryable,
  items: { teamId: string; subject: string; ref: number }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (items.length === 0) return out;
  const { rows } = await db.query<{ team_id: string; subject: string; ref: number; channel_id: string }>(
    `with wanted as (
       select * from unnest($1::text[], $2::text[], $3::int[]) as w(team_id, subject, ref)
     )
     select w.team_id, w.subject, w.ref, d.channel_id
       from wanted w
       join delegations d on d.team_id = w.team_id and d.ref = w.ref
      where w.subject = 'delegation'
     union all
     select w.team_id, w.subject, w.ref, d.channel_id
       from wanted w
       join commitments c on c.team_id = w.team_id and c.ref = w.ref
       join delegations d on d.team_id = c.team_id and d.ref = c.delegation_ref
      where w.subject = 'commitment'`,
    [items.map((i) => i.teamId), items.map((i) => i.subject), items.map((i) => i.ref)],
  );
  for (const r of rows) out.set(`${r.team_id}|${r.subject}|${r.ref}`, r.channel_id);
  return out;
}
