import type { Subject } from '../domain/reminders';
import type { Queryable } from './db';

export type LedgerSubject = Subject;

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

/**
 * The one head of every statement that writes the ledger: the columns, in this order, that a VALUES
 * list or a SELECT must produce (statements that change a delegation and append its entry at once use
 * it inside a CTE). The table is append-only: nothing ever updates or deletes a row.
 */
export const LEDGER_INSERT =
  'insert into ledger_entries (team_id, subject, subject_ref, owner_id, actor_id, action, from_status, to_status, note, due_at, stakes, at, action_key)';

/** What a statement that writes a subject and its entry together supplies for the entry. */
export interface EntryFields {
  actorId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  note: string | null;
  at: Date;
}

/** Appends one entry; returns its id, or null when the same action was already recorded. Never updates. */
export async function appendLedgerEntry(db: Queryable, e: LedgerEntryInput): Promise<number | null> {
  const r = await db.query<{ id: number }>(
    `${LEDGER_INSERT}
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
