import type { OutboxRow } from '../db/outbox';
import type { ServiceDeps } from './ports';

/**
 * A queued message that is no longer worth sending is dropped at delivery time (a reminder for a promise
 * already kept, say). Messages opt in with `payload.stale_unless`.
 */
export async function isStaleMessage(deps: ServiceDeps, row: OutboxRow): Promise<string | null> {
  const cond = row.payload.stale_unless as { commitment_open?: number; delegation_open?: number; delegation_unacknowledged?: number } | undefined;
  if (!cond) return null;
  if (cond.commitment_open !== undefined) {
    const { rows } = await deps.db.query(`select 1 from commitments where team_id = $1 and ref = $2 and status = 'open'`, [row.team_id, cond.commitment_open]);
    if (rows.length === 0) return `C-${cond.commitment_open} is no longer open`;
  }
  if (cond.delegation_open !== undefined) {
    const { rows } = await deps.db.query(`select 1 from delegations where team_id = $1 and ref = $2 and status = 'open'`, [row.team_id, cond.delegation_open]);
    if (rows.length === 0) return `D-${cond.delegation_open} is no longer open`;
  }
  if (cond.delegation_unacknowledged !== undefined) {
    const { rows } = await deps.db.query(`select 1 from delegations where team_id = $1 and ref = $2 and acknowledged_at is null`, [
      row.team_id,
      cond.delegation_unacknowledged,
    ]);
    if (rows.length === 0) return `D-${cond.delegation_unacknowledged} was already acknowledged`;
  }
  return null;
}
