/**
 * What Trustloop keeps of its own bookkeeping, and for how long (README "Security": nothing grows
 * without bound). The ledger and the current state are the product and are never purged here.
 *
 * - Outbox rows that are finished (sent, failed, dropped) are kept 30 days: long enough to look into
 *   what happened to a message, and far longer than any retry or repeated tick could ask for the same
 *   key again (a reminder's key names its working day, a weekly note its week, a ritual its occurrence).
 *   A celebration or a ritual post is kept 180 days, because a note in its thread (a leader's
 *   acknowledgement, a retro lesson) finds the message through it.
 * - Reminder points are the memory of which reminders went out: kept while the item is open (they stop
 *   it from being reminded of twice), and for 14 days after it closed.
 * - A conversation's pacing slot is only needed for a moment after it was used; a day is plenty.
 * - A Workflow Builder step's run is remembered so a redelivered event does nothing twice; Slack
 *   redelivers within minutes, so a run begun 30 days ago is long settled (its token went at completion).
 *
 * Each purge removes at most `batch` rows per table and tick, so a tick never holds a long transaction.
 */
import type { Queryable } from './db';

export const RETENTION = {
  finishedMessagesDays: 30,
  threadAnchorsDays: 180,
  closedRemindersDays: 14,
  paceHours: 24,
  stepRunsDays: 30,
} as const;

/** Messages whose thread later notes are posted in. */
const THREAD_ANCHOR_KINDS = ['celebration', 'ritual_post'];

const DAY_MS = 24 * 3600_000;

export interface Purged {
  messages: number;
  reminderPoints: number;
  paceSlots: number;
  stepRuns: number;
}

export async function purgeHistory(db: Queryable, now: Date, wall: Date, batch = 5000): Promise<Purged> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const messages = await db.query(
    `delete from outbox o using (
       select id from outbox
        where status in ('sent', 'failed', 'dropped') and not_before < $1
          and not (status = 'sent' and kind = any($3::text[]) and not_before >= $2)
        order by not_before limit $4
     ) doomed
     where o.id = doomed.id`,
    [before(RETENTION.finishedMessagesDays), before(RETENTION.threadAnchorsDays), THREAD_ANCHOR_KINDS, batch],
  );
  // A point's key is reminder:<team>:<subject>:<ref>:<kind>:<due> (schedule/reminders.ts reminderKey).
  const reminderPoints = await db.query(
    `delete from reminder_points r using (
       select p.team_id, p.key from reminder_points p
        where p.at < $1
          and not exists (select 1 from delegations d where split_part(p.key, ':', 3) = 'delegation'
                            and d.team_id = p.team_id and d.ref = split_part(p.key, ':', 4)::int and d.status = 'open')
          and not exists (select 1 from commitments c where split_part(p.key, ':', 3) = 'commitment'
                            and c.team_id = p.team_id and c.ref = split_part(p.key, ':', 4)::int and c.status = 'open')
        order by p.at limit $2
     ) doomed
     where r.team_id = doomed.team_id and r.key = doomed.key`,
    [before(RETENTION.closedRemindersDays), batch],
  );
  const paceSlots = await db.query(
    `delete from channel_pace c using (
       select team_id, channel_key from channel_pace where next_allowed_at < $1 order by next_allowed_at limit $2
     ) doomed
     where c.team_id = doomed.team_id and c.channel_key = doomed.channel_key`,
    [new Date(wall.getTime() - RETENTION.paceHours * 3600_000), batch],
  );
  const stepRuns = await db.query(
    `delete from function_executions f using (
       select team_id, function_execution_id from function_executions where created_at < $1 order by created_at limit $2
     ) doomed
     where f.team_id = doomed.team_id and f.function_execution_id = doomed.function_execution_id`,
    [before(RETENTION.stepRunsDays), batch],
  );
  return {
    messages: messages.rowCount,
    reminderPoints: reminderPoints.rowCount,
    paceSlots: paceSlots.rowCount,
    stepRuns: stepRuns.rowCount,
  };
}
