import type {
  OpenItem,
  OwedItemState,
  OwedToItem,
  PersonRhythm,
  ReminderItem,
  ReminderRead,
  Subject,
} from '../domain/reminders';
import type { Rhythm } from '../domain/member';
import type { Stakes } from '../domain/stakes';
import type { Queryable } from './db';
import { rhythmColumns, rhythmFromRow, type RhythmRow } from './members';

interface OpenItemRow extends RhythmRow {
  team_id: string;
  subject: Subject;
  ref: number;
  user_id: string;
  title: string;
  due_at: Date;
  created_at: Date;
  stakes: Stakes | null;
  remind_at: string;
  marks: number | null;
}

/** An open item the tick read, with the stored instant it was read at (exact, for compare-and-set). */
export interface DueOpenItem extends OpenItem {
  remindAt: string;
  /**
   * The kinds already bundled for the item's current deadline (`REMINDER_KIND_BITS`, migration 0024),
   * complete; null when unknown (the marks are for another deadline, or none were ever written): then
   * `reminder_points` says (`bundledKeys`).
   */
  marks: number | null;
}

/**
 * Open delegations (owed by their assignee) and open commitments (owed by their owner) whose stored
 * next-reminder instant (`reminder_due.remind_at`, migrations 0020 and 0022: a lower bound of the plan's
 * next point) has come. Across all workspaces, for the scheduler's tick: one range scan of the narrow
 * table's instant index, oldest first, so rows past the limit are the first ones read by the next
 * tick; each row then joins its item and its owner within its own workspace. The instant is read as
 * text, exactly as stored, for the compare-and-set of `advanceAndMark`; the marks only when they are
 * for the deadline the item has now (to the millisecond, as the app reads it: migration 0024).
 */
export async function openItemsNeedingAttention(
  db: Queryable,
  now: Date,
  limit: number,
): Promise<DueOpenItem[]> {
  const { rows } = await db.query<OpenItemRow>(
    `with due as materialized (
       select r.team_id, r.subject, r.ref, r.remind_at, r.bundled_due, r.bundled_kinds from reminder_due r
        where r.remind_at <= $1 order by r.remind_at limit $2
     ), items as (
       select due.team_id, due.subject, d.ref, d.assignee_id as user_id, d.title, d.due_at, d.created_at, d.stakes, due.remind_at,
              case when due.bundled_due = date_trunc('milliseconds', d.due_at) then due.bundled_kinds end as marks
         from due join delegations d on d.team_id = due.team_id and d.ref = due.ref
        where due.subject = 'delegation' and d.status = 'open'
       union all
       select due.team_id, due.subject, c.ref, c.owner_id, c.text, c.due_at, c.created_at, null, due.remind_at,
              case when due.bundled_due = date_trunc('milliseconds', c.due_at) then due.bundled_kinds end
         from due join commitments c on c.team_id = due.team_id and c.ref = due.ref
        where due.subject = 'commitment' and c.status = 'open'
     )
     select i.team_id, i.subject, i.ref, i.user_id, i.title, i.due_at, i.created_at, i.stakes,
            i.remind_at::text as remind_at, i.marks::int as marks, ${rhythmColumns('m')}
       from items i
       left join members m on m.team_id = i.team_id and m.user_id = i.user_id`,
    [now, limit],
  );
  // one rhythm object per person: their items share it, and so does every memo keyed by it
  const owners = new Map<string, Rhythm>();
  return rows.map((r) => {
    const personKey = `${r.team_id}|${r.user_id}`;
    let owner = owners.get(personKey);
    if (!owner) owners.set(personKey, (owner = rhythmFromRow(r)));
    return {
      teamId: r.team_id,
      subject: r.subject,
      ref: r.ref,
      userId: r.user_id,
      title: r.title,
      dueAt: r.due_at,
      createdAt: r.created_at,
      stakes: r.stakes,
      owner,
      remindAt: r.remind_at,
      marks: r.marks,
    };
  });
}

/** A row's stored instant moved on by the tick: `from` as read, `to` the plan's next point (or null). */
export interface RemindAtAdvance {
  teamId: string;
  subject: Subject;
  ref: number;
  from: string;
  to: Date | null;
}

/**
 * What the tick writes for one item it planned: its instant moved on (as `RemindAtAdvance`) and its
 * marks for the deadline it planned (`due`, as read: `kinds` = every kind bundled for it so far, the
 * ones it read or found in `reminder_points` and the ones this tick's DM covers; `fresh` = those of
 * this tick's DM, with the person it went to and the DM's outbox key).
 */
