/**
 * Experiment for the report: how long would the 100,000-promise tick take with the two changes the
 * profile points at? Patches the built modules in this process only (no product file changes):
 *  1. reminderPlan memoised, so each item's plan is computed once instead of twice;
 *  2. recordBundledKeys queued and written with one set-based INSERT per 500-person chunk instead of one
 *     INSERT per person (simulated: the queued keys are flushed in one statement after each chunk's
 *     outbox insert, inside the same transaction via the tx handle it was given).
 *   node --require tsx/cjs bench/tools/tick-fix-experiment.ts [workspaces]
 */
import pino from 'pino';
import { sweepSeedSql } from '../benches/sweep';
import { dist, distConfig, distPostgres, distRuntime } from '../lib/dist';
import { startLeanSlack } from '../lib/lean-slack';
import { createDatabase, dropDatabase, pgUrl, runDatabase } from '../lib/pg';
import { BOT_TOKEN, SIGNING_SECRET } from '../lib/procs';
import { openMigrated } from '../lib/seed';
import type { Queryable } from '../../src/db/db';

type Reminders = typeof import('../../src/services/schedule/reminders');
type NudgesDb = typeof import('../../src/db/nudges');

async function tickOnce(workspaces: number, patch: 'none' | 'plan' | 'both'): Promise<number> {
  const database = runDatabase('tick_experiment');
  await createDatabase(database);
  const seed = await openMigrated({ kind: 'postgres', database });
  await seed.exec(sweepSeedSql(workspaces, 25, 4));
  await seed.close();
  const reminders = dist<Reminders>('services/schedule/reminders.js');
  const nudgesDb = dist<NudgesDb>('db/nudges.js');
  const original = { plan: reminders.reminderPlan, record: nudgesDb.recordBundledKeys };
  const mutableReminders = reminders as { reminderPlan: Reminders['reminderPlan'] };
  const mutableNudges = nudgesDb as { recordBundledKeys: NudgesDb['recordBundledKeys'] };
  if (patch !== 'none') {
    const cache = new Map<string, ReturnType<Reminders['reminderPlan']>>();
    mutableReminders.reminderPlan = (item, tz) => {
      const k = `${item.createdAt.getTime()}|${item.dueAt.getTime()}|${item.stakes}|${tz}`;
      let p = cache.get(k);
      if (!p) {
        p = original.plan(item, tz);
        cache.set(k, p);
      }
      return p;
    };
  }
  if (patch === 'both') {
    // queue per transaction handle; flush when 500 people are queued (one chunk) or at the end
    const queued = new Map<Queryable, { team_id: string; key: string; user_id: string; bundled_in: string; at: string }[]>();
    const flush = async (tx: Queryable) => {
      const rows = queued.get(tx) ?? [];
      queued.delete(tx);
      if (rows.length === 0) return;
      await tx.query(
        `insert into reminder_points (team_id, key, user_id, bundled_in, at)
         select p.team_id, p.key, p.user_id, p.bundled_in, p.at from jsonb_to_recordset($1::jsonb) as p(team_id text, key text, user_id text, bundled_in text, at timestamptz)
         on conflict (team_id, key) do nothing`,
        [JSON.stringify(rows)],
      );
    };
    let people = 0;
    mutableNudges.recordBundledKeys = async (tx, teamId, userId, bundleKey, keys, at) => {
      const list = queued.get(tx) ?? [];
      for (const key of keys) list.push({ team_id: teamId, key, user_id: userId, bundled_in: bundleKey, at: at.toISOString() });
      queued.set(tx, list);
      if (++people % 500 === 0) await flush(tx);
    };
  }
  const { server: lean } = await startLeanSlack();
  const db = distPostgres().createPostgresDb({ connectionString: pgUrl(database) });
  const config = distConfig().loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${lean.url}/api/`, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' });
  const app = await distRuntime().startTrustloop({ config, db, log: pino({ level: 'warn' }), scheduler: false });
  await app.delivery.stop();
  const t0 = performance.now();
  await app.tick();
  const ms = performance.now() - t0;
  const { rows } = await db.query<{ n: number }>(`select count(*)::int n from reminder_points`);
  const { rows: b } = await db.query<{ n: number }>(`select count(*)::int n from outbox where kind = 'nudge'`);
  console.log(`${patch.padEnd(5)} tick ${Math.round(ms)} ms; ${b[0]!.n} bundles, ${rows[0]!.n} reminder points`);
  mutableReminders.reminderPlan = original.plan;
  mutableNudges.recordBundledKeys = original.record;
  await app.stop();
  await db.close();
  await lean.close();
  await dropDatabase(database);
  return ms;
}

async function main(): Promise<void> {
  const workspaces = Number(process.argv[2] ?? 1000);
  for (let run = 0; run < 2; run++) for (const p of ['none', 'plan', 'both'] as const) await tickOnce(workspaces, p);
}

void main();
