import type { Tx } from '../db/db';
import {
  closeWithEntry,
  getDelegation,
  insertDelegationWithEntry,
  ladderOf,
  listOpenFor,
  markAccepted,
  markAcknowledged,
  setBuffer,
  type Delegation,
} from '../db/delegations';
import { insertCommitment, type Commitment } from '../db/commitments';
import { appendLedgerEntry } from '../db/ledger';
import {
  enqueue,
  enqueueHomeRefresh,
  enqueueWithHomeRefresh,
  resultOf,
  type OutboxMessage,
} from '../db/outbox';
import { nextRef } from '../db/workspaces';
import { ForbiddenError, InputError, NotFoundError } from '../errors';
import {
  acceptedNoteToLeader,
  assigneeDm,
  bufferAddedToAssignee,
  celebration,
  changeRequestToLeader,
  type PromiseSummary,
} from '../views/delegation';
import { delegationRef } from '../views/format';
import { neutralise } from '../views/neutralise';
import type { MessageView } from '../views/message';
import { hoursOf, memberOf, resolvePerson, type PersonRef } from './members';
import type { MemberRow } from '../db/members';
import { addWorkingDays, nextWorkingStart } from './schedule/working-hours';
import { ackNudge } from '../views/nudges';
import type { ServiceDeps } from './ports';
import { addOutcome, isJump, levelBelow, stepUpSuggestion, type Ladder, type Stakes } from './trust-ladder';

/** Limits we choose (Slack would truncate or refuse longer text in messages and modals). */
export const LIMITS = {
  title: 300,
  success: 1000,
  buffer: 1000,
  lesson: 1000,
  promise: 300,
  note: 1000,
} as const;

export interface DelegateRequest {
  teamId: string;
  leaderId: string;
  channelId: string;
  assignee: PersonRef;
  title: string;
  success: string | null;
  buffer: string | null;
  stakes: Stakes;
  due: Date;
  dueWasDefault: boolean;
  promises: { text: string; due: Date | null }[];
  /** From the modal: a jump past the person's track record needs a buffer before anything is saved. */
  requireBufferOnJump: boolean;
  /** The leader's member row when the caller has just read it (saves reading it twice). */
  leader?: MemberRow;
}

export interface DelegateResult {
  delegation: Delegation;
  assigneeName: string;
  leaderTz: string;
  ladder: Ladder;
  jumpWithoutBuffer: { below: Stakes } | null;
  stepUp: { from: Stakes; to: Stakes } | null;
  promises: PromiseSummary[];
}

export const displayName = (m: { name: string; real_name: string; user_id: string }): string =>
  m.real_name || m.name || `<@${m.user_id}>`;

const dm = (
  teamId: string,
  userId: string,
  key: string,
  view: MessageView,
  notBefore: Date,
): OutboxMessage => ({
  teamId,
  key,
  method: 'chat.postMessage',
  payload: { channel: userId, text: view.text, blocks: view.blocks, unfurl_links: false },
  channelKey: userId,
  notBefore,
});

/**
 * /delegate: checks the person and the rules, then writes the delegation, its ledger entries, the
 * leader's promises and the assignee's DM in one transaction.
 */
