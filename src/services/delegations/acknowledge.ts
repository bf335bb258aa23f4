/**
 * The leader acknowledges an outcome of work they delegated: the note goes into the celebration's
 * thread (or to the assignee by DM when the celebration could not be posted), and the ledger records it.
 */
import { markAcknowledged } from '../../db/delegations';
import { appendLedgerEntry } from '../../db/ledger';
import type { Delegation } from '../../domain/delegation';
import { TEXT_LIMITS } from '../../domain/limits';
import { delegationRef } from '../../domain/refs';
import { InputError } from '../../errors';
import { asSlackText } from '../parse/text';
import type { ServiceDeps } from '../ports';
import { ACCESS, delegationFor } from './access';

/** Before the note form opens: only the leader, only once it is closed. */
export function checkAcknowledgeable(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
): Promise<Delegation> {
  return delegationFor(deps.db, teamId, ref, ACCESS.acknowledge(actorId));
}

export async function acknowledgeOutcome(
  deps: ServiceDeps,
  req: { teamId: string; actorId: string; ref: number; note: string },
): Promise<Delegation | { kind: 'errors'; errors: { note: string } }> {
  if (!req.note) return { kind: 'errors', errors: { note: 'A line is plenty.' } };
  const { teamId, actorId, ref } = req;
  const note = asSlackText([...req.note].slice(0, TEXT_LIMITS.note).join(''));
  const now = deps.clock.now();
  const d = await checkAcknowledgeable(deps, teamId, actorId, ref);
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
    await deps.announce(tx, [{ type: 'outcome_acknowledged', teamId, delegation: d, note }], now);
  });
  deps.wakeDelivery();
  deps.log.info({ teamId, leader: actorId, ref: delegationRef(ref) }, 'outcome acknowledged');
  return d;
}
