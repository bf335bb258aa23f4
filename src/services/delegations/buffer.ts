/**
 * "Buffer appropriately": the leader names the safety net after delegating (the step-up note's button).
 */
import { setBuffer } from '../../db/delegations';
import { appendLedgerEntry } from '../../db/ledger';
import type { Delegation } from '../../domain/delegation';
import { displayName } from '../../domain/member';
import { TEXT_LIMITS } from '../../domain/limits';
import { delegationRef } from '../../domain/refs';
import { memberOf } from '../members';
import { asSlackText } from '../parse/text';
import type { ServiceDeps } from '../ports';
import { ACCESS, closedAlready, delegationFor } from './access';

/** Before the safety-net form opens: only the leader, only while open; with the assignee's name for it. */
export async function checkBufferable(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
): Promise<{ delegation: Delegation; assigneeName: string }> {
  const delegation = await delegationFor(deps.db, teamId, ref, ACCESS.setBuffer(actorId));
  const assignee = await memberOf(deps, teamId, delegation.assigneeId);
  return { delegation, assigneeName: displayName(assignee) };
}

export async function addBuffer(
  deps: ServiceDeps,
  req: { teamId: string; actorId: string; ref: number; buffer: string },
): Promise<Delegation | { kind: 'errors'; errors: { buffer: string } }> {
  if (!req.buffer)
    return {
      kind: 'errors',
      errors: { buffer: 'Name the safety net: a review, a fallback, slack in the date.' },
    };
  const { teamId, actorId, ref } = req;
  const buffer = asSlackText([...req.buffer].slice(0, TEXT_LIMITS.buffer).join(''));
  const now = deps.clock.now();
  const d = await delegationFor(deps.db, teamId, ref, ACCESS.setBuffer(actorId));
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
    await deps.announce(
      tx,
      [{ type: 'buffer_added', teamId, delegation: after, entryId: entryId ?? 0 }],
      now,
    );
    return after;
  });
  deps.wakeDelivery();
  deps.log.info({ teamId, leader: actorId, ref: delegationRef(ref) }, 'safety net added');
  return updated;
}
