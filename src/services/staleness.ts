import { isCommitmentOpen } from '../db/commitments';
import { isDelegationOpen, isUnacknowledged } from '../db/delegations';
import type { OutboxRow } from '../db/outbox';
import type { ServiceDeps } from './ports';

interface StaleUnless {
  commitment_open?: number;
  delegation_open?: number;
  delegation_unacknowledged?: number;
}

/**
 * A queued message that is no longer worth sending is dropped at delivery time (a reminder for a promise
 * already kept, an acknowledgement nudge after the leader acknowledged). Messages opt in with
 * `payload.stale_unless`; the reason is recorded on the outbox row.
 */
export async function isStaleMessage(deps: ServiceDeps, row: OutboxRow): Promise<string | null> {
  const cond = row.payload.stale_unless as StaleUnless | undefined;
  if (!cond) return null;
  const team = row.team_id;
  if (cond.commitment_open !== undefined && !(await isCommitmentOpen(deps.db, team, cond.commitment_open))) {
    return `C-${cond.commitment_open} is no longer open`;
  }
  if (cond.delegation_open !== undefined && !(await isDelegationOpen(deps.db, team, cond.delegation_open))) {
    return `D-${cond.delegation_open} is no longer open`;
  }
  if (
    cond.delegation_unacknowledged !== undefined &&
    !(await isUnacknowledged(deps.db, team, cond.delegation_unacknowledged))
  ) {
    return `D-${cond.delegation_unacknowledged} was already acknowledged`;
  }
  return null;
}
