/**
 * Messages of the say/do ledger: what the people a promise is between hear when it is made, kept,
 * owned as missed, moved, confirmed, released, or recorded as missed by the scheduler. Each kind says
 * whom it goes to and when; its look is the pure view it names (views/commitment.ts).
 */
import { z } from 'zod';
import { getCommitment } from '../db/commitments';
import type { Commitment } from '../domain/commitment';
import type { ServiceDeps } from '../services/ports';
import {
  autoMissedToOwner,
  commitmentDueMovedToCounterpart,
  commitmentMadeToCounterpart,
  commitmentMissedToCounterpart,
  confirmationToOwner,
  confirmRequest,
  releasedToOwner,
} from '../views/commitment';
import { withStatus } from '../views/message';
import { confirmRequestStatus, promiseStatusForCounterpart, reopenedStatus } from '../views/status';
import { defineKind, post, subject, type Planned, type Routes } from './kit';
import { CommitmentJson } from './stored';

/** The promise as it is now (the snapshot when it no longer exists). */
const current = async (deps: ServiceDeps, shown: Commitment): Promise<Commitment> =>
  (await getCommitment(deps.db, shown.teamId, shown.ref)) ?? shown;

/** To the person a promise is made to, at once, with Let them off; it follows the promise (a move shows
 *  the new date) and says how it ended instead of the button. */
export const promiseMadeMessage = defineKind(
  'promise_to_you',
  'chat.postMessage',
  z.object({ commitment: CommitmentJson, tz: z.string() }),
  async (p, { deps }) => {
    const now = await current(deps, p.commitment);
    const view = commitmentMadeToCounterpart(now, p.tz);
    const status = promiseStatusForCounterpart(now, p.tz);
    return post(p.commitment.counterpartId ?? p.commitment.ownerId, status ? withStatus(view, status) : view);
  },
);

/** To the person a kept promise was owed to, at once: "Lea says this is done — confirm?", with Yes /
 *  Not yet, until they answered (or a newer request replaced it). */
export const confirmRequestMessage = defineKind(
  'confirm_request',
  'chat.postMessage',
  z.object({ commitment: CommitmentJson, ownerName: z.string(), tz: z.string() }),
  async (p, { deps }) => {
    const view = confirmRequest(p.commitment, p.ownerName, p.tz);
    const status = confirmRequestStatus(p.commitment, await current(deps, p.commitment));
    return post(p.commitment.counterpartId ?? p.commitment.ownerId, status ? withStatus(view, status) : view);
  },
);

/** To the person it was owed to, at once, when the owner owns a miss. */
export const ownedMissMessage = defineKind(
  'owned_miss',
  'chat.postMessage',
  z.object({ commitment: CommitmentJson, note: z.string().nullable() }),
  (p) =>
    post(
      p.commitment.counterpartId ?? p.commitment.ownerId,
      commitmentMissedToCounterpart(p.commitment, p.note),
    ),
);

/** To the person it is owed to, at once, when the owner moves it before it falls due. */
export const movedMessage = defineKind(
  'promise_moved',
  'chat.postMessage',
  z.object({ before: CommitmentJson, after: CommitmentJson, reason: z.string().nullable(), tz: z.string() }),
  (p) =>
    post(
      p.after.counterpartId ?? p.after.ownerId,
      commitmentDueMovedToCounterpart(p.before, p.after, p.reason, p.tz),
    ),
);

/** To the owner, at once: the counterpart confirmed it, or says it is not done yet. */
export const confirmationAnswerMessage = defineKind(
  'confirmation_answer',
  'chat.postMessage',
  z.object({ commitment: CommitmentJson, answer: z.enum(['yes', 'not_yet']), tz: z.string().default('UTC') }),
  async (p, { deps }) => {
    const view = confirmationToOwner(p.commitment, p.answer);
    // "not yet" reopened it and offers Done / Move: settled once it is settled again
    const status = p.answer === 'not_yet' ? reopenedStatus(await current(deps, p.commitment), p.tz) : null;
    return post(p.commitment.ownerId, status ? withStatus(view, status) : view);
  },
);

