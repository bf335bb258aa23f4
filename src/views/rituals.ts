import type { KnownBlock, View } from '@slack/types';
import type { ClosedOutcome } from '../domain/delegation';
import type { Ritual, RitualKind, RitualSchedule } from '../domain/ritual';
import { describeSchedule } from '../services/schedule/ritual-schedule';
import { AckFields, Actions, RetroLessonFields, Views } from '../slack/ids';
import { SHOWN } from '../slack/limits';
import { TEXT_LIMITS } from '../domain/limits';
import type { RitualChanged } from '../services/rituals';
import type { AwayMoves, SettingsResult } from '../services/settings';
import { clip, commitmentRef, delegationRef, localDateTime, mention } from './format';
import { neutralise } from './neutralise';
import { button, context, notice, section, type MessageView } from './message';

export const RITUAL_USAGE = [
  '*Rituals for this channel*',
  '• `/ritual retro every Friday 16:00` — a retro prompt quoting this channel’s outcomes, wins and losses',
  '• `/ritual digest every Monday 9:00` — a wins-and-losses digest',
  '• `/ritual list` · `/ritual pause retro` · `/ritual resume retro` · `/ritual off digest`',
  'Schedules read naturally: `every Friday 4pm`, `every other Wednesday 10:00`, `weekdays 9:30`. Times are in your time zone.',
  '*Days off:* `/ritual holidays add 2026-12-24 2026-12-26 "Winter break"` · `/ritual holidays list` · `/ritual holidays remove 2026-12-24` (add `workspace` for everyone: admins).',
  '*Your own rhythm:* `/ritual me hours 9:00-17:30`, `/ritual me days mon-thu`, `/ritual me away 2026-12-20 to 2027-01-03`, `/ritual me back`.',
  '*Your reminders:* `/ritual me reminders` · `/ritual me reminders overdue off` (kinds: before, due, overdue, weekly).',
].join('\n');

const NAME = { retro: 'retro', digest: 'digest' } as const;

export function ritualList(rituals: Ritual[], channelId: string): MessageView {
  if (rituals.length === 0) {
    return {
      text: 'No rituals in this channel yet.',
      blocks: [section(`No rituals in <#${channelId}> yet.\n${RITUAL_USAGE}`)],
    };
  }
  const lines = rituals.map(
    (r) => `• *${NAME[r.kind]}* — ${describeSchedule(r.schedule, r.tz)}${r.enabled ? '' : ' · _paused_'}`,
  );
  return {
    text: 'Rituals in this channel',
    blocks: [
      section(`*Rituals in <#${channelId}>*\n${lines.join('\n')}`),
      context('Change one by setting it again; `/ritual pause retro`, `/ritual off digest`.'),
    ],
  };
}

export function ritualSaved(r: Ritual, next: Date | null, nextLocal: string): MessageView {
  const what = r.kind === 'retro' ? 'a retro prompt' : 'a wins-and-losses digest';
  return {
    text: `Ritual set: ${r.kind}`,
    blocks: [
      section(
        `:calendar: I’ll post ${what} in <#${r.channelId}> ${describeSchedule(r.schedule, r.tz)}.${next ? ` First one: *${nextLocal}*.` : ''}`,
      ),
    ],
  };
}

function outcomeLine(o: ClosedOutcome): string {
  const mark = o.status === 'won' ? ':tada:' : ':seedling:';
  const lesson = o.lesson ? ` — _${clip(neutralise(o.lesson), SHOWN.lessonInList)}_` : '';
  return `${mark} *${delegationRef(o.ref)}* ${neutralise(o.title)} · ${mention(o.assigneeId)}${lesson}`;
}

/** The retro prompt: the period's outcomes, wins and losses with their lessons, and the questions. */
export function retroPost(outcomes: ClosedOutcome[], late: boolean): MessageView {
  const wins = outcomes.filter((o) => o.status === 'won');
  const losses = outcomes.filter((o) => o.status === 'lost');
  const blocks: KnownBlock[] = [
    section(
      `:mirror: *Retro time: what did we try, what did we learn?*${late ? ' _(a little late — I was away)_' : ''}`,
    ),
  ];
  if (outcomes.length === 0) {
    blocks.push(
      section(
        'No delegations closed here since last time — and that’s fine. What did we try anyway? What are we learning? Reply in the thread.',
      ),
    );
  } else {
    if (wins.length) blocks.push(section(`*Wins*\n${wins.map(outcomeLine).join('\n')}`));
    if (losses.length)
      blocks.push(section(`*Losses, and what they taught us*\n${losses.map(outcomeLine).join('\n')}`));
    blocks.push(context('Losses with lessons count as much as wins: they bring the next win closer.'));
  }
  blocks.push({
    type: 'actions',
    elements: [button('Add a lesson', Actions.retroAddLesson, 'retro', 'primary')],
  });
  return { text: 'Retro time: what did we try, what did we learn?', blocks };
}

export function digestPost(outcomes: ClosedOutcome[], late: boolean): MessageView {
  const wins = outcomes.filter((o) => o.status === 'won').length;
  const losses = outcomes.length - wins;
  if (outcomes.length === 0) {
    return {
      text: 'Wins and losses digest',
      blocks: [
        section(
          `:bar_chart: *Wins and losses since last time*${late ? ' _(a little late)_' : ''}\nNothing closed here this time. Quiet weeks happen — trust grows in small steps.`,
        ),
      ],
    };
  }
  return {
    text: 'Wins and losses digest',
    blocks: [
      section(
        `:bar_chart: *Wins and losses since last time*${late ? ' _(a little late)_' : ''} — *${wins}* ${wins === 1 ? 'win' : 'wins'}, *${losses}* ${losses === 1 ? 'loss' : 'losses'}, every one a step.`,
      ),
      section(outcomes.map(outcomeLine).join('\n')),
    ],
  };
}

