/**
 * The leader's answers to "Ask for a change" (and to their own second thoughts): edit the work,
 * give it to someone else, or cancel it. Only the leader, only while it is open; each is a ledger
 * event, and both people are told.
 */
import { listCommitments, transferSupportPromises } from '../../db/commitments';
import {
  cancelWithEntry,
  editWithEntry,
  reassignWithEntries,
  type DelegationEdit,
} from '../../db/delegations';
import type { Delegation, PromiseSummary } from '../../domain/delegation';
import { TEXT_LIMITS } from '../../domain/limits';
import { displayName } from '../../domain/member';
import { delegationRef } from '../../domain/refs';
import { STAKES, type Stakes } from '../../domain/stakes';
import { InputError } from '../../errors';
import { memberOf, resolvePerson, type PersonRef } from '../members';
import { endOfWorkingDay } from '../schedule/working-hours';
import { asSlackText } from '../parse/text';
import type { ServiceDeps } from '../ports';
import { closedAlready, delegationFor, type Access } from './access';
import { createCommitmentIn } from './delegate';

const asLeader = (actorId: string, what: string): Access => ({
  actorId,
  role: 'leader',
  state: 'open',
  refusal: (d) => `Only <@${d.leaderId}>, who delegated *${delegationRef(d.ref)}*, can ${what} it.`,
});

/** Before a form opens (or a command acts): only the leader, only while it is open. */
export async function checkChangeableByLeader(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
  what: 'change' | 'reassign' | 'cancel',
): Promise<{ delegation: Delegation; leaderTz: string; assigneeTz: string; promises: PromiseSummary[] }> {
  const delegation = await delegationFor(deps.db, teamId, ref, asLeader(actorId, what));
  const [leader, assignee] = await Promise.all([
    memberOf(deps, teamId, actorId),
    memberOf(deps, teamId, delegation.assigneeId),
  ]);
  return {
    delegation,
    leaderTz: leader.tz,
    assigneeTz: assignee.tz,
    promises: await supportPromises(deps, delegation),
  };
}

async function supportPromises(deps: ServiceDeps, d: Delegation): Promise<PromiseSummary[]> {
  const open = await listCommitments(deps.db, d.teamId, { delegationRef: d.ref, status: 'open' }, 20);
  return open.map((c) => ({ ref: c.ref, text: c.text, dueAt: c.dueAt, dueWasDefault: false }));
}

/** The edit form's fields, as typed (prefilled with the current values). */
export interface EditForm {
  task: string;
  success: string;
  buffer: string;
  stakes: string;
  /** YYYY-MM-DD */
  date: string | null;
  /** New promises, one per line, due with the work unless they say when. */
  promises: string;
}

export type EditField = 'task' | 'success' | 'buffer' | 'stakes' | 'due' | 'promises';

export type EditResult =
  | { kind: 'errors'; errors: Partial<Record<EditField, string>> }
  | { kind: 'unchanged'; delegation: Delegation }
  | { kind: 'edited'; before: Delegation; after: Delegation; leaderTz: string; assigneeTz: string };

const length = (s: string) => [...s].length;

