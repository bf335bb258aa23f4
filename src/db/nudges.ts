import type {
  OpenItem,
  OwedItemState,
  OwedToItem,
  PersonRhythm,
  ReminderItem,
  Subject,
} from '../domain/reminders';
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
}

/** An open item the tick read, with the stored instant it was read at (exact, for compare-and-set). */
export interface DueOpenItem extends OpenItem {
  remindAt: string;
}

/**
 * Open delegations (owed by their assignee) and open commitments (owed by their owner) whose stored
 * next-reminder instant (`remind_at`, migration 0020: a lower bound of the plan's next point) has come.
 * Across all workspaces, for the scheduler's tick: a range scan of the two partial `remind_at` indexes,
 * oldest first, so rows past the limit are the first ones read by the next tick. The instant is read
 * as text, exactly as stored, for `advanceRemindAt`'s compare-and-set.
 */
export async function openItemsNeedingAttention(
  db: Queryable,
  now: Date,
  limit: number,
): Promise<DueOpenItem[]> {
  const { rows } = await db.query<OpenItemRow>(
    `with items as (
       (select d.team_id, 'delegation'::text as subject, d.ref, d.assignee_id as user_id, d.title, d.due_at, d.created_at, d.stakes, d.remind_at
          from delegations d
         where d.status = 'open' and d.remind_at is not null and d.remind_at <= $1
         order by d.remind_at limit $2)
       union all
       (select c.team_id, 'commitment', c.ref, c.owner_id, c.text, c.due_at, c.created_at, null, c.remind_at
          from commitments c
         where c.status = 'open' and c.remind_at is not null and c.remind_at <= $1
         order by c.remind_at limit $2)
     )
     select i.team_id, i.subject, i.ref, i.user_id, i.title, i.due_at, i.created_at, i.stakes,
            i.remind_at::text as remind_at, ${rhythmColumns('m')}
       from (select * from items order by remind_at limit $2) i
       left join members m on m.team_id = i.team_id and m.user_id = i.user_id`,
    [now, limit],
  );
  return rows.map((r) => ({
    teamId: r.team_id,
    subject: r.subject,
    ref: r.ref,
    userId: r.user_id,
    title: r.title,
    dueAt: r.due_at,
    createdAt: r.created_at,
    stakes: r.stakes,
    owner: rhythmFromRow(r),
    remindAt: r.remind_at,
  }));
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
 * Moves each row's `remind_at` to its next point, in one statement per table, only where it still holds
 * the value the tick read: anything that changed the item or its owner's rhythm since then wrote a
 * strictly earlier value (migration 0020's triggers), and that re-plan wins. Each row keeps its team.
 */
export async function advanceRemindAt(db: Queryable, advances: RemindAtAdvance[]): Promise<void> {
  for (const [subject, table] of [
    ['delegation', 'delegations'],
    ['commitment', 'commitments'],
  ] as const) {
    const rows = advances
      .filter((a) => a.subject === subject)
      .map((a) => ({ team_id: a.teamId, ref: a.ref, from: a.from, to: a.to?.toISOString() ?? null }));
    if (rows.length === 0) continue;
    await db.query(
      `update ${table} t set remind_at = v."to"::timestamptz
         from jsonb_to_recordset($1::jsonb) as v(team_id text, ref integer, "from" text, "to" text)
        where t.team_id = v.team_id and t.ref = v.ref and t.status = 'open'
          and t.remind_at = v."from"::timestamptz`,
      [JSON.stringify(rows)],
    );
  }
}

/** Which of these reminder keys were already bundled ("team|key"). */
export async function bundledKeys(
  db: Queryable,
  keys: { teamId: string; key: string }[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await db.query<{ team_id: string; key: string }>(
    `select r.team_id, r.key from reminder_points r
       join jsonb_to_recordset($1::jsonb) as k(team_id text, key text) on k.team_id = r.team_id and k.key = r.key`,
    [JSON.stringify(keys.map((k) => ({ team_id: k.teamId, key: k.key })))],
  );
  return new Set(rows.map((r) => `${r.team_id}|${r.key}`));
}

/** The reminder points one bundled DM covers. */
export interface BundledPoints {
  teamId: string;
  userId: string;
  bundleKey: string;
  keys: string[];
}

/** Records, in one statement, which reminder points each bundle covered (each row keeps its own team). */
export async function recordBundledKeys(db: Queryable, bundles: BundledPoints[], at: Date): Promise<void> {
  const rows = bundles.flatMap((b) =>
    b.keys.map((key) => ({ team_id: b.teamId, user_id: b.userId, bundled_in: b.bundleKey, key })),
  );
  if (rows.length === 0) return;
  await db.query(
    `insert into reminder_points (team_id, key, user_id, bundled_in, at)
     select p.team_id, p.key, p.user_id, p.bundled_in, $2
       from jsonb_to_recordset($1::jsonb) as p(team_id text, key text, user_id text, bundled_in text)
     on conflict (team_id, key) do nothing`,
    [JSON.stringify(rows), at],
  );
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

/** What others owe this person that falls due by `until` (delegations they gave, promises made to them). */
export async function owedTo(
  db: Queryable,
  teamId: string,
  userId: string,
  until: Date,
): Promise<OwedToItem[]> {
  const { rows } = await db.query<OwedToItem>(
    `select 'delegation'::text as subject, ref, title, due_at as "dueAt", assignee_id as "ownerId" from delegations
      where team_id = $1 and leader_id = $2 and status = 'open' and due_at <= $3
     union all
     select 'commitment', ref, text, due_at, owner_id from commitments
      where team_id = $1 and counterpart_id = $2 and status = 'open' and due_at <= $3
     order by "dueAt" limit 10`,
    [teamId, userId, until],
  );
  return rows;
}

/** The current state of the items a reminder bundle names (rendered when it is sent). */
export async function itemStates(
  db: Queryable,
  teamId: string,
  items: { subject: Subject; ref: number }[],
): Promise<OwedItemState[]> {
  const d = items.filter((i) => i.subject === 'delegation').map((i) => i.ref);
  const c = items.filter((i) => i.subject === 'commitment').map((i) => i.ref);
  const { rows } = await db.query<OwedItemState>(
    `select 'delegation'::text as subject, ref, title, due_at as "dueAt", status = 'open' as open, status, stakes, leader_id as "counterpartId"
       from delegations where team_id = $1 and ref = any($2::int[])
     union all
     select 'commitment', ref, text, due_at, status = 'open', status, null, counterpart_id
       from commitments where team_id = $1 and ref = any($3::int[])
     order by "dueAt"`,
    [teamId, d, c],
  );
  return rows;
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
