/**
 * The say/do ledger's use cases: making a promise, and every change to it — kept, owned as missed,
 * moved before it is due, confirmed or reopened by the person it was owed to, released — plus the
 * timed rules the tick runs. Each change goes through the pure state machine (commitment-rules.ts).
 */
import { getCommitment, overdueCommitments, unconfirmedTooLong, updateCommitment } from '../db/commitments';
import { actionAlreadyRecorded, appendLedgerEntry } from '../db/ledger';
import type { Announcement } from '../domain/announcements';
import type { Commitment } from '../domain/commitment';
import { TEXT_LIMITS } from '../domain/limits';
import type { Member } from '../domain/member';
import { commitmentRef } from '../domain/refs';
import { ForbiddenError, InputError, NotFoundError } from '../errors';
import { CONFIRM_WINDOW_MS, MISS_GRACE_MS, transition, type CommitmentAction } from './commitment-rules';
import { createCommitmentIn } from './delegations/delegate';
import { memberOf, resolvePerson, type PersonRef } from './members';
import { parseCommitCommand } from './parse/commit';
import { parseDue, resolveZone } from './parse/due';
import { isoDate, localDateOf } from './schedule/local-time';
import { endOfWorkingDay } from './schedule/working-hours';
import { asSlackText } from './parse/text';
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

