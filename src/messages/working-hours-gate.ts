/**
 * A DM the scheduler sends on its own waits for its recipient's working hours (their zone, days,
 * quiet days and time away), checked when it is about to be sent: their hours may have changed, or
 * they may have gone away, since it was queued — and workspace-wide days off, which nobody's own hours
 * name. A DM caused by someone's action just now goes at once
 * (Slack's own notification schedule quiets it at night); only rows that ask for it are held.
 */
import type { Queryable } from '../db/db';
import { getMembersWithWorkspaceDaysOff, getMemberWithWorkspaceDaysOff } from '../db/members';
import type { Member } from '../domain/member';
import type { OutboxRow } from '../db/outbox';
import { hoursOf, isWorkingTime, nextWorkingStart } from '../services/schedule/working-hours';

/** When the row may go, if not now (business time); null: now is fine. */
export async function heldUntil(db: Queryable, row: OutboxRow, now: Date): Promise<Date | null> {
  if (!row.in_hours_of) return null;
  const found = await getMemberWithWorkspaceDaysOff(db, row.team_id, row.in_hours_of, now);
  return holdFor(found, now);
}

/**
 * heldUntil for a whole claimed batch: the recipients (with their workspaces' days off) read in one
 * statement instead of one per message. Keyed by outbox row id; rows that ask for no hours are null.
 */
export async function heldUntilMany(
  db: Queryable,
  rows: OutboxRow[],
  now: Date,
): Promise<Map<number, Date | null>> {
  const out = new Map<number, Date | null>();
  const asked = rows.filter((r) => r.in_hours_of);
  for (const r of rows) out.set(r.id, null);
  if (asked.length === 0) return out;
  const people = await getMembersWithWorkspaceDaysOff(
    db,
    asked.map((r) => ({ teamId: r.team_id, userId: r.in_hours_of! })),
    now,
  );
  for (const r of asked) out.set(r.id, holdFor(people.get(`${r.team_id}|${r.in_hours_of}`) ?? null, now));
  return out;
}

function holdFor(found: { member: Member; workspaceDaysOff: string[] } | null, now: Date): Date | null {
  if (!found) return null; // someone we know nothing of: UTC office hours would be a guess, so send
  const own = hoursOf(found.member);
  const hours =
    found.workspaceDaysOff.length === 0
      ? own
      : { ...own, quietDates: [...(own.quietDates ?? []), ...found.workspaceDaysOff] };
  return isWorkingTime(now, hours) ? null : nextWorkingStart(now, hours);
}
