import type { Queryable } from './db';

export type LedgerSubject = 'delegation' | 'commitment';

export interface LedgerEntryInput {
  teamId: string;
  subject: LedgerSubject;
  subjectRef: number;
  ownerId: string;
  actorId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  note?: string | null;
  dueAt?: Date | null;
  stakes?: string | null;
  at: Date;
  /** Idempotency key of the Slack action behind it: a double click or a retry appends nothing. */
  actionKey?: string | null;
}

export interface LedgerEntry extends Required<LedgerEntryInput> {
  id: number;
}

/** Appends one entry; returns its id, or null when the same action was already recorded. Never updates. */
export async function appendLedgerEntry(db: Queryable, e: LedgerEntryInput): Promise<number | null> {
  const r = await db.query<{ id: number }>(
    `insert into ledger_entries (team_id, subject, subject_ref, owner_id, actor_id, action, from_status, to_status, note, due_at, stakes, at, action_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     on conflict (team_id, action_key) where action_key is not null do nothing
     returning id`,
    [
      e.teamId,
      e.subject,
      e.subjectRef,
      e.ownerId,
      e.actorId,
      e.action,
      e.fromStatus,
      e.toStatus,
      e.note ?? null,
      e.dueAt ?? null,
      e.stakes ?? null,
      e.at,
      e.actionKey ?? null,
    ],
  );
  return r.rows[0]?.id ?? null;
}

export async function actionAlreadyRecorded(
  db: Queryable,
  teamId: string,
  actionKey: string,
): Promise<boolean> {
  const { rows } = await db.query('select 1 from ledger_entries where team_id = $1 and action_key = $2', [
    teamId,
    actionKey,
  ]);
  return rows.length > 0;
}

interface Row {
  id: number;
  team_id: string;
  subject: LedgerSubject;
  subject_ref: number;
  owner_id: string;
  actor_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  due_at: Date | null;
  stakes: string | null;
  at: Date;
  action_key: string | null;
}

export async function entriesFor(
  db: Queryable,
  teamId: string,
  subject: LedgerSubject,
  ref: number,
): Promise<LedgerEntry[]> {
  const { rows } = await db.query<Row>(
    'select * from ledger_entries where team_id = $1 and subject = $2 and subject_ref = $3 order by id',
    [teamId, subject, ref],
  );
  return rows.map((r) => ({
    id: r.id,
    teamId: r.team_id,
    subject: r.subject,
    subjectRef: r.subject_ref,
    ownerId: r.owner_id,
    actorId: r.actor_id,
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    note: r.note,
    dueAt: r.due_at,
    stakes: r.stakes,
    at: r.at,
    actionKey: r.action_key,
  }));
}

/** Counts of one owner's promise events in a period, by action (the weekly note). */
export async function commitmentActionCounts(
  db: Queryable,
  teamId: string,
  ownerId: string,
  from: Date,
  to: Date,
): Promise<Record<string, number>> {
  const { rows } = await db.query<{ action: string; n: number }>(
    `select action, count(*)::int as n from ledger_entries
      where team_id = $1 and owner_id = $2 and subject = 'commitment' and at >= $3 and at < $4
      group by action`,
    [teamId, ownerId, from, to],
  );
  return Object.fromEntries(rows.map((r) => [r.action, r.n]));
}