/** The leader edits open work from the edit form. */
export async function editFromForm(
  deps: ServiceDeps,
  req: { teamId: string; actorId: string; ref: number; form: EditForm },
): Promise<EditResult> {
  const { form } = req;
  const errors: Partial<Record<EditField, string>> = {};
  if (!form.task) errors.task = 'Say what the work is, in a line.';
  else if (length(form.task) > TEXT_LIMITS.title)
    errors.task = `Keep it under ${TEXT_LIMITS.title} characters.`;
  if (length(form.success) > TEXT_LIMITS.success)
    errors.success = `Keep it under ${TEXT_LIMITS.success} characters.`;
  if (length(form.buffer) > TEXT_LIMITS.buffer)
    errors.buffer = `Keep it under ${TEXT_LIMITS.buffer} characters.`;
  const stakes = (STAKES as readonly string[]).includes(form.stakes) ? (form.stakes as Stakes) : null;
  if (!stakes) errors.stakes = 'Pick small, medium or large.';
  const { delegation: before, leaderTz } = await checkChangeableByLeader(
    deps,
    req.teamId,
    req.actorId,
    req.ref,
    'change',
  );
  const assignee = await memberOf(deps, req.teamId, before.assigneeId);
  const now = deps.clock.now();
  // a day picked means the end of the assignee's working day on it, as when the work was given
  const due = form.date ? endOfWorkingDay(form.date, assignee) : null;
  if (!due) errors.due = 'Pick a due date.';
  else if (due.getTime() <= now.getTime() && due.getTime() !== before.dueAt.getTime())
    errors.due = 'That day has already ended. Pick a later one.';
  const newPromises = form.promises
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.replace(/^I(?:['’]ll|\s+will)\s+/i, '').trim());
  if (newPromises.some((p) => length(p) > TEXT_LIMITS.promise))
    errors.promises = `Keep each promise under ${TEXT_LIMITS.promise} characters.`;
  if (Object.keys(errors).length > 0 || !stakes || !due) return { kind: 'errors', errors };
  const change: DelegationEdit = {
    title: asSlackText(form.task),
    success: form.success ? asSlackText(form.success) : null,
    buffer: form.buffer ? asSlackText(form.buffer) : null,
    stakes,
    // an unchanged picker keeps the exact instant it had (it may not be the end of a day)
    dueAt: sameDay(due, before.dueAt, assignee.tz) ? before.dueAt : due,
  };
  return applyEdit(deps, {
    teamId: req.teamId,
    actorId: req.actorId,
    before,
    change,
    newPromises: newPromises.map(asSlackText),
    leaderTz,
  });
}

function sameDay(a: Date, b: Date, tz: string): boolean {
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(d);
  return day(a) === day(b);
}

/** What changed, in words for the ledger ("due Fri 4 Dec → Mon 7 Dec; stakes small → medium"). */
export function describeEdit(before: Delegation, after: DelegationEdit): string[] {
  const changed: string[] = [];
  if (before.title !== after.title) changed.push('the task');
  if (before.success !== after.success) changed.push('what success looks like');
  if (before.buffer !== after.buffer) changed.push('the safety net');
  if (before.stakes !== after.stakes) changed.push(`stakes ${before.stakes} → ${after.stakes}`);
  if (before.dueAt.getTime() !== after.dueAt.getTime())
    changed.push(`due ${before.dueAt.toISOString()} → ${after.dueAt.toISOString()}`);
  return changed;
}

async function applyEdit(
  deps: ServiceDeps,
  r: {
    teamId: string;
    actorId: string;
    before: Delegation;
    change: DelegationEdit;
    newPromises: string[];
    leaderTz: string;
  },
): Promise<EditResult> {
  const changed = describeEdit(r.before, r.change);
  if (changed.length === 0 && r.newPromises.length === 0) return { kind: 'unchanged', delegation: r.before };
  const now = deps.clock.now();
  const assignee = await memberOf(deps, r.teamId, r.before.assigneeId);
  const after = await deps.db.transaction(async (tx) => {
    const edited = await editWithEntry(tx, r.teamId, r.before.ref, r.change, {
      actorId: r.actorId,
      action: 'edited',
      fromStatus: 'open',
      toStatus: 'open',
      note: [...changed, ...r.newPromises.map((p) => `a new promise: ${p}`)].join('; '),
      at: now,
    });
    if (!edited) throw closedAlready(r.before); // closed a moment ago
    for (const text of r.newPromises)
      await createCommitmentIn(tx, {
        teamId: r.teamId,
        ownerId: r.actorId,
        counterpartId: edited.assigneeId,
        delegationRef: edited.ref,
        text,
        dueAt: edited.dueAt,
        now,
      });
    const promises = await supportPromisesIn(tx, edited);
    await deps.announce(
      tx,
      [{ type: 'delegation_edited', teamId: r.teamId, before: r.before, after: edited, promises, assignee }],
      now,
    );
    return edited;
  });
  deps.wakeDelivery();
  deps.log.info(
    { teamId: r.teamId, leader: r.actorId, ref: delegationRef(after.ref), changed: changed.length },
    'delegation edited',
  );
  return { kind: 'edited', before: r.before, after, leaderTz: r.leaderTz, assigneeTz: assignee.tz };
}

async function supportPromisesIn(
  tx: Parameters<typeof listCommitments>[0],
  d: Delegation,
): Promise<PromiseSummary[]> {
  const open = await listCommitments(tx, d.teamId, { delegationRef: d.ref, status: 'open' }, 20);
  return open.map((c) => ({ ref: c.ref, text: c.text, dueAt: c.dueAt, dueWasDefault: false }));
}

/** The leader gives open work to someone else: the first person is told kindly, the new one gets the DM. */
export async function reassignDelegation(
  deps: ServiceDeps,
  req: { teamId: string; actorId: string; ref: number; to: PersonRef | null },
): Promise<
  | { kind: 'errors'; errors: { person: string } }
  | { kind: 'reassigned'; before: Delegation; after: Delegation; name: string }
> {
  if (!req.to) return { kind: 'errors', errors: { person: 'Pick who should take it on instead.' } };
  const { delegation: before } = await checkChangeableByLeader(
    deps,
    req.teamId,
    req.actorId,
    req.ref,
    'reassign',
  );
  const [to, previous] = await Promise.all([
    resolvePerson(deps, req.teamId, req.to),
    memberOf(deps, req.teamId, before.assigneeId),
  ]);
  const refuse = (message: string) => new InputError('bad_assignee', message, { field: 'person' });
  if (to.userId === before.assigneeId)
    throw refuse(`${displayName(to)} already holds *${delegationRef(before.ref)}*.`);
  if (to.userId === req.actorId)
    throw refuse(
      'Taking it back yourself? Cancel it instead, and make a promise with `/commit` — it belongs on your say/do ledger.',
    );
  if (to.isBot) throw refuse('Bots can’t take on delegations — trust is between people. Pick a teammate.');
  if (to.deleted)
    throw refuse(`${displayName(to)} is no longer active in this workspace. Pick someone else.`);
  const now = deps.clock.now();
  const after = await deps.db.transaction(async (tx) => {
    const moved = await reassignWithEntries(tx, req.teamId, before.ref, to.userId, {
      actorId: req.actorId,
      at: now,
    });
    if (!moved) throw closedAlready(before);
    const promises = (await transferSupportPromises(tx, req.teamId, before.ref, to.userId)).map((c) => ({
      ref: c.ref,
      text: c.text,
      dueAt: c.dueAt,
      dueWasDefault: false,
    }));
    await deps.announce(
      tx,
      [
        {
          type: 'delegation_reassigned',
          teamId: req.teamId,
          before,
          after: moved,
          promises,
          previous,
          assignee: to,
        },
      ],
      now,
    );
    return moved;
  });
  deps.wakeDelivery();
  deps.log.info(
    { teamId: req.teamId, leader: req.actorId, ref: delegationRef(after.ref), to: to.userId },
    'delegation reassigned',
  );
  return { kind: 'reassigned', before, after, name: displayName(to) };
}

/** The leader cancels open work, with an optional reason: not a loss, it counts against no one. */
export async function cancelDelegation(
  deps: ServiceDeps,
  req: { teamId: string; actorId: string; ref: number; reason: string },
): Promise<Delegation> {
  const { delegation: before } = await checkChangeableByLeader(
    deps,
    req.teamId,
    req.actorId,
    req.ref,
    'cancel',
  );
  const reason = req.reason.trim()
    ? asSlackText([...req.reason.trim()].slice(0, TEXT_LIMITS.note).join(''))
    : null;
  const now = deps.clock.now();
  const assignee = await memberOf(deps, req.teamId, before.assigneeId);
  const cancelled = await deps.db.transaction(async (tx) => {
    const c = await cancelWithEntry(tx, req.teamId, before.ref, { by: req.actorId, at: now, reason });
    if (!c) throw closedAlready(before);
    await deps.announce(
      tx,
      [{ type: 'delegation_cancelled', teamId: req.teamId, delegation: c, assignee }],
      now,
    );
    return c;
  });
  deps.wakeDelivery();
  deps.log.info(
    { teamId: req.teamId, leader: req.actorId, ref: delegationRef(cancelled.ref) },
    'delegation cancelled',
  );
  return cancelled;
}
