import type { Commitment, CommitmentChange } from '../domain/commitment';
import { commitmentRef } from '../domain/refs';

/**
 * The say/do state machine for one commitment, as a pure function: who may do what, when, and what
 * changes. The use cases apply the change and append the ledger entry in one transaction.
 */
export type CommitmentAction =
  | { kind: 'keep' }
  | { kind: 'miss'; note: string | null }
  | { kind: 'move'; newDue: Date }
  | { kind: 'release' }
  | { kind: 'confirm' }
  | { kind: 'not_yet' }
  | { kind: 'auto_miss' }
  | { kind: 'auto_unconfirm' };

export interface Transition {
  /** The ledger action recorded. */
  action: 'kept' | 'missed' | 'owned_miss' | 'moved' | 'released' | 'confirmed' | 'reopened' | 'unconfirmed';
  change: CommitmentChange;
  toStatus: Commitment['status'];
}

export type TransitionResult = { ok: true; value: Transition } | { ok: false; code: string; message: string };

/** How long after its due time an open promise is recorded as missed. */
export const MISS_GRACE_MS = 24 * 60 * 60 * 1000;
/** How long a counterpart has to confirm a kept promise before it stays "kept, unconfirmed". */
export const CONFIRM_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

const refused = (code: string, message: string): TransitionResult => ({ ok: false, code, message });

export function transition(
  c: Commitment,
  action: CommitmentAction,
  actorId: string,
  now: Date,
): TransitionResult {
  const ref = commitmentRef(c.ref);
  const isOwner = actorId === c.ownerId;
  const isCounterpart = c.counterpartId !== null && actorId === c.counterpartId;
  const closedNote = (): TransitionResult =>
    refused(
      'already_closed',
      `*${ref}* is already ${c.status === 'kept' ? 'kept' : c.status}. The ledger keeps it as it is.`,
    );

  switch (action.kind) {
    case 'keep':
      if (!isOwner)
        return refused('not_yours', `Only <@${c.ownerId}> can mark *${ref}* as done — it’s their promise.`);
      if (c.status !== 'open') return closedNote();
      return {
        ok: true,
        value: {
          action: 'kept',
          toStatus: 'kept',
          change: {
            status: 'kept',
            keptOnTime: now.getTime() <= c.dueAt.getTime(),
            confirmation: c.counterpartId ? 'pending' : null,
            closedAt: now,
          },
        },
      };
    case 'miss':
      if (!isOwner)
        return refused('not_yours', `Only <@${c.ownerId}> can say *${ref}* was missed — it’s their promise.`);
      if (c.status !== 'open') return closedNote();
      return {
        ok: true,
        value: {
          action: 'owned_miss',
          toStatus: 'missed',
          change: { status: 'missed', keptOnTime: false, closedAt: now },
        },
      };
    case 'auto_miss':
      if (c.status !== 'open' || now.getTime() < c.dueAt.getTime() + MISS_GRACE_MS)
        return refused('not_due', 'not overdue');
      return {
        ok: true,
        value: {
          action: 'missed',
          toStatus: 'missed',
          change: { status: 'missed', keptOnTime: false, closedAt: now },
        },
      };
    case 'move':
      if (!isOwner)
        return refused('not_yours', `Only <@${c.ownerId}> can move *${ref}* — it’s their promise.`);
      if (c.status !== 'open') return closedNote();
      if (now.getTime() >= c.dueAt.getTime()) {
        return refused(
          'already_due',
          `*${ref}* was already due, so it can’t be renegotiated any more — moving a promise counts only *before* it falls due. ` +
            `Owning it is still worth something: \`/outcome ${ref} missed what happened\`, then make a fresh promise with \`/commit\`.`,
        );
      }
      if (action.newDue.getTime() <= now.getTime())
        return refused('past', 'That new date is already behind us. Pick a time in the future.');
      if (action.newDue.getTime() === c.dueAt.getTime())
        return refused('same_date', `*${ref}* is already due then — nothing to move.`);
      return {
        ok: true,
        value: {
          action: 'moved',
          toStatus: 'open',
          change: { dueAt: action.newDue, timesMoved: c.timesMoved + 1 },
        },
      };
    case 'release':
      if (!isCounterpart) {
        return refused(
          'not_owed_to_you',
          c.counterpartId
            ? `Only <@${c.counterpartId}> can let <@${c.ownerId}> off *${ref}* — it was promised to them.`
            : `*${ref}* isn’t owed to anyone, so there is no one to release it.`,
        );
      }
      if (c.status !== 'open') return closedNote();
      return {
        ok: true,
        value: { action: 'released', toStatus: 'released', change: { status: 'released', closedAt: now } },
      };
    case 'confirm':
    case 'not_yet':
      if (!isCounterpart) {
        return refused('not_owed_to_you', `Only the person *${ref}* was promised to can confirm it.`);
      }
      if (c.status !== 'kept' || c.confirmation === 'confirmed') {
        return refused(
          'nothing_to_confirm',
          c.confirmation === 'confirmed'
            ? `You already confirmed *${ref}*. :+1:`
            : `*${ref}* isn’t waiting for your confirmation.`,
        );
      }
      if (action.kind === 'confirm')
        return {
          ok: true,
          value: { action: 'confirmed', toStatus: 'kept', change: { confirmation: 'confirmed' } },
        };
      return {
        ok: true,
        value: {
          action: 'reopened',
          toStatus: 'open',
          change: { status: 'open', confirmation: null, keptOnTime: null, closedAt: null },
        },
      };
    case 'auto_unconfirm':
      if (
        c.status !== 'kept' ||
        c.confirmation !== 'pending' ||
        !c.closedAt ||
        now.getTime() < c.closedAt.getTime() + CONFIRM_WINDOW_MS
      ) {
        return refused('not_due', 'not waiting long enough');
      }
      return {
        ok: true,
        value: { action: 'unconfirmed', toStatus: 'kept', change: { confirmation: 'unconfirmed' } },
      };
  }
}
