/**
 * Forget me: the one way to erase a person's data, through the migration-granted function
 * `trustloop_forget_person` (migration 0014); the app role cannot rewrite the ledger itself.
 */
import { forgetChart } from './charts';
import type { Queryable } from './db';

/** What a person's data amounts to, for the confirmation that says what will be erased. */
export async function personFootprint(
  db: Queryable,
  teamId: string,
  personId: string,
): Promise<{ delegations: number; commitments: number; entries: number }> {
  const { rows } = await db.query<{ delegations: number; commitments: number; entries: number }>(
    `select
       (select count(*)::int from delegations where team_id = $1 and (leader_id = $2 or assignee_id = $2)) as delegations,
       (select count(*)::int from commitments where team_id = $1 and (owner_id = $2 or counterpart_id = $2)) as commitments,
       (select count(*)::int from ledger_entries where team_id = $1 and (owner_id = $2 or actor_id = $2)) as entries`,
    [teamId, personId],
  );
  return rows[0] ?? { delegations: 0, commitments: 0, entries: 0 };
}

/** Erases `personId` in `teamId`, replacing them in history by `marker`; the rows it changed (0: nothing left). */
export async function forgetPerson(
  db: Queryable,
  f: { teamId: string; personId: string; marker: string; by: string; at: Date },
): Promise<number> {
  // their reminder choices (migration 0018) go in the same transaction, before the audited erasure
  await db.query('delete from reminder_preferences where team_id = $1 and user_id = $2', [
    f.teamId,
    f.personId,
  ]);
  // the cached Home chart (migration 0019): a picture of their numbers, gone with them
  const charts = await forgetChart(db, f.teamId, f.personId);
  const { rows } = await db.query<{ n: number }>('select trustloop_forget_person($1, $2, $3, $4, $5) as n', [
    f.teamId,
    f.personId,
    f.marker,
    f.by,
    f.at,
  ]);
  return (rows[0]?.n ?? 0) + charts;
}