export interface MarkedAdvance extends RemindAtAdvance {
  due: Date;
  kinds: number;
  fresh: number;
  userId: string;
  bundleKey: string | null;
}

/**
 * The tick's bookkeeping for a chunk, in ONE statement (migration 0024). Each row's instant moves on
 * only where it still holds the value the tick read (compare-and-set): anything that changed the item
 * or its owner's rhythm since then wrote a strictly earlier value (migration 0022's triggers), and that
 * re-plan wins. No row is left when the plan has no point left. Every row keeps its own team.
 * Its marks take what was bundled for the planned deadline, merged with what the row holds for that
 * deadline (another tick's DM), whether or not the instant could move: a DM that went is always
 * recorded. Marks for another deadline, or marks of a row that goes, move to
 * `reminder_points` (triggers); where no row took this DM's points (the item closed meanwhile, or the
 * plan ran out), they go straight to `reminder_points`.
 */
export async function advanceAndMark(db: Queryable, advances: MarkedAdvance[], at: Date): Promise<void> {
  if (advances.length === 0) return;
  const rows = advances.map((a) => ({
    t: a.teamId,
    s: a.subject,
    r: a.ref,
    f: a.from,
    n: a.to?.toISOString() ?? null,
    d: a.due.toISOString(),
    k: a.kinds,
    x: a.fresh,
    u: a.userId,
    b: a.bundleKey,
  }));
  await db.query(
    `with v as (
       select * from json_to_recordset($1::json)
         as v(t text, s text, r integer, f timestamptz, n timestamptz, d timestamptz, k integer, x integer, u text, b text)
     ), moved as (
       update reminder_due rd
          set remind_at = case when v.n is not null and rd.remind_at = v.f then v.n else rd.remind_at end,
              bundled_kinds = case when rd.bundled_due = v.d then rd.bundled_kinds | v.k else v.k end,
              bundled_due = v.d,
              bundled_at = case when v.x <> 0 or rd.bundled_at is null then $2::timestamptz else rd.bundled_at end
         from v
        where rd.team_id = v.t and rd.subject = v.s and rd.ref = v.r
          and (v.n is not null or rd.remind_at <> v.f)
       returning rd.team_id, rd.subject, rd.ref
     ), done as (
       delete from reminder_due rd using v
        where v.n is null and rd.team_id = v.t and rd.subject = v.s and rd.ref = v.r and rd.remind_at = v.f
       returning 1
     ), points as (
       insert into reminder_points (team_id, key, user_id, bundled_in, at)
       select v.t, k.key, v.u, v.b, $2::timestamptz
         from v cross join lateral reminder_point_keys(v.t, v.s, v.r, v.d, v.x) as k(key)
        where v.x <> 0 and v.b is not null
          and not exists (select 1 from moved m where m.team_id = v.t and m.subject = v.s and m.ref = v.r)
       on conflict (team_id, key) do nothing
       returning 1
     )
     select (select count(*) from moved)::int as moved, (select count(*) from done)::int as done,
            (select count(*) from points)::int as points`,
    [JSON.stringify(rows), at],
  );
}