/** To the owner, at once, when the counterpart lets them off. */
export const releasedMessage = defineKind(
  'promise_released',
  'chat.postMessage',
  z.object({ commitment: CommitmentJson }),
  (p) => post(p.commitment.ownerId, releasedToOwner(p.commitment)),
);

/** To the owner, when the scheduler records a promise still open a day after its date as missed. */
export const autoMissedMessage = defineKind(
  'auto_missed',
  'chat.postMessage',
  z.object({ commitment: CommitmentJson }),
  (p) => post(p.commitment.ownerId, autoMissedToOwner(p.commitment)),
);

export const commitmentKinds = [
  promiseMadeMessage,
  confirmRequestMessage,
  ownedMissMessage,
  movedMessage,
  confirmationAnswerMessage,
  releasedMessage,
  autoMissedMessage,
];

const key = (c: Commitment, what: string) => `commitment:${c.ref}:${what}`;
/**
 * Every change of a promise shows on the Home tabs of the two people it is between, and in every
 * message already posted about it.
 */
const between = (c: Commitment) => [c.ownerId, ...(c.counterpartId ? [c.counterpartId] : [])];
const only = (messages: Planned[], c: Commitment) => ({
  messages,
  homes: between(c),
  settle: [subject.commitment(c)],
});
const about = (c: Commitment) => [subject.commitment(c)];

export const commitmentRoutes: Routes<
  | 'promise_made'
  | 'promise_kept'
  | 'promise_owned_as_missed'
  | 'promise_moved'
  | 'confirmation_answered'
  | 'promise_released'
  | 'promise_missed'
  | 'promise_left_unconfirmed'
> = {
  promise_made: ({ commitment: c, counterpart }, { now }) =>
    only(
      counterpart
        ? [
            promiseMadeMessage.queue(
              { commitment: c, tz: counterpart.tz },
              { key: key(c, 'made'), to: counterpart.userId, notBefore: now, subjects: about(c) },
            ),
          ]
        : [],
      c,
    ),

  promise_kept: ({ commitment: c, owner, counterpart, entryId }, { now }) =>
    only(
      counterpart
        ? [
            confirmRequestMessage.queue(
              {
                commitment: c,
                ownerName: owner.realName || owner.name || 'Your teammate',
                tz: counterpart.tz,
              },
              {
                key: key(c, `confirm:${entryId}`),
                to: counterpart.userId,
                notBefore: now,
                subjects: about(c),
              },
            ),
          ]
        : [],
      c,
    ),

  promise_owned_as_missed: ({ commitment: c, note }, { now }) =>
    only(
      c.counterpartId
        ? [
            ownedMissMessage.queue(
              { commitment: c, note },
              { key: key(c, 'missed'), to: c.counterpartId, notBefore: now },
            ),
          ]
        : [],
      c,
    ),

  promise_moved: ({ before, after, reason, counterpart }, { now }) =>
    only(
      counterpart
        ? [
            movedMessage.queue(
              { before, after, reason, tz: counterpart.tz },
              { key: key(after, `moved:${after.timesMoved}`), to: counterpart.userId, notBefore: now },
            ),
          ]
        : [],
      after,
    ),

  confirmation_answered: ({ commitment: c, answer, entryId, owner }, { now }) =>
    only(
      [
        confirmationAnswerMessage.queue(
          { commitment: c, answer, tz: owner.tz },
          {
            key: key(c, `answer:${entryId}`),
            to: c.ownerId,
            notBefore: now,
            subjects: answer === 'not_yet' ? about(c) : undefined,
          },
        ),
      ],
      c,
    ),

  promise_released: ({ commitment: c }, { now }) =>
    only(
      [releasedMessage.queue({ commitment: c }, { key: key(c, 'released'), to: c.ownerId, notBefore: now })],
      c,
    ),

  promise_missed: ({ commitment: c }, { now }) =>
    only(
      [
        autoMissedMessage.queue(
          { commitment: c },
          { key: key(c, 'auto_missed'), to: c.ownerId, notBefore: now, inHoursOf: c.ownerId },
        ),
      ],
      c,
    ),

  promise_left_unconfirmed: ({ commitment: c }) => only([], c),
};
