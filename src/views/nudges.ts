import type { KnownBlock } from '@slack/types';
import type { DuePromise, NudgeItem, OwedToItem, ReminderKind } from '../domain/reminders';
import type { GrowthSignal } from '../domain/team';
import { Actions } from '../slack/ids';
import { SHOWN } from '../slack/limits';
import { reminderItemStatus } from './status';
import { commitmentRef, delegationRef, localDateTime, mention } from './format';
import { neutralise } from './neutralise';
import { button, context, divider, section, type MessageView } from './message';

const refOf = (i: { subject: string; ref: number }) =>
  i.subject === 'delegation' ? delegationRef(i.ref) : commitmentRef(i.ref);

const KIND_WORDS: Record<ReminderKind, string> = {
  before: 'coming up',
  halfway: 'halfway check-in',
  due: 'due now',
  overdue: 'past its date',
};

function itemLine(i: NudgeItem, tz: string): string {
  const who =
    i.subject === 'delegation' && i.counterpartId
      ? ` (from ${mention(i.counterpartId)})`
      : i.counterpartId
        ? ` (to ${mention(i.counterpartId)})`
        : '';
  return `*${refOf(i)}* ${neutralise(i.title)}${who} — ${KIND_WORDS[i.kind]}, due ${localDateTime(i.dueAt, tz)}`;
}

/** What can be done about an item now: a promise past its date can be owned, not moved. */
function itemActions(i: NudgeItem, now: Date): KnownBlock {
  return {
    type: 'actions',
    block_id: `nudge_${i.subject}_${i.ref}`,
    elements:
      i.subject === 'commitment'
        ? [
            button('Done', Actions.commitmentDone, String(i.ref), 'primary'),
            i.dueAt.getTime() <= now.getTime() && now.getTime() > 0 // a bundle rendered without a clock offers Move
              ? button('Own it', Actions.commitmentOwnMiss, String(i.ref))
              : button('Move', Actions.commitmentMove, String(i.ref)),
          ]
        : [
            button('Win', Actions.outcomeWin, String(i.ref), 'primary'),
            button('Loss', Actions.outcomeLoss, String(i.ref)),
          ],
  };
}

/** One bundled reminder DM: what you owe (with Done / Move / Win / Loss) and what is owed to you. */
export function nudgeBundle(
  items: NudgeItem[],
  owed: OwedToItem[],
  tz: string,
  bundleId: number,
  now: Date = new Date(0),
): MessageView {
  // once every item is settled the nudge says so, and there is nothing left to snooze
  const anyOpen = items.some((i) => i.open);
  const blocks: KnownBlock[] = [
    section(
      anyOpen
        ? `:wave: A gentle nudge — *${items.length === 1 ? 'one thing' : `${items.length} things`}* on your plate:`
        : ':white_check_mark: All settled — nothing left from this nudge.',
    ),
  ];
  blocks.push(section('*You owe*'));
  for (const i of items.slice(0, SHOWN.reminderItems)) {
    if (i.open) blocks.push(section(itemLine(i, tz)), itemActions(i, now));
    else blocks.push(section(`~${itemLine(i, tz)}~`), context(reminderItemStatus(i.status)));
  }
  if (items.length > SHOWN.reminderItems)
    blocks.push(context(`…and ${items.length - SHOWN.reminderItems} more on your Home tab.`));
  if (owed.length > 0) {
    blocks.push(
      divider(),
      section(
        `*Owed to you*\n${owed.map((o) => `• *${refOf(o)}* ${neutralise(o.title)} — from ${mention(o.ownerId)}, due ${localDateTime(o.dueAt, tz)}`).join('\n')}`,
      ),
    );
  }
  if (!anyOpen) return { text: `Settled: ${items.map(refOf).join(', ')}`, blocks };
  blocks.push({
    type: 'actions',
    block_id: `nudge_snooze_${bundleId}`,
    elements: [
      {
        type: 'static_select',
        action_id: Actions.snooze,
        placeholder: { type: 'plain_text', text: 'Snooze' },
        options: [
          { text: { type: 'plain_text', text: 'For an hour' }, value: '1h' },
          { text: { type: 'plain_text', text: 'Until tomorrow morning' }, value: 'tomorrow' },
          { text: { type: 'plain_text', text: 'Until next Monday' }, value: 'monday' },
        ],
      },
    ],
  });
  blocks.push(
    context(
      'Moving a date *before* it’s due is honest renegotiation; snoozing just quiets me. Set your hours with `/ritual me hours 9:00-17:30`.',
    ),
  );
  return { text: `A gentle nudge: ${items.map(refOf).join(', ')}`, blocks };
}

