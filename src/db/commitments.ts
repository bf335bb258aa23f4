import type { Commitment, CommitmentChange, CommitmentStatus, Confirmation } from '../domain/commitment';
import type { DuePromise } from '../domain/reminders';
import type { Queryable } from './db';

interface Row {
  team_id: string;
  ref: number;
  owner_id: string;
  counterpart_id: string | null;
  delegation_ref: number | null;
  text: string;
  due_at: Date;
  original_due_at: Date;
  status: CommitmentStatus;
  times_moved: number;
  confirmation: Confirmation | null;
  kept_on_time: boolean | null;
  closed_at: Date | null;
  created_at: Date;
}

const fromRow = (r: Row): Commitment => ({
  teamId: r.team_id,
  ref: r.ref,
  ownerId: r.owner_id,
  counterpartId: r.counterpart_id,
  delegationRef: r.delegation_ref,
  text: r.text,
  dueAt: r.due_at,
  originalDueAt: r.original_due_at,
  status: r.status,
  timesMoved: r.times_moved,
  confirmation: r.confirmation,
  keptOnTime: r.kept_on_time,
  closedAt: r.closed_at,
  createdAt: r.created_at,
});

export type NewCommitment = Pick<
  Commitment,
  'teamId' | 'ref' | 'ownerId' | 'counterpartId' | 'delegationRef' | 'text' | 'dueAt' | 'createdAt'
>;

export async function insertCommitment(db: Queryable, c: NewCommitment): Promise<Commitment> {
  const { rows } = await db.query<Row>(
    `insert into commitments (team_id, ref, owner_id, counterpart_id, delegation_ref, text, due_at, original_due_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7, $8) returning *`,
    [c.teamId, c.ref, c.ownerId, c.counterpartId, c.delegationRef, c.text, c.dueAt, c.createdAt],
  );
  return fromRow(rows[0]);
}

export async function getCommitment(
  db: Queryable,
  teamId: string,
  ref: number,
  opts: { forUpdate?: boolean } = {},
): Promise<Commitment | null> {
  const { rows } = await db.query<Row>(
    `select * from commitments where team_id = $1 and ref = $2${opts.forUpdate ? ' for update' : ''}`,
    [teamId, ref],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function updateCommitment(
  db: Queryable,
  teamId: string,
  ref: number,
  change: CommitmentChange,
): Promise<Commitment> {
  const sets: string[] = [];
  const params: unknown[] = [teamId, ref];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (change.status !== undefined) set('status', change.status);
  if (change.dueAt !== undefined) set('due_at', change.dueAt);
  if (change.timesMoved !== undefined) set('times_moved', change.timesMoved);
  if (change.confirmation !== undefined) set('confirmation', change.confirmation);
  if (change.keptOnTime !== undefined) set('kept_on_time', change.keptOnTime);
  if (change.closedAt !== undefined) set('closed_at', change.closedAt);
  const { rows } = await db.query<Row>(
    `update commitments set ${sets.join(', ')} where team_id = $1 and ref = $2 returning *`,
    params,
  );
  return fromRow(rows[0]);
}

export async function listCommitments(
  db: Queryable,
  teamId: string,
  filter: { ownerId?: string; counterpartId?: string; delegationRef?: number; status?: CommitmentStatus },
  limit = 20,
): Promise<Commitment[]> {
  const where = ['team_id = $1'];
  const params: unknown[] = [teamId];
  const add = (column: string, value: unknown) => {
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  if (filter.ownerId !== undefined) add('owner_id', filter.ownerId);
  if (filter.counterpartId !== undefined) add('counterpart_id', filter.counterpartId);
  if (filter.delegationRef !== undefined) add('delegation_ref', filter.delegationRef);
  if (filter.status !== undefined) add('status', filter.status);
  params.push(limit);
  const { rows } = await db.query<Row>(
    `select * from commitments where ${where.join(' and ')} order by (status = 'open') desc, due_at, ref limit $${params.length}`,
    params,
  );
  return rows.map(fromRow);
}

/** Open promises whose due time plus `graceMs` has passed, oldest first (for the miss sweep). */
// Neither sweep touches a workspace Trustloop no longer serves (uninstalled): its history waits as it
// was, for a reinstall within DATA_RETENTION_DAYS, and the sweep catches up then.
export async function overdueCommitments(
  db: Queryable,
  now: Date,
  graceMs: number,
  limit: number,
): Promise<{ teamId: string; ref: number }[]> {
  const { rows } = await db.query<{ teamId: string; ref: number }>(
    `select team_id as "teamId", ref from commitments
      where status = 'open' and due_at < $1::timestamptz - make_interval(secs => $2::double precision / 1000)
        and not exists (select 1 from stopped_workspaces s where s.team_id = commitments.team_id)
      order by due_at limit $3`,
    [now, graceMs, limit],
  );
  return rows;
}

/** Kept promises still waiting for their counterpart's confirmation after `windowMs`. */
export async function unconfirmedTooLong(
  db: Queryable,
  now: Date,
  windowMs: number,
  limit: number,
): Promise<{ teamId: string; ref: number }[]> {
  const { rows } = await db.query<{ teamId: string; ref: number }>(
    `select team_id as "teamId", ref from commitments
      where status = 'kept' and confirmation = 'pending'
        and closed_at < $1::timestamptz - make_interval(secs => $2::double precision / 1000)
        and not exists (select 1 from stopped_workspaces s where s.team_id = commitments.team_id)
      order by closed_at limit $3`,
    [now, windowMs, limit],
  );
  return rows;
}

export async function isCommitmentOpen(db: Queryable, teamId: string, ref: number): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from commitments where team_id = $1 and ref = $2 and status = 'open'`,
    [teamId, ref],
  );
  return rows.length > 0;
}

/** Open promises of one owner due before `until` (the weekly note's "due this week"). */
export async function openDueBefore(
  db: Queryable,
  teamId: string,
  ownerId: string,
  until: Date,
  limit = 10,
): Promise<DuePromise[]> {
  const { rows } = await db.query<DuePromise>(
    `select ref, text, due_at as "dueAt", counterpart_id as "counterpartId", delegation_ref as "delegationRef"
       from commitments where team_id = $1 and owner_id = $2 and status = 'open' and due_at < $3 order by due_at limit $4`,
    [teamId, ownerId, until, limit],
  );
  return rows;
}

/** The leader's open promises made with a delegation now go to whoever holds it (a reassignment). */
export async function transferSupportPromises(
  db: Queryable,
  teamId: string,
  delegationRef: number,
  toUserId: string,
): Promise<Commitment[]> {
  const { rows } = await db.query<Row>(
    `update commitments set counterpart_id = $3
      where team_id = $1 and delegation_ref = $2 and status = 'open' returning *`,
    [teamId, delegationRef, toUserId],
  );
  return rows.map(fromRow);
}
