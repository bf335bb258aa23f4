import type { ActionsBlock, KnownBlock, View } from '@slack/types';
import { TEXT_LIMITS } from '../domain/limits';
import { SHOWN } from '../slack/limits';
import {
  Actions,
  BufferFields,
  CancelFields,
  ChangeRequestFields,
  DelegateFields,
  EditFields,
  LessonFields,
  ReassignFields,
  Views,
} from '../slack/ids';
import type { Delegation, PromiseSummary } from '../domain/delegation';
import type { Ladder, Stakes } from '../domain/stakes';
import { ladderLine } from '../services/trust-ladder';
import {
  clip,
  delegationRef,
  commitmentRef,
  localDateTime,
  localDay,
  mention,
  slackDate,
  plural,
} from './format';
import type { DayOff } from '../domain/days-off';
import { neutralise } from './neutralise';
import { button, context, divider, header, notice, section, type MessageView } from './message';

export const DELEGATE_USAGE =
  'Usage: `/delegate @person what by when [stakes small|medium|large]` — e.g. `/delegate @ana Draft the Q3 customer survey by Friday stakes medium`. Add your own promises after a `;`: `; I’ll review your outline by Wednesday`. Or type `/delegate` alone for a form.';

export const OUTCOME_USAGE =
  'Usage: `/outcome D-12 win|loss what you learned` — e.g. `/outcome D-12 loss Underestimated the data cleaning`. For promises: `/outcome C-7 kept` or `/outcome C-7 missed why`. Type `/outcome` alone to see what you can close.';

const STAKES_LABEL: Record<Stakes, string> = { small: 'small', medium: 'medium', large: 'large' };

export interface DelegateConfirmationInput {
  delegation: Delegation;
  leaderTz: string;
  assigneeName: string;
  assigneeTz?: string;
  /** The assignee is outside their working hours now: when they are back. */
  assigneeOffUntil?: Date | null;
  /** The due date is on a team or workspace day off (in the assignee's zone). */
  dueOnDayOff?: DayOff | null;
  dueWasDefault: boolean;
  jumpWithoutBuffer: { below: Stakes } | null;
  stepUp: { from: Stakes; to: Stakes } | null;
  promises: PromiseSummary[];
}

/** The leader's ephemeral confirmation: reference, person, and the resolved local due date. */
export function delegateConfirmation(i: DelegateConfirmationInput): MessageView {
  const d = i.delegation;
  // a due date is the end of the assignee's working day: said in their time first when zones differ
  const due =
    i.assigneeTz && i.assigneeTz !== i.leaderTz
      ? `${localDateTime(d.dueAt, i.assigneeTz)} ${i.assigneeName}’s time (${i.assigneeTz}) — ${localDateTime(d.dueAt, i.leaderTz)} for you (${i.leaderTz})`
      : `${localDateTime(d.dueAt, i.leaderTz)} (your time, ${i.leaderTz})`;
  const blocks: KnownBlock[] = [
    section(
      `:handshake: *${delegationRef(d.ref)}* is with ${mention(d.assigneeId)}: *${neutralise(d.title)}*\n` +
        `Due *${due}*${i.dueWasDefault ? ' — no date given, so a week from now' : ''} · stakes *${STAKES_LABEL[d.stakes]}*` +
        (d.buffer ? `\nSafety net: ${neutralise(d.buffer)}` : ''),
    ),
  ];
  if (i.dueOnDayOff) {
    const off = i.dueOnDayOff;
    const whose = off.channelId ? 'a team day off' : 'a day off for the whole workspace';
    blocks.push(
      section(
        `Heads-up: ${localDay(d.dueAt, i.assigneeTz ?? i.leaderTz)} is ${whose}${off.label ? ` (${neutralise(off.label)})` : ''} — still OK? Reminders wait until the next working day; *Move the date* if it should land on a working day.`,
      ),
      // only the date is in question here: reassigning or cancelling would be an answer to a different worry
      {
        type: 'actions',
        block_id: `day_off_change_${d.ref}`,
        elements: [button('Move the date', Actions.delegationEdit, String(d.ref))],
      },
    );
  }
  if (i.jumpWithoutBuffer) {
    blocks.push(
      section(
        `:seedling: This is a step up for ${i.assigneeName}: no closed *${i.jumpWithoutBuffer.below}* work yet. ` +
          'Trust grows in small steps — a buffer (a review, a fallback, slack in the date) keeps a miss from hurting.',
      ),
      {
        type: 'actions',
        elements: [button('Add a safety net', Actions.delegationAddBuffer, String(d.ref), 'primary')],
      },
    );
  }
  if (i.stepUp) {
    blocks.push(
      section(
        `:sparkles: ${i.assigneeName} has a solid *${i.stepUp.from}*-stakes track record — ready for a *${i.stepUp.to}* step up when you have one. Say it out loud: “this is a step up, because…”.`,
      ),
    );
  }
  if (i.promises.length > 0) {
    blocks.push(
      section(
        `*Your promises to ${i.assigneeName}:*\n` +
          i.promises
            .map(
              (p) =>
                `• *${commitmentRef(p.ref)}* ${neutralise(p.text)} — by ${localDateTime(p.dueAt, i.leaderTz)}${p.dueWasDefault ? ' (no date given, so the task’s due date)' : ''}`,
            )
            .join('\n'),
      ),
    );
  }
  const dmNow =
    i.assigneeOffUntil && i.assigneeTz
      ? `${i.assigneeName} is off until ${localDateTime(i.assigneeOffUntil, i.assigneeTz)}, their time — the DM is there when they’re back.`
      : `${i.assigneeName} gets a DM now.`;
  blocks.push(
    context(
      `${dmNow} Close it with \`/outcome ${delegationRef(d.ref)} win\` or \`/outcome ${delegationRef(d.ref)} loss what we learned\`.`,
    ),
  );
  return { text: `${delegationRef(d.ref)} is with ${i.assigneeName}, due ${due}.`, blocks };
}

