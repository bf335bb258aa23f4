import type { KnownBlock, View } from '@slack/types';
import type { Commitment } from '../domain/commitment';
import type { ApplyResult } from '../services/commitments';
import { Actions, CommitFields, MoveFields, OwnMissFields, Views } from '../slack/ids';
import { TEXT_LIMITS } from '../domain/limits';
import { clip, commitmentRef, localDateTime, mention, slackDate } from './format';
import { neutralise } from './neutralise';
import { button, context, section, type MessageView } from './message';

export const COMMIT_USAGE =
  'Usage: `/commit what by when` — e.g. `/commit Review the hiring rubric by Thursday 3pm`, or owed to someone: `/commit @ana Send you the customer list by tomorrow`. Move one before it’s due: `/commit C-7 by next Monday because…`.';

/** Done / Move buttons for an open promise (confirmation, Home tab, reminders). */
/**
 * Done / Move for an open promise (confirmation, Home tab, reminders). Once it is past its date it
 * can no longer be moved — only owned: "Own it" instead of Move.
 */
export function doneMoveActions(
  c: Pick<Commitment, 'ref'> & { dueAt?: Date },
  blockId?: string,
  now?: Date,
): KnownBlock {
  const pastDue = c.dueAt !== undefined && now !== undefined && c.dueAt.getTime() <= now.getTime();
  return {
    type: 'actions',
    ...(blockId ? { block_id: blockId } : {}),
    elements: [
      button('Done', Actions.commitmentDone, String(c.ref), 'primary'),
      pastDue
        ? button('Own it', Actions.commitmentOwnMiss, String(c.ref))
        : button('Move', Actions.commitmentMove, String(c.ref)),
    ],
  };
}

export interface OwnMissMeta {
  ref: number;
}

/** Own a missed promise: what happened, if the owner wants to say. */
export function ownMissModal(c: Commitment): View {
  return {
    type: 'modal',
    callback_id: Views.ownMiss,
    private_metadata: JSON.stringify({ ref: c.ref } satisfies OwnMissMeta),
    title: { type: 'plain_text', text: `Own ${commitmentRef(c.ref)}` },
    submit: { type: 'plain_text', text: 'Own it' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        `*${clip(neutralise(c.text), TEXT_LIMITS.promise)}* passed its date. Owning a miss is part of doing what you say — it goes on your ledger as missed, and a fresh promise is the next step.`,
      ),
      {
        type: 'input',
        block_id: OwnMissFields.note,
        optional: true,
        label: { type: 'plain_text', text: 'What happened' },
        element: {
          type: 'plain_text_input',
          action_id: OwnMissFields.note,
          multiline: true,
          max_length: TEXT_LIMITS.note,
        },
      },
    ],
  };
}

/** After owning a miss: said kindly, with the way forward. */
export function ownedMissReply(c: Commitment): MessageView {
  return {
    text: `${commitmentRef(c.ref)} recorded as missed.`,
    blocks: [
      section(
        `Recorded *${commitmentRef(c.ref)} · ${neutralise(c.text)}* as missed. Owning it counts — what will you promise instead?`,
      ),
      {
        type: 'actions',
        elements: [button('Make a fresh promise', Actions.openCommitModal, String(c.ref), 'primary')],
      },
    ],
  };
}

export function commitConfirmation(
  c: Commitment,
  ownerTz: string,
  counterpartName: string | null,
): MessageView {
  const to = c.counterpartId ? ` to ${mention(c.counterpartId)}` : '';
  return {
    text: `${commitmentRef(c.ref)} is on your ledger.`,
    blocks: [
      section(
        `:memo: *${commitmentRef(c.ref)}* is on your say/do ledger${to}: *${neutralise(c.text)}*\nDue *${localDateTime(c.dueAt, ownerTz)}* (your time, ${ownerTz})`,
      ),
      doneMoveActions(c),
      context(
        counterpartName
          ? `${counterpartName} gets a DM and will be asked to confirm when you mark it done.`
          : `Mark it done with \`/outcome ${commitmentRef(c.ref)} kept\`; move it before it’s due with \`/commit ${commitmentRef(c.ref)} by …\`.`,
      ),
    ],
  };
}

export function commitmentMadeToCounterpart(c: Commitment, tz: string): MessageView {
  return {
    text: `A promise to you: ${neutralise(c.text)}`,
    blocks: [
      section(
        `:handshake: ${mention(c.ownerId)} promised you: *${neutralise(c.text)}* — by ${slackDate(c.dueAt, tz)} (*${commitmentRef(c.ref)}*)`,
      ),
      {
        type: 'actions',
        elements: [button('Let them off', Actions.commitmentRelease, String(c.ref))],
      },
      context('You’ll be asked to confirm when it’s done. Letting them off never counts against them.'),
    ],
  };
}

