/**
 * Channel rituals: the retro prompt and the wins-and-losses digest, posted when their occurrence comes
 * (the tick claims it), and lessons people add in a retro's thread.
 */
import { z } from 'zod';
import { digestPost, retroLessonPost, retroPost, ritualChangeNotice } from '../views/rituals';
import { defineKind, post, type Routes } from './kit';
import { ClosedOutcomeJson, RitualScheduleJson, ThreadJson } from './stored';

/** In the ritual's channel at its time: the period's outcomes, wins and losses alike. If Trustloop
 *  cannot post there, the person who set it up hears by DM. */
export const ritualPostMessage = defineKind(
  'ritual_post',
  'chat.postMessage',
  z.object({
    channel: z.string(),
    ritual: z.enum(['retro', 'digest']),
    outcomes: z.array(ClosedOutcomeJson),
    late: z.boolean(),
  }),
  (p) =>
    post(p.channel, p.ritual === 'retro' ? retroPost(p.outcomes, p.late) : digestPost(p.outcomes, p.late)),
);

/** A lesson someone adds to a retro, at once, in the retro's thread. */
export const retroLessonMessage = defineKind(
  'retro_lesson',
  'chat.postMessage',
  z.object({ userId: z.string(), lesson: z.string(), thread: ThreadJson }),
  (p) => post(p.thread.channel, retroLessonPost(p.userId, p.lesson), { thread_ts: p.thread.ts }),
);

/** In the ritual's channel, at once: who set up, moved, paused, resumed or turned off its ritual. */
export const ritualChangeMessage = defineKind(
  'ritual_change',
  'chat.postMessage',
  z.object({
    channel: z.string(),
    ritual: z.enum(['retro', 'digest']),
    by: z.string(),
    change: z.enum(['set', 'rescheduled', 'paused', 'resumed', 'off']),
    schedule: z.object({ schedule: RitualScheduleJson, tz: z.string() }).nullable(),
  }),
  (p) => post(p.channel, ritualChangeNotice(p)),
);

export const ritualKinds = [ritualPostMessage, retroLessonMessage, ritualChangeMessage];

export const ritualRoutes: Routes<'ritual_due' | 'retro_lesson_added' | 'ritual_changed'> = {
  ritual_changed: ({ channelId, kind, by, change, schedule }, { now }) => ({
    messages: [
      ritualChangeMessage.queue(
        { channel: channelId, ritual: kind, by, change, schedule },
        {
          key: `ritual_change:${channelId}:${kind}:${change}:${now.toISOString()}`,
          to: channelId,
          notBefore: now,
          // a private channel Trustloop is not in: whoever set it up learns at once how to invite it
          fallbackDmTo: [by],
        },
      ),
    ],
    homes: [],
  }),
  ritual_due: ({ ritual, occurrenceKey, late, outcomes }, { now }) => ({
    messages: [
      ritualPostMessage.queue(
        { channel: ritual.channelId, ritual: ritual.kind, outcomes, late },
        {
          key: `ritual:${ritual.id}:${occurrenceKey}`,
          to: ritual.channelId,
          notBefore: now,
          fallbackDmTo: [ritual.createdBy],
        },
      ),
    ],
    homes: [],
  }),
  retro_lesson_added: ({ userId, retro, lesson, submissionKey }, { now }) => ({
    messages: [
      retroLessonMessage.queue(
        { userId, lesson, thread: retro },
        { key: `retro_lesson:${submissionKey}`, to: retro.channel, notBefore: now },
      ),
    ],
    homes: [],
  }),
};