/**
 * "Given from a message": the link Slack gave us (chat.getPermalink) when the work was delegated from a
 * message, so both people can go back to where it started. Our own link, never a person's.
 */
export function fromMessageLine(d: Pick<Delegation, 'sourcePermalink'>): KnownBlock[] {
  return d.sourcePermalink ? [context(`:speech_balloon: Given from <${d.sourcePermalink}|a message>`)] : [];
}

/** The assignee's DM: task, leader, due, stakes, success, buffer, promises; accept or ask for a change. */
export function assigneeDm(
  d: Delegation,
  assigneeTz: string,
  promises: PromiseSummary[],
  /** The version before the leader's edit: what changed is shown as such. */
  changedFrom: Delegation | null = null,
): MessageView {
  const was = (changed: boolean, before: string) => (changedFrom && changed ? ` _(was ${before})_` : '');
  const fields = [
    {
      type: 'mrkdwn' as const,
      text: `*Due*\n${slackDate(d.dueAt, assigneeTz)}${was(changedFrom?.dueAt.getTime() !== d.dueAt.getTime(), changedFrom ? localDateTime(changedFrom.dueAt, assigneeTz) : '')}`,
    },
    {
      type: 'mrkdwn' as const,
      text: `*Stakes*\n${STAKES_LABEL[d.stakes]}${was(changedFrom?.stakes !== d.stakes, changedFrom?.stakes ?? '')}`,
    },
    {
      type: 'mrkdwn' as const,
      text: `*Success looks like*\n${d.success ? clip(neutralise(d.success), SHOWN.fieldBody) : '_not said yet — ask if it’s unclear_'}`,
    },
    {
      type: 'mrkdwn' as const,
      text: `*Safety net*\n${d.buffer ? clip(neutralise(d.buffer), SHOWN.fieldBody) : '_none named_'}`,
    },
  ];
  const blocks: KnownBlock[] = [
    header(
      changedFrom
        ? `Changed by your lead: ${delegationRef(d.ref)}`
        : `New from your lead: ${delegationRef(d.ref)}`,
    ),
    section(
      changedFrom
        ? `${mention(d.leaderId)} changed what they trust you with: *${neutralise(d.title)}*${was(changedFrom.title !== d.title, `“${neutralise(changedFrom.title)}”`)}`
        : `${mention(d.leaderId)} is trusting you with *${neutralise(d.title)}*`,
    ),
    ...fromMessageLine(d),
    { type: 'section', fields },
  ];
  if (promises.length > 0) {
    blocks.push(
      section(
        `*${mention(d.leaderId)} promises you:*\n` +
          promises
            .map(
              (p) =>
                `• *${commitmentRef(p.ref)}* ${neutralise(p.text)} — by ${slackDate(p.dueAt, assigneeTz)}`,
            )
            .join('\n'),
      ),
    );
  }
  blocks.push({
    type: 'actions',
    block_id: `delegation_${d.ref}`,
    elements: [
      button('Accept', Actions.delegationAccept, String(d.ref), 'primary'),
      button('Ask for a change', Actions.delegationRequestChange, String(d.ref)),
    ],
  });
  blocks.push(
    context(
      `Trusting you with this means trusting you might fail — that’s fine. When it’s done, \`/outcome ${delegationRef(d.ref)} win\` or \`/outcome ${delegationRef(d.ref)} loss\` with what you learned.`,
    ),
  );
  return { text: `${delegationRef(d.ref)} from your lead: ${neutralise(d.title)}`, blocks };
}