export function confirmRequest(c: Commitment, ownerName: string, tz: string): MessageView {
  return {
    text: `${ownerName} says this is done — confirm?`,
    blocks: [
      section(
        `:white_check_mark: ${ownerName} says *${commitmentRef(c.ref)} · ${neutralise(c.text)}* is done — confirm? (due ${slackDate(c.dueAt, tz)})`,
      ),
      {
        type: 'actions',
        block_id: `confirm_${c.ref}`,
        elements: [
          button('Yes, done', Actions.commitmentConfirm, String(c.ref), 'primary'),
          button('Not yet', Actions.commitmentNotYet, String(c.ref)),
        ],
      },
      context('Trust runs both ways: your answer goes on the same ledger.'),
    ],
  };
}

export function confirmationToOwner(c: Commitment, answer: 'yes' | 'not_yet'): MessageView {
  if (answer === 'yes') {
    return {
      text: `${commitmentRef(c.ref)} confirmed.`,
      blocks: [
        section(
          `:raised_hands: ${mention(c.counterpartId ?? '')} confirmed *${commitmentRef(c.ref)} · ${neutralise(c.text)}*. Said, done.`,
        ),
      ],
    };
  }
  return {
    text: `${commitmentRef(c.ref)} is open again.`,
    blocks: [
      section(
        `:hourglass_flowing_sand: ${mention(c.counterpartId ?? '')} says *${commitmentRef(c.ref)} · ${neutralise(c.text)}* isn’t quite done yet, so it’s open again. Worth a quick chat about what’s missing.`,
      ),
      doneMoveActions(c),
    ],
  };
}

export function releasedToOwner(c: Commitment): MessageView {
  return {
    text: `You were let off ${commitmentRef(c.ref)}.`,
    blocks: [
      section(
        `:relieved: ${mention(c.counterpartId ?? '')} let you off *${commitmentRef(c.ref)} · ${neutralise(c.text)}*. It won’t count against you.`,
      ),
    ],
  };
}

export function commitmentMissedToCounterpart(c: Commitment, note: string | null): MessageView {
  return {
    text: `${commitmentRef(c.ref)} was missed.`,
    blocks: [
      section(
        `${mention(c.ownerId)} owned up: *${commitmentRef(c.ref)} · ${neutralise(c.text)}* didn’t happen as promised.${note ? `\n>${clip(neutralise(note), TEXT_LIMITS.note)}` : ''}`,
      ),
      context('Owning a miss is part of doing what you say.'),
    ],
  };
}

export function commitmentDueMovedToCounterpart(
  before: Commitment,
  after: Commitment,
  reason: string | null,
  tz: string,
): MessageView {
  return {
    text: `${commitmentRef(after.ref)} was moved.`,
    blocks: [
      section(
        `:calendar: ${mention(after.ownerId)} moved *${commitmentRef(after.ref)} · ${neutralise(after.text)}* from ${slackDate(before.dueAt, tz)} to *${slackDate(after.dueAt, tz)}* — before it fell due.${reason ? `\n>${clip(neutralise(reason), TEXT_LIMITS.reason)}` : ''}`,
      ),
    ],
  };
}

export function commitmentClosedReply(r: ApplyResult): MessageView {
  const c = r.commitment;
  const ref = commitmentRef(c.ref);
  if (r.kind === 'duplicate')
    return { text: 'Already recorded.', blocks: [section(`That’s already recorded for *${ref}*. :+1:`)] };
  switch (r.action) {
    case 'kept': {
      const late =
        c.keptOnTime === false ? ' (a little after it was due — still counts as kept, just not on time)' : '';
      const ask = c.counterpartId ? ` I’ve asked ${mention(c.counterpartId)} to confirm.` : '';
      return {
        text: `${ref} kept.`,
        blocks: [
          section(`:white_check_mark: *${ref} · ${neutralise(c.text)}* is kept${late}.${ask} Said, done.`),
        ],
      };
    }
    case 'owned_miss':
      return {
        text: `${ref} recorded as missed.`,
        blocks: [
          section(
            `Recorded *${ref} · ${neutralise(c.text)}* as missed. Owning it counts — a fresh promise with \`/commit\` is the next step.`,
          ),
        ],
      };
    case 'moved':
      return {
        text: `${ref} moved.`,
        blocks: [section(`:calendar: Moved *${ref}* to *${localDateTime(c.dueAt, 'UTC')}*.`)],
      };
    case 'confirmed':
      return {
        text: `Confirmed ${ref}.`,
        blocks: [section(`:raised_hands: Thanks — *${ref}* is confirmed.`)],
      };
    case 'reopened':
      return {
        text: `${ref} reopened.`,
        blocks: [section(`Got it — *${ref}* is open again and ${mention(c.ownerId)} knows.`)],
      };
    case 'released':
      return {
        text: `${ref} released.`,
        blocks: [section(`You let ${mention(c.ownerId)} off *${ref}*. It won’t count against them.`)],
      };
    default:
      return { text: `${ref} updated.`, blocks: [section(`*${ref}* updated.`)] };
  }
}