export async function delegate(deps: ServiceDeps, req: DelegateRequest): Promise<DelegateResult> {
  const now = deps.clock.now();
  const [leader, assignee] = await Promise.all([
    req.leader?.user_id === req.leaderId ? req.leader : memberOf(deps, req.teamId, req.leaderId),
    resolvePerson(deps, req.teamId, req.assignee),
  ]);
  if (assignee.user_id === req.leaderId) {
    throw new InputError(
      'self_delegation',
      'Delegating to yourself is really a promise — and promises belong on your say/do ledger. Try `/commit what by when` instead.',
      { field: 'person' },
    );
  }
  if (assignee.is_bot) {
    throw new InputError(
      'bot_assignee',
      'Bots can’t take on delegations — trust is between people. Pick a teammate.',
      { field: 'person' },
    );
  }
  if (assignee.deleted) {
    throw new InputError(
      'deactivated_assignee',
      `${displayName(assignee)} is no longer active in this workspace. Pick someone else.`,
      {
        field: 'person',
      },
    );
  }
  if (req.due.getTime() <= now.getTime()) {
    throw new InputError('past', 'That due date is already behind us. Pick a time in the future.', {
      field: 'due',
    });
  }
  const ladder = await ladderOf(deps.db, req.teamId, assignee.user_id);
  const jump = isJump(req.stakes, ladder);
  const hasBuffer = req.buffer !== null && req.buffer.trim() !== '';
  if (jump && !hasBuffer && req.requireBufferOnJump) {
    throw new InputError(
      'buffer_required',
      `This is a step up for ${displayName(assignee)} (no closed ${levelBelow(req.stakes)} work yet). Name a safety net: a review, a fallback, slack in the date.`,
      { field: 'buffer' },
    );
  }

  const promiseInputs = req.promises.map((p) => ({
    text: p.text,
    due: p.due ?? req.due,
    dueWasDefault: p.due === null,
  }));
  for (const p of promiseInputs) {
    if (p.due.getTime() <= now.getTime()) {
      throw new InputError('past', `The date for your promise “${p.text}” is already behind us.`, {
        field: 'promises',
      });
    }
  }

  const { delegation, promises } = await deps.db.transaction(async (tx) => {
    const ref = await nextRef(tx, req.teamId, 'delegation');
    const delegation = await insertDelegationWithEntry(
      tx,
      {
        teamId: req.teamId,
        ref,
        leaderId: req.leaderId,
        assigneeId: assignee.user_id,
        title: req.title,
        success: req.success,
        buffer: hasBuffer ? req.buffer : null,
        stakes: req.stakes,
        dueAt: req.due,
        channelId: req.channelId,
        createdAt: now,
      },
      {
        actorId: req.leaderId,
        action: 'delegated',
        fromStatus: null,
        toStatus: 'open',
        note: req.title,
        at: now,
      },
    );
    const promises: PromiseSummary[] = [];
    for (const p of promiseInputs) {
      const c = await createCommitmentIn(tx, {
        teamId: req.teamId,
        ownerId: req.leaderId,
        counterpartId: assignee.user_id,
        delegationRef: ref,
        text: p.text,
        dueAt: p.due,
        now,
      });
      promises.push({ ref: c.ref, text: c.text, dueAt: c.dueAt, dueWasDefault: p.dueWasDefault });
    }
    await enqueueWithHomeRefresh(
      tx,
      [
        dm(
          req.teamId,
          assignee.user_id,
          `delegation:${ref}:assigned`,
          assigneeDm(delegation, assignee.tz, promises),
          now,
        ),
      ],
      req.teamId,
      [req.leaderId, assignee.user_id],
      now,
    );
    return { delegation, promises };
  });
  deps.wakeDelivery();
  deps.log.info(
    {
      teamId: req.teamId,
      leader: req.leaderId,
      assignee: assignee.user_id,
      ref: delegationRef(delegation.ref),
      stakes: req.stakes,
    },
    'delegation created',
  );
  return {
    delegation,
    assigneeName: displayName(assignee),
    leaderTz: leader.tz,
    ladder,
    jumpWithoutBuffer: jump && !hasBuffer ? { below: levelBelow(req.stakes)! } : null,
    stepUp: stepUpSuggestion(ladder),
    promises,
  };
}

/** A commitment and its first ledger entry ("said"), inside the caller's transaction. */
export async function createCommitmentIn(
  tx: Tx,
  c: {
    teamId: string;
    ownerId: string;
    counterpartId: string | null;
    delegationRef: number | null;
    text: string;
    dueAt: Date;
    now: Date;
  },
): Promise<Commitment> {
  const ref = await nextRef(tx, c.teamId, 'commitment');
  const commitment = await insertCommitment(tx, {
    teamId: c.teamId,
    ref,
    ownerId: c.ownerId,
    counterpartId: c.counterpartId,
    delegationRef: c.delegationRef,
    text: c.text,
    dueAt: c.dueAt,
    createdAt: c.now,
  });
  await appendLedgerEntry(tx, {
    teamId: c.teamId,
    subject: 'commitment',
    subjectRef: ref,
    ownerId: c.ownerId,
    actorId: c.ownerId,
    action: 'said',
    fromStatus: null,
    toStatus: 'open',
    note: c.text,
    dueAt: c.dueAt,
    at: c.now,
  });
  return commitment;
}