export function acceptedReply(d: Delegation, already = false, tz = 'UTC'): MessageView {
  const said = already
    ? `:white_check_mark: You accepted *${delegationRef(d.ref)} · ${neutralise(d.title)}* already${d.acceptedAt ? `, on ${localDateTime(d.acceptedAt, tz)}` : ''} — ${mention(d.leaderId)} knows.`
    : `:white_check_mark: You accepted *${delegationRef(d.ref)} · ${neutralise(d.title)}*. ${mention(d.leaderId)} knows. Good luck!`;
  return {
    text: `You accepted ${delegationRef(d.ref)}.`,
    blocks: [
      section(said),
      context(
        `Close it with \`/outcome ${delegationRef(d.ref)} win\` or \`/outcome ${delegationRef(d.ref)} loss\` and what you learned.`,
      ),
    ],
  };
}

export function acceptedNoteToLeader(d: Delegation): MessageView {
  const text = `:white_check_mark: ${mention(d.assigneeId)} accepted *${delegationRef(d.ref)} · ${neutralise(d.title)}*.`;
  return { text: `${delegationRef(d.ref)} was accepted.`, blocks: [section(text)] };
}

export function changeRequestToLeader(d: Delegation, note: string): MessageView {
  return {
    text: `${delegationRef(d.ref)}: a change was asked for`,
    blocks: [
      section(
        `:speech_balloon: ${mention(d.assigneeId)} would like to change something about *${delegationRef(d.ref)} · ${neutralise(d.title)}*:`,
      ),
      section(`>${clip(neutralise(note), SHOWN.quotedNote).replace(/\n/g, '\n>')}`),
      leaderChangeActions(d),
      context(
        'Agreeing on the shape of the work up front is how trust starts: change it, give it to someone else, or cancel it — a cancellation counts against no one.',
      ),
    ],
  };
}

/** Edit / Reassign / Cancel, for the leader of open work (the change request DM, the Home tab). */
export function leaderChangeActions(
  d: Pick<Delegation, 'ref'>,
  blockId = `leader_change_${d.ref}`,
): KnownBlock {
  const value = String(d.ref);
  return {
    type: 'actions',
    block_id: blockId,
    elements: [
      button('Edit', Actions.delegationEdit, value, 'primary'),
      button('Reassign', Actions.delegationReassign, value),
      button('Cancel it', Actions.delegationCancel, value, 'danger'),
    ],
  };
}

/** To the person who held it, when the leader gave the work to someone else. */
export function reassignedNotice(before: Delegation, after: Delegation): MessageView {
  return {
    text: `${delegationRef(before.ref)} went to someone else.`,
    blocks: [
      section(
        `:arrow_right: ${mention(after.leaderId)} gave *${delegationRef(before.ref)} · ${neutralise(before.title)}* to ${mention(after.assigneeId)} instead. Thank you for holding it — nothing here counts against you.`,
      ),
    ],
  };
}

/** To the assignee, when the leader cancels the work. */
export function cancelledNotice(d: Delegation): MessageView {
  return {
    text: `${delegationRef(d.ref)} was cancelled.`,
    blocks: [
      section(
        `:no_entry_sign: ${mention(d.leaderId)} cancelled *${delegationRef(d.ref)} · ${neutralise(d.title)}*.${d.cancelReason ? `\n>${clip(neutralise(d.cancelReason), TEXT_LIMITS.note)}` : ''}`,
      ),
      context(
        'A cancellation is not a loss: it counts against no one, and your trust ladder stays as it is.',
      ),
    ],
  };
}

