import { isCommitmentOpen } from '../db/commitments';
import { isDelegationOpen, isUnacknowledged } from '../db/delegations';
import { staleFactsOf } from '../db/delivery-facts';
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

/**
 * staleReason for a whole claimed batch, in one statement (db/delivery-facts.ts) instead of one to
 * three lookups per message; the same rules, checked in the same order, give the same reasons. Rows
 * without a rule are not looked up. Keyed by outbox row id.
 */
export async function staleReasons(db: Queryable, rows: OutboxRow[]): Promise<Map<number, string | null>> {
  const out = new Map<number, string | null>();
  const asked = rows.filter((r) => r.stale_unless);
  for (const r of rows) out.set(r.id, null);
  if (asked.length === 0) return out;
  const facts = await staleFactsOf(
    db,
    asked.map((r) => ({
      id: r.id,
      teamId: r.team_id,
      commitmentOpen: r.stale_unless?.commitment_open,
      delegationOpen: r.stale_unless?.delegation_open,
      delegationUnacknowledged: r.stale_unless?.delegation_unacknowledged,
    })),
  );
  for (const r of asked) {
    const rule = r.stale_unless!;
    const f = facts.get(r.id);
    if (rule.commitment_open !== undefined && f?.commitmentOpen !== true)
      out.set(r.id, `C-${rule.commitment_open} is no longer open`);
    else if (rule.delegation_open !== undefined && f?.delegationOpen !== true)
      out.set(r.id, `D-${rule.delegation_open} is no longer open`);
    else if (rule.delegation_unacknowledged !== undefined && f?.delegationUnacknowledged !== true)
      out.set(r.id, `D-${rule.delegation_unacknowledged} was already acknowledged`);
  }
  return out;
}
