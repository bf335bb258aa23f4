/**
 * Messages of the trust loop: what people hear when work is delegated, accepted, questioned, given a
 * safety net, closed and acknowledged. Each kind says what it is, whom it goes to and when; its look
 * is the pure view it names (views/delegation.ts, views/nudges.ts).
 */
import { z } from 'zod';
import { resultOf } from '../db/outbox';
import type { Delegation } from '../domain/delegation';
import { addWorkingDays, hoursOf, nextWorkingStart } from '../services/schedule/working-hours';
import {
  acceptedNoteToLeader,
  ackNoteByDm,
  ackNoteInThread,
  assigneeDm,
  bufferAddedToAssignee,
  cancelledNotice,
  celebration,
  changeRequestToLeader,
  reassignedNotice,
} from '../views/delegation';
import { withStatus } from '../views/message';
import { ackNudge } from '../views/nudges';
import { ackNudgeStatus, assigneeDmStatus, changeRequestStatus } from '../views/status';
import { defineKind, post, subject, type RenderContext, type Routes } from './kit';
import { DelegationJson, LadderJson, PromiseSummaryJson, ThreadJson } from './stored';

/** The delegation as it is now (the snapshot when it no longer exists). */
const current = async (ctx: RenderContext, shown: Delegation): Promise<Delegation> =>
  (await ctx.delegationNow(shown.ref)) ?? shown;

/** The version a message shows: the current one while it is still the same work for the same person. */
const showing = (shown: Delegation, now: Delegation): Delegation =>
  now.assigneeId === shown.assigneeId && now.version === shown.version ? now : shown;

/** The assignee's DM: the task, who trusts them with it, due, stakes, success, safety net, the
 *  leader's promises, with Accept / Ask for a change. Sent at once: someone just delegated. Once
 *  accepted, questioned, changed, reassigned, cancelled or closed, it says so instead of its buttons. */
export const assigneeDmMessage = defineKind(
  'assignee_dm',
  'chat.postMessage',
  z.object({
    delegation: DelegationJson,
    promises: z.array(PromiseSummaryJson),
    assigneeTz: z.string(),
    // the version before an edit: the DM of the new version shows what changed
    changedFrom: DelegationJson.nullable().default(null),
  }),
  async (p, ctx) => {
    const now = await current(ctx, p.delegation);
    const view = assigneeDm(showing(p.delegation, now), p.assigneeTz, p.promises, p.changedFrom);
    const state = assigneeDmStatus(p.delegation, now, p.assigneeTz);
    return post(p.delegation.assigneeId, state ? withStatus(view, state.status, state.keep) : view);
  },
);

/** To the leader, at once, when the assignee accepts. */
export const acceptedMessage = defineKind(
  'delegation_accepted',
  'chat.postMessage',
  z.object({ delegation: DelegationJson }),
  (p) => post(p.delegation.leaderId, acceptedNoteToLeader(p.delegation)),
);

/** To the leader, at once: the assignee's note asking to change the work, with Edit / Reassign /
 *  Cancel; once the leader did one of them (or the work closed), it says so instead. */
export const changeRequestMessage = defineKind(
  'change_request',
  'chat.postMessage',
  z.object({ delegation: DelegationJson, note: z.string(), leaderTz: z.string().default('UTC') }),
  async (p, ctx) => {
    const now = await current(ctx, p.delegation);
    const view = changeRequestToLeader(p.delegation, p.note);
    const status = changeRequestStatus(p.delegation, now, p.leaderTz);
    return post(p.delegation.leaderId, status ? withStatus(view, status) : view);
  },
);

/** To the assignee, at once, when the leader names a safety net after delegating. */
export const bufferAddedMessage = defineKind(
  'buffer_added',
  'chat.postMessage',
  z.object({ delegation: DelegationJson }),
  (p) => post(p.delegation.assigneeId, bufferAddedToAssignee(p.delegation)),
);

/** In the channel the work was delegated in, at once: a win or a loss with its lesson, and the ladder.
 *  If Trustloop cannot post there, the two people get it by DM (fallback.ts). */