export function movedReply(c: Commitment, tz: string): MessageView {
  const to = c.counterpartId ? ` ${mention(c.counterpartId)} has been told.` : '';
  return {
    text: `${commitmentRef(c.ref)} moved.`,
    blocks: [
      section(
        `:calendar: *${commitmentRef(c.ref)} · ${neutralise(c.text)}* now due *${localDateTime(c.dueAt, tz)}* (your time).${to} Moving before it’s due is honest — it’s counted apart from misses.`,
      ),
    ],
  };
}

export interface MoveModalMeta {
  ref: number;
}

export function moveModal(c: Commitment, tz: string): View {
  return {
    type: 'modal',
    callback_id: Views.move,
    private_metadata: JSON.stringify({ ref: c.ref } satisfies MoveModalMeta),
    title: { type: 'plain_text', text: `Move ${commitmentRef(c.ref)}` },
    submit: { type: 'plain_text', text: 'Move it' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        `*${clip(neutralise(c.text), TEXT_LIMITS.promise)}* is due ${localDateTime(c.dueAt, tz)} (your time). When can you do it instead?`,
      ),
      {
        type: 'input',
        block_id: MoveFields.when,
        label: { type: 'plain_text', text: 'New due date' },
        element: {
          type: 'plain_text_input',
          action_id: MoveFields.when,
          placeholder: { type: 'plain_text', text: 'next Monday 10am' },
          max_length: TEXT_LIMITS.when,
        },
      },
      {
        type: 'input',
        block_id: MoveFields.reason,
        optional: true,
        label: { type: 'plain_text', text: 'Why' },
        element: {
          type: 'plain_text_input',
          action_id: MoveFields.reason,
          multiline: true,
          max_length: TEXT_LIMITS.reason,
        },
      },
    ],
  };
}

export interface CommitModalMeta {
  /** The command's response_url: the confirmation goes back where the person typed /commit. */
  responseUrl?: string;
}

/** Prefilled from a message ("Make this a promise…"): its text, owed to its author. */
export interface CommitPrefill {
  what?: string;
  counterpartId?: string;
}

export function commitModal(
  initialDate: string,
  meta: CommitModalMeta = {},
  prefill: CommitPrefill = {},
): View {
  return {
    type: 'modal',
    callback_id: Views.commit,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Make a promise' },
    submit: { type: 'plain_text', text: 'Promise' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: CommitFields.what,
        label: { type: 'plain_text', text: 'What will you do?' },
        element: {
          type: 'plain_text_input',
          action_id: CommitFields.what,
          max_length: TEXT_LIMITS.promise,
          ...(prefill.what ? { initial_value: prefill.what } : {}),
          placeholder: { type: 'plain_text', text: 'Review the hiring rubric' },
        },
      },
      {
        type: 'input',
        block_id: CommitFields.person,
        optional: true,
        label: { type: 'plain_text', text: 'Promised to' },
        element: {
          type: 'users_select',
          action_id: CommitFields.person,
          ...(prefill.counterpartId ? { initial_user: prefill.counterpartId } : {}),
        },
      },
      {
        type: 'input',
        block_id: CommitFields.due,
        label: { type: 'plain_text', text: 'By' },
        element: { type: 'datepicker', action_id: CommitFields.due, initial_date: initialDate },
        hint: { type: 'plain_text', text: 'Due at the end of your working day on that day.' },
      },
    ],
  };
}

export function autoMissedToOwner(c: Commitment): MessageView {
  return {
    text: `${commitmentRef(c.ref)} was recorded as missed.`,
    blocks: [
      section(
        `*${commitmentRef(c.ref)} · ${neutralise(c.text)}* passed its due date a day ago and was still open, so it’s on your ledger as missed. It happens — a fresh promise with \`/commit\` is the way back.`,
      ),
      context(
        'Tip: when a date won’t hold, moving it *before* it’s due counts as honest renegotiation, not a miss.',
      ),
    ],
  };
}
