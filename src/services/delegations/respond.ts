/**
 * The assignee's answer to new work: Accept, or Ask for a change (a note to the leader).
 */
import { markAccepted, markChangeRequested } from '../../db/delegations';
import { appendLedgerEntry } from '../../db/ledger';
import type { Delegation } from '../../domain/delegation';
import { TEXT_LIMITS } from '../../domain/limits';
import { memberOf } from '../members';
import { asSlackText } from '../parse/text';
import type { ServiceDeps } from '../ports';
import { ACCESS, delegationFor } from './access';

/**
 * Accept, in the assignee's DM. Idempotent: a second click changes nothing and says when it was
 * accepted (`acceptedAt` of the first).
 */
export async function acceptDelegation(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
): Promise<{ delegation: Delegation; already: boolean; tz: string }> {
  const now = deps.clock.now();
  const d = await delegationFor(deps.db, teamId, ref, ACCESS.accept(actorId));
  const me = await memberOf(deps, teamId, actorId);
  if (d.acceptedAt) return { delegation: d, already: true, tz: me.tz };
  const accepted = await deps.db.transaction(async (tx) => {
    if (!(await markAccepted(tx, teamId, ref, now))) return false; // a second click, a moment ago
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
    await deps.announce(
      tx,
      [{ type: 'delegation_accepted', teamId, delegation: { ...d, acceptedAt: now } }],
      now,
    );
    return true;
  });
  deps.wakeDelivery();
  return { delegation: { ...d, acceptedAt: d.acceptedAt ?? now }, already: !accepted, tz: me.tz };
}

/** Before the change form opens: only the assignee, only while it is open. */
export function checkChangeable(
  deps: ServiceDeps,
  teamId: string,
  actorId: string,
  ref: number,
): Promise<Delegation> {
  return delegationFor(deps.db, teamId, ref, ACCESS.askForChange(actorId));
}

/** Ask for a change: the note goes to the leader. `requestKey` makes a retried submission act once. */
export async function requestChange(
  deps: ServiceDeps,
  req: { teamId: string; actorId: string; ref: number; note: string; requestKey: string },
): Promise<Delegation | { kind: 'errors'; errors: { note: string } }> {
  if (!req.note) return { kind: 'errors', errors: { note: 'Say what you would change.' } };
  const now = deps.clock.now();
  const note = asSlackText([...req.note].slice(0, TEXT_LIMITS.note).join(''));
  const d = await checkChangeable(deps, req.teamId, req.actorId, req.ref);
  const leader = await memberOf(deps, req.teamId, d.leaderId);
  await deps.db.transaction(async (tx) => {
    const entryId = await appendLedgerEntry(tx, {
      teamId: req.teamId,
      subject: 'delegation',
      subjectRef: req.ref,
      ownerId: d.assigneeId,
      actorId: req.actorId,
      action: 'change_requested',
      fromStatus: 'open',
      toStatus: 'open',
      note,
      at: now,
      actionKey: req.requestKey,
    });
    if (entryId === null) return; // this submission was already recorded
    const after = (await markChangeRequested(tx, req.teamId, req.ref, now)) ?? d;
    await deps.announce(
      tx,
      [
        {
          type: 'change_requested',
          teamId: req.teamId,
          delegation: after,
          note,
          requestKey: req.requestKey,
          leader,
        },
      ],
      now,
    );
  });
  deps.wakeDelivery();
  return d;
}