export const celebrationMessage = defineKind(
  'celebration',
  'chat.postMessage',
  z.object({ delegation: DelegationJson, ladder: LadderJson }),
  (p) => post(p.delegation.channelId, celebration(p.delegation, p.ladder)),
);

/** To the leader, in their working hours, when someone else closed work they delegated: a win with
 *  thanks, a loss with respect. Once more two working days later if still unacknowledged. */
export const ackNudgeMessage = defineKind(
  'ack_nudge',
  'chat.postMessage',
  z.object({ delegation: DelegationJson, reminder: z.boolean(), leaderTz: z.string().default('UTC') }),
  async (p, ctx) => {
    const status = ackNudgeStatus(await current(ctx, p.delegation), p.leaderTz);
    const view = ackNudge(p.delegation, p.reminder);
    return post(p.delegation.leaderId, status ? withStatus(view, status) : view);
  },
);

/** The leader's note on an outcome: in the celebration's thread, or to the assignee by DM when the
 *  celebration could not be posted. */
export const ackNoteMessage = defineKind(
  'ack_note',
  'chat.postMessage',
  z.object({ delegation: DelegationJson, note: z.string(), thread: ThreadJson.nullable() }),
  (p) =>
    p.thread
      ? post(p.thread.channel, ackNoteInThread(p.delegation, p.note), { thread_ts: p.thread.ts })
      : post(p.delegation.assigneeId, ackNoteByDm(p.delegation, p.note)),
);

/** To the person who held it, at once, when the leader gave it to someone else. */
export const reassignedMessage = defineKind(
  'reassigned_notice',
  'chat.postMessage',
  z.object({ before: DelegationJson, after: DelegationJson }),
  (p) => post(p.before.assigneeId, reassignedNotice(p.before, p.after)),
);

/** To the assignee, at once, when the leader cancels the work. */
export const cancelledMessage = defineKind(
  'cancelled_notice',
  'chat.postMessage',
  z.object({ delegation: DelegationJson }),
  (p) => post(p.delegation.assigneeId, cancelledNotice(p.delegation)),
);

export const delegationKinds = [
  reassignedMessage,
  cancelledMessage,
  assigneeDmMessage,
  acceptedMessage,
  changeRequestMessage,
  bufferAddedMessage,
  celebrationMessage,
  ackNudgeMessage,
  ackNoteMessage,
];

const key = (ref: number, what: string) => `delegation:${ref}:${what}`;

/** The assignee's DM of this version of the work, and the outcome's celebration (a workflow step links to them). */
export const assigneeDmKey = (d: { ref: number; version: number }) =>
  key(d.ref, d.version > 1 ? `assigned:v${d.version}` : 'assigned');
export const celebrationKey = (d: { ref: number }) => key(d.ref, 'celebration');

export const delegationRoutes: Routes<
  | 'delegation_given'
  | 'delegation_accepted'
  | 'change_requested'
  | 'buffer_added'
  | 'delegation_closed'
  | 'outcome_acknowledged'
  | 'delegation_edited'
  | 'delegation_reassigned'
  | 'delegation_cancelled'
