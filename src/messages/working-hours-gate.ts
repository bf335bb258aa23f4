/**
 * A DM the scheduler sends on its own waits for its recipient's working hours (their zone, days,
 * quiet days and time away), checked when it is about to be sent: their hours may have changed, or
 * they may have gone away, since it was queued — and workspace-wide days off, which nobody's own hours
 * name. A DM caused by someone's action just now goes at once
 * (Slack's own notification schedule quiets it at night); only rows that ask for it are held.
 */
import type { Queryable } from '../db/db';
import { getMemberWithWorkspaceDaysOff } from '../db/members';
import type { OutboxRow } from '../db/outbox';
import { hoursOf, isWorkingTime, nextWorkingStart } from '../services/schedule/working-hours';

/** When the row may go, if not now (business time); null: now is fine. */
export async function heldUntil(db: Queryable, row: OutboxRow, now: Date): Promise<Date | null> {
  if (!row.in_hours_of) return null;
  const found = await getMemberWithWorkspaceDaysOff(db, row.team_id, row.in_hours_of, now);
  if (!found) return null; // someone we know nothing of: UTC office hours would be a guess, so send
  const own = hoursOf(found.member);
  const hours =
    found.workspaceDaysOff.length === 0
      ? own
      : { ...own, quietDates: [...(own.quietDates ?? []), ...found.workspaceDaysOff] };
  return isWorkingTime(now, hours) ? null : nextWorkingStart(now, hours);
}
