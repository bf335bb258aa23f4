/**
 * Where a big scheduler tick spends its time: seeds the sweep workload (default 1,000 workspaces ×
 * 25 people × 4 promises), runs one tick of the built app in-process under the CPU profiler and with
 * every query timed, and prints JS hot spots and the SQL that took the time.
 *   node --require tsx/cjs bench/tools/profile-tick.ts [workspaces] [out.cpuprofile]
 */
import pino from 'pino';
import type { Db, Tx } from '../../src/db/db';
import { sweepSeedSql } from '../benches/sweep';
import { summarizeProfile } from '../lib/cpuprofile';
import { distConfig, distPostgres, distRuntime } from '../lib/dist';
import { startLeanSlack } from '../lib/lean-slack';
import { createDatabase, dropDatabase, pgUrl, runDatabase } from '../lib/pg';
import { profiled } from '../lib/profiler';
import { BOT_TOKEN, SIGNING_SECRET } from '../lib/procs';
import { openMigrated } from '../lib/seed';

type Timing = Map<string, { n: number; ms: number }>;

function timed(db: Db, t: Timing): Db {
  const note = async <R>(sql: string, run: () => Promise<R>): Promise<R> => {
    const k = sql.replace(/\s+/g, ' ').trim().slice(0, 80);
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      const e = t.get(k) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += performance.now() - t0;
      t.set(k, e);
    }
  };
  const wrap = (q: Tx): Tx => ({ query: (s, p) => note(s, () => q.query(s, p)), exec: (s) => note(s, () => q.exec(s)) });
  return { kind: db.kind, ...wrap(db), transaction: (fn) => note('BEGIN…COMMIT (whole transaction)', () => db.transaction((tx) => fn(wrap(tx)))), close: () => db.close() };
}

async function main(): Promise<void> {
  const workspaces = Number(process.argv[2] ?? 1000);
  const out = process.argv[3] ?? '/tmp/tick.cpuprofile';
  const database = runDatabase('profile_tick');
  await createDatabase(database);
  const seed = await openMigrated({ kind: 'postgres', database });
  await seed.exec(sweepSeedSql(workspaces, 25, 4));
  await seed.close();
  const { server: lean } = await startLeanSlack();
  const timing: Timing = new Map();
  const db = timed(distPostgres().createPostgresDb({ connectionString: pgUrl(database) }), timing);
  const config = distConfig().loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${lean.url}/api/`, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' });
  const app = await distRuntime().startTrustloop({ config, db, log: pino({ level: 'warn' }), scheduler: false });
  await app.delivery.stop();
  timing.clear();
  const t0 = performance.now();
  await profiled(out, () => app.tick());
  const total = performance.now() - t0;
  console.log(`tick: ${Math.round(total)} ms for ${workspaces * 100} promises`);
  const rows = [...timing].sort((a, b) => b[1].ms - a[1].ms);
  console.log('SQL (wall ms while awaited; transactions include their statements):');
  for (const [k, v] of rows.slice(0, 12)) console.log(`${String(Math.round(v.ms)).padStart(7)} ms ${String(v.n).padStart(6)}×  ${k}`);
  const s = summarizeProfile(out, 20);
  console.log('JS by area:');
  for (const a of s.byArea.slice(0, 12)) console.log(`${String(a.pct).padStart(5)}%  ${a.selfMs} ms  ${a.area}`);
  console.log('JS top functions:');
  for (const f of s.topFunctions.slice(0, 20)) console.log(`${String(f.pct).padStart(5)}%  ${f.selfMs} ms  ${f.name}  ${f.where}`);
  await app.stop();
  await db.close();
  await lean.close();
  await dropDatabase(database);
}

void main();