export type CloseRequest = {
  teamId: string;
  actorId: string;
  ref: number;
  result: 'win' | 'loss';
  lesson: string | null;
};

export type CloseResult =
  | { kind: 'closed'; delegation: Delegation; ladder: Ladder }
  | { kind: 'needs_lesson'; delegation: Delegation };

/** Who may close: only the assignee and the leader. Pure, so it is tested alone. */
export function mayClose(d: Pick<Delegation, 'leaderId' | 'assigneeId'>, actorId: string): boolean {
  return actorId === d.assigneeId || actorId === d.leaderId;
}

function closedAlready(d: Delegation): NotFoundError {
  const how = d.status === 'won' ? 'a win' : d.status === 'lost' ? 'a loss' : 'cancelled';
  return new NotFoundError(
    'already_closed',
    `*${delegationRef(d.ref)}* is already closed (${how}). Nothing to change — history stays as it was.`,
  );
}

function unknownRef(ref: number): NotFoundError {
  return new NotFoundError(
    'unknown_ref',
    `I can't find *${delegationRef(ref)}* in this workspace. Type \`/outcome\` to see the delegations you can close.`,
  );
}

/** Checks a close without writing anything (used before opening a lesson modal). */
export async function checkClosable(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
): Promise<Delegation> {
  const d = await getDelegation(deps.db, teamId, ref);
  if (!d) throw unknownRef(ref);
  if (!mayClose(d, actorId)) {
    throw new ForbiddenError(
      'not_yours',
      `Only ${`<@${d.assigneeId}>`} (who holds it) or ${`<@${d.leaderId}>`} (who delegated it) can close *${delegationRef(ref)}*.`,
    );
  }
  if (d.status !== 'open') throw closedAlready(d);
  return d;
}

/**
 * /outcome D-n win|loss lesson: closes the delegation, appends the ledger entry and enqueues the
 * celebration in the delegation's channel, in one transaction. A loss without a lesson changes nothing
 * and asks for the lesson.
 */
export async function closeDelegation(deps: ServiceDeps, req: CloseRequest): Promise<CloseResult> {
  const now = deps.clock.now();
  const lesson = req.lesson?.trim() ? req.lesson.trim() : null;
  const pre = await checkClosable(deps, req.teamId, req.actorId, req.ref);
  if (req.result === 'loss' && !lesson) return { kind: 'needs_lesson', delegation: pre };
  // Read before the transaction, so the one that writes stays short: the leader's hours and the ladder
  // (this outcome is added to it below; a loss never lowers it).
  const [leader, ladderBefore] = await Promise.all([
    memberOf(deps, req.teamId, pre.leaderId),
    ladderOf(deps.db, req.teamId, pre.assigneeId),
  ]);
  const status = req.result === 'win' ? 'won' : 'lost';
  const outcome = await deps.db.transaction(async (tx) => {
    const closedRow = await closeWithEntry(tx, req.teamId, req.ref, {
      status,
      lesson,
      closedBy: req.actorId,
      closedAt: now,
    });
    if (!closedRow) throw closedAlready((await getDelegation(tx, req.teamId, req.ref)) ?? pre); // closed by someone else meanwhile
    const d = closedRow;
    const ladder = addOutcome(ladderBefore, d.stakes, req.result);
    const view = celebration(closedRow, ladder);
    const messages: OutboxMessage[] = [
      {
        teamId: req.teamId,
        key: `delegation:${req.ref}:celebration`,
        method: 'chat.postMessage',
        payload: {
          channel: d.channelId,
          text: view.text,
          blocks: view.blocks,
          unfurl_links: false,
          // If the bot cannot post there (a private channel it is not in), the people involved still hear it.
          fallback_dm_to: [d.assigneeId, d.leaderId],
        },
        channelKey: d.channelId,
        notBefore: now,
      },
    ];
    if (req.actorId !== d.leaderId) {
      // Nudge the leader to acknowledge it, inside their working hours; one gentle reminder after two
      // working days if still unacknowledged (dropped at delivery once they have).
      const hours = hoursOf(leader);
      const ackMessage = (key: string, reminder: boolean, at: Date): OutboxMessage => {
        const v = ackNudge(closedRow, reminder);
        return {
          ...dm(req.teamId, d.leaderId, key, v, at),
          payload: {
            channel: d.leaderId,
            text: v.text,
            blocks: v.blocks,
            stale_unless: { delegation_unacknowledged: req.ref },
          },
        };
      };
      messages.push(
        ackMessage(`delegation:${req.ref}:ack_nudge`, false, nextWorkingStart(now, hours)),
        ackMessage(
          `delegation:${req.ref}:ack_reminder`,
          true,
          nextWorkingStart(addWorkingDays(now, 2, hours), hours),
        ),
      );
    }
    await enqueueWithHomeRefresh(tx, messages, req.teamId, [d.assigneeId, d.leaderId], now);
    return { kind: 'closed' as const, delegation: closedRow, ladder };
  });
  deps.wakeDelivery();
  deps.log.info(
    { teamId: req.teamId, actor: req.actorId, ref: delegationRef(req.ref), result: req.result },
    'delegation closed',
  );
  return outcome;
}