/** Which of these reminder keys were already bundled ("team|key"). */
export async function bundledKeys(
  db: Queryable,
  keys: { teamId: string; key: string }[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await db.query<{ team_id: string; key: string }>(
    `select r.team_id, r.key from reminder_points r
       join json_to_recordset($1::json) as k(team_id text, key text) on k.team_id = r.team_id and k.key = r.key`,
    [JSON.stringify(keys.map((k) => ({ team_id: k.teamId, key: k.key })))],
  );
  return new Set(rows.map((r) => `${r.team_id}|${r.key}`));
}

export async function setSnooze(
  db: Queryable,
  teamId: string,
  userId: string,
  until: Date | null,
): Promise<void> {
  await db.query('update members set snoozed_until = $3 where team_id = $1 and user_id = $2', [
    teamId,
    userId,
    until,
  ]);
}

/** One reminder DM about to be rendered: its person, the items it names, how far ahead "owed" looks. */
export interface ReminderAsk {
  teamId: string;
  userId: string;
  items: readonly { subject: Subject; ref: number }[];
  /** Owed items due after this are not read. */
  until: Date;
}

interface ReminderReadRow {
  i: number;
  tz: string;
  states: (Omit<OwedItemState, 'dueAt'> & { dueAt: string })[];
  owed: (Omit<OwedToItem, 'dueAt'> & { dueAt: string })[];
}

/**
 * What each reminder DM shows when it is sent (`ReminderRead`), for many DMs in ONE statement: the
 * delivery loop renders the reminders it claimed together (messages/render.ts), so a DM costs a share
 * of one round trip instead of three. Per DM: the named items as they are now (soonest first), the
 * person's zone, and what others owe them (delegations they gave, promises made to them) that is
 * open and due by `until`, soonest first, at most 10. Each DM's reads stay in its own workspace.
 */
export async function reminderReads(db: Queryable, asks: readonly ReminderAsk[]): Promise<ReminderRead[]> {
  if (asks.length === 0) return [];
  const input = asks.map((a, i) => ({
    i,
    t: a.teamId,
    u: a.userId,
    d: a.items.filter((x) => x.subject === 'delegation').map((x) => x.ref),
    c: a.items.filter((x) => x.subject === 'commitment').map((x) => x.ref),
    until: a.until.toISOString(),
  }));
  const { rows } = await db.query<ReminderReadRow>(
    `select a.i,
            coalesce((select m.tz from members m where m.team_id = a.t and m.user_id = a.u), 'UTC') as tz,
            (select coalesce(json_agg(s order by s."dueAt"), '[]'::json) from (
               select 'delegation'::text as subject, d.ref, d.title, d.due_at as "dueAt", d.status = 'open' as open,
                      d.status, d.stakes, d.leader_id as "counterpartId"
                 from delegations d where d.team_id = a.t and d.ref = any(a.d)
               union all
               select 'commitment', c.ref, c.text, c.due_at, c.status = 'open', c.status, null, c.counterpart_id
                 from commitments c where c.team_id = a.t and c.ref = any(a.c)) s) as states,
            (select coalesce(json_agg(o order by o."dueAt"), '[]'::json) from (
               select 'delegation'::text as subject, d.ref, d.title, d.due_at as "dueAt", d.assignee_id as "ownerId"
                 from delegations d
                where d.team_id = a.t and d.leader_id = a.u and d.status = 'open' and d.due_at <= a.until
               union all
               select 'commitment', c.ref, c.text, c.due_at, c.owner_id
                 from commitments c
                where c.team_id = a.t and c.counterpart_id = a.u and c.status = 'open' and c.due_at <= a.until
               order by "dueAt" limit 10) o) as owed
       from json_to_recordset($1::json) as a(i integer, t text, u text, d integer[], c integer[], until timestamptz)`,
    [JSON.stringify(input)],
    { prepared: true },
  );
  const out: ReminderRead[] = asks.map(() => ({ states: [], tz: 'UTC', owedSoon: [] }));
  for (const r of rows)
    out[r.i] = {
      tz: r.tz,
      states: r.states.map((x) => ({ ...x, dueAt: new Date(x.dueAt) })),
      owedSoon: r.owed.map((x) => ({ ...x, dueAt: new Date(x.dueAt) })),
    };
  return out;
}

/** The items of a reminder bundle sent to this person (for a snooze); null when there is no such bundle. */
export async function bundleItems(
  db: Queryable,
  teamId: string,
  userId: string,
  bundleId: number,
): Promise<ReminderItem[] | null> {
  const { rows } = await db.query<{ payload: { items?: ReminderItem[] } }>(
    `select payload from outbox where team_id = $1 and id = $2 and kind = 'nudge' and channel_key = $3`,
    [teamId, bundleId, userId],
  );
  return rows[0] ? (rows[0].payload.items ?? []) : null;
}

/** People with promises in the last 8 weeks, with their rhythm (for the Monday note). */
export async function peopleWithRecentPromises(db: Queryable, now: Date): Promise<PersonRhythm[]> {
  const { rows } = await db.query<RhythmRow & { team_id: string; user_id: string }>(
    `select m.team_id, m.user_id, ${rhythmColumns('m')}
       from members m
      where exists (select 1 from commitments c where c.team_id = m.team_id and c.owner_id = m.user_id
                      and c.created_at > $1::timestamptz - interval '8 weeks')`,
    [now],
  );
  return rows.map((r) => ({ teamId: r.team_id, userId: r.user_id, rhythm: rhythmFromRow(r) }));
}
