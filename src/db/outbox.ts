import type { Db, Queryable } from './db';

/**
 * What a queued message is: a kind defined in messages/ (its payload is that kind's stored facts,
 * rendered when it is sent), or 'api' for a Web API call prepared before sending (rows queued by
 * earlier versions, and tests of the delivery machinery).
 */
export type OutboxKind = string;

/** When a queued message stops being worth sending (checked at send time; the reason is recorded). */
export interface StaleRule {
  commitment_open?: number;
  delegation_open?: number;
  delegation_unacknowledged?: number;
}

export interface OutboxMessage {
  teamId: string;
  /** Natural key (what, for whom, which period): the same message is never enqueued twice. */
  key: string;
  kind?: OutboxKind;
  method: string;
  payload: unknown;
  /** The conversation it goes to; messages to one conversation go out in order, one at a time. */
  channelKey: string;
  notBefore: Date;
  staleUnless?: StaleRule | null;
  /** If the conversation cannot be reached (a private channel without the bot), DM these people. */
  fallbackDmTo?: string[] | null;
  /** What the message shows ('delegation:3'): a change to one of them updates it in place. */
  subjects?: string[] | null;
  /** Sent only inside this person's working hours (a DM the scheduler sends on its own). */
  inHoursOf?: string | null;
}

/** Subjects that changed in a workspace: their messages already queued or posted are brought up to date. */
export interface SubjectChange {
  teamId: string;
  subjects: string[];
}

/** The kind of the rows that update a posted message in place (chat.update), one per message. */
export const UPDATE_KIND = 'message_update';

/** A person whose Home tab must be published again. */
export interface HomeRefresh {
  teamId: string;
  userId: string;
}

export interface OutboxRow {
  id: number;
  team_id: string;
  idempotency_key: string;
  kind: OutboxKind;
  method: string;
  payload: Record<string, unknown>;
  channel_key: string;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'dropped';
  attempts: number;
  not_before: Date;
  retry_at: Date | null;
  lease_until: Date | null;
  last_error: string | null;
  result: Record<string, unknown> | null;
  generation: number;
  stale_unless: StaleRule | null;
  fallback_dm_to: string[] | null;
  subjects: string[] | null;
  in_hours_of: string | null;
}

/** A claimed row; `send_after` is set when its conversation's paced slot opens a moment later. */
export interface ClaimedRow extends OutboxRow {
  send_after: Date | null;
}

const toRecord = (m: OutboxMessage) => ({
  team_id: m.teamId,
  key: m.key,
  kind: m.kind ?? 'api',
  method: m.method,
  payload: m.payload,
  channel_key: m.channelKey,
  not_before: m.notBefore.toISOString(),
  stale_unless: m.staleUnless ?? null,
  fallback_dm_to: m.fallbackDmTo ?? null,
  subjects: m.subjects ?? null,
  in_hours_of: m.inHoursOf ?? null,
});

/**
 * Queues messages and Home refreshes in one statement (the caller's transaction). A message whose key
 * is already there (another replica's tick, a retried request) is not added again; returns the keys
 * that were new, as "team|key".
 *
 * A Home refresh is one row per person who has opened their Home tab, set back to pending (its
 * generation moved on) by every change, so a burst of changes costs one views.publish. People who
 * never opened the tab have no view to refresh.
 *
 * A subject that changed updates, in place, every message already queued or posted that shows it:
 * one update row per message, coalesced the same way (a burst of changes costs one chat.update), in
 * the message's own conversation, so it never overtakes the message it updates. Messages queued by
 * this very statement are not among them: they show the change already.
 *
 * Nothing is queued for a workspace Trustloop stopped serving (uninstalled, token revoked:
 * db/stopped-workspaces.ts), so the scheduler's ticks skip it without knowing about installations.
 */
export async function enqueueMessages(
  db: Queryable,
  messages: OutboxMessage[],
  homes: HomeRefresh[] = [],
  now: Date = messages[0]?.notBefore ?? new Date(0),
  changed: SubjectChange[] = [],
): Promise<Set<string>> {
  if (messages.length === 0 && homes.length === 0 && changed.length === 0) return new Set();
  // the same CTEs a command's one-statement write uses, with nothing to wait for
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const queued = outboxInserts({ messages, homes, changed, now }, 'always', param);
  const { rows } = await db.query<{ team_id: string; idempotency_key: string }>(
    `with always as (select 1), ${queued}
     ${messages.length > 0 ? 'select team_id, idempotency_key from outbox_msgs' : 'select null::text as team_id, null::text as idempotency_key where false'}`,
    params,
  );
  return new Set(rows.map((r) => `${r.team_id}|${r.idempotency_key}`));
}

