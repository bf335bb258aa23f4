/**
 * Where a delivery pass spends its time: seeds the sweep workload (default 200 workspaces × 25 people ×
 * 4 promises = 5,000 bundled reminder DMs), lets one tick queue them with delivery stopped, then drains
 * them to the lean stand-in (its own process, one message per second per channel) under the CPU
 * profiler, with every query counted and timed. Prints msg/s, the app's CPU per message (user + system,
 * load-independent next to the rate), statements per message, and the JS hot spots by package.
 *   node --require tsx/cjs bench/tools/profile-delivery.ts [workspaces] [out.cpuprofile|-]
 * With `-` no profile is taken (the rate without the profiler's own cost).
 */
import fs from 'node:fs';
import os from 'node:os';
import pino from 'pino';
import type { Db, Tx } from '../../src/db/db';
import { sweepSeedSql } from '../benches/sweep';
import { summarizeProfile } from '../lib/cpuprofile';
import { distConfig, distPostgres, distRuntime } from '../lib/dist';
import { createDatabase, dropDatabase, pgUrl, runDatabase } from '../lib/pg';
import { profiled } from '../lib/profiler';
import { replayCpu } from '../lib/replay';
import { BOT_TOKEN, SIGNING_SECRET, startLeanSlackProc } from '../lib/procs';
import { openMigrated } from '../lib/seed';
import { sleep } from '../lib/util';

type Timing = Map<string, { n: number; ms: number; sql?: string; params?: readonly unknown[] }>;

function timed(db: Db, t: Timing): Db {
  const note = async <R>(sql: string, run: () => Promise<R>, sample?: readonly unknown[]): Promise<R> => {
    const k = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      const e = t.get(k) ?? { n: 0, ms: 0, sql, params: sample };
      e.n++;
      e.ms += performance.now() - t0;
      t.set(k, e);
    }
  };
  const wrap = (q: Tx): Tx => ({
    query: (s, p) => note(s, () => q.query(s, p), p),
    exec: (s) => note(s, () => q.exec(s)),
  });
  return {
    kind: db.kind,
    ...wrap(db),
    transaction: (fn) => note('BEGIN…COMMIT (whole transaction)', () => db.transaction((tx) => fn(wrap(tx)))),
    close: () => db.close(),
  };
}

/** CPU (user + system, ms) of processes from /proc, less what `before` had for the same pids. */
function procCpuMs(
  pids: number[],
  before?: { byPid: Map<number, number> },
): { total: number; byPid: Map<number, number> } {
  const tick = 1000 / 100; // USER_HZ
  const byPid = new Map<number, number>();
  let total = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(f[11]) + Number(f[12])) * tick; // utime, stime
      byPid.set(pid, ms);
      total += ms - (before?.byPid.get(pid) ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return { total, byPid };
}

