/**
 * Nudges the scheduler sends on its own: the bundled reminder DM and the Monday say/do note. Both are
 * rendered when they are sent, from the state at that moment: a reminder shows only what is still
 * open (nothing left: not sent at all), and a note counts up to the moment it goes.
 */
import { z } from 'zod';
import { forgetSubjects } from '../db/outbox';
import type { ReminderItem } from '../domain/reminders';
import { remindersToShow, weeklyNoteFor } from '../services/nudges';
import { nudgeBundle, weeklyNote } from '../views/nudges';
import { defineKind, post, type Routes } from './kit';
import { ReminderItemJson } from './stored';

/** One DM per person per working window listing everything that came due, with Done / Move / Snooze.
 *  Queued by the tick inside the person's working hours (schedule/working-hours decides the window). */
export const reminderMessage = defineKind(
  // stored name kept from before the message seam: rows already queued still read
  'nudge',
  'chat.postMessage',
  z.object({ user_id: z.string(), items: z.array(ReminderItemJson) }),
  async (p, { deps, rowId, updating, reminderNow }) => {
    const read = await reminderNow(p.user_id, p.items);
    const shown = remindersToShow(read, p.items, deps.clock.now(), { includeSettled: updating });
    return shown && post(p.user_id, nudgeBundle(shown.items, shown.owed, shown.tz, rowId, shown.now));
  },
);

/** Monday morning, in the person's working hours: last week's promises and what is due this week. */
export const weeklyNoteMessage = defineKind(
  'weekly',
  'chat.postMessage',
  z.object({ user_id: z.string() }),
  async (p, { deps, teamId }) => {
    const note = await weeklyNoteFor(deps, teamId, p.user_id);
    return post(p.user_id, weeklyNote(note.figures, note.due, note.tz, note.growing));
  },
);

export const nudgeKinds = [reminderMessage, weeklyNoteMessage];

const about = (items: ReminderItem[]) => items.map((i) => `${i.subject}:${i.ref}`);

export const nudgeRoutes: Routes<'reminders_due' | 'reminders_snoozed' | 'weekly_note_due'> = {
  reminders_due: ({ userId, windowKey, items }, { now }) => ({
    messages: [
      reminderMessage.queue(
        { user_id: userId, items },
        {
          key: `nudge:${userId}:${windowKey}`,
          to: userId,
          notBefore: now,
          subjects: about(items),
          inHoursOf: userId,
        },
      ),
    ],
    homes: [],
  }),
  reminders_snoozed: async ({ teamId, userId, bundleId, until, items }, { tx }) => {
    // the snoozed reminder now reads "Snoozed until …" (replaced through its response_url): it is not
    // brought back to life by later changes; the bundle that comes back later is.
    await forgetSubjects(tx, teamId, bundleId);
    return {
      messages: [
        reminderMessage.queue(
          { user_id: userId, items },
          {
            key: `nudge:${userId}:snoozed:${bundleId}:${until.toISOString()}`,
            to: userId,
            notBefore: until,
            subjects: about(items),
            inHoursOf: userId,
          },
        ),
      ],
      homes: [],
    };
  },
  weekly_note_due: ({ userId, week }, { now }) => ({
    messages: [
      weeklyNoteMessage.queue(
        { user_id: userId },
        { key: `weekly:${userId}:${week}`, to: userId, notBefore: now, inHoursOf: userId },
      ),
    ],
    homes: [],
  }),
};
