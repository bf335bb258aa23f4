import type { AckStats, Delegation, DelegationStatus } from '../domain/delegation';
import type { DayOff } from '../domain/days-off';
import type { Member } from '../domain/member';
import { emptyLadder, type Ladder, type Stakes } from '../domain/stakes';
import type { Queryable } from './db';
import { LEDGER_INSERT, type EntryFields } from './ledger';
import { MEMBER_COLUMNS, memberFromRow, type MemberRow } from './members';
import { outboxInserts, type OutboxBatch } from './outbox';

interface Row {
  team_id: string;
  ref: number;
  leader_id: string;
  assignee_id: string;
  title: string;
  success: string | null;
  buffer: string | null;
  stakes: Stakes;
  due_at: Date;
  channel_id: string;
  status: DelegationStatus;
  accepted_at: Date | null;
  lesson: string | null;
  closed_by: string | null;
  closed_at: Date | null;
  created_at: Date;
  version: number;
  change_requested_at: Date | null;
  acknowledged_at: Date | null;
  cancel_reason: string | null;
  source_permalink: string | null;
}

const fromRow = (r: Row): Delegation => ({
  teamId: r.team_id,
  ref: r.ref,
  leaderId: r.leader_id,
  assigneeId: r.assignee_id,
  title: r.title,
  success: r.success,
  buffer: r.buffer,
  stakes: r.stakes,
  dueAt: r.due_at,
  channelId: r.channel_id,
  status: r.status,
  acceptedAt: r.accepted_at,
  lesson: r.lesson,
  closedBy: r.closed_by,
  closedAt: r.closed_at,
  createdAt: r.created_at,
  version: r.version,
  changeRequestedAt: r.change_requested_at,
  acknowledgedAt: r.acknowledged_at,
  cancelReason: r.cancel_reason,
  sourcePermalink: r.source_permalink,
});

export type NewDelegation = Pick<
  Delegation,
  | 'teamId'
  | 'ref'
  | 'leaderId'
  | 'assigneeId'
  | 'title'
  | 'success'
  | 'buffer'
  | 'stakes'
  | 'dueAt'
  | 'channelId'
  | 'createdAt'
  | 'sourcePermalink'
>;