/** The assignee accepts (button in their DM). Idempotent: a second click changes nothing. */
export async function acceptDelegation(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
): Promise<Delegation> {
  const now = deps.clock.now();
  const d = await getDelegation(deps.db, teamId, ref);
  if (!d) throw unknownRef(ref);
  if (d.assigneeId !== actorId)
    throw new ForbiddenError('not_yours', `Only <@${d.assigneeId}> can accept *${delegationRef(ref)}*.`);
  if (d.status !== 'open') throw closedAlready(d);
  await deps.db.transaction(async (tx) => {
    if (!(await markAccepted(tx, teamId, ref, now))) return; // already accepted
    await appendLedgerEntry(tx, {
      teamId,
      subject: 'delegation',
      subjectRef: ref,
      ownerId: d.assigneeId,
      actorId,
      action: 'accepted',
      fromStatus: 'open',
      toStatus: 'open',
      at: now,
    });
    await enqueue(tx, [dm(teamId, d.leaderId, `delegation:${ref}:accepted`, acceptedNoteToLeader(d), now)]);
  });
  deps.wakeDelivery();
  return d;
}

/** The assignee asks for a change; the note goes to the leader as a DM. */
export async function requestChange(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
  note: string,
  actionKey: string,
): Promise<Delegation> {
  const now = deps.clock.now();
  const d = await getDelegation(deps.db, teamId, ref);
  if (!d) throw unknownRef(ref);
  if (d.assigneeId !== actorId)
    throw new ForbiddenError(
      'not_yours',
      `Only <@${d.assigneeId}> can ask to change *${delegationRef(ref)}*.`,
    );
  if (d.status !== 'open') throw closedAlready(d);
  await deps.db.transaction(async (tx) => {
    const entryId = await appendLedgerEntry(tx, {
      teamId,
      subject: 'delegation',
      subjectRef: ref,
      ownerId: d.assigneeId,
      actorId,
      action: 'change_requested',
      fromStatus: 'open',
      toStatus: 'open',
      note,
      at: now,
      actionKey,
    });
    if (entryId !== null)
      await enqueue(tx, [
        dm(teamId, d.leaderId, `delegation:${ref}:change:${actionKey}`, changeRequestToLeader(d, note), now),
      ]);
  });
  deps.wakeDelivery();
  return d;
}

export async function openDelegationsFor(deps: ServiceDeps, teamId: string, userId: string) {
  const [items, me] = await Promise.all([
    listOpenFor(deps.db, teamId, userId, 30),
    memberOf(deps, teamId, userId),
  ]);
  return { items, tz: me.tz };
}