/** Queues messages (see `enqueueMessages`); returns how many were new. */
export async function enqueue(db: Queryable, messages: OutboxMessage[]): Promise<number> {
  return (await enqueueMessages(db, messages)).size;
}

/**
 * Claims up to `limit` due messages for this process, with FOR UPDATE SKIP LOCKED so replicas share the
 * work without taking the same row. Per conversation, only the oldest unsent message is claimable, so
 * messages to one channel go out in order. A claim is a lease: if this process dies, the row becomes
 * claimable again when the lease ends (that is the bounded duplicate window).
 */
export async function claimDueOutbox(
  db: Db,
  now: Date,
  wall: Date,
  limit: number,
  leaseMs: number,
  /**
   * A paced conversation whose next slot is at most this far ahead is claimed now, and the claim says
   * when the slot opens (`send_after`): the sender waits for the exact moment instead of noticing it a
   * delivery pass later (that lag cost ~5 % of the rate Slack allows).
   */
  paceAheadMs = 0,
  /**
   * A backlog is being drained (the last claim was full): plan the claim as an ordered walk of the due
   * index whatever the statistics say. Right after a tick queued thousands of rows onto an outbox last
   * analyzed nearly empty, the planner expects a few due rows and picks a bitmap scan of *every* due
   * row, each through both anti-joins, then a sort: measured 98 ms of PostgreSQL CPU per claim of 25
   * with 13,600 due (0.5 ms walking the index), which bounded the whole sweep's delivery (185 msg/s;
   * 540 msg/s once the table was analyzed). The planner settings are SET LOCAL for the claim's own
   * transaction, so this costs three round trips more per batch, and nothing when no backlog is there.
   */
  backlog = false,
): Promise<ClaimedRow[]> {
  // A claim lost in a database crash only puts the rows back to pending: no need to wait for the disk.
  // One statement, so one round trip; `set_config(…, true)` turns synchronous commit off for its own
  // implicit transaction only (checked: 100 such updates cost 3 WAL syncs instead of 100).
  const claim = (q: Queryable) =>
    q.query<ClaimedRow>(
      `with candidates as (
       select o.id from outbox o
        where o.status in ('pending', 'sending')
          and o.not_before <= $1
          and (o.retry_at is null or o.retry_at <= $4)
          and (o.status = 'pending' or o.lease_until < $4)
          and not exists (
            select 1 from channel_pace cp
             where cp.team_id = o.team_id and cp.channel_key = o.channel_key
               and cp.next_allowed_at > $4::timestamptz + make_interval(secs => $5::double precision / 1000))
          and not exists (
            select 1 from outbox p
             where p.team_id = o.team_id and p.channel_key = o.channel_key and p.id < o.id
               and p.status in ('pending', 'sending') and (p.not_before <= $1 or p.attempts > 0))
        order by o.not_before, o.id
        limit $2
        for update skip locked
     )
     update outbox o set status = 'sending', attempts = o.attempts + 1,
            lease_until = $4::timestamptz + make_interval(secs => $3::double precision / 1000)
       from candidates c cross join (select set_config('synchronous_commit', 'off', true)) async_commit
      where o.id = c.id
     returning o.*,
               (select cp.next_allowed_at from channel_pace cp
                 where cp.team_id = o.team_id and cp.channel_key = o.channel_key
                   and cp.next_allowed_at > $4) as send_after`,
      [now, limit, leaseMs, wall, paceAheadMs],
    );
  const rows = backlog
    ? await db.transaction(async (tx) => {
        // sent together: nothing is decided between them, so on PGlite the claim follows the settings
        // without a trip back to this thread while the engine is held (on pg they go in turn as before)
        const [, claimed] = await Promise.all([
          tx.query(
            `select set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true),
                  set_config('enable_seqscan', 'off', true)`,
          ),
          claim(tx),
        ]);
        return claimed.rows;
      })
    : (await claim(db)).rows;
  return rows.sort((a, b) => a.id - b.id);
}

/** Back to pending after a failure; tried again from `retryAt` (wall time). */
export async function markRetry(db: Queryable, id: number, retryAt: Date, error: string): Promise<void> {
  await db.query(
    `update outbox set status = 'pending', retry_at = $2, last_error = $3, lease_until = null where id = $1 and status = 'sending'`,
    [id, retryAt, error],
  );
}

