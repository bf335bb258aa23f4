/**
 * Giving work: `/delegate` typed, or its form. Checks the person and the rules, then writes the
 * delegation, its ledger entries, the leader's promises and the announcement in one transaction.
 */
import { insertCommitment } from '../../db/commitments';
import type { Tx } from '../../db/db';
import {
  delegationToInsert,
  insertDelegationAtRef,
  insertDelegationWithEntry,
  ladderOf,
  nextDelegationRef,
  type DelegationContext,
  type NewDelegation,
} from '../../db/delegations';
import type { EntryFields } from '../../db/ledger';
import { appendLedgerEntry } from '../../db/ledger';
import { nextRef } from '../../db/workspaces';
import type { Commitment } from '../../domain/commitment';
import type { Delegation, PromiseSummary } from '../../domain/delegation';
import { MAX_PROMISES_PER_DELEGATION, TEXT_LIMITS } from '../../domain/limits';
import { displayName, type Member } from '../../domain/member';
import { delegationRef } from '../../domain/refs';
import { STAKES, type Ladder, type Stakes } from '../../domain/stakes';
import { InputError } from '../../errors';
import { memberFromCache, memberOf, resolvePerson, type PersonRef } from '../members';
import { dueAtEndOfDay, resolveZone } from '../parse/due';
import { isoDate, localDateOf } from '../schedule/local-time';
import { endOfWorkingDay, hoursOf, isWorkingTime, nextWorkingStart } from '../schedule/working-hours';
import { asSlackText, quote } from '../parse/text';
import { extractDueClause } from '../parse/when';
import type { Announcer, ServiceDeps } from '../ports';
import { daysOffIn } from '../../db/days-off';
import type { DayOff } from '../../domain/days-off';
import { dayOffAt } from '../schedule/days-off';
import { isJump, levelBelow, stepUpSuggestion } from '../trust-ladder';
import { WriteTurns } from './write-turns';

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
  /**
   * False when no time of day was given: the due date then means the end of the assignee's working
   * day on that calendar day (as the leader meant the day), in the assignee's zone.
   */
  dueHadTime?: boolean;
  promises: { text: string; due: Date | null }[];
  /** From the form: a jump past the person's track record needs a buffer before anything is saved. */
  requireBufferOnJump: boolean;
  /** Given from a message ("Delegate this…"): the link back to it. */
  sourcePermalink?: string | null;
}

export interface DelegateResult {
  delegation: Delegation;
  assigneeName: string;
  leaderTz: string;
  ladder: Ladder;
  jumpWithoutBuffer: { below: Stakes } | null;
  stepUp: { from: Stakes; to: Stakes } | null;
  promises: PromiseSummary[];
  dueWasDefault: boolean;
  assigneeTz: string;
  /** The assignee is outside their working hours now: when they are back (their DM waits in Slack). */
  assigneeOffUntil: Date | null;
  /** The due date falls on a team or workspace day off, in the assignee's zone: a heads-up, not a refusal. */
  dueOnDayOff: DayOff | null;
}

export async function delegate(deps: ServiceDeps, req: DelegateRequest): Promise<DelegateResult> {
  return delegateAs(deps, await memberOf(deps, req.teamId, req.leaderId), req);
}

