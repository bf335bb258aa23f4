/**
 * What an export holds: exactly the rows the database has, for one person (everything they are part
 * of) or a whole workspace. Read in one snapshot (a repeatable-read transaction is not needed: the
 * three reads are each consistent, and an export is a copy of a moment, not an audit).
 */
import type { ExportData } from '../domain/export';
import type { Queryable } from './db';

/** Everything `personId` is part of in `teamId` — or, with null, the whole workspace. */
export async function exportData(
  db: Queryable,
  teamId: string,
  personId: string | null,
): Promise<ExportData> {
  const params = [teamId, personId];
  const [d, c, e] = await Promise.all([
    db.query<{
      ref: number;
      leader_id: string;
      assignee_id: string;
      title: string;
      success: string | null;
      buffer: string | null;
      stakes: string;
      status: string;
      lesson: string | null;
      due_at: Date;
      created_at: Date;
      closed_at: Date | null;
    }>(
      `select ref, leader_id, assignee_id, title, success, buffer, stakes, status, lesson, due_at, created_at, closed_at
         from delegations where team_id = $1 and ($2::text is null or leader_id = $2 or assignee_id = $2)
        order by ref`,
      params,
    ),
    db.query<{
      ref: number;
      owner_id: string;
      counterpart_id: string | null;
      text: string;
      status: string;
      due_at: Date;
      created_at: Date;
      closed_at: Date | null;
    }>(
      `select ref, owner_id, counterpart_id, text, status, due_at, created_at, closed_at
         from commitments where team_id = $1 and ($2::text is null or owner_id = $2 or counterpart_id = $2)
        order by ref`,
      params,
    ),
    db.query<{
      id: string;
      subject: string;
      subject_ref: number;
      owner_id: string;
      actor_id: string;
      action: string;
      to_status: string;
      note: string | null;
      due_at: Date | null;
      at: Date;
    }>(
      `select id, subject, subject_ref, owner_id, actor_id, action, to_status, note, due_at, at
         from ledger_entries where team_id = $1 and ($2::text is null or owner_id = $2 or actor_id = $2)
        order by id`,
      params,
    ),
  ]);
  return {
    delegations: d.rows.map((r) => ({
      ref: r.ref,
      leaderId: r.leader_id,
      assigneeId: r.assignee_id,
      title: r.title,
      success: r.success,
      buffer: r.buffer,
      stakes: r.stakes,
      status: r.status,
      lesson: r.lesson,
      dueAt: r.due_at,
      createdAt: r.created_at,
      closedAt: r.closed_at,
    })),
    commitments: c.rows.map((r) => ({
      ref: r.ref,
      ownerId: r.owner_id,
      counterpartId: r.counterpart_id,
      text: r.text,
      status: r.status,
      dueAt: r.due_at,
      createdAt: r.created_at,
      closedAt: r.closed_at,
    })),
    entries: e.rows.map((r) => ({
      id: Number(r.id),
      subject: r.subject,
      subjectRef: r.subject_ref,
      ownerId: r.owner_id,
      actorId: r.actor_id,
      action: r.action,
      toStatus: r.to_status,
      note: r.note,
      dueAt: r.due_at,
      at: r.at,
    })),
  };
}