/** The leader's note on an outcome, posted in the celebration's thread. */
export function ackNoteInThread(d: Pick<Delegation, 'leaderId'>, note: string): MessageView {
  const text = `${mention(d.leaderId)}: ${neutralise(note)}`;
  return { text, blocks: [] };
}

/** The leader's note by DM to the assignee, when the celebration could not be posted. */
export function ackNoteByDm(d: Pick<Delegation, 'leaderId' | 'ref' | 'title'>, note: string): MessageView {
  const text = `${mention(d.leaderId)}: ${neutralise(note)}\n_(about *${delegationRef(d.ref)} · ${neutralise(d.title)}*)_`;
  return { text, blocks: [] };
}

export function celebration(d: Delegation, ladder: Ladder): MessageView {
  const ref = delegationRef(d.ref);
  const lesson = d.lesson ? `\n>${clip(neutralise(d.lesson), TEXT_LIMITS.lesson).replace(/\n/g, '\n>')}` : '';
  if (d.status === 'won') {
    return {
      text: `A win to celebrate: ${ref} ${neutralise(d.title)}`,
      blocks: [
        section(
          `:tada: *A win to celebrate!* ${mention(d.assigneeId)} delivered *${ref} · ${neutralise(d.title)}*, trusted to them by ${mention(d.leaderId)}. Trust given, trust kept — well done.${lesson ? `\n*What helped:*${lesson}` : ''}`,
        ),
        ...fromMessageLine(d),
        context(
          `Trust ladder for ${mention(d.assigneeId)}: ${ladderLine(ladder)} — each win makes room for a bigger step.`,
        ),
      ],
    };
  }
  return {
    text: `A loss worth learning from: ${ref} ${neutralise(d.title)}`,
    blocks: [
      section(
        `:seedling: *A loss worth learning from.* ${mention(d.assigneeId)} took on *${ref} · ${neutralise(d.title)}* (trusted by ${mention(d.leaderId)}). It didn’t land this time — trusting enough to fail means this is part of the deal.\n*The lesson:*${lesson}`,
      ),
      ...fromMessageLine(d),
      context(
        `Trust ladder for ${mention(d.assigneeId)}: ${ladderLine(ladder)} — a loss with a lesson never lowers it.`,
      ),
    ],
  };
}

export function outcomeRecorded(d: Delegation, celebratedIn: string): MessageView {
  const kind = d.status === 'won' ? 'a win :tada:' : 'a loss, with its lesson :seedling:';
  return {
    text: `${delegationRef(d.ref)} closed as ${d.status === 'won' ? 'a win' : 'a loss'}.`,
    blocks: [
      section(
        `Recorded *${delegationRef(d.ref)} · ${neutralise(d.title)}* as ${kind}. I’m sharing it in ${celebratedIn}.`,
      ),
    ],
  };
}

export function lossNeedsLesson(ref: number, title: string): MessageView {
  return {
    text: `What did you learn from ${delegationRef(ref)}?`,
    blocks: [
      section(
        `Losses are worth as much as wins when they come with a lesson. What did you learn from *${delegationRef(ref)} · ${neutralise(title)}*? ` +
          `Type \`/outcome ${delegationRef(ref)} loss what you learned\`, or:`,
      ),
      {
        type: 'actions',
        elements: [button('Add the lesson', Actions.addLesson, `${ref}:loss`, 'primary')],
      },
    ],
  };
}

/** `/outcome` with no text: the caller's open delegations with Win / Loss buttons. */
/** A confirmation that replaces the `/outcome` list, followed by what is still open in it. */
export function withRemainingList(confirmation: MessageView, rest: MessageView | null): MessageView {
  return rest
    ? { text: confirmation.text, blocks: [...(confirmation.blocks ?? []), divider(), ...(rest.blocks ?? [])] }
    : confirmation;
}