/** Delegates as `leader`, already read by the caller (one read less per command). */
export async function delegateAs(
  deps: ServiceDeps,
  leader: Member,
  req: DelegateRequest,
  /** Read by the command in its one read (db/delegations.ts `readDelegationContext`), for this assignee and channel. */
  known?: DelegationContext & { assigneeId: string; channelId: string },
): Promise<DelegateResult> {
  const now = deps.clock.now();
  const context =
    known &&
    req.assignee.kind === 'id' &&
    req.assignee.userId === known.assigneeId &&
    req.channelId === known.channelId
      ? known
      : null;
  const assignee = context
    ? await memberFromCache(deps, req.teamId, context.assigneeId, context.assignee)
    : await resolvePerson(deps, req.teamId, req.assignee);
  const due =
    req.dueHadTime === false
      ? endOfWorkingDay(isoDate(localDateOf(req.due, resolveZone(leader.tz))), assignee)
      : req.due;
  const [ladder, daysOff] = context
    ? [context.ladder, context.daysOff]
    : await Promise.all([
        ladderOf(deps.db, req.teamId, assignee.userId),
        daysOffIn(deps.db, req.teamId, req.channelId, isoDate(localDateOf(now, resolveZone(assignee.tz)))),
      ]);
  const hasBuffer = req.buffer !== null && req.buffer.trim() !== '';
  const problems = assignmentProblems({
    leaderId: req.leaderId,
    assignee,
    ladder,
    stakes: req.stakes,
    hasBuffer,
    requireBufferOnJump: req.requireBufferOnJump,
    due,
    now,
  });
  const first = problems[0];
  if (first) throw new InputError(first.code, first.message, { field: first.field });
  const jump = isJump(req.stakes, ladder);
  const promiseInputs = req.promises.map((p) => ({
    text: p.text,
    due: p.due ?? due,
    dueWasDefault: p.due === null,
  }));
  for (const p of promiseInputs) {
    if (p.due.getTime() <= now.getTime()) {
      throw new InputError('past', `The date for your promise “${p.text}” is already behind us.`, {
        field: 'promises',
      });
    }
  }

  const fields = (ref: number): NewDelegation => ({
    teamId: req.teamId,
    ref,
    leaderId: req.leaderId,
    assigneeId: assignee.userId,
    title: req.title,
    success: req.success,
    buffer: hasBuffer ? req.buffer : null,
    stakes: req.stakes,
    dueAt: due,
    channelId: req.channelId,
    createdAt: now,
    sourcePermalink: req.sourcePermalink ?? null,
  });
  const entry = {
    actorId: req.leaderId,
    action: 'delegated',
    fromStatus: null,
    toStatus: 'open',
    note: req.title,
    at: now,
  };
  // A command that read the workspace's next reference writes everything in one statement; the
  // form, a message shortcut, a workflow step (its announcer records the execution too) and work with
  // promises take the transaction.
  const prepare = deps.announce.prepare;
  const given =
    context && prepare && promiseInputs.length === 0
      ? await giveInOneStatement(deps, prepare, fields, entry, assignee, context.nextRef, now)
      : null;
  const { delegation, promises } =
    given ??
    (await deps.db.transaction(async (tx) => {
      const ref = await nextRef(tx, req.teamId, 'delegation');
      const delegation = await insertDelegationWithEntry(tx, fields(ref), entry);
      const promises: PromiseSummary[] = [];
      for (const p of promiseInputs) {
        const c = await createCommitmentIn(tx, {
          teamId: req.teamId,
          ownerId: req.leaderId,
          counterpartId: assignee.userId,
          delegationRef: ref,
          text: p.text,
          dueAt: p.due,
          now,
        });
        promises.push({ ref: c.ref, text: c.text, dueAt: c.dueAt, dueWasDefault: p.dueWasDefault });
      }
      await deps.announce(
        tx,
        [{ type: 'delegation_given', teamId: req.teamId, delegation, promises, assignee }],
        now,
      );
      return { delegation, promises };
    }));
  deps.wakeDelivery();
  deps.log.info(
    {
      teamId: req.teamId,
      leader: req.leaderId,
      assignee: assignee.userId,
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
    dueWasDefault: req.dueWasDefault,
    assigneeTz: assignee.tz,
    assigneeOffUntil: isWorkingTime(now, hoursOf(assignee)) ? null : nextWorkingStart(now, hoursOf(assignee)),
    dueOnDayOff: dayOffAt(daysOff, due, assignee.tz),
  };
}

/** Per database handle: the turns its workspaces' one-statement writes take in this process. */
const writeTurns = new WeakMap<object, WriteTurns>();

/**
 * The one-statement write (db/delegations.ts `insertDelegationAtRef`): the announcement is rendered
 * with the reference the command read, and written with the delegation only if that reference is
 * still free. Another command in the same workspace taking it first costs one small read and another
 * try; after three, null, and the caller takes the transaction, which cannot lose the race.
 * Commands of one workspace take this write in turn (write-turns.ts).
 */
async function giveInOneStatement(
  deps: ServiceDeps,
  prepare: NonNullable<Announcer['prepare']>,
  fields: (ref: number) => NewDelegation,
  entry: EntryFields,
  assignee: Member,
  firstRef: number,
  now: Date,
): Promise<{ delegation: Delegation; promises: PromiseSummary[] } | null> {
  const teamId = fields(firstRef).teamId;
  let turns = writeTurns.get(deps.db);
  if (!turns) writeTurns.set(deps.db, (turns = new WriteTurns()));
  const written = await turns.take(teamId, firstRef, async (first) => {
    let ref = first;
    for (let attempt = 0; attempt < 3; attempt++) {
      const d = fields(ref);
      const delegation = delegationToInsert(d);
      const outbox = await prepare(
        [{ type: 'delegation_given', teamId: d.teamId, delegation, promises: [], assignee }],
        now,
      );
      const done = await insertDelegationAtRef(deps.db, d, entry, outbox);
      if (done) return done;
      ref = await nextDelegationRef(deps.db, d.teamId);
    }
    return null;
  });
  return written ? { delegation: written, promises: [] } : null;
}

export interface AssignmentProblem {
  code: 'self_delegation' | 'bot_assignee' | 'deactivated_assignee' | 'past' | 'buffer_required';
  field: 'person' | 'due' | 'buffer';
  message: string;
}

/**
 * What stands in the way of giving this work to this person, every problem at once (a form shows
 * them all under their fields; a command answers with the first). Pure: the caller reads the person
 * and their ladder.
 */
export function assignmentProblems(a: {
  leaderId: string;
  assignee: Member;
  ladder: Ladder;
  stakes: Stakes | null;
  hasBuffer: boolean;
  requireBufferOnJump: boolean;
  due: Date | null;
  now: Date;
}): AssignmentProblem[] {
  const out: AssignmentProblem[] = [];
  if (a.assignee.userId === a.leaderId)
    out.push({
      code: 'self_delegation',
      field: 'person',
      message:
        'Delegating to yourself is really a promise — and promises belong on your say/do ledger. Try `/commit what by when` instead.',
    });
  else if (a.assignee.isBot)
    out.push({
      code: 'bot_assignee',
      field: 'person',
      message: 'Bots can’t take on delegations — trust is between people. Pick a teammate.',
    });
  else if (a.assignee.deleted)
    out.push({
      code: 'deactivated_assignee',
      field: 'person',
      message: `${displayName(a.assignee)} is no longer active in this workspace. Pick someone else.`,
    });
  if (a.due && a.due.getTime() <= a.now.getTime())
    out.push({
      code: 'past',
      field: 'due',
      message: 'That due date is already behind us. Pick a time in the future.',
    });
  const needsNet = stepUpFor(a.stakes, a.ladder);
  if (needsNet && !a.hasBuffer && a.requireBufferOnJump && out[0]?.field !== 'person')
    out.push({
      code: 'buffer_required',
      field: 'buffer',
      message: `This is a step up for ${displayName(a.assignee)} (no closed ${needsNet.below} work yet). Name a safety net: a review, a fallback, slack in the date.`,
    });
  return out;
}

/** A step up asks for a safety net: the level below the stakes, where they have closed nothing yet. */
export function stepUpFor(stakes: Stakes | null, ladder: Ladder): { below: Stakes } | null {
  return stakes && isJump(stakes, ladder) ? { below: levelBelow(stakes)! } : null;
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

export type Delegated = { kind: 'delegated'; result: DelegateResult };

/** The delegate form's fields, as typed (modal state, trimmed). */
export interface DelegateForm {
  assigneeId: string | null;
  task: string;
  success: string;
  buffer: string;
  promises: string;
  stakes: string;
  /** The picked day, YYYY-MM-DD. */
  date: string | null;
}

export type DelegateFormField = 'person' | 'task' | 'success' | 'stakes' | 'due' | 'buffer' | 'promises';
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

const length = (s: string) => [...s].length;

/**
 * The form: every field's own rules are checked together, so the person sees them all at once; the
 * rules that need the person and their ladder come after (`delegate`), as refusals under a field.
 */
export async function delegateFromForm(
  deps: ServiceDeps,
  f: {
    teamId: string;
    leaderId: string;
    channelId: string;
    form: DelegateForm;
    sourcePermalink?: string | null;
  },
): Promise<Delegated | { kind: 'errors'; errors: FieldErrors<DelegateFormField> }> {
  const { form } = f;
  const errors: FieldErrors<DelegateFormField> = {};
  if (!form.assigneeId) errors.person = 'Pick the person you’re trusting with this.';
  if (!form.task) errors.task = 'Say what the work is, in a line.';
  else if (length(form.task) > TEXT_LIMITS.title)
    errors.task = `Keep it under ${TEXT_LIMITS.title} characters — link a doc for the details.`;
  if (length(form.success) > TEXT_LIMITS.success)
    errors.success = `Keep it under ${TEXT_LIMITS.success} characters.`;
  if (length(form.buffer) > TEXT_LIMITS.buffer)
    errors.buffer = `Keep it under ${TEXT_LIMITS.buffer} characters.`;
  const stakes = (STAKES as readonly string[]).includes(form.stakes) ? (form.stakes as Stakes) : null;
  if (!stakes) errors.stakes = 'Pick small, medium or large.';

  const leader = await memberOf(deps, f.teamId, f.leaderId);
  const now = deps.clock.now();
  const due = form.date ? dueAtEndOfDay(form.date, leader.tz) : null;
  if (!due) errors.due = 'Pick a due date.';
  // the rules that need the person (who, their ladder, their working day) are checked now as well,
  // so one submit shows every problem
  if (form.assigneeId) {
    const assignee = await resolvePerson(deps, f.teamId, { kind: 'id', userId: form.assigneeId });
    const ladder = await ladderOf(deps.db, f.teamId, assignee.userId);
    const problems = assignmentProblems({
      leaderId: f.leaderId,
      assignee,
      ladder,
      stakes,
      hasBuffer: form.buffer !== '',
      requireBufferOnJump: true,
      due: form.date ? endOfWorkingDay(form.date, assignee) : null,
      now,
    });
    for (const p of problems) {
      if (p.field === 'due') errors.due ??= 'That day has already ended for them. Pick a later one.';
      else errors[p.field] ??= p.message;
    }
  } else if (due && due.getTime() <= now.getTime())
    errors.due = 'That day has already ended. Pick a later one.';

  const promises: { text: string; due: Date | null }[] = [];
  const lines = form.promises
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, MAX_PROMISES_PER_DELEGATION);
  for (const line of lines) {
    const clause = extractDueClause(line, now, leader.tz, { trailingDate: true });
    if (!clause.ok) {
      errors.promises = `${quote(line)}: ${clause.error.message}`;
      break;
    }
    const text = (clause.value?.rest ?? line).replace(/^I(?:['’]ll|\s+will)\s+/i, '').trim();
    if (length(text) > TEXT_LIMITS.promise) {
      errors.promises = `Keep each promise under ${TEXT_LIMITS.promise} characters.`;
      break;
    }
    promises.push({ text: asSlackText(text || line), due: clause.value?.due ?? null });
  }
  if (Object.keys(errors).length > 0 || !form.assigneeId || !stakes || !due)
    return { kind: 'errors', errors };
  const result = await delegateAs(deps, leader, {
    teamId: f.teamId,
    leaderId: f.leaderId,
    channelId: f.channelId,
    assignee: { kind: 'id', userId: form.assigneeId },
    title: asSlackText(form.task),
    success: form.success ? asSlackText(form.success) : null,
    buffer: form.buffer ? asSlackText(form.buffer) : null,
    stakes,
    due,
    dueWasDefault: false,
    dueHadTime: false,
    promises,
    requireBufferOnJump: true,
    sourcePermalink: f.sourcePermalink ?? null,
  });
  return { kind: 'delegated', result };
}

/** How the delegate form should look for the person and stakes picked so far. */
export interface DelegateFormShape {
  /** Said under "Who" at once: why this person can't take it (yourself, a bot, someone who left). */
  personProblem: string | null;
  /** The safety net is required: a step up for them. */
  stepUp: { name: string; below: Stakes } | null;
}

/** Read when the person or the stakes change in the open form (Slack's dispatch_action). */
export async function delegateFormShape(
  deps: ServiceDeps,
  f: { teamId: string; leaderId: string; assigneeId: string | null; stakes: string | null },
): Promise<DelegateFormShape> {
  if (!f.assigneeId) return { personProblem: null, stepUp: null };
  const assignee = await resolvePerson(deps, f.teamId, { kind: 'id', userId: f.assigneeId });
  const ladder = await ladderOf(deps.db, f.teamId, assignee.userId);
  const stakes = (STAKES as readonly string[]).includes(f.stakes ?? '') ? (f.stakes as Stakes) : null;
  const problems = assignmentProblems({
    leaderId: f.leaderId,
    assignee,
    ladder,
    stakes,
    hasBuffer: false,
    requireBufferOnJump: true,
    due: null,
    now: deps.clock.now(),
  });
  const person = problems.find((p) => p.field === 'person');
  const step = person ? null : stepUpFor(stakes, ladder);
  return {
    personProblem: person?.message ?? null,
    stepUp: step ? { name: displayName(assignee), below: step.below } : null,
  };
}
