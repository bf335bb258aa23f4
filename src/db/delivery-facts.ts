import type { Queryable } from './db';

/** What a queued message's stale rule asks about, for one outbox row. */
export interface StaleAsk {
  id: number;
  teamId: string;
  commitmentOpen?: number;
  delegationOpen?: number;
  delegationUnacknowledged?: number;
}

/** The answers for one row: false where the rule's condition no longer holds (null: not asked). */
export interface StaleFacts {
  commitmentOpen: boolean | null;
  delegationOpen: boolean | null;
  delegationUnacknowledged: boolean | null;
}

/**
 * The stale rules of a whole claimed batch of outbox rows in one statement, instead of one to three
 * lookups per message: each lookup is scoped by the row's own workspace (team_id and ref, the primary
 * keys), so it reads exactly what `isCommitmentOpen` / `isDelegationOpen` / `isUnacknowledged` read.
 */
export async function staleFactsOf(db: Queryable, asks: StaleAsk[]): Promise<Map<number, StaleFacts>> {
  const out = new Map<number, StaleFacts>();
  if (asks.length === 0) return out;
  const { rows } = await db.query<{
    id: string | number;
    commitment_open: boolean | null;
    delegation_open: boolean | null;
    delegation_unacknowledged: boolean | null;
  }>(
    `select a.id,
            case when a.c is null then null else exists (
              select 1 from commitments c where c.team_id = a.team_id and c.ref = a.c and c.status = 'open') end as commitment_open,
            case when a.d is null then null else exists (
              select 1 from delegations d where d.team_id = a.team_id and d.ref = a.d and d.status = 'open') end as delegation_open,
            case when a.u is null then null else exists (
              select 1 from delegations d where d.team_id = a.team_id and d.ref = a.u and d.acknowledged_at is null) end as delegation_unacknowledged
       from unnest($1::bigint[], $2::text[], $3::int[], $4::int[], $5::int[]) as a(id, team_id, c, d, u)`,
    [
      asks.map((a) => a.id),
      asks.map((a) => a.teamId),
      asks.map((a) => a.commitmentOpen ?? null),
      asks.map((a) => a.delegationOpen ?? null),
      asks.map((a) => a.delegationUnacknowledged ?? null),
    ],
  );
  for (const r of rows)
    out.set(Number(r.id), {
      commitmentOpen: r.commitment_open,
      delegationOpen: r.delegation_open,
      delegationUnacknowledged: r.delegation_unacknowledged,
    });
  return out;
}
