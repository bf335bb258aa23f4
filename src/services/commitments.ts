import {
  getCommitment,
  listCommitments,
  overdueCommitments,
  unconfirmedTooLong,
  updateCommitment,
  type Commitment,
} from '../db/commitments';
import { actionAlreadyRecorded, appendLedgerEntry } from '../db/ledger';
import { enqueue, enqueueHomeRefresh, type OutboxMessage } from '../db/outbox';
import { InputError, NotFoundError } from '../errors';
import {
  autoMissedToOwner,
  commitmentDueMovedToCounterpart,
  commitmentMadeToCounterpart,
  commitmentMissedToCounterpart,
  confirmRequest,
  confirmationToOwner,
  releasedToOwner,
} from '../views/commitment';
import { commitmentRef } from '../views/format';
import type { MessageView } from '../views/message';
import { createCommitmentIn } from './delegations';
import { CONFIRM_WINDOW_MS, MISS_GRACE_MS, transition, type CommitmentAction } from './commitment-rules';
import { memberOf, resolvePerson, type PersonRef } from './members';
import type { MemberRow } from '../db/members';
import type { ServiceDeps } from './ports';

export interface MakeCommitmentRequest {
  teamId: string;
  ownerId: string;
  counterpart: PersonRef | null;
  text: string;
  due: Date;
}

export interface MakeCommitmentResult {
  commitment: Commitment;
  ownerTz: string;
  counterpartName: string | null;
}

const dm = (teamId: string, userId: string, key: string, view: MessageView, now: Date): OutboxMessage => ({
  teamId,
  key,
  method: 'chat.postMessage',
  payload: { channel: userId, text: view.text, blocks: view.blocks, unfurl_links: false },
  channelKey: userId,
  notBefore: now,
});

/** /commit: a stand-alone promise, or one owed to a person (who is told by DM). */
export async function makeCommitment(
  deps: ServiceDeps,
  req: MakeCommitmentRequest,
): Promise<MakeCommitmentResult> {
  const now = deps.clock.now();
  const owner = await memberOf(deps, req.teamId, req.ownerId);
  const counterpart = req.counterpart ? await resolvePerson(deps, req.teamId, req.counterpart) : null;
  if (counterpart?.user_id === req.ownerId) {
    throw new InputError(
      'self_counterpart',
      'A promise to yourself is still a promise — just leave out the @mention: `/commit what by when`.',
      {
        field: 'person',
      },
    );
  }
  if (counterpart?.is_bot)
    throw new InputError(
      'bot_counterpart',
      'Promises are made to people, not bots. Pick a teammate, or leave out the @mention.',
      { field: 'person' },
    );
  if (req.due.getTime() <= now.getTime())
    throw new InputError('past', 'That date is already behind us. Pick a time in the future.', {
      field: 'due',
    });
  const commitment = await deps.db.transaction(async (tx) => {
    const c = await createCommitmentIn(tx, {
      teamId: req.teamId,
      ownerId: req.ownerId,
      counterpartId: counterpart?.user_id ?? null,
      delegationRef: null,
      text: req.text,
      dueAt: req.due,
      now,
    });
    if (counterpart) {
      await enqueue(tx, [
        dm(
          req.teamId,
          counterpart.user_id,
          `commitment:${c.ref}:made`,
          commitmentMadeToCounterpart(c, counterpart.tz),
          now,
        ),
      ]);
    }
    await enqueueHomeRefresh(
      tx,
      req.teamId,
      [req.ownerId, ...(counterpart ? [counterpart.user_id] : [])],
      now,
    );
    return c;
  });
  deps.wakeDelivery();
  deps.log.info(
    {
      teamId: req.teamId,
      owner: req.ownerId,
      counterpart: counterpart?.user_id,
      ref: commitmentRef(commitment.ref),
    },
    'commitment made',
  );
  return {
    commitment,
    ownerTz: owner.tz,
    counterpartName: counterpart ? counterpart.real_name || counterpart.name : null,
  };
}

export interface CommitmentActionRequest {
  teamId: string;
  actorId: string;
  ref: number;
  /** Idempotency key of the Slack action (button click) — a retry or double click appends nothing. */
  actionKey: string | null;
}

export type ApplyResult =
  | { kind: 'applied'; commitment: Commitment; before: Commitment; action: string }
  | { kind: 'duplicate'; commitment: Commitment };

