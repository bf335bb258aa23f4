import type { Queryable } from './db';
import type { Stakes } from '../services/trust-ladder';

/** An open item someone owes, with what the reminder rules need about its owner. */
export interface OpenItemRow {
  team_id: string;
  subject: 'delegation' | 'commitment';
  ref: number;
  user_id: string;
  title: string;
  due_at: Date;
  created_at: Date;
  stakes: Stakes | null;
  tz: string;
  work_start: number;
  work_end: number;
  work_days: number[];
  quiet_dates: string[];
  away_from: string | null;
  away_until: string | null;
  snoozed_until: Date | null;
}

/**
 * Open delegations (owed by their assignee) and open commitments (owed by their owner) that may have a
 * reminder point by `horizon`: due soon or overdue, or large enough to get a halfway check-in. Across
 * all workspaces, for the scheduler's tick; indexed on the open-and-due partial indexes.
 */
export async function openItemsNeedingAttention(
  db: Queryable,
  horizon: Date,
  limit: number,
): Promise<OpenItemRow[]> {
  const { rows } = await db.query<OpenItemRow>(
    `with items as (
       select d.team_id, 'delegation'::text as subject, d.ref, d.assignee_id as user_id, d.title, d.due_at, d.created_at, d.stakes
         from delegations d
        where d.status = 'open'
          and (d.due_at <= $1::timestamptz + interval '2 days'
               or (d.stakes = 'large' and d.created_at + (d.due_at - d.created_at) / 2 <= $1))
       union all
       select c.team_id, 'commitment', c.ref, c.owner_id, c.text, c.due_at, c.created_at, null
         from commitments c
        where c.status = 'open' and c.due_at <= $1::timestamptz + interval '2 days'
     )
     select i.*, coalesce(m.tz, 'UTC') as tz, coalesce(m.work_start, 540) as work_start, coalesce(m.work_end, 1080) as work_end,
            coalesce(m.work_days, '{1,2,3,4,5}') as work_days,
            coalesce(array(select to_char(q, 'YYYY-MM-DD') from unnest(m.quiet_dates) q), '{}') as quiet_dates,
            to_char(m.away_from, 'YYYY-MM-DD') as away_from, to_char(m.away_until, 'YYYY-MM-DD') as away_until,
            m.snoozed_until
       from items i
       left join members m on m.team_id = i.team_id and m.user_id = i.user_id
      order by i.team_id, i.user_id, i.due_at
      limit $2`,
    [horizon, limit],
  );
  return rows;
}

/** Which of these reminder keys were already bundled. */
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

export interface OwedToRow {
  subject: 'delegation' | 'commitment';
  ref: number;
  title: string;
  due_at: Date;
  owner_id: string;
}

/** What others owe this person that falls due by `until` (delegations they gave, promises made to them). */
export async function owedTo(
  db: Queryable,
  teamId: string,
  userId: string,
  until: Date,
): Promise<OwedToRow[]> {
  const { rows } = await db.query<OwedToRow>(
    `select 'delegation'::text as subject, ref, title, due_at, assignee_id as owner_id from delegations
      where team_id = $1 and leader_id = $2 and status = 'open' and due_at <= $3
     union all
     select 'commitment', ref, text, due_at, owner_id from commitments
      where team_id = $1 and counterpart_id = $2 and status = 'open' and due_at <= $3
     order by due_at limit 10`,
    [teamId, userId, until],
  );
  return rows;
}

export interface ItemStateRow {
  subject: 'delegation' | 'commitment';
  ref: number;
  title: string;
  due_at: Date;
  open: boolean;
  stakes: Stakes | null;
  counterpart_id: string | null;
}

/** The current state of the items a reminder bundle names (rendered when it is sent). */
export async function itemStates(
  db: Queryable,
  teamId: string,
  items: { subject: string; ref: number }[],
): Promise<ItemStateRow[]> {
  const d = items.filter((i) => i.subject === 'delegation').map((i) => i.ref);
  const c = items.filter((i) => i.subject === 'commitment').map((i) => i.ref);
  const { rows } = await db.query<ItemStateRow>(
    `select 'delegation'::text as subject, ref, title, due_at, status = 'open' as open, stakes, leader_id as counterpart_id
       from delegations where team_id = $1 and ref = any($2::int[])
     union all
     select 'commitment', ref, text, due_at, status = 'open', null, counterpart_id
       from commitments where team_id = $1 and ref = any($3::int[])
     order by due_at`,
    [teamId, d, c],
  );
  return rows;
}

export interface NewBundle {
  teamId: string;
  userId: string;
  key: string;
  kind: 'nudge' | 'weekly';
  payload: Record<string, unknown>;
}

/** Inserts reminder bundles / weekly notes; returns the keys that were new ("team|key"). */
export async function insertBundles(
  db: Queryable,
  bundles: NewBundle[],
  notBefore: Date,
): Promise<Set<string>> {
  if (bundles.length === 0) return new Set();
  const { rows } = await db.query<{ team_id: string; idempotency_key: string }>(
    `insert into outbox (team_id, idempotency_key, kind, method, payload, channel_key, not_before)
     select b.team_id, b.key, b.kind, 'chat.postMessage', b.payload, b.user_id, $2
       from jsonb_to_recordset($1::jsonb) as b(team_id text, key text, kind text, user_id text, payload jsonb)
     on conflict (team_id, idempotency_key) do nothing
     returning team_id, idempotency_key`,
    [
      JSON.stringify(
        bundles.map((b) => ({
          team_id: b.teamId,
          key: b.key,
          kind: b.kind,
          user_id: b.userId,
          payload: b.payload,
        })),
      ),
      notBefore,
    ],
  );
  return new Set(rows.map((r) => `${r.team_id}|${r.idempotency_key}`));
}

/** The items of a reminder bundle sent to this person (for a snooze). */
export async function bundleItems(
  db: Queryable,
  teamId: string,
  userId: string,
  bundleId: number,
): Promise<unknown[] | null> {
  const { rows } = await db.query<{ payload: { items?: unknown[] } }>(
    `select payload from outbox where team_id = $1 and id = $2 and kind = 'nudge' and channel_key = $3`,
    [teamId, bundleId, userId],
  );
  return rows[0] ? (rows[0].payload.items ?? []) : null;
}

/** People with promises in the last 8 weeks, with their rhythm (for the Monday note). */
export async function peopleWithRecentPromises(db: Queryable, now: Date): Promise<OpenItemRow[]> {
  const { rows } = await db.query<OpenItemRow>(
    `select m.team_id, m.user_id, m.tz, m.work_start, m.work_end, m.work_days,
            array(select to_char(q, 'YYYY-MM-DD') from unnest(m.quiet_dates) q) as quiet_dates,
            to_char(m.away_from, 'YYYY-MM-DD') as away_from, to_char(m.away_until, 'YYYY-MM-DD') as away_until, m.snoozed_until
       from members m
      where exists (select 1 from commitments c where c.team_id = m.team_id and c.owner_id = m.user_id
                      and c.created_at > $1::timestamptz - interval '8 weeks')`,
    [now],
  );
  return rows;
}