export async function getDelegation(
  db: Queryable,
  teamId: string,
  ref: number,
  opts: { forUpdate?: boolean } = {},
): Promise<Delegation | null> {
  const { rows } = await db.query<Row>(
    `select * from delegations where team_id = $1 and ref = $2${opts.forUpdate ? ' for update' : ''}`,
    [teamId, ref],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/**
 * getDelegation for many at once, one statement (the delivery loop renders several DMs together);
 * one answer per key, in order, null where there is none.
 */
export async function getDelegations(
  db: Queryable,
  keys: readonly { teamId: string; ref: number }[],
): Promise<(Delegation | null)[]> {
  if (keys.length === 1) return [await getDelegation(db, keys[0].teamId, keys[0].ref)];
  const { rows } = await db.query<Row>(
    `select d.* from unnest($1::text[], $2::int[]) as k(team_id, ref)
       join delegations d on d.team_id = k.team_id and d.ref = k.ref`,
    [keys.map((k) => k.teamId), keys.map((k) => k.ref)],
    { prepared: true },
  );
  const found = new Map(rows.map((r) => [`${r.team_id}:${r.ref}`, r]));
  return keys.map((k) => {
    const r = found.get(`${k.teamId}:${k.ref}`);
    return r ? fromRow(r) : null;
  });
}

export async function markAccepted(db: Queryable, teamId: string, ref: number, at: Date): Promise<boolean> {
  const r = await db.query(
    `update delegations set accepted_at = $3 where team_id = $1 and ref = $2 and accepted_at is null and status = 'open'`,
    [teamId, ref, at],
  );
  return r.rowCount > 0;
}

/** Notes that the assignee asked for a change (their DM says so); the delegation as it is now. */
export async function markChangeRequested(
  db: Queryable,
  teamId: string,
  ref: number,
  at: Date,
): Promise<Delegation | null> {
  const { rows } = await db.query<Row>(
    `update delegations set change_requested_at = $3 where team_id = $1 and ref = $2 and status = 'open' returning *`,
    [teamId, ref, at],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Open delegations a person holds or gave, soonest due first. */
export async function listOpenFor(
  db: Queryable,
  teamId: string,
  userId: string,
  limit = 20,
): Promise<Delegation[]> {
  const { rows } = await db.query<Row>(
    `select * from delegations
      where team_id = $1 and status = 'open' and (assignee_id = $2 or leader_id = $2)
      order by due_at, ref limit $3`,
    [teamId, userId, limit],
  );
  return rows.map(fromRow);
}

export async function listByRole(
  db: Queryable,
  teamId: string,
  userId: string,
  role: 'leader' | 'assignee',
  limit: number,
): Promise<Delegation[]> {
  const column = role === 'leader' ? 'leader_id' : 'assignee_id';
  const { rows } = await db.query<Row>(
    `select * from delegations where team_id = $1 and ${column} = $2
      order by (status = 'open') desc, coalesce(closed_at, due_at) desc, ref desc limit $3`,
    [teamId, userId, limit],
  );
  return rows.map(fromRow);
}

/**
 * Work between one leader and one person: still open (soonest due first), or closed by the person and
 * still waiting for the leader's acknowledgement (oldest first).
 */
export async function listBetween(
  db: Queryable,
  teamId: string,
  leaderId: string,
  personId: string,
  which: 'open' | 'awaiting_ack',
  limit: number,
): Promise<Delegation[]> {
  const { rows } = await db.query<Row>(
    which === 'open'
      ? `select * from delegations where team_id = $1 and leader_id = $2 and assignee_id = $3 and status = 'open'
          order by due_at, ref limit $4`
      : `select * from delegations where team_id = $1 and leader_id = $2 and assignee_id = $3
            and status in ('won', 'lost') and acknowledged_at is null and closed_by <> leader_id
          order by closed_at, ref limit $4`,
    [teamId, leaderId, personId, limit],
  );
  return rows.map(fromRow);
}

export async function countByStatus(
  db: Queryable,
  teamId: string,
  userId: string,
  role: 'leader' | 'assignee',
): Promise<Record<DelegationStatus, number>> {
  const column = role === 'leader' ? 'leader_id' : 'assignee_id';
  const { rows } = await db.query<{ status: DelegationStatus; n: number }>(
    `select status, count(*)::int as n from delegations where team_id = $1 and ${column} = $2 group by status`,
    [teamId, userId],
  );
  const out: Record<DelegationStatus, number> = { open: 0, won: 0, lost: 0, cancelled: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** The trust ladder from closed delegations: wins and losses per stakes level. */
export async function ladderOf(db: Queryable, teamId: string, assigneeId: string): Promise<Ladder> {
  const { rows } = await db.query<{ stakes: Stakes; wins: number; losses: number }>(
    `select stakes, count(*) filter (where status = 'won')::int as wins, count(*) filter (where status = 'lost')::int as losses
       from delegations where team_id = $1 and assignee_id = $2 and status in ('won', 'lost')
      group by stakes`,
    [teamId, assigneeId],
  );
  const ladder = emptyLadder();
  for (const r of rows) ladder[r.stakes] = { wins: r.wins, losses: r.losses };
  return ladder;
}

/** How often and how quickly a leader acknowledges outcomes of work they delegated (closed by others). */
export async function ackStats(db: Queryable, teamId: string, leaderId: string): Promise<AckStats> {
  const { rows } = await db.query<{ outcomes: number; acknowledged: number; median_minutes: number | null }>(
    `select count(*)::int as outcomes,
            count(acknowledged_at)::int as acknowledged,
            (percentile_cont(0.5) within group (order by extract(epoch from (acknowledged_at - closed_at)) / 60)
               filter (where acknowledged_at is not null))::double precision as median_minutes
       from delegations
      where team_id = $1 and leader_id = $2 and status in ('won', 'lost') and closed_by <> leader_id`,
    [teamId, leaderId],
  );
  const r = rows[0];
  return {
    outcomes: r?.outcomes ?? 0,
    acknowledged: r?.acknowledged ?? 0,
    medianMinutes: r?.median_minutes ?? null,
  };
}

export async function isDelegationOpen(db: Queryable, teamId: string, ref: number): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from delegations where team_id = $1 and ref = $2 and status = 'open'`,
    [teamId, ref],
  );
  return rows.length > 0;
}

export async function isUnacknowledged(db: Queryable, teamId: string, ref: number): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from delegations where team_id = $1 and ref = $2 and acknowledged_at is null`,
    [teamId, ref],
  );
  return rows.length > 0;
}

/** Records the leader's acknowledgement; false when it was already acknowledged. */
export async function markAcknowledged(
  db: Queryable,
  teamId: string,
  ref: number,
  at: Date,
  note: string,
): Promise<boolean> {
  const r = await db.query(
    `update delegations set acknowledged_at = $3, ack_note = $4 where team_id = $1 and ref = $2 and acknowledged_at is null`,
    [teamId, ref, at, note],
  );
  return r.rowCount > 0;
}

/** Sets the safety net of an open delegation; false when it is no longer open. */
export async function setBuffer(
  db: Queryable,
  teamId: string,
  ref: number,
  buffer: string,
): Promise<boolean> {
  const r = await db.query(
    `update delegations set buffer = $3 where team_id = $1 and ref = $2 and status = 'open'`,
    [teamId, ref, buffer],
  );
  return r.rowCount > 0;
}

/** $1–$18 of both delegation inserts: the delegation's columns, then its first ledger entry's. */
const newDelegationParams = (d: NewDelegation, e: EntryFields): unknown[] => [
  d.teamId,
  d.ref,
  d.leaderId,
  d.assigneeId,
  d.title,
  d.success,
  d.buffer,
  d.stakes,
  d.dueAt,
  d.channelId,
  d.createdAt,
  e.actorId,
  e.action,
  e.fromStatus,
  e.toStatus,
  e.note,
  e.at,
  d.sourcePermalink ?? null,
];

/**
 * Inserts a delegation and its first ledger entry ("delegated") in one round trip: the workspace's
 * reference counter is locked until commit, so the transaction that holds it stays short.
 */
export async function insertDelegationWithEntry(
  db: Queryable,
  d: NewDelegation,
  e: EntryFields,
): Promise<Delegation> {
  const { rows } = await db.query<Row>(
    `with d as (
       insert into delegations (team_id, ref, leader_id, assignee_id, title, success, buffer, stakes, due_at, channel_id, created_at, source_permalink)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $18) returning *
     ), l as (
       ${LEDGER_INSERT}
       select d.team_id, 'delegation', d.ref, d.assignee_id, $12, $13, $14, $15, $16, d.due_at, d.stakes, $17, null from d
     )
     select * from d`,
    newDelegationParams(d, e),
  );
  return fromRow(rows[0]);
}

/**
 * Closes an open delegation and appends its ledger entry in one statement; null when it was not open
 * any more (closed by someone else a moment ago).
 */
export async function closeWithEntry(
  db: Queryable,
  teamId: string,
  ref: number,
  change: { status: 'won' | 'lost'; lesson: string | null; closedBy: string; closedAt: Date },
): Promise<Delegation | null> {
  const { rows } = await db.query<Row>(
    `with d as (
       update delegations set status = $3, lesson = $4, closed_by = $5, closed_at = $6
        where team_id = $1 and ref = $2 and status = 'open' returning *
     ), l as (
       ${LEDGER_INSERT}
       select d.team_id, 'delegation', d.ref, d.assignee_id, $5, $3, 'open', $3, $4, null, d.stakes, $6, null from d
     )
     select * from d`,
    [teamId, ref, change.status, change.lesson, change.closedBy, change.closedAt],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export interface DelegationEdit {
  title: string;
  success: string | null;
  buffer: string | null;
  stakes: Stakes;
  dueAt: Date;
}

/**
 * The leader changes open work: a new version (messages of the older one say it changed) and its
 * ledger entry ("edited", with what changed), in one statement; null when it is not open any more.
 */
export async function editWithEntry(
  db: Queryable,
  teamId: string,
  ref: number,
  change: DelegationEdit,
  e: EntryFields,
): Promise<Delegation | null> {
  const { rows } = await db.query<Row>(
    `with d as (
       update delegations set title = $3, success = $4, buffer = $5, stakes = $6, due_at = $7,
              version = version + 1, accepted_at = null, change_requested_at = null
        where team_id = $1 and ref = $2 and status = 'open' returning *
     ), l as (
       ${LEDGER_INSERT}
       select d.team_id, 'delegation', d.ref, d.assignee_id, $8, 'edited', 'open', 'open', $9, d.due_at, d.stakes, $10, null from d
     )
     select * from d`,
    [
      teamId,
      ref,
      change.title,
      change.success,
      change.buffer,
      change.stakes,
      change.dueAt,
      e.actorId,
      e.note,
      e.at,
    ],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/**
 * The leader gives open work to someone else: the old assignee's record says it was handed over (not
 * a loss), the new one's that it was delegated to them; null when it is not open any more.
 */
export async function reassignWithEntries(
  db: Queryable,
  teamId: string,
  ref: number,
  toUserId: string,
  e: { actorId: string; at: Date },
): Promise<Delegation | null> {
  const { rows } = await db.query<Row>(
    `with before as (
       -- the statement's snapshot: who held it before the update below (which takes the row lock)
       select assignee_id from delegations where team_id = $1 and ref = $2 and status = 'open'
     ), d as (
       update delegations set assignee_id = $3, version = version + 1, accepted_at = null, change_requested_at = null
        where team_id = $1 and ref = $2 and status = 'open' returning *
     ), l as (
       ${LEDGER_INSERT}
       select d.team_id, 'delegation', d.ref, b.assignee_id, $4::text, 'reassigned', 'open', 'open', '<@' || $3::text || '>',
              d.due_at, d.stakes, $5::timestamptz, null::text
         from d, before b
       union all
       select d.team_id, 'delegation', d.ref, d.assignee_id, $4::text, 'delegated', null, 'open', d.title, d.due_at, d.stakes,
              $5::timestamptz, null::text
         from d
     )
     select * from d`,
    [teamId, ref, toUserId, e.actorId, e.at],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The leader cancels open work: not a loss, it counts on no one's ladder; null when it is not open. */
export async function cancelWithEntry(
  db: Queryable,
  teamId: string,
  ref: number,
  c: { by: string; at: Date; reason: string | null },
): Promise<Delegation | null> {
  const { rows } = await db.query<Row>(
    `with d as (
       update delegations set status = 'cancelled', closed_by = $3, closed_at = $4, cancel_reason = $5
        where team_id = $1 and ref = $2 and status = 'open' returning *
     ), l as (
       ${LEDGER_INSERT}
       select d.team_id, 'delegation', d.ref, d.assignee_id, $3, 'cancelled', 'open', 'cancelled', $5, d.due_at, d.stakes, $4, null from d
     )
     select * from d`,
    [teamId, ref, c.by, c.at, c.reason],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** A new delegation as its row reads once inserted (the columns' defaults), before it is written. */
export function delegationToInsert(d: NewDelegation): Delegation {
  return {
    ...d,
    sourcePermalink: d.sourcePermalink ?? null,
    status: 'open',
    acceptedAt: null,
    lesson: null,
    closedBy: null,
    closedAt: null,
    version: 1,
    changeRequestedAt: null,
    acknowledgedAt: null,
    cancelReason: null,
  };
}

/** What giving work to one person needs to know, read in one round trip. */
export interface DelegationContext {
  /** Cached rows (null: never seen); the caller decides whether they are fresh enough. */
  leader: Member | null;
  assignee: Member | null;
  /** The assignee's track record (closed delegations per stakes level). */
  ladder: Ladder;
  /**
   * The channel's and the workspace's days off not over by the day before yesterday (UTC), a superset
   * of `daysOffIn` for any zone's today: the ones that ended earlier cannot hold a future due date.
   */
  daysOff: DayOff[];
  /** The reference the next delegation of this workspace gets, if no one takes it first. */
  nextRef: number;
}

const ladderFrom = (rows: { stakes: Stakes; wins: number; losses: number }[]): Ladder => {
  const ladder = emptyLadder();
  for (const r of rows) ladder[r.stakes] = { wins: r.wins, losses: r.losses };
  return ladder;
};

/**
 * The leader, the assignee, the assignee's ladder, the days off and the workspace's next reference, in
 * one statement: what `/delegate` reads before it decides (the same rows as getMember ×2, ladderOf,
 * daysOffIn and the counter).
 */
export async function readDelegationContext(
  db: Queryable,
  teamId: string,
  leaderId: string,
  assigneeId: string,
  channelId: string,
  now: Date,
): Promise<DelegationContext> {
  const { rows } = await db.query<
    Partial<MemberRow> & {
      who: number | null;
      ladder: { stakes: Stakes; wins: number; losses: number }[];
      days_off: {
        id: number;
        channel_id: string | null;
        from: string;
        until: string;
        label: string | null;
      }[];
      next_ref: number | null;
    }
  >(
    `with people as (
       select u.who, ${MEMBER_COLUMNS}
         from (values (1, $2::text), (2, $3::text)) as u(who, user_id)
         join members m on m.team_id = $1 and m.user_id = u.user_id
     ), ladder as (
       select coalesce(jsonb_agg(jsonb_build_object('stakes', stakes, 'wins', wins, 'losses', losses)), '[]'::jsonb) as ladder
         from (select stakes, count(*) filter (where status = 'won')::int as wins,
                      count(*) filter (where status = 'lost')::int as losses
                 from delegations where team_id = $1 and assignee_id = $3 and status in ('won', 'lost')
                group by stakes) s
     ), off as (
       select coalesce(jsonb_agg(jsonb_build_object('id', id, 'channel_id', channel_id,
                'from', to_char(from_date, 'YYYY-MM-DD'), 'until', to_char(until_date, 'YYYY-MM-DD'), 'label', label)
                order by from_date, id), '[]'::jsonb) as days_off
         from days_off
        where team_id = $1 and (channel_id is null or channel_id = $4)
          and until_date >= ($5::timestamptz at time zone 'UTC')::date - 2
     )
     select p.*, l.ladder, o.days_off,
            (select w.next_delegation_ref from workspaces w where w.team_id = $1) as next_ref
       from ladder l cross join off o left join people p on true`,
    [teamId, leaderId, assigneeId, channelId, now],
    { prepared: true },
  );
  const member = (who: number) => {
    const r = rows.find((x) => x.who === who);
    return r ? memberFromRow(r as MemberRow) : null;
  };
  // the cross join of the two aggregates always yields a row, with or without the people
  const first = rows[0];
  return {
    leader: member(1),
    assignee: member(2),
    ladder: ladderFrom(first.ladder),
    daysOff: first.days_off.map((d) => ({
      id: Number(d.id),
      teamId,
      channelId: d.channel_id,
      from: d.from,
      until: d.until,
      label: d.label,
    })),
    // a workspace without its row yet starts at 1 (nextRef's first reference)
    nextRef: first.next_ref ?? 1,
  };
}

/** The next reference a delegation of this workspace would get (after another command took ours). */
export async function nextDelegationRef(db: Queryable, teamId: string): Promise<number> {
  const { rows } = await db.query<{ ref: number }>(
    `select next_delegation_ref as ref from workspaces where team_id = $1`,
    [teamId],
    { prepared: true },
  );
  return rows[0]?.ref ?? 1;
}

/**
 * Gives the work in ONE statement, so one round trip and no BEGIN/COMMIT: moves the workspace's
 * counter past `d.ref` only if `d.ref` is still the next one (compare-and-set), and then, gated on
 * that, inserts the delegation, its "delegated" ledger entry and the announcement's outbox rows
 * (rendered beforehand with that very reference). A statement is its own transaction: all of it is
 * written, or nothing. Null when another command took the reference first: nothing was written, and
 * the caller tries again with the next one.
 *
 * Why a known reference and not one allocated inside the statement: the outbox rows are the messages
 * layer's, rendered by its views from the delegation as it will be (its key and subjects name the
 * reference), and SQL should not rewrite what those views rendered.
 */
export async function insertDelegationAtRef(
  db: Queryable,
  d: NewDelegation,
  e: EntryFields,
  outbox: OutboxBatch,
): Promise<Delegation | null> {
  const params: unknown[] = newDelegationParams(d, e);
  const param = (v: unknown) => `$${params.push(v)}`;
  const queued = outboxInserts(outbox, 'd', param);
  const { rows } = await db.query<Row>(
    `with counter as (
       insert into workspaces (team_id, next_delegation_ref) values ($1, $2::int + 1)
       on conflict (team_id) do update set next_delegation_ref = excluded.next_delegation_ref
        where workspaces.next_delegation_ref = $2::int
       returning team_id
     ), d as (
       insert into delegations (team_id, ref, leader_id, assignee_id, title, success, buffer, stakes, due_at, channel_id, created_at, source_permalink)
       select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $18 from counter returning *
     ), l as (
       ${LEDGER_INSERT}
       select d.team_id, 'delegation', d.ref, d.assignee_id, $12, $13, $14, $15, $16, d.due_at, d.stakes, $17, null from d
     )${queued ? `, ${queued}` : ''}
     select * from d`,
    params,
    { prepared: true },
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** What closing one delegation needs to know, read in one round trip. */
export interface CloseContext {
  delegation: Delegation;
  /** The leader's cached row (null: never seen); the caller decides whether it is fresh enough. */
  leader: Member | null;
  /** The assignee's ladder before this outcome. */
  ladder: Ladder;
  /** The row's version as PostgreSQL keeps it (xmin): any change to the row since this read moves it. */
  rowVersion: string;
}

/**
 * The delegation, its leader and its assignee's ladder, in one statement (what getDelegation,
 * getMember and ladderOf read); null when the workspace has no such delegation.
 */
export async function readCloseContext(
  db: Queryable,
  teamId: string,
  ref: number,
): Promise<CloseContext | null> {
  // the member's columns first: `d.*` comes after, so its team_id is the one the row object keeps
  const { rows } = await db.query<
    Row &
      Omit<MemberRow, 'team_id'> & {
        row_version: string;
        ladder: { stakes: Stakes; wins: number; losses: number }[];
      }
  >(
    `select ${MEMBER_COLUMNS}, d.*, d.xmin::text as row_version,
            (select coalesce(jsonb_agg(jsonb_build_object('stakes', s.stakes, 'wins', s.wins, 'losses', s.losses)), '[]'::jsonb)
               from (select stakes, count(*) filter (where status = 'won')::int as wins,
                            count(*) filter (where status = 'lost')::int as losses
                       from delegations x where x.team_id = d.team_id and x.assignee_id = d.assignee_id
                        and x.status in ('won', 'lost')
                      group by stakes) s) as ladder
       from delegations d
       left join members m on m.team_id = d.team_id and m.user_id = d.leader_id
      where d.team_id = $1 and d.ref = $2`,
    [teamId, ref],
    { prepared: true },
  );
  const r = rows[0];
  if (!r) return null;
  return {
    delegation: fromRow(r),
    leader: r.user_id ? memberFromRow({ ...r, team_id: r.team_id }) : null,
    ladder: ladderFrom(r.ladder),
    rowVersion: r.row_version,
  };
}

/**
 * Closes the delegation, appends its ledger entry and writes the announcement's outbox rows (rendered
 * beforehand from the delegation as read), in ONE statement: only if the row is still the one read
 * (`rowVersion`, compare-and-set) and open, so what the messages show is what was closed. Null when it
 * changed or closed meanwhile: nothing was written, and the caller takes its transaction path.
 */
export async function closeAtVersion(
  db: Queryable,
  teamId: string,
  ref: number,
  rowVersion: string,
  change: { status: 'won' | 'lost'; lesson: string | null; closedBy: string; closedAt: Date },
  outbox: OutboxBatch,
): Promise<Delegation | null> {
  const params: unknown[] = [
    teamId,
    ref,
    change.status,
    change.lesson,
    change.closedBy,
    change.closedAt,
    rowVersion,
  ];
  const param = (v: unknown) => `$${params.push(v)}`;
  const queued = outboxInserts(outbox, 'd', param);
  const { rows } = await db.query<Row>(
    `with d as (
       update delegations set status = $3, lesson = $4, closed_by = $5, closed_at = $6
        where team_id = $1 and ref = $2 and status = 'open' and xmin::text = $7 returning *
     ), l as (
       ${LEDGER_INSERT}
       select d.team_id, 'delegation', d.ref, d.assignee_id, $5, $3, 'open', $3, $4, null, d.stakes, $6, null from d
     )${queued ? `, ${queued}` : ''}
     select * from d`,
    params,
    { prepared: true },
  );
  return rows[0] ? fromRow(rows[0]) : null;
}