/** Gave up for good (permanent Slack error or too many attempts): recorded with why. */
export async function markFailed(db: Queryable, id: number, error: string): Promise<void> {
  await db.query(`update outbox set status = 'failed', last_error = $2, lease_until = null where id = $1`, [
    id,
    error,
  ]);
}

/** No longer worth sending (e.g. a reminder for something already done). */
export async function markDropped(db: Queryable, id: number, reason: string): Promise<void> {
  await db.query(`update outbox set status = 'dropped', last_error = $2, lease_until = null where id = $1`, [
    id,
    reason,
  ]);
}

/**
 * How long until the next message becomes sendable: its business time (`not_before`, against `now`)
 * and its wall-time gates (retry, lease, the conversation's pace, against `wall`). Milliseconds; null
 * when nothing is waiting.
 */
export async function msUntilNextDue(
  db: Queryable,
  now: Date,
  wall: Date,
  paceAheadMs = 0,
): Promise<number | null> {
  const { rows } = await db.query<{ ms: number | null }>(
    `with paced as (
       select o.not_before, o.status, o.lease_until, o.retry_at,
              cp.next_allowed_at - make_interval(secs => $3::double precision / 1000) as claimable_at
         from outbox o
         left join channel_pace cp on cp.team_id = o.team_id and cp.channel_key = o.channel_key
        where o.status in ('pending', 'sending')
     )
     select min(greatest(
              extract(epoch from (not_before - $1::timestamptz)) * 1000,
              extract(epoch from (coalesce(case when status = 'sending' then lease_until end, retry_at, claimable_at, $2::timestamptz) - $2::timestamptz)) * 1000,
              extract(epoch from (coalesce(claimable_at, $2::timestamptz) - $2::timestamptz)) * 1000
            ))::double precision as ms
       from paced`,
    [now, wall, paceAheadMs],
  );
  const ms = rows[0]?.ms;
  return ms === null || ms === undefined ? null : Math.max(0, ms);
}

/** A message that must no longer be updated in place (it was replaced by something else). */
export async function forgetSubjects(db: Queryable, teamId: string, id: number): Promise<void> {
  await db.query('update outbox set subjects = null where team_id = $1 and id = $2', [teamId, id]);
}

/** A queued or posted message by its key (what an update in place re-renders). */
export async function messageByKey(
  db: Queryable,
  teamId: string,
  key: string,
): Promise<Pick<OutboxRow, 'id' | 'kind' | 'method' | 'payload' | 'status' | 'result'> | null> {
  const { rows } = await db.query<
    Pick<OutboxRow, 'id' | 'kind' | 'method' | 'payload' | 'status' | 'result'>
  >(
    `select id, kind, method, payload, status, result from outbox where team_id = $1 and idempotency_key = $2`,
    [teamId, key],
  );
  return rows[0] ?? null;
}

export async function resultOf(
  db: Queryable,
  teamId: string,
  key: string,
): Promise<Record<string, unknown> | null> {
  const { rows } = await db.query<{ result: Record<string, unknown> | null }>(
    `select result from outbox where team_id = $1 and idempotency_key = $2 and status = 'sent'`,
    [teamId, key],
  );
  return rows[0]?.result ?? null;
}

/**
 * Marks a message sent and, when it is paced, when its conversation may next receive one — in one
 * statement. Slack has the message already; if the database lost this bookkeeping in a crash the row
 * would be re-sent after its lease, which the outbox already allows for (the in-flight window). So it
 * is committed without waiting for the disk (`synchronous_commit = off` for this statement's own
 * transaction): one fsync less per message sent, and one round trip instead of four. Actions people take keep full durability.
 */
export async function markSentAndPace(
  db: Db,
  row: Pick<OutboxRow, 'id' | 'team_id' | 'channel_key' | 'generation'>,
  result: Record<string, unknown>,
  now: Date,
  spacingMs: number,
): Promise<void> {
  await db.query(
    `with sent as (
       update outbox set status = case when generation = $4 then 'sent' else 'pending' end,
              attempts = case when generation = $4 then attempts else 0 end,
              result = $2::jsonb, sent_at = $3, lease_until = null, last_error = null
        where id = $1 and status = 'sending' and team_id = $6
        returning team_id, channel_key, set_config('synchronous_commit', 'off', true)
     )
     insert into channel_pace (team_id, channel_key, next_allowed_at)
     select team_id, channel_key, $3::timestamptz + make_interval(secs => $5::double precision / 1000)
       from sent where $5::double precision > 0
     on conflict (team_id, channel_key) do update set next_allowed_at = excluded.next_allowed_at`,
    [row.id, JSON.stringify(result), now, row.generation, spacingMs, row.team_id],
  );
}