function unknownRef(ref: number): NotFoundError {
  return new NotFoundError(
    'unknown_ref',
    `I can't find *${commitmentRef(ref)}* in this workspace. Your open promises are on your Trustloop Home tab, or type \`/ledger\`.`,
  );
}

interface MessageContext {
  before: Commitment;
  after: Commitment;
  now: Date;
  /** The new ledger entry: a unique suffix for messages of repeatable actions. */
  entryId: number;
  owner: MemberRow;
  counterpart: MemberRow | null;
}

const nameOf = (m: MemberRow): string => m.real_name || m.name || 'Your teammate';

class DuplicateAction extends Error {
  constructor(readonly commitment: Commitment) {
    super('duplicate action');
  }
}

/**
 * Applies one state change to a commitment: checks the rule, updates the current state, appends the
 * ledger entry and enqueues its messages, all in one transaction. Refusals change nothing.
 */
async function apply(
  deps: ServiceDeps,
  req: CommitmentActionRequest,
  action: CommitmentAction,
  note: string | null,
  messages: (m: MessageContext) => OutboxMessage[],
): Promise<ApplyResult> {
  const now = deps.clock.now();
  // People (names, time zones) are looked up before the transaction: inside it only `tx` may be used,
  // and a Slack call must never hold a transaction open.
  const pre = await getCommitment(deps.db, req.teamId, req.ref);
  if (!pre) throw unknownRef(req.ref);
  const owner = await memberOf(deps, req.teamId, pre.ownerId);
  const counterpart = pre.counterpartId ? await memberOf(deps, req.teamId, pre.counterpartId) : null;
  const result = await deps.db
    .transaction(async (tx): Promise<ApplyResult> => {
      const before = await getCommitment(tx, req.teamId, req.ref, { forUpdate: true });
      if (!before) throw unknownRef(req.ref);
      if (req.actionKey) {
        if (await actionAlreadyRecorded(tx, req.teamId, req.actionKey))
          return { kind: 'duplicate', commitment: before };
      }
      const t = transition(before, action, req.actorId, now);
      if (!t.ok) throw new InputError(t.code, t.message);
      const after = await updateCommitment(tx, req.teamId, req.ref, t.value.change);
      const entryId = await appendLedgerEntry(tx, {
        teamId: req.teamId,
        subject: 'commitment',
        subjectRef: req.ref,
        ownerId: before.ownerId,
        actorId: req.actorId,
        action: t.value.action,
        fromStatus: before.status,
        toStatus: t.value.toStatus,
        note,
        dueAt: after.dueAt,
        at: now,
        actionKey: req.actionKey,
      });
      if (entryId === null) throw new DuplicateAction(before); // rolls back the state change above
      await enqueue(tx, messages({ before, after, now, entryId, owner, counterpart }));
      await enqueueHomeRefresh(
        tx,
        req.teamId,
        [before.ownerId, ...(before.counterpartId ? [before.counterpartId] : [])],
        now,
      );
      return { kind: 'applied', commitment: after, before, action: t.value.action };
    })
    .catch((err: unknown) => {
      if (err instanceof DuplicateAction) return { kind: 'duplicate' as const, commitment: err.commitment };
      throw err;
    });
  if (result.kind === 'applied') {
    deps.wakeDelivery();
    deps.log.info(
      { teamId: req.teamId, actor: req.actorId, ref: commitmentRef(req.ref), action: result.action },
      'commitment changed',
    );
  }
  return result;
}

/** `/outcome C-7 kept` or `missed`, and the Done button. */
export async function closeCommitmentByOwner(
  deps: ServiceDeps,
  req: CommitmentActionRequest & { result: 'kept' | 'missed'; note: string | null },
): Promise<ApplyResult> {
  const action: CommitmentAction =
    req.result === 'kept' ? { kind: 'keep' } : { kind: 'miss', note: req.note };
  return apply(deps, req, action, req.note, ({ before, after, now, entryId, owner, counterpart: cp }) => {
    if (!before.counterpartId || !cp) return [];
    const ownerName = nameOf(owner);
    if (req.result === 'kept') {
      return [
        dm(
          req.teamId,
          before.counterpartId,
          `commitment:${before.ref}:confirm:${entryId}`,
          confirmRequest(after, ownerName, cp.tz),
          now,
        ),
      ];
    }
    return [
      dm(
        req.teamId,
        before.counterpartId,
        `commitment:${before.ref}:missed`,
        commitmentMissedToCounterpart(after, req.note),
        now,
      ),
    ];
  });
}