/**
 * The leader acknowledges an outcome: the note goes into the celebration's thread (or, when the
 * celebration could not be posted, to the assignee by DM), and the ledger records it.
 */
export async function acknowledgeOutcome(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
  note: string,
): Promise<Delegation> {
  const now = deps.clock.now();
  const d = await getDelegation(deps.db, teamId, ref);
  if (!d) throw unknownRef(ref);
  if (d.leaderId !== actorId)
    throw new ForbiddenError(
      'not_yours',
      `Only <@${d.leaderId}>, who delegated *${delegationRef(ref)}*, acknowledges its outcome.`,
    );
  if (d.status !== 'won' && d.status !== 'lost')
    throw new InputError('not_closed', `*${delegationRef(ref)}* isn’t closed yet.`);
  const posted = await resultOf(deps.db, teamId, `delegation:${ref}:celebration`);
  await deps.db.transaction(async (tx) => {
    if (!(await markAcknowledged(tx, teamId, ref, now, note)))
      throw new InputError('already_acknowledged', `You already acknowledged *${delegationRef(ref)}*. :+1:`);
    await appendLedgerEntry(tx, {
      teamId,
      subject: 'delegation',
      subjectRef: ref,
      ownerId: d.assigneeId,
      actorId,
      action: 'acknowledged',
      fromStatus: d.status,
      toStatus: d.status,
      note,
      at: now,
    });
    const text = `<@${d.leaderId}>: ${neutralise(note)}`;
    const inThread = posted && typeof posted.channel === 'string' && typeof posted.ts === 'string';
    await enqueue(tx, [
      {
        teamId,
        key: `delegation:${ref}:ack_note`,
        method: 'chat.postMessage',
        payload: inThread
          ? { channel: posted.channel, thread_ts: posted.ts, text, unfurl_links: false }
          : {
              channel: d.assigneeId,
              text: `${text}\n_(about *${delegationRef(ref)} · ${d.title}*)_`,
              unfurl_links: false,
            },
        channelKey: inThread ? String(posted.channel) : d.assigneeId,
        notBefore: now,
      },
    ]);
    await enqueueHomeRefresh(tx, teamId, [d.leaderId], now);
  });
  deps.wakeDelivery();
  deps.log.info({ teamId, leader: actorId, ref: delegationRef(ref) }, 'outcome acknowledged');
  return d;
}

/** The leader names the safety net after delegating (the "step up" note's button). */
export async function addBuffer(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
  buffer: string,
): Promise<Delegation> {
  const now = deps.clock.now();
  const d = await getDelegation(deps.db, teamId, ref);
  if (!d) throw unknownRef(ref);
  if (d.leaderId !== actorId)
    throw new ForbiddenError(
      'not_yours',
      `Only <@${d.leaderId}>, who delegated *${delegationRef(ref)}*, can set its safety net.`,
    );
  if (d.status !== 'open') throw closedAlready(d);
  const updated = await deps.db.transaction(async (tx) => {
    if (!(await setBuffer(tx, teamId, ref, buffer))) throw closedAlready(d);
    const after = { ...d, buffer };
    const entryId = await appendLedgerEntry(tx, {
      teamId,
      subject: 'delegation',
      subjectRef: ref,
      ownerId: d.assigneeId,
      actorId,
      action: 'buffer_set',
      fromStatus: 'open',
      toStatus: 'open',
      note: buffer,
      at: now,
    });
    await enqueue(tx, [
      dm(teamId, d.assigneeId, `delegation:${ref}:buffer:${entryId}`, bufferAddedToAssignee(after), now),
    ]);
    return after;
  });
  deps.wakeDelivery();
  deps.log.info({ teamId, leader: actorId, ref: delegationRef(ref) }, 'safety net added');
  return updated;
}

/** A delegation by reference in this workspace, or a friendly "can't find it". */
export async function findDelegation(deps: ServiceDeps, teamId: string, ref: number): Promise<Delegation> {
  const d = await getDelegation(deps.db, teamId, ref);
  if (!d) throw unknownRef(ref);
  return d;
}