export function openDelegationsList(userId: string, items: Delegation[], tz: string): MessageView {
  if (items.length === 0) {
    return {
      text: 'Nothing open to close.',
      blocks: [
        section(
          'You have no open delegations right now — nothing to close. :relieved: Start one with `/delegate @person what by when`.',
        ),
      ],
    };
  }
  const blocks: KnownBlock[] = [section(`*Open delegations you can close* (${items.length}):`)];
  for (const d of items.slice(0, SHOWN.openDelegations)) {
    const role = d.assigneeId === userId ? `from ${mention(d.leaderId)}` : `with ${mention(d.assigneeId)}`;
    blocks.push(
      section(
        `*${delegationRef(d.ref)} · ${neutralise(d.title)}* ${role} — due ${localDateTime(d.dueAt, tz)} · ${d.stakes}`,
      ),
    );
    const actions: ActionsBlock = {
      type: 'actions',
      block_id: `close_${d.ref}`,
      elements: [
        button('Win', Actions.outcomeWin, String(d.ref), 'primary'),
        button('Loss', Actions.outcomeLoss, String(d.ref)),
      ],
    };
    blocks.push(actions);
  }
  if (items.length > SHOWN.openDelegations)
    blocks.push(
      context(
        `…and ${plural(items.length - SHOWN.openDelegations, 'more')}. Close any with \`/outcome D-n win|loss lesson\`.`,
      ),
    );
  blocks.push(divider(), context('A loss with a lesson is progress, never a demotion.'));
  return { text: `You have ${plural(items.length, 'open delegation')}.`, blocks };
}

export interface LessonModalMeta {
  ref: number;
  result: 'win' | 'loss';
  responseUrl?: string;
  /** Opened from the `/outcome` list (ephemeral): the confirmation replaces that list. */
  fromList?: boolean;
}

export function lessonModal(ref: number, title: string, result: 'win' | 'loss', meta: LessonModalMeta): View {
  return {
    type: 'modal',
    callback_id: Views.lesson,
    private_metadata: JSON.stringify(meta),
    title: {
      type: 'plain_text',
      text: result === 'win' ? `Close ${delegationRef(ref)}: win` : `Close ${delegationRef(ref)}: loss`,
    },
    submit: { type: 'plain_text', text: result === 'win' ? 'Celebrate' : 'Share the lesson' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        result === 'win'
          ? `:tada: *${clip(neutralise(title), SHOWN.titleInPrompt)}* — what helped? A line is plenty.`
          : `:seedling: *${clip(neutralise(title), SHOWN.titleInPrompt)}* didn’t land. That’s part of trusting enough to fail. What did you learn?`,
      ),
      {
        type: 'input',
        block_id: LessonFields.lesson,
        optional: result === 'win',
        label: { type: 'plain_text', text: result === 'win' ? 'What helped' : 'The lesson' },
        element: {
          type: 'plain_text_input',
          action_id: LessonFields.lesson,
          multiline: true,
          max_length: TEXT_LIMITS.lesson,
        },
      },
    ],
  };
}

export interface ChangeRequestMeta {
  ref: number;
}

export function changeRequestModal(ref: number, title: string): View {
  return {
    type: 'modal',
    callback_id: Views.changeRequest,
    private_metadata: JSON.stringify({ ref } satisfies ChangeRequestMeta),
    title: { type: 'plain_text', text: `Change ${delegationRef(ref)}?` },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        `What would you change about *${clip(neutralise(title), SHOWN.titleInPrompt)}*? The date, the scope, the help you need — your lead gets it as a DM.`,
      ),
      {
        type: 'input',
        block_id: ChangeRequestFields.note,
        label: { type: 'plain_text', text: 'Your note' },
        element: {
          type: 'plain_text_input',
          action_id: ChangeRequestFields.note,
          multiline: true,
          max_length: TEXT_LIMITS.note,
        },
      },
    ],
  };
}

export interface DelegateModalMeta {
  /** Where it is celebrated; absent when opened from anywhere (a global shortcut): the form asks. */
  channelId?: string;
  /** Delegated from a message: the link back to it. */
  sourcePermalink?: string;
  /** The command's response_url: the confirmation goes back where the person typed /delegate. */
  responseUrl?: string;
}

/**
 * `/delegate` with no text: every field. The form follows what is picked (dispatch_action on Who and
 * Stakes): a person who can't take the work is answered under Who at once, and the safety net turns
 * required as soon as the work is a step up for them.
 */