/** A lesson someone added to a retro, posted in its thread. */
export function retroLessonPost(userId: string, lesson: string): MessageView {
  return { text: `:bulb: ${mention(userId)}: ${neutralise(lesson)}`, blocks: [] };
}

export interface RetroLessonMeta {
  channel: string;
  ts: string;
}

export function retroLessonModal(meta: RetroLessonMeta): View {
  return {
    type: 'modal',
    callback_id: Views.retroLesson,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Add a lesson' },
    submit: { type: 'plain_text', text: 'Share' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: RetroLessonFields.lesson,
        label: { type: 'plain_text', text: 'What did you try, and what did you learn?' },
        element: {
          type: 'plain_text_input',
          action_id: RetroLessonFields.lesson,
          multiline: true,
          max_length: TEXT_LIMITS.note,
        },
      },
    ],
  };
}

export function ackModal(ref: number, won: boolean): View {
  return {
    type: 'modal',
    callback_id: Views.acknowledge,
    private_metadata: JSON.stringify({ ref }),
    title: { type: 'plain_text', text: `Acknowledge ${delegationRef(ref)}` },
    submit: { type: 'plain_text', text: 'Post it' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: AckFields.note,
        label: {
          type: 'plain_text',
          text: won
            ? 'A word of thanks'
            : 'What you respect about the attempt, and what you take from the lesson',
        },
        element: {
          type: 'plain_text_input',
          action_id: AckFields.note,
          multiline: true,
          max_length: TEXT_LIMITS.note,
        },
      },
    ],
  };
}

/** Told in the channel when its ritual changes, so nobody is surprised by a post, or by its absence. */
export function ritualChangeNotice(c: {
  ritual: RitualKind;
  by: string;
  change: 'set' | 'rescheduled' | 'paused' | 'resumed' | 'off';
  schedule: { schedule: RitualSchedule; tz: string } | null;
}): MessageView {
  const what = c.ritual === 'retro' ? 'a retro prompt' : 'a wins-and-losses digest';
  const when = c.schedule ? describeSchedule(c.schedule.schedule, c.schedule.tz) : '';
  const who = mention(c.by);
  switch (c.change) {
    case 'set':
      return notice(
        `:calendar: ${who} set up ${what} for this channel, ${when}. It quotes the wins and losses here, with their lessons.`,
      );
    case 'rescheduled':
      return notice(`:calendar: ${who} moved this channel’s ${c.ritual} to ${when}.`);
    case 'paused':
      return notice(
        `:double_vertical_bar: ${who} paused this channel’s ${c.ritual}. \`/ritual resume ${c.ritual}\` brings it back.`,
      );
    case 'resumed':
      return notice(`:arrow_forward: ${who} brought this channel’s ${c.ritual} back.`);
    case 'off':
      return notice(
        `${who} turned off this channel’s ${c.ritual}. \`/ritual ${c.ritual} every Friday 16:00\` sets it up again.`,
      );
  }
}

/** The answer to `/ritual pause|resume|off <kind>`. */
export function ritualChanged(c: RitualChanged): MessageView {
  const where = `<#${c.channelId}>`;
  switch (c.action) {
    case 'off':
      return notice(`Done — no more ${c.kind} posts in ${where}. Set it again any time.`);
    case 'pause':
      return notice(`Paused the ${c.kind} in ${where}. \`/ritual resume ${c.kind}\` brings it back.`);
    case 'resume':
      return notice(
        `The ${c.kind} in ${where} is back on; the next one is ${localDateTime(c.next, c.tz)} (${c.tz}).`,
      );
  }
}

/** The answer to `/ritual me …`: what changed, and the offer to move promises due while away. */
export function settingsSaved(r: SettingsResult): MessageView {
  const blocks: KnownBlock[] = [section(`:white_check_mark: ${r.summary}`)];
  if (r.away && r.dueWhileAway.length > 0) {
    blocks.push(
      section(
        `While you’re away, ${r.dueWhileAway.length === 1 ? 'this promise falls' : 'these promises fall'} due:\n` +
          r.dueWhileAway
            .map((x) => `• *${commitmentRef(x.ref)}* ${neutralise(x.text)} — ${localDateTime(x.dueAt, r.tz)}`)
            .join('\n') +
          '\nMove them to after you’re back? It’s a renegotiation made in good time, and the people they’re owed to will be told.',
      ),
      {
        type: 'actions',
        elements: [
          button('Move them', Actions.awayMovePromises, `${r.away.from}:${r.away.until}`, 'primary'),
        ],
      },
    );
  }
  return { text: r.summary, blocks };
}

/** After "Move them": what moved where. */
export function awayMovesReply(r: AwayMoves): MessageView {
  if (r.kind === 'no_time_off') return notice('You have no time off set, so there’s nothing to move.');
  if (r.moved.length === 0) return notice('Nothing needed moving.');
  return notice(
    `Moved, and the people they’re owed to were told:\n${r.moved
      .map((m) => `*${commitmentRef(m.ref)}* → ${localDateTime(m.dueAt, r.tz)}`)
      .join('\n')}`,
  );
}
