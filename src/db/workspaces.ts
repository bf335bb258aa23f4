import type { Queryable } from './db';

export async function ensureWorkspace(db: Queryable, teamId: string): Promise<void> {
  await db.query('insert into workspaces (team_id) values ($1) on conflict (team_id) do nothing', [teamId]);
}

/**
 * Takes the next per-workspace reference number (D-1, D-2 … / C-1 …). The row lock held until the
 * transaction ends serialises concurrent creators in one workspace; a rolled-back transaction gives
 * its number back, so references have no gaps from refused input.
 */
export async function nextRef(
  db: Queryable,
  teamId: string,
  kind: 'delegation' | 'commitment',
): Promise<number> {
  const column = kind === 'delegation' ? 'next_delegation_ref' : 'next_commitment_ref';
  // One statement for a new workspace and a known one alike (the first reference is 1, the default).
  const { rows } = await db.query<{ ref: number }>(
    `insert into workspaces (team_id, ${column}) values ($1, 2)
     on conflict (team_id) do update set ${column} = workspaces.${column} + 1
     returning ${column} - 1 as ref`,
    [teamId],
  );
  return rows[0].ref;
}