export function delegateModal(
  meta: DelegateModalMeta,
  initialDate: string,
  shape: DelegateModalShape = {},
): View {
  const stakesOption = (s: Stakes, desc: string) => ({
    text: { type: 'plain_text' as const, text: s[0].toUpperCase() + s.slice(1) },
    description: { type: 'plain_text' as const, text: desc },
    value: s,
  });
  const options = [
    stakesOption('small', 'A miss is easy to recover from'),
    stakesOption('medium', 'A miss costs something real'),
    stakesOption('large', 'A miss would hurt the team'),
  ];
  const picked = options.find((o) => o.value === shape.stakes) ?? options[0];
  const personNote: KnownBlock[] = shape.personProblem
    ? [context(`:raised_hand: ${shape.personProblem}`)]
    : [];
  const step = shape.stepUp;
  return {
    type: 'modal',
    callback_id: Views.delegate,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Delegate' },
    submit: { type: 'plain_text', text: 'Delegate' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: DelegateFields.person,
        dispatch_action: true,
        label: { type: 'plain_text', text: 'Who' },
        element: {
          type: 'users_select',
          action_id: DelegateFields.person,
          placeholder: { type: 'plain_text', text: 'Pick a person' },
          ...(shape.personId ? { initial_user: shape.personId } : {}),
        },
      },
      ...personNote,
      {
        type: 'input',
        block_id: DelegateFields.task,
        label: { type: 'plain_text', text: 'What' },
        element: {
          type: 'plain_text_input',
          action_id: DelegateFields.task,
          max_length: TEXT_LIMITS.title,
          ...(shape.task ? { initial_value: shape.task } : {}),
          placeholder: { type: 'plain_text', text: 'Draft the Q3 customer survey' },
        },
      },
      {
        type: 'input',
        block_id: DelegateFields.success,
        optional: true,
        label: { type: 'plain_text', text: 'Success looks like' },
        element: {
          type: 'plain_text_input',
          action_id: DelegateFields.success,
          multiline: true,
          max_length: TEXT_LIMITS.success,
          ...(shape.success ? { initial_value: shape.success } : {}),
        },
      },
      ...(meta.channelId
        ? []
        : [
            {
              type: 'input' as const,
              block_id: DelegateFields.channel,
              label: { type: 'plain_text' as const, text: 'Celebrate it in' },
              element: {
                type: 'conversations_select' as const,
                action_id: DelegateFields.channel,
                filter: { include: ['public' as const, 'private' as const], exclude_bot_users: true },
              },
              hint: { type: 'plain_text' as const, text: 'The channel that hears how it went, win or loss.' },
            },
          ]),
      {
        type: 'input',
        block_id: DelegateFields.stakes,
        dispatch_action: true,
        label: { type: 'plain_text', text: 'Stakes' },
        element: {
          type: 'radio_buttons',
          action_id: DelegateFields.stakes,
          initial_option: picked,
          options,
        },
      },
      {
        type: 'input',
        block_id: DelegateFields.due,
        label: { type: 'plain_text', text: 'Due date' },
        element: { type: 'datepicker', action_id: DelegateFields.due, initial_date: initialDate },
        hint: {
          type: 'plain_text',
          text: 'Due at the end of their working day on that day, in their time zone.',
        },
      },
      {
        type: 'input',
        block_id: DelegateFields.buffer,
        optional: !step,
        label: {
          type: 'plain_text',
          text: step ? 'Safety net — needed for this step up' : 'Safety net (buffer)',
        },
        element: {
          type: 'plain_text_input',
          action_id: DelegateFields.buffer,
          multiline: true,
          max_length: TEXT_LIMITS.buffer,
          placeholder: { type: 'plain_text', text: 'A review on Wednesday, a fallback, slack in the date…' },
        },
        hint: {
          type: 'plain_text',
          text: step
            ? `A step up for ${clip(step.name, 60)}: no closed ${step.below} work yet. What keeps a miss from being catastrophic?`
            : 'What keeps a miss from being catastrophic. Required when this is a step up for them.',
        },
      },
      {
        type: 'input',
        block_id: DelegateFields.promises,
        optional: true,
        label: { type: 'plain_text', text: 'What you’ll give (your promises)' },
        element: {
          type: 'plain_text_input',
          action_id: DelegateFields.promises,
          multiline: true,
          max_length: TEXT_LIMITS.promises,
          placeholder: { type: 'plain_text', text: 'One per line: Review your outline by Wednesday' },
        },
        hint: {
          type: 'plain_text',
          text: 'Each line becomes a promise on your say/do ledger, owed to them.',
        },
      },
    ],
  };
}

/** What the open form knows so far (see `delegateModal`). */
export interface DelegateModalShape {
  /** Opened for someone ("Delegate something bigger", a message's author): they are picked already. */
  personId?: string;
  /** Prefilled from a message. */
  task?: string;
  success?: string;
  stakes?: string;
  personProblem?: string | null;
  stepUp?: { name: string; below: Stakes } | null;
}