export function snoozedReply(until: Date, tz: string): MessageView {
  return {
    text: 'Snoozed.',
    blocks: [
      section(
        `:zzz: Snoozed until *${localDateTime(until, tz)}* (your time). I’ll bring what’s still open back then — nothing on your ledger changed.`,
      ),
    ],
  };
}

/** The leader's nudge to acknowledge an outcome: a win with thanks, a loss with respect. */
export function ackNudge(
  d: { ref: number; title: string; assigneeId: string; status: string; lesson: string | null },
  reminder: boolean,
): MessageView {
  const won = d.status === 'won';
  const opener = reminder ? 'A gentle reminder: ' : '';
  const text = won
    ? `${opener}:tada: ${mention(d.assigneeId)} closed *${delegationRef(d.ref)} · ${neutralise(d.title)}* as a win. A word of thanks from you goes a long way.`
    : `${opener}:seedling: ${mention(d.assigneeId)} closed *${delegationRef(d.ref)} · ${neutralise(d.title)}* as a loss${d.lesson ? ` and shared what they learned:\n>${neutralise(d.lesson)}\n` : '. '}Being steady now matters: say you respect the attempt, and what you take from the lesson.`;
  return {
    text: `${delegationRef(d.ref)} was closed — acknowledge it?`,
    blocks: [
      section(text),
      {
        type: 'actions',
        elements: [button('Write a note', Actions.acknowledgeOutcome, String(d.ref), 'primary')],
      },
      context('Your note is posted in the thread of the celebration.'),
    ],
  };
}

export function weeklyNote(
  f: { said: number; kept: number; moved: number; missed: number },
  dueThisWeek: DuePromise[],
  tz: string,
  growing: { personId: string; growth: GrowthSignal }[] = [],
): MessageView {
  const last =
    f.said + f.kept + f.moved + f.missed === 0
      ? 'No promises were made or settled last week.'
      : `Last week you promised *${f.said}*, kept *${f.kept}*, moved *${f.moved}* before they were due, and missed *${f.missed}*.`;
  const due =
    dueThisWeek.length === 0
      ? 'Nothing of yours falls due this week.'
      : `*Due this week*\n${dueThisWeek.map((c) => `• *${commitmentRef(c.ref)}* ${c.counterpartId ? `to ${mention(c.counterpartId)}: “${neutralise(c.text)}”` : neutralise(c.text)} — ${localDateTime(c.dueAt, tz)}${c.delegationRef ? ` · your support for *${delegationRef(c.delegationRef)}*` : ''}`).join('\n')}`;
  const team = growing.map(({ personId, growth: g }) =>
    g.kind === 'stuck'
      ? `• ${mention(personId)} has had only small work for ${g.weeks} weeks, with ${g.wins} of ${g.closed} closed as wins — consider a ${g.to} piece.`
      : `• ${mention(personId)} is ready for a step up to ${g.to}: ${g.wins} of ${g.closed} closed at ${g.from} were wins.`,
  );
  return {
    text: 'Your weekly say/do note',
    blocks: [
      section(`:calendar: *Your weekly say/do note*\n${last}`),
      section(due),
      ...(team.length > 0 ? [section(`*Your team*\n${team.join('\n')}`)] : []),
      context('Doing what you said, in little things as much as big ones, is how trust is earned.'),
    ],
  };
}