/** One message Slack accepted, to be recorded with others in one statement (markManySentAndPace). */
export interface SentRecord {
  row: Pick<OutboxRow, 'id' | 'team_id' | 'channel_key' | 'generation'>;
  result: Record<string, unknown>;
  sentAt: Date;
  spacingMs: number;
}

/**
 * markSentAndPace for many messages in one statement: the delivery loop records everything Slack
 * accepted in the same moment together, instead of one round trip per message. Each conversation's
 * pace is the latest of its messages' (one message per conversation is claimed at a time anyway).
 */
export async function markManySentAndPace(db: Db, records: SentRecord[]): Promise<void> {
  if (records.length === 0) return;
  if (records.length === 1) {
    const [r] = records;
    return markSentAndPace(db, r.row, r.result, r.sentAt, r.spacingMs);
  }
  await db.query(
    `with input as (
       select * from unnest($1::bigint[], $2::text[], $3::jsonb[], $4::timestamptz[], $5::int[], $6::double precision[])
         as t(id, team_id, result, sent_at, generation, spacing_ms)
     ), sent as (
       update outbox o set status = case when o.generation = i.generation then 'sent' else 'pending' end,
              attempts = case when o.generation = i.generation then o.attempts else 0 end,
              result = i.result, sent_at = i.sent_at, lease_until = null, last_error = null
         from input i
        where o.id = i.id and o.status = 'sending' and o.team_id = i.team_id
        returning o.team_id, o.channel_key, i.sent_at, i.spacing_ms, set_config('synchronous_commit', 'off', true)
     )
     insert into channel_pace (team_id, channel_key, next_allowed_at)
     select distinct on (team_id, channel_key) team_id, channel_key,
            sent_at + make_interval(secs => spacing_ms / 1000)
       from sent where spacing_ms > 0
      order by team_id, channel_key, sent_at + make_interval(secs => spacing_ms / 1000) desc
     on conflict (team_id, channel_key) do update set next_allowed_at = excluded.next_allowed_at`,
    [
      records.map((r) => r.row.id),
      records.map((r) => r.row.team_id),
      records.map((r) => JSON.stringify(r.result)),
      records.map((r) => r.sentAt),
      records.map((r) => r.row.generation),
      records.map((r) => r.spacingMs),
    ],
  );
}

/** Holds a conversation back (Slack's Retry-After), for every replica. */
export async function pauseChannel(
  db: Queryable,
  teamId: string,
  channelKey: string,
  until: Date,
): Promise<void> {
  await db.query(
    `insert into channel_pace (team_id, channel_key, next_allowed_at) values ($1, $2, $3)
     on conflict (team_id, channel_key) do update set next_allowed_at = greatest(channel_pace.next_allowed_at, excluded.next_allowed_at)`,
    [teamId, channelKey, until],
  );
}

/** Puts a claimed message back until `notBefore` (business time), not counting the attempt: it waits for its recipient's hours. */
export async function postpone(db: Queryable, id: number, notBefore: Date): Promise<void> {
  await db.query(
    `update outbox set status = 'pending', attempts = greatest(attempts - 1, 0), not_before = $2, lease_until = null
      where id = $1 and status = 'sending'`,
    [id, notBefore],
  );
}

/** Puts a claimed message back without counting the attempt (rate limited: not its fault). */
export async function releaseClaim(db: Queryable, id: number, retryAt: Date, error: string): Promise<void> {
  await db.query(
    `update outbox set status = 'pending', attempts = greatest(attempts - 1, 0), retry_at = $2, last_error = $3, lease_until = null
      where id = $1 and status = 'sending'`,
    [id, retryAt, error],
  );
}

/** Lets a conversation receive its next message at once (a person opening their Home tab wants it fresh). */
export async function clearPace(db: Queryable, teamId: string, channelKey: string): Promise<void> {
  await db.query('delete from channel_pace where team_id = $1 and channel_key = $2', [teamId, channelKey]);
}

/**
 * What a use case's announcements become, rendered but not yet written: the messages layer prepares it
 * (messages/announce.ts, `announce.prepare`), and a statement that makes the change itself writes it
 * (`outboxInserts`), so a command's change and its outbox rows are one statement, one round trip.
 */
export interface OutboxBatch {
  messages: OutboxMessage[];
  homes: HomeRefresh[];
  changed: SubjectChange[];
  now: Date;
}