/** Replaces the change form once the note is on its way. */
export function changeRequestSent(): View {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Sent' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [section('Your note is on its way to your lead. :speech_balloon:')],
  };
}

export function addBufferModal(ref: number, title: string, assigneeName: string): View {
  return {
    type: 'modal',
    callback_id: Views.addBuffer,
    private_metadata: JSON.stringify({ ref }),
    title: { type: 'plain_text', text: `Safety net for ${delegationRef(ref)}` },
    submit: { type: 'plain_text', text: 'Add it' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        `What keeps a miss on *${clip(neutralise(title), SHOWN.titleInPrompt)}* from hurting? ${assigneeName} will see it.`,
      ),
      {
        type: 'input',
        block_id: BufferFields.buffer,
        label: { type: 'plain_text', text: 'Safety net' },
        element: {
          type: 'plain_text_input',
          action_id: BufferFields.buffer,
          multiline: true,
          max_length: TEXT_LIMITS.buffer,
          placeholder: { type: 'plain_text', text: 'A review on Wednesday, a fallback, slack in the date…' },
        },
      },
    ],
  };
}

export function bufferAddedToAssignee(d: Delegation): MessageView {
  return {
    text: `${delegationRef(d.ref)} has a safety net now.`,
    blocks: [
      section(
        `:parachute: ${mention(d.leaderId)} added a safety net to *${delegationRef(d.ref)} · ${neutralise(d.title)}*:\n>${clip(neutralise(d.buffer ?? ''), TEXT_LIMITS.buffer)}`,
      ),
      context(
        'If it doesn’t work out, this is what keeps it from hurting — trusting you with a step up, deliberately.',
      ),
    ],
  };
}

/** What a form about an existing delegation carries back to us. */
export interface DelegationFormMeta {
  ref: number;
  /** Where the leader typed the command, for the confirmation. */
  responseUrl?: string;
}

const stakesOptions = () =>
  (
    [
      ['small', 'A miss is easy to recover from'],
      ['medium', 'A miss costs something real'],
      ['large', 'A miss would hurt the team'],
    ] as const
  ).map(([s, desc]) => ({
    text: { type: 'plain_text' as const, text: s[0].toUpperCase() + s.slice(1) },
    description: { type: 'plain_text' as const, text: desc },
    value: s,
  }));

/** Edit: the same fields as the delegate form, prefilled with the current values. */
export function editDelegationModal(
  d: Delegation,
  leaderTz: string,
  promises: PromiseSummary[],
  meta: DelegationFormMeta,
  /** The day picked is the assignee's: the work is due at the end of their working day. */
  assigneeTz: string = leaderTz,
): View {
  const options = stakesOptions();
  const text = (
    blockId: string,
    label: string,
    value: string | null,
    max: number,
    opts: { multiline?: boolean; optional?: boolean; hint?: string } = {},
  ) => ({
    type: 'input' as const,
    block_id: blockId,
    optional: opts.optional ?? false,
    label: { type: 'plain_text' as const, text: label },
    element: {
      type: 'plain_text_input' as const,
      action_id: blockId,
      max_length: max,
      multiline: opts.multiline ?? false,
      ...(value ? { initial_value: decodeForInput(value) } : {}),
    },
    ...(opts.hint ? { hint: { type: 'plain_text' as const, text: opts.hint } } : {}),
  });
  return {
    type: 'modal',
    callback_id: Views.editDelegation,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: `Change ${delegationRef(d.ref)}` },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        `You’re changing what ${mention(d.assigneeId)} holds. They get the new version, with what changed.`,
      ),
      text(EditFields.task, 'What', d.title, TEXT_LIMITS.title),
      text(EditFields.success, 'Success looks like', d.success, TEXT_LIMITS.success, {
        multiline: true,
        optional: true,
      }),
      {
        type: 'input',
        block_id: EditFields.stakes,
        label: { type: 'plain_text', text: 'Stakes' },
        element: {
          type: 'radio_buttons',
          action_id: EditFields.stakes,
          initial_option: options.find((o) => o.value === d.stakes) ?? options[0],
          options,
        },
      },
      {
        type: 'input',
        block_id: EditFields.due,
        label: { type: 'plain_text', text: 'Due date' },
        element: { type: 'datepicker', action_id: EditFields.due, initial_date: isoDay(d.dueAt, assigneeTz) },
        hint: {
          type: 'plain_text',
          text: `Now due ${localDateTime(d.dueAt, leaderTz)} your time. A day picked means the end of their working day.`,
        },
      },
      text(EditFields.buffer, 'Safety net (buffer)', d.buffer, TEXT_LIMITS.buffer, {
        multiline: true,
        optional: true,
      }),
      ...(promises.length > 0
        ? [
            context(
              `Your promises: ${promises.map((p) => `*${commitmentRef(p.ref)}* ${neutralise(p.text)}`).join(' · ')} — move them with \`/commit C-n by …\`.`,
            ),
          ]
        : []),
      text(EditFields.promises, 'New promises', null, TEXT_LIMITS.promises, {
        multiline: true,
        optional: true,
        hint: 'One per line; each becomes a promise on your say/do ledger, owed to them.',
      }),
    ],
  };
}

