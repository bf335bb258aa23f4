/**
 * The one line a message shows once what it asked for is done or no longer possible: said from the
 * reader's side, with when it happened in their own time. null: the message is still live.
 */
import type { Commitment } from '../domain/commitment';
import type { Delegation } from '../domain/delegation';
import { channelMention, localDateTime, mention } from './format';
import { Actions } from '../slack/ids';
import { neutralise } from './neutralise';

const at = (d: Date | null, tz: string) => (d ? ` ${localDateTime(d, tz)}` : '');
const reason = (d: Delegation) => (d.cancelReason ? ` — “${neutralise(d.cancelReason)}”` : '');

/** How the work ended, for anyone who holds a message about it. */
function ended(now: Delegation, tz: string, reader: 'assignee' | 'leader'): string | null {
  switch (now.status) {
    case 'won':
      return `:tada: Closed as a win${at(now.closedAt, tz)}.`;
    case 'lost':
      return `:seedling: Closed as a loss${at(now.closedAt, tz)} — the lesson is shared in ${channelMention(now.channelId)}.`;
    case 'cancelled':
      return reader === 'leader'
        ? `:no_entry_sign: You cancelled it${at(now.closedAt, tz)}${reason(now)}. It counts against no one.`
        : `:no_entry_sign: ${mention(now.leaderId)} cancelled it${at(now.closedAt, tz)}${reason(now)}. Not a loss — it counts against no one.`;
    default:
      return null;
  }
}

/**
 * The assignee's DM (Accept / Ask for a change). `shown` is the version the message shows. Each
 * button goes once its own action is done; both go when the work changed hands, changed or ended.
 */
export function assigneeDmStatus(
  shown: Delegation,
  now: Delegation,
  tz: string,
): { status: string; keep: string[] } | null {
  if (now.assigneeId !== shown.assigneeId)
    return {
      status: `:arrow_right: ${mention(now.leaderId)} gave this to ${mention(now.assigneeId)} instead — nothing here counts against you.`,
      keep: [],
    };
  const done = ended(now, tz, 'assignee');
  if (done) return { status: done, keep: [] };
  if (now.version > shown.version)
    return {
      status: `:pencil2: ${mention(now.leaderId)} changed this — the new version is below.`,
      keep: [],
    };
  const accepted = now.acceptedAt ? `:white_check_mark: Accepted${at(now.acceptedAt, tz)}.` : null;
  const asked = now.changeRequestedAt
    ? `:speech_balloon: You asked for a change${at(now.changeRequestedAt, tz)} — ${mention(now.leaderId)} will get back to you.`
    : null;
  if (!accepted && !asked) return null;
  return {
    status: [accepted, asked].filter(Boolean).join(' '),
    keep: [
      ...(accepted ? [] : [Actions.delegationAccept]),
      ...(asked ? [] : [Actions.delegationRequestChange]),
    ],
  };
}

/** The leader's DM about a change request (Edit / Reassign / Cancel). */
export function changeRequestStatus(shown: Delegation, now: Delegation, tz: string): string | null {
  if (now.assigneeId !== shown.assigneeId)
    return `:arrow_right: You gave it to ${mention(now.assigneeId)} instead.`;
  const done = ended(now, tz, 'leader');
  if (done) return done;
  if (now.version > shown.version)
    return `:pencil2: You changed it — ${mention(now.assigneeId)} has the new version.`;
  return null;
}

/** The leader's nudge to acknowledge an outcome (Write a note). */
export function ackNudgeStatus(now: Delegation, tz: string): string | null {
  return now.acknowledgedAt
    ? `:writing_hand: You acknowledged it${at(now.acknowledgedAt, tz)} — your note is in the celebration’s thread.`
    : null;
}

/** A step-up note's "Add a safety net", once there is one. */
export function safetyNetStatus(now: Delegation): string | null {
  if (now.status !== 'open')
    return `*${now.status === 'cancelled' ? 'Cancelled' : 'Closed'}* — no safety net needed any more.`;
  return now.buffer ? `:parachute: Safety net: ${neutralise(now.buffer)}` : null;
}

const kept = (c: Commitment) => (c.keptOnTime === false ? 'Kept, a little late' : 'Kept on time');

/** How a promise ended, for the person it was owed to. */
export function promiseStatusForCounterpart(now: Commitment, tz: string): string | null {
  switch (now.status) {
    case 'released':
      return `:relieved: You let ${mention(now.ownerId)} off${at(now.closedAt, tz)}. It won’t count against them.`;
    case 'kept':
      return now.confirmation === 'confirmed'
        ? `:white_check_mark: ${kept(now)} · you confirmed it.`
        : now.confirmation === 'unconfirmed'
          ? `:white_check_mark: ${kept(now)} · left unconfirmed.`
          : `:white_check_mark: ${kept(now)}${at(now.closedAt, tz)} · ${mention(now.ownerId)} asked you to confirm.`;
    case 'missed':
      return `Missed — ${mention(now.ownerId)} owned it${at(now.closedAt, tz)}.`;
    default:
      return null;
  }
}

/** "Lea says this is done — confirm?": live only for the keep it asks about. */
export function confirmRequestStatus(shown: Commitment, now: Commitment): string | null {
  const sameKeep = now.status === 'kept' && now.closedAt?.getTime() === shown.closedAt?.getTime();
  if (sameKeep && now.confirmation === 'pending') return null;
  if (sameKeep && now.confirmation === 'confirmed') return `:raised_hands: You confirmed it. Said, done.`;
  if (sameKeep) return ':white_check_mark: No answer came within 3 days, so it stays kept, unconfirmed.';
  if (now.status === 'kept') return 'A newer request is below.';
  if (now.status === 'open')
    return `:hourglass_flowing_sand: You said not yet — it’s open again with ${mention(now.ownerId)}.`;
  if (now.status === 'released') return ':relieved: You let them off. It won’t count against them.';
  return 'Missed — owned by its owner.';
}

/** The owner's copy of an answer that reopened their promise (Done / Move). */
export function reopenedStatus(now: Commitment, tz: string): string | null {
  switch (now.status) {
    case 'open':
      return null;
    case 'kept':
      return `:white_check_mark: ${kept(now)}${at(now.closedAt, tz)}.`;
    case 'released':
      return `:relieved: ${mention(now.counterpartId ?? now.ownerId)} let you off.`;
    default:
      return `Recorded as missed${at(now.closedAt, tz)}.`;
  }
}

/** One item of a reminder once it is settled. */
export function reminderItemStatus(status: string): string {
  const words: Record<string, string> = {
    kept: ':white_check_mark: done',
    won: ':tada: closed as a win',
    lost: ':seedling: closed as a loss, with its lesson',
    cancelled: ':no_entry_sign: cancelled',
    missed: 'recorded as missed',
    released: ':relieved: let off',
  };
  return words[status] ?? status;
}
