/**
 * Closing work: `/outcome D-n win|loss lesson`, the Win / Loss buttons and the lesson form. A loss
 * always comes with its lesson; both are celebrated, and a loss never lowers the ladder.
 */
import {
  closeAtVersion,
  closeWithEntry,
  getDelegation,
  ladderOf,
  listOpenFor,
  readCloseContext,
} from '../../db/delegations';
import type { Delegation, DelegationResult } from '../../domain/delegation';
import { TEXT_LIMITS } from '../../domain/limits';
import { delegationRef } from '../../domain/refs';
import type { Ladder } from '../../domain/stakes';
import { memberFromCache, memberOf } from '../members';
import { asSlackText } from '../parse/text';
import type { Announcer, ServiceDeps } from '../ports';
import { addOutcome } from '../trust-ladder';
import { ACCESS, checkedAccess, closedAlready, delegationFor } from './access';

export type CloseRequest = {
  teamId: string;
  actorId: string;
  ref: number;
  result: DelegationResult;
  lesson: string | null;
};

export type CloseResult =
  | { kind: 'closed'; delegation: Delegation; ladder: Ladder }
  | { kind: 'needs_lesson'; delegation: Delegation };

/** Checks a close without writing anything (before a lesson form opens). */
export function checkClosable(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
): Promise<Delegation> {
  return delegationFor(deps.db, teamId, ref, ACCESS.close(actorId));
}

/**
 * Closes the delegation, appends the ledger entry and announces it (the celebration, and the leader's
 * nudge to acknowledge it), in one transaction. A loss without a lesson changes nothing and asks for one.
 */
export async function closeDelegation(deps: ServiceDeps, req: CloseRequest): Promise<CloseResult> {
  const lesson = req.lesson?.trim() ? req.lesson.trim() : null;
  const prepare = deps.announce.prepare;
  const outcome = prepare ? await closeInOneStatement(deps, prepare, req, lesson) : null;
  if (outcome?.kind === 'closed') {
    deps.wakeDelivery();
    logClosed(deps, req);
  }
  return outcome ?? closeInTransaction(deps, req, lesson);
}

const logClosed = (deps: ServiceDeps, req: CloseRequest) =>
  deps.log.info(
    { teamId: req.teamId, actor: req.actorId, ref: delegationRef(req.ref), result: req.result },
    'delegation closed',
  );

/**
 * Two round trips: one read (the delegation, its leader, the ladder), one statement that closes it
 * with its ledger entry and outbox rows if the row is still as read (db/delegations.ts
 * `closeAtVersion`). Null when it changed in between (an edit, a reminder's bookkeeping, a close by
 * someone else): the transaction path then reads again and decides.
 */
async function closeInOneStatement(
  deps: ServiceDeps,
  prepare: NonNullable<Announcer['prepare']>,
  req: CloseRequest,
  lesson: string | null,
): Promise<CloseResult | null> {
  const now = deps.clock.now();
  const known = await readCloseContext(deps.db, req.teamId, req.ref);
  const pre = checkedAccess(known?.delegation ?? null, req.ref, ACCESS.close(req.actorId));
  if (!known) return null; // checkedAccess refused it already
  if (req.result === 'loss' && !lesson) return { kind: 'needs_lesson', delegation: pre };
  const leader = await memberFromCache(deps, req.teamId, pre.leaderId, known.leader);
  const change = {
    status: req.result === 'win' ? ('won' as const) : ('lost' as const),
    lesson,
    closedBy: req.actorId,
    closedAt: now,
  };
  const closed: Delegation = { ...pre, ...change };
  const ladder = addOutcome(known.ladder, closed.stakes, req.result);
  const outbox = await prepare(
    [{ type: 'delegation_closed', teamId: req.teamId, delegation: closed, ladder, leader }],
    now,
  );
  const written = await closeAtVersion(deps.db, req.teamId, req.ref, known.rowVersion, change, outbox);
  return written ? { kind: 'closed', delegation: written, ladder } : null;
}

async function closeInTransaction(
  deps: ServiceDeps,
  req: CloseRequest,
  lesson: string | null,
): Promise<CloseResult> {
  const now = deps.clock.now();
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
    const closed = await closeWithEntry(tx, req.teamId, req.ref, {
      status,
      lesson,
      closedBy: req.actorId,
      closedAt: now,
    });
    // closed by someone else a moment ago
    if (!closed) throw closedAlready((await getDelegation(tx, req.teamId, req.ref)) ?? pre);
    const ladder = addOutcome(ladderBefore, closed.stakes, req.result);
    await deps.announce(
      tx,
      [{ type: 'delegation_closed', teamId: req.teamId, delegation: closed, ladder, leader }],
      now,
    );
    return { kind: 'closed' as const, delegation: closed, ladder };
  });
  deps.wakeDelivery();
  logClosed(deps, req);
  return outcome;
}

/** The lesson form, from the Win / Loss buttons: the lesson as typed. */
export async function closeFromForm(
  deps: ServiceDeps,
  req: Omit<CloseRequest, 'lesson'> & { lesson: string },
): Promise<CloseResult | { kind: 'errors'; errors: { lesson: string } }> {
  if (req.result === 'loss' && !req.lesson)
    return {
      kind: 'errors',
      errors: {
        lesson: 'A loss is worth sharing when it comes with a lesson. What would you do differently?',
      },
    };
  if ([...req.lesson].length > TEXT_LIMITS.lesson)
    return { kind: 'errors', errors: { lesson: `Keep it under ${TEXT_LIMITS.lesson} characters.` } };
  return closeDelegation(deps, { ...req, lesson: req.lesson ? asSlackText(req.lesson) : null });
}

/** `/outcome` with no text: what the person can close, and their zone for the dates. */
export async function openDelegationsFor(deps: ServiceDeps, teamId: string, userId: string) {
  const [items, me] = await Promise.all([
    listOpenFor(deps.db, teamId, userId, 30),
    memberOf(deps, teamId, userId),
  ]);
  return { items, tz: me.tz };
}