> = {
  delegation_given: ({ delegation: d, promises, assignee }, { now }) => ({
    messages: [
      assigneeDmMessage.queue(
        { delegation: d, promises, assigneeTz: assignee.tz, changedFrom: null },
        {
          // each version of the work (after an edit, a reassignment) is a DM of its own
          key: key(d.ref, d.version > 1 ? `assigned:v${d.version}` : 'assigned'),
          to: d.assigneeId,
          notBefore: now,
          subjects: [subject.delegation(d)],
        },
      ),
    ],
    homes: [d.leaderId, d.assigneeId],
  }),

  delegation_edited: ({ before, after: d, promises, assignee }, { now }) => ({
    messages: [
      assigneeDmMessage.queue(
        { delegation: d, promises, assigneeTz: assignee.tz, changedFrom: before },
        {
          key: key(d.ref, `assigned:v${d.version}`),
          to: d.assigneeId,
          notBefore: now,
          subjects: [subject.delegation(d)],
        },
      ),
    ],
    homes: [d.leaderId, d.assigneeId],
    settle: [subject.delegation(d)],
  }),

  delegation_reassigned: ({ before, after: d, promises, assignee }, { now }) => ({
    messages: [
      reassignedMessage.queue(
        { before, after: d },
        { key: key(d.ref, `reassigned:v${d.version}`), to: before.assigneeId, notBefore: now },
      ),
      assigneeDmMessage.queue(
        { delegation: d, promises, assigneeTz: assignee.tz, changedFrom: null },
        {
          key: key(d.ref, `assigned:v${d.version}`),
          to: d.assigneeId,
          notBefore: now,
          subjects: [subject.delegation(d)],
        },
      ),
    ],
    homes: [d.leaderId, before.assigneeId, d.assigneeId],
    settle: [subject.delegation(d)],
  }),

  delegation_cancelled: ({ delegation: d }, { now }) => ({
    messages: [
      cancelledMessage.queue(
        { delegation: d },
        { key: key(d.ref, 'cancelled'), to: d.assigneeId, notBefore: now },
      ),
    ],
    homes: [d.leaderId, d.assigneeId],
    settle: [subject.delegation(d)],
  }),

  delegation_accepted: ({ delegation: d }, { now }) => ({
    messages: [
      acceptedMessage.queue(
        { delegation: d },
        { key: key(d.ref, 'accepted'), to: d.leaderId, notBefore: now },
      ),
    ],
    homes: [],
    settle: [subject.delegation(d)],
  }),

  change_requested: ({ delegation: d, note, requestKey, leader }, { now }) => ({
    messages: [
      changeRequestMessage.queue(
        { delegation: d, note, leaderTz: leader.tz },
        {
          key: key(d.ref, `change:${requestKey}`),
          to: d.leaderId,
          notBefore: now,
          subjects: [subject.delegation(d)],
        },
      ),
    ],
    homes: [],
    settle: [subject.delegation(d)],
  }),

  buffer_added: ({ delegation: d, entryId }, { now }) => ({
    messages: [
      bufferAddedMessage.queue(
        { delegation: d },
        { key: key(d.ref, `buffer:${entryId}`), to: d.assigneeId, notBefore: now },
      ),
    ],
    homes: [],
    settle: [subject.delegation(d)],
  }),

  delegation_closed: ({ delegation: d, ladder, leader }, { now }) => {
    const messages = [
      celebrationMessage.queue(
        { delegation: d, ladder },
        {
          key: key(d.ref, 'celebration'),
          to: d.channelId,
          notBefore: now,
          fallbackDmTo: [d.assigneeId, d.leaderId],
        },
      ),
    ];
    if (d.closedBy !== d.leaderId) {
      const hours = hoursOf(leader);
      const nudge = (reminder: boolean, what: string, at: Date) =>
        ackNudgeMessage.queue(
          { delegation: d, reminder, leaderTz: leader.tz },
          {
            key: key(d.ref, what),
            to: d.leaderId,
            notBefore: at,
            staleUnless: { delegation_unacknowledged: d.ref },
            subjects: [subject.delegation(d)],
            inHoursOf: d.leaderId,
          },
        );
      messages.push(
        nudge(false, 'ack_nudge', nextWorkingStart(now, hours)),
        nudge(true, 'ack_reminder', nextWorkingStart(addWorkingDays(now, 2, hours), hours)),
      );
    }
    return { messages, homes: [d.assigneeId, d.leaderId], settle: [subject.delegation(d)] };
  },

  outcome_acknowledged: async ({ delegation: d, note }, { now, tx }) => {
    const posted = await resultOf(tx, d.teamId, key(d.ref, 'celebration'));
    const thread =
      posted && typeof posted.channel === 'string' && typeof posted.ts === 'string'
        ? { channel: posted.channel, ts: posted.ts }
        : null;
    return {
      messages: [
        ackNoteMessage.queue(
          { delegation: d, note, thread },
          { key: key(d.ref, 'ack_note'), to: thread?.channel ?? d.assigneeId, notBefore: now },
        ),
      ],
      homes: [d.leaderId],
      settle: [subject.delegation(d)],
    };
  },
};