/** /commit: a stand-alone promise, or one owed to a person (who is told by DM). */
export async function makeCommitment(
  deps: ServiceDeps,
  req: MakeCommitmentRequest,
): Promise<MakeCommitmentResult> {
  const now = deps.clock.now();
  const owner = await memberOf(deps, req.teamId, req.ownerId);
  const counterpart = req.counterpart ? await resolvePerson(deps, req.teamId, req.counterpart) : null;
  if (counterpart?.userId === req.ownerId) {
    throw new InputError(
      'self_counterpart',
      'A promise to yourself is still a promise — just leave out the @mention: `/commit what by when`.',
      { field: 'person' },
    );
  }
  if (counterpart?.isBot)
    throw new InputError(
      'bot_counterpart',
      'Promises are made to people, not bots. Pick a teammate, or leave out the @mention.',
      {
        field: 'person',
      },
    );
  if (req.due.getTime() <= now.getTime())
    throw new InputError('past', 'That date is already behind us. Pick a time in the future.', {
      field: 'due',
    });
  const commitment = await deps.db.transaction(async (tx) => {
    const c = await createCommitmentIn(tx, {
      teamId: req.teamId,
      ownerId: req.ownerId,
      counterpartId: counterpart?.userId ?? null,
      delegationRef: null,
      text: req.text,
      dueAt: req.due,
      now,
    });
    await deps.announce(tx, [{ type: 'promise_made', teamId: req.teamId, commitment: c, counterpart }], now);
    return c;
  });
  deps.wakeDelivery();
  deps.log.info(
    {
      teamId: req.teamId,
      owner: req.ownerId,
      counterpart: counterpart?.userId,
      ref: commitmentRef(commitment.ref),
    },
    'commitment made',
  );
  return {
    commitment,
    ownerTz: owner.tz,
    counterpartName: counterpart ? counterpart.realName || counterpart.name : null,
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

/** What an announcement of a change may use. */
interface ChangeContext {
  before: Commitment;
  after: Commitment;
  /** The new ledger entry: a unique suffix for messages of repeatable actions. */
  entryId: number;
  owner: Member;
  counterpart: Member | null;
}

class DuplicateAction extends Error {
  constructor(readonly commitment: Commitment) {
    super('duplicate action');
  }
}

/**
 * Applies one state change to a commitment: checks the rule, updates the current state, appends the
 * ledger entry and announces it, all in one transaction. Refusals change nothing.
 */
async function apply(
  deps: ServiceDeps,
  req: CommitmentActionRequest,
  action: CommitmentAction,
  note: string | null,
  announcement: (m: ChangeContext) => Announcement,
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
      if (req.actionKey && (await actionAlreadyRecorded(tx, req.teamId, req.actionKey)))
        return { kind: 'duplicate', commitment: before };
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
      await deps.announce(tx, [announcement({ before, after, entryId, owner, counterpart })], now);
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
  return apply(deps, req, action, req.note, ({ after, entryId, owner, counterpart }) =>
    req.result === 'kept'
      ? { type: 'promise_kept', teamId: req.teamId, commitment: after, owner, counterpart, entryId }
      : { type: 'promise_owned_as_missed', teamId: req.teamId, commitment: after, note: req.note },
  );
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
    ({ before, after, counterpart }) => ({
      type: 'promise_moved',
      teamId: req.teamId,
      before,
      after,
      reason: req.reason,
      counterpart,
    }),
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
    ({ after, entryId, owner }) => ({
      type: 'confirmation_answered',
      teamId: req.teamId,
      commitment: after,
      answer: req.answer,
      entryId,
      owner,
    }),
  );
}

/** The counterpart lets the owner off: not counted against them. */
export async function releaseCommitment(
  deps: ServiceDeps,
  req: CommitmentActionRequest,
): Promise<ApplyResult> {
  return apply(deps, req, { kind: 'release' }, null, ({ after }) => ({
    type: 'promise_released',
    teamId: req.teamId,
    commitment: after,
  }));
}

/** The Own it form: a missed promise, owned by the person who made it, with what happened. */
export function ownMissFromForm(
  deps: ServiceDeps,
  req: CommitmentActionRequest & { note: string },
): Promise<ApplyResult> {
  const note = req.note.trim() ? asSlackText([...req.note.trim()].slice(0, TEXT_LIMITS.note).join('')) : null;
  return closeCommitmentByOwner(deps, { ...req, result: 'missed', note });
}

/** Before the Own it form opens: only the owner, only while it is open. */
export function checkOwnable(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
): Promise<{ commitment: Commitment; tz: string }> {
  return checkOwnersOpenPromise(deps, teamId, actorId, ref, 'own');
}

/** Before the Move form opens: only the owner, only while it is open. */
export function checkMovable(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
): Promise<{ commitment: Commitment; tz: string }> {
  return checkOwnersOpenPromise(deps, teamId, actorId, ref, 'move');
}

async function checkOwnersOpenPromise(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
  verb: 'move' | 'own',
): Promise<{ commitment: Commitment; tz: string }> {
  const c = await getCommitment(deps.db, teamId, ref);
  if (!c) throw unknownRef(ref);
  if (c.ownerId !== actorId)
    throw new ForbiddenError(
      'not_yours',
      `Only <@${c.ownerId}> can ${verb} *${commitmentRef(c.ref)}* — it’s their promise.`,
    );
  if (c.status !== 'open')
    throw new InputError(
      'already_closed',
      `*${commitmentRef(c.ref)}* is already ${c.status}; there’s nothing to ${verb === 'move' ? 'move' : 'change'}.`,
    );
  const me = await memberOf(deps, teamId, actorId);
  return { commitment: c, tz: me.tz };
}

/** The Move form: a new date in the person's own words, read in their time zone. */
export async function moveFromForm(
  deps: ServiceDeps,
  req: CommitmentActionRequest & { when: string; reason: string },
): Promise<
  { kind: 'errors'; errors: { when: string } } | { kind: 'moved'; result: ApplyResult; tz: string }
> {
  const me = await memberOf(deps, req.teamId, req.actorId);
  const due = parseDue(req.when, deps.clock.now(), me.tz);
  if (!due.ok) return { kind: 'errors', errors: { when: due.error.message } };
  const result = await moveCommitment(deps, {
    ...req,
    newDue: due.value.due,
    reason: req.reason ? asSlackText([...req.reason].slice(0, TEXT_LIMITS.reason).join('')) : null,
  });
  return { kind: 'moved', result, tz: me.tz };
}

/** The promise form's fields, as typed. */
export interface CommitForm {
  what: string;
  counterpartId: string | null;
  /** The picked day, YYYY-MM-DD. */
  date: string | null;
}

export type CommitFormField = 'what' | 'person' | 'due';

/** The promise form: a promise due at the end of the picked day, in the owner's zone. */
export async function commitFromForm(
  deps: ServiceDeps,
  req: { teamId: string; ownerId: string; form: CommitForm },
): Promise<
  | { kind: 'errors'; errors: Partial<Record<CommitFormField, string>> }
  | { kind: 'made'; result: MakeCommitmentResult }
> {
  const { form } = req;
  const errors: Partial<Record<CommitFormField, string>> = {};
  if (!form.what) errors.what = 'Say what you’ll do, in a line.';
  else if ([...form.what].length > TEXT_LIMITS.promise)
    errors.what = `Keep it under ${TEXT_LIMITS.promise} characters.`;
  const me = await memberOf(deps, req.teamId, req.ownerId);
  // a day picked means the end of the owner's working day on it, in their zone
  const due = form.date ? endOfWorkingDay(form.date, me) : null;
  if (!due) errors.due = 'A promise needs a date — pick one.';
  else if (due.getTime() <= deps.clock.now().getTime())
    errors.due = 'That day has already ended for you. Pick a later one.';
  // the person is checked with the fields, so one submit shows every problem
  if (form.counterpartId) {
    const to = await resolvePerson(deps, req.teamId, { kind: 'id', userId: form.counterpartId });
    if (to.userId === req.ownerId)
      errors.person = 'A promise to yourself is still a promise — just leave “Promised to” empty.';
    else if (to.isBot)
      errors.person = 'Promises are made to people, not bots. Pick a teammate, or leave it empty.';
  }
  if (Object.keys(errors).length > 0 || !due) return { kind: 'errors', errors };
  const result = await makeCommitment(deps, {
    teamId: req.teamId,
    ownerId: req.ownerId,
    counterpart: form.counterpartId ? { kind: 'id', userId: form.counterpartId } : null,
    text: asSlackText(form.what),
    due,
  });
  return { kind: 'made', result };
}

/** `/commit what by when`, `/commit @ana what by when`, `/commit C-7 by next Monday because…`. */
export async function commitFromCommand(
  deps: ServiceDeps,
  c: { teamId: string; userId: string; text: string },
): Promise<
  | { kind: 'usage'; message: string }
  | { kind: 'moved'; result: ApplyResult; tz: string }
  | { kind: 'made'; result: MakeCommitmentResult }
> {
  const me = await memberOf(deps, c.teamId, c.userId);
  const parsed = parseCommitCommand(c.text, deps.clock.now(), me.tz);
  if (!parsed.ok) return { kind: 'usage', message: parsed.error.message };
  const p = parsed.value;
  if (p.kind === 'move') {
    const result = await moveCommitment(deps, {
      teamId: c.teamId,
      actorId: c.userId,
      ref: p.ref,
      actionKey: null,
      newDue: p.due,
      reason: p.reason,
    });
    return { kind: 'moved', result, tz: me.tz };
  }
  // no time of day: the end of the owner's own working day on that day
  const due = p.hadTime ? p.due : endOfWorkingDay(isoDate(localDateOf(p.due, resolveZone(me.tz))), me);
  const result = await makeCommitment(deps, {
    teamId: c.teamId,
    ownerId: c.userId,
    counterpart: p.owedTo,
    text: p.text,
    due,
  });
  return { kind: 'made', result };
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
      { teamId: r.teamId, actorId: SYSTEM_ACTOR, ref: r.ref, actionKey: `auto_miss:${r.ref}` },
      { kind: 'auto_miss' },
      null,
      ({ after }) => ({ type: 'promise_missed', teamId: r.teamId, commitment: after }),
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
      { teamId: r.teamId, actorId: SYSTEM_ACTOR, ref: r.ref, actionKey: null },
      { kind: 'auto_unconfirm' },
      null,
      ({ after }) => ({ type: 'promise_left_unconfirmed', teamId: r.teamId, commitment: after }),
    ).catch((err: unknown) => {
      if (err instanceof InputError) return null;
      throw err;
    });
    if (res?.kind === 'applied') unconfirmed++;
  }
  return { missed, unconfirmed };
}