/** `/commit C-7 by next Monday because…` and the Move button: renegotiate before the due time. */
export async function moveCommitment(
  deps: ServiceDeps,
  req: CommitmentActionRequest & { newDue: Date; reason: string | null },
): Promise<ApplyResult> {
  return apply(
    deps,
    req,
    { kind: 'move', newDue: req.newDue },
    req.reason,
    ({ before, after, now, counterpart: cp }) => {
      if (!before.counterpartId || !cp) return [];
      return [
        dm(
          req.teamId,
          before.counterpartId,
          `commitment:${before.ref}:moved:${after.timesMoved}`,
          commitmentDueMovedToCounterpart(before, after, req.reason, cp.tz),
          now,
        ),
      ];
    },
  );
}

/** The counterpart's answer to "Lea says this is done — confirm?". */
export async function answerConfirmation(
  deps: ServiceDeps,
  req: CommitmentActionRequest & { answer: 'yes' | 'not_yet' },
): Promise<ApplyResult> {
  return apply(
    deps,
    req,
    { kind: req.answer === 'yes' ? 'confirm' : 'not_yet' },
    null,
    ({ before, after, now, entryId }) => [
      dm(
        req.teamId,
        before.ownerId,
        `commitment:${before.ref}:answer:${entryId}`,
        confirmationToOwner(after, req.answer),
        now,
      ),
    ],
  );
}

/** The counterpart lets the owner off: not counted against them. */
export async function releaseCommitment(
  deps: ServiceDeps,
  req: CommitmentActionRequest,
): Promise<ApplyResult> {
  return apply(deps, req, { kind: 'release' }, null, ({ before, after, now }) => [
    dm(req.teamId, before.ownerId, `commitment:${before.ref}:released`, releasedToOwner(after), now),
  ]);
}

export async function commitmentsOf(deps: ServiceDeps, teamId: string, userId: string) {
  const [owed, owedToMe] = await Promise.all([
    listCommitments(deps.db, teamId, { ownerId: userId, status: 'open' }, 20),
    listCommitments(deps.db, teamId, { counterpartId: userId, status: 'open' }, 20),
  ]);
  return { owed, owedToMe };
}

export async function getOwnCommitment(deps: ServiceDeps, teamId: string, ref: number): Promise<Commitment> {
  const c = await getCommitment(deps.db, teamId, ref);
  if (!c) throw unknownRef(ref);
  return c;
}

export const SYSTEM_ACTOR = 'trustloop';

/**
 * Timed say/do rules, run by the scheduler's tick: open promises past their due time plus the grace
 * period become missed; kept promises nobody confirmed within 3 days stay kept, marked unconfirmed.
 * Each change is its own transaction through the same rule as a person's action, so a tick that runs
 * twice (another replica, a restart) changes nothing the second time.
 */
export async function sweepCommitments(
  deps: ServiceDeps,
  limit = 500,
): Promise<{ missed: number; unconfirmed: number }> {
  const now = deps.clock.now();
  const overdue = await overdueCommitments(deps.db, now, MISS_GRACE_MS, limit);
  let missed = 0;
  for (const r of overdue) {
    const res = await apply(
      deps,
      { teamId: r.team_id, actorId: SYSTEM_ACTOR, ref: r.ref, actionKey: `auto_miss:${r.ref}` },
      { kind: 'auto_miss' },
      null,
      ({ before, after, now: at }) => [
        dm(r.team_id, before.ownerId, `commitment:${before.ref}:auto_missed`, autoMissedToOwner(after), at),
      ],
    ).catch((err: unknown) => {
      if (err instanceof InputError) return null; // changed meanwhile (kept just now): nothing to do
      throw err;
    });
    if (res?.kind === 'applied') missed++;
  }
  const waiting = await unconfirmedTooLong(deps.db, now, CONFIRM_WINDOW_MS, limit);
  let unconfirmed = 0;
  for (const r of waiting) {
    const res = await apply(
      deps,
      { teamId: r.team_id, actorId: SYSTEM_ACTOR, ref: r.ref, actionKey: null },
      { kind: 'auto_unconfirm' },
      null,
      () => [],
    ).catch((err: unknown) => {
      if (err instanceof InputError) return null;
      throw err;
    });
    if (res?.kind === 'applied') unconfirmed++;
  }
  return { missed, unconfirmed };
}