async function main(): Promise<void> {
  const workspaces = Number(process.argv[2] ?? 200);
  const out = process.argv[3] ?? '/tmp/delivery.cpuprofile';
  const database = runDatabase('profile_delivery');
  await createDatabase(database);
  const seed = await openMigrated({ kind: 'postgres', database });
  await seed.exec(sweepSeedSql(workspaces, 25, 4));
  await seed.close();
  const slack = await startLeanSlackProc();
  await slack.client.configure({ channelLimitPerSec: 1, recordTimes: true, knownUsers: '^U[A-Z0-9]{2,}$' });
  const timing: Timing = new Map();
  const raw = distPostgres().createPostgresDb({ connectionString: pgUrl(database), max: 10 });
  const db = timed(raw, timing);
  const config = distConfig().loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.client.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  });
  const app = await distRuntime().startTrustloop({
    config,
    db,
    log: pino({ level: 'warn' }),
    scheduler: false,
    ...(process.env.BATCH ? { delivery: { batchSize: Number(process.env.BATCH) } } : {}),
  });
  await app.delivery.stop();
  await app.tick();
  // SETTLE=1: the tick's own aftermath (dirty pages, dead row versions) cleared before the drain is timed
  if (process.env.SETTLE) {
    await raw.query('vacuum (analyze) reminder_due, outbox, commitments');
    await raw.query('checkpoint');
  }
  const pending = async () =>
    (
      await raw.query<{ n: number }>(
        `select count(*)::int as n from outbox where status in ('pending', 'sending')`,
      )
    ).rows[0]!.n;
  const queued = await pending();
  if (process.env.ANALYZE) await raw.query('analyze outbox'); // what autovacuum would do a minute later
  timing.clear();
  const pgPids = async () =>
    (
      await raw.query<{ pid: number }>(`select pid from pg_stat_activity where datname = $1`, [database])
    ).rows.map((r) => r.pid);
  const pg0 = procCpuMs(await pgPids());
  const lean0 = procCpuMs([slack.proc.pid!]);
  const load = os.loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const run = async () => {
    app.delivery.start();
    while ((await pending()) > 0) await sleep(Number(process.env.POLL_MS ?? 100));
  };
  if (out === '-') await run();
  else await profiled(out, run);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const pgMs = procCpuMs(await pgPids(), pg0);
  const leanMs = procCpuMs([slack.proc.pid!], lean0);
  const stats = await slack.client.stats();
  const posts = stats.calls['chat.postMessage']?.ok ?? 0;
  console.log(
    `delivered ${posts}/${queued} DMs in ${Math.round(ms)} ms = ${Math.round(posts / (ms / 1000))} msg/s (load ${load.toFixed(2)} at start, ${os.loadavg()[0]!.toFixed(2)} at end); duplicates ${stats.duplicates}, 429s ${stats.calls['chat.postMessage']?.ratelimited ?? 0}`,
  );
  console.log(
    `app CPU ${((cpu.user + cpu.system) / 1000 / posts).toFixed(3)} ms per message (user ${(cpu.user / 1000 / posts).toFixed(3)}, system ${(cpu.system / 1000 / posts).toFixed(3)})${out === '-' ? '' : ' — with the profiler on'}`,
  );
  const appMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `CPU per message: app ${(appMs / posts).toFixed(3)} ms, PostgreSQL backends ${(pgMs.total / posts).toFixed(3)} ms, stand-in ${(leanMs.total / posts).toFixed(3)} ms; all three ${((appMs + pgMs.total + leanMs.total) / posts).toFixed(3)} ms = at most ${Math.round((os.cpus().length * 1000 * posts) / (appMs + pgMs.total + leanMs.total))} msg/s on ${os.cpus().length} idle cores`,
  );
  const rows = [...timing]
    .filter(([k]) => !k.startsWith('select count(*)::int as n from outbox'))
    .sort((a, b) => b[1].n - a[1].n);
  console.log('SQL per message (statements, wall ms while awaited):');
  for (const [k, v] of rows.slice(0, 14))
    console.log(`${(v.n / posts).toFixed(3).padStart(7)} × ${String(Math.round(v.ms)).padStart(7)} ms  ${k}`);
  if (process.env.REPLAY)
    await replayCpu(
      database,
      [...timing]
        .sort((a, b) => b[1].n - a[1].n)
        .slice(0, 10)
        .flatMap(([label, v]) =>
          v.sql && !label.startsWith('BEGIN')
            ? [{ label, sql: v.sql, params: v.params, perUnit: v.n / posts }]
            : [],
        ),
      { times: 300, unit: 'message' },
    );
  if (out !== '-') {
    const s = summarizeProfile(out, 25);
    console.log('JS by area:');
    for (const a of s.byArea.slice(0, 14))
      console.log(`${String(a.pct).padStart(5)}%  ${a.selfMs} ms  ${a.area}`);
    console.log('JS top functions:');
    for (const f of s.topFunctions.slice(0, 25))
      console.log(`${String(f.pct).padStart(5)}%  ${f.selfMs} ms  ${f.name}  ${f.where}`);
  }
  await app.stop();
  await db.close();
  await slack.stop();
  if (process.env.KEEP) console.log(`kept database ${database}`);
  else await dropDatabase(database);
}

void main();