/**
 * A coalesced row (an in-place update, a Home refresh) queued again: its generation moves on, so a send
 * already under way records itself as superseded and the row goes out once more with the latest state.
 */
const REQUEUE_ON_CONFLICT = `on conflict (team_id, idempotency_key) do update
         set generation = outbox.generation + 1,
             status = case when outbox.status = 'sending' then 'sending' else 'pending' end,
             attempts = case when outbox.status = 'sending' then outbox.attempts else 0 end,
             not_before = excluded.not_before,
             retry_at = case when outbox.status = 'sending' then outbox.retry_at else null end`;

/**
 * The CTEs that queue `batch` inside a caller's statement, written only when the CTE (or table
 * expression) named `gate` has a row: the change they announce happened. `param` appends a value to
 * the caller's parameter list and returns its placeholder. The rows are the ones `enqueueMessages`
 * writes (same conflict rules, stopped workspaces skipped, ids in the given order, coalesced updates
 * and Home refreshes), for one statement that cannot be a function call of its own; `enqueueMessages`
 * is these CTEs with a gate that always has a row.
 */
export function outboxInserts(batch: OutboxBatch, gate: string, param: (value: unknown) => string): string {
  const uniqueHomes = [...new Map(batch.homes.map((h) => [`${h.teamId}|${h.userId}`, h])).values()];
  const changes = batch.changed.flatMap((c) => c.subjects.map((s) => ({ team_id: c.teamId, subject: s })));
  const parts: string[] = [];
  if (batch.messages.length > 0)
    parts.push(`outbox_msgs as (
       insert into outbox (team_id, idempotency_key, kind, method, payload, channel_key, not_before, stale_unless, fallback_dm_to, subjects, in_hours_of)
       select m.team_id, m.key, m.kind, m.method, m.payload, m.channel_key, m.not_before, m.stale_unless,
              case when m.fallback_dm_to is null then null else array(select jsonb_array_elements_text(m.fallback_dm_to)) end,
              case when m.subjects is null then null else array(select jsonb_array_elements_text(m.subjects)) end,
              m.in_hours_of
         from json_to_recordset(${param(JSON.stringify(batch.messages.map((m, ord) => ({ ...toRecord(m), ord }))))}::json)
              as m(team_id text, key text, kind text, method text, payload jsonb, channel_key text, not_before timestamptz,
                   stale_unless jsonb, fallback_dm_to jsonb, subjects jsonb, in_hours_of text, ord int)
        where exists (select 1 from ${gate})
          and not exists (select 1 from stopped_workspaces s where s.team_id = m.team_id)
        order by m.ord
       on conflict (team_id, idempotency_key) do nothing
       returning team_id, idempotency_key
     )`);
  if (changes.length > 0)
    parts.push(`outbox_updates as (
       insert into outbox (team_id, idempotency_key, kind, method, payload, channel_key, not_before)
       select distinct o.team_id, 'update:' || o.idempotency_key, '${UPDATE_KIND}', 'chat.update',
              jsonb_build_object('target', o.idempotency_key), o.channel_key, ${param(batch.now)}::timestamptz
         from json_to_recordset(${param(JSON.stringify(changes))}::json) as c(team_id text, subject text)
         join outbox o on o.team_id = c.team_id
          and outbox_subject_keys(o.team_id, o.subjects) @> array[c.team_id || ' ' || c.subject] -- migration 0025
        where exists (select 1 from ${gate})
          and o.subjects is not null and o.status in ('pending', 'sending', 'sent')
          and not exists (select 1 from stopped_workspaces s where s.team_id = c.team_id)
       ${REQUEUE_ON_CONFLICT}
       returning 1
     )`);
  if (uniqueHomes.length > 0)
    parts.push(`outbox_homes as (
       insert into outbox (team_id, idempotency_key, kind, method, payload, channel_key, not_before)
       select h.team_id, 'home:' || h.user_id, 'home', 'views.publish', jsonb_build_object('user_id', h.user_id),
              'home:' || h.user_id, ${param(batch.now)}::timestamptz
         from json_to_recordset(${param(JSON.stringify(uniqueHomes.map((h) => ({ team_id: h.teamId, user_id: h.userId }))))}::json)
              as h(team_id text, user_id text)
        where exists (select 1 from ${gate})
          and exists (select 1 from members mb where mb.team_id = h.team_id and mb.user_id = h.user_id and mb.home_opened_at is not null)
          and not exists (select 1 from stopped_workspaces s where s.team_id = h.team_id)
       ${REQUEUE_ON_CONFLICT}
       returning 1
     )`);
  return parts.join(',\n     ');
}
