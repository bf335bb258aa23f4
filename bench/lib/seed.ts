/**
 * Set-based seeding (generate_series, never row by row) on PostgreSQL or on a PGlite data folder,
 * through the app's own Db layer and migrations so the schema is exactly the app's.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../src/db/db';
import { migrate } from '../../src/db/migrate';
import { createPgliteDb } from '../../src/db/pglite';
import { createPostgresDb } from '../../src/db/postgres';
import { pgUrl } from './pg';

export type Target = { kind: 'postgres'; database: string } | { kind: 'pglite'; dataDir: string };

export async function openMigrated(target: Target): Promise<Db> {
  let db: Db;
  if (target.kind === 'postgres') {
    db = createPostgresDb({ connectionString: pgUrl(target.database), max: 4, statementTimeoutMillis: 600_000, connectionTimeoutMillis: 10_000 });
  } else {
    fs.mkdirSync(path.dirname(target.dataDir), { recursive: true });
    db = await createPgliteDb({ dataDir: target.dataDir });
  }
  await migrate(db);
  return db;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Identities used by the HTTP benchmarks: teams TB01…, leaders UL<tt><uuu>, assignees UA…, channels CB…. */
export const ids = {
  team: (t: number) => `TB${pad(t, 2)}`,
  leader: (t: number, u: number) => `UL${pad(t, 2)}${pad(u, 3)}`,
  assignee: (t: number, u: number) => `UA${pad(t, 2)}${pad(u, 3)}`,
  channel: (t: number, c: number) => `CB${pad(t, 2)}${pad(c, 3)}`,
};

export interface Population {
  teams: number;
  leadersPerTeam: number;
  assigneesPerTeam: number;
  channelsPerTeam: number;
}

export const DEFAULT_POPULATION: Population = { teams: 20, leadersPerTeam: 20, assigneesPerTeam: 20, channelsPerTeam: 20 };

/** For /outcome: open delegation `ref` of team `t` was given by this leader, in this channel. */
export const outcomeLeader = (pop: Population, t: number, ref: number) => ids.leader(t, ref % pop.leadersPerTeam);

/**
 * Workspaces, cached members (fetched now, so no users.info during load) and `openPerTeam` open
 * delegations per workspace (refs 1…n), ready to be closed by /outcome.
 */
export async function seedPopulation(db: Db, pop: Population, openPerTeam: number): Promise<void> {
  const { teams: T, leadersPerTeam: L, assigneesPerTeam: A, channelsPerTeam: C } = pop;
  await db.exec(`
    insert into workspaces (team_id, next_delegation_ref)
      select 'TB' || lpad(t::text, 2, '0'), ${openPerTeam + 1} from generate_series(1, ${T}) t
      on conflict (team_id) do nothing;
    insert into members (team_id, user_id, name, real_name, tz, fetched_at)
      select 'TB' || lpad(t::text, 2, '0'), p || lpad(t::text, 2, '0') || lpad(u::text, 3, '0'),
             lower(p) || t || '_' || u, 'Bench ' || p || ' ' || t || '/' || u, 'UTC', now() + interval '3 days'
        from generate_series(1, ${T}) t, generate_series(0, ${Math.max(L, A) - 1}) u, unnest(array['UL', 'UA']) p
       where (p = 'UL' and u < ${L}) or (p = 'UA' and u < ${A})
      on conflict do nothing;
    insert into delegations (team_id, ref, leader_id, assignee_id, title, stakes, due_at, channel_id, created_at)
      select 'TB' || lpad(t::text, 2, '0'), r,
             'UL' || lpad(t::text, 2, '0') || lpad((r % ${L})::text, 3, '0'),
             'UA' || lpad(t::text, 2, '0') || lpad(((r + 7) % ${A})::text, 3, '0'),
             'Seeded task ' || r, 'small', now() + interval '7 days',
             'CB' || lpad(t::text, 2, '0') || lpad((r % ${C})::text, 3, '0'), now()
        from generate_series(1, ${T}) t, generate_series(1, ${openPerTeam}) r
      on conflict do nothing;
  `);
  // What autovacuum does on a real server a minute after a bulk load: statistics for the tables just
  // loaded (the machine's server runs with autovacuum off, for the tests). Only those: analyzing the
  // empty outbox too would tell the planner it stays empty, and the lookups of /outcome's updates
  // would then read all of it as it grows (what a real server's autovacuum would notice in time).
  if (db.kind === 'postgres') await db.exec('analyze workspaces, members, delegations');
}