/** Text we store escaped, shown back in a form as the person typed it. */
const decodeForInput = (stored: string) =>
  stored.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const isoDay = (at: Date, tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(at);

/** Reassign: who should take it on instead. */
export function reassignModal(d: Delegation, meta: DelegationFormMeta): View {
  return {
    type: 'modal',
    callback_id: Views.reassign,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: `Reassign ${delegationRef(d.ref)}` },
    submit: { type: 'plain_text', text: 'Reassign' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        `*${clip(neutralise(d.title), SHOWN.titleInPrompt)}* is with ${mention(d.assigneeId)} now. They’ll be told kindly; it counts against no one.`,
      ),
      {
        type: 'input',
        block_id: ReassignFields.person,
        label: { type: 'plain_text', text: 'Give it to' },
        element: {
          type: 'users_select',
          action_id: ReassignFields.person,
          placeholder: { type: 'plain_text', text: 'Pick a person' },
        },
      },
    ],
  };
}

/** Cancel: an optional reason; not a loss. */
export function cancelDelegationModal(d: Delegation, meta: DelegationFormMeta): View {
  return {
    type: 'modal',
    callback_id: Views.cancelDelegation,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: `Cancel ${delegationRef(d.ref)}?` },
    submit: { type: 'plain_text', text: 'Cancel the work' },
    close: { type: 'plain_text', text: 'Keep it' },
    blocks: [
      section(
        `*${clip(neutralise(d.title), SHOWN.titleInPrompt)}* — ${mention(d.assigneeId)} is told. A cancellation is not a loss: it counts against no one.`,
      ),
      {
        type: 'input',
        block_id: CancelFields.reason,
        optional: true,
        label: { type: 'plain_text', text: 'Why (they will see it)' },
        element: {
          type: 'plain_text_input',
          action_id: CancelFields.reason,
          multiline: true,
          max_length: TEXT_LIMITS.note,
        },
      },
    ],
  };
}

/** The leader's confirmation of an edit: what changed, in both people's zones when they differ. */
export function editedReply(
  before: Delegation,
  after: Delegation,
  leaderTz: string,
  assigneeTz: string,
): MessageView {
  const due =
    before.dueAt.getTime() !== after.dueAt.getTime()
      ? ` Now due *${localDateTime(after.dueAt, leaderTz)}* your time${assigneeTz !== leaderTz ? ` (${localDateTime(after.dueAt, assigneeTz)} for them)` : ''}, was ${localDateTime(before.dueAt, leaderTz)}.`
      : '';
  return notice(
    `:pencil2: Saved *${delegationRef(after.ref)} · ${neutralise(after.title)}*.${due} ${mention(after.assigneeId)} gets the new version.`,
  );
}

export function unchangedReply(d: Delegation): MessageView {
  return notice(`Nothing changed on *${delegationRef(d.ref)}* — it stays as it was.`);
}

export function reassignedReply(d: Delegation): MessageView {
  return notice(
    `:arrow_right: *${delegationRef(d.ref)} · ${neutralise(d.title)}* is with ${mention(d.assigneeId)} now; they have it by DM. The person who held it was told kindly.`,
  );
}

export function cancelledReply(d: Delegation): MessageView {
  return notice(
    `:no_entry_sign: Cancelled *${delegationRef(d.ref)} · ${neutralise(d.title)}*. ${mention(d.assigneeId)} is told; it counts against no one.`,
  );
}
