import { isCommitmentOpen } from '../db/commitments';
import { isDelegationOpen, isUnacknowledged } from '../db/delegations';
import type { OutboxRow } from '../db/outbox';
import type { Queryable } from '../db/db';

/**
 * A queued message that is no longer worth sending is dropped when its turn comes (a reminder for a
 * promise already kept, an acknowledgement nudge after the leader acknowledged). The rule is the row's
 * `stale_unless`, set by its route; the reason is recorded on the row.
 */
export async function staleReason(db: Queryable, row: OutboxRow): Promise<string | null> {
  const rule = row.stale_unless;
  if (!rule) return null;
  const team = row.team_id;
  if (rule.commitment_open !== undefined && !(await isCommitmentOpen(db, team, rule.commitment_open))) {
    return `C-${rule.commitment_open} is no longer open`;
  }
  if (rule.delegation_open !== undefined && !(await isDelegationOpen(db, team, rule.delegation_open))) {
    return `D-${rule.delegation_open} is no longer open`;
  }
  if (
    rule.delegation_unacknowledged !== undefined &&
    !(await isUnacknowledged(db, team, rule.delegation_unacknowledged))
  ) {
    return `D-${rule.delegation_unacknowledged} was already acknowledged`;
  }
  return null;
}
