/**
 * Where the machine's CPU goes during /delegate @20 on PostgreSQL: the app, PostgreSQL's backends, the
 * load generator (this process), the Slack stand-in, everything else — over the same window, from /proc.
 *   node --require tsx/cjs bench/tools/cpu-split.ts [seconds] [bare|postgres] [cpu-profile-dir]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { measure, startTarget } from '../benches/throughput';
import type { BenchContext } from '../lib/context';
import { startLeanSlackProc } from '../lib/procs';
import { DEFAULT_POPULATION } from '../lib/seed';
import { cpuSeconds, round } from '../lib/util';
import { withClient } from '../lib/pg';

/**
 * The PostgreSQL processes working for this run: the backends connected to its database (the app's
 * pool) and the server's own background processes (WAL writer, checkpointer …), which serve every
 * database. Other sessions' backends on the same server (tests of other engineers) are left out: they
 * made this figure swing by 2× between identical runs.
 */
async function postgresPids(database: string): Promise<number[]> {
  return withClient('postgres', async (c) => {
    const { rows } = await c.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = $1 or (backend_type <> 'client backend' and datname is null)`,
      [database],
    );
    return rows.map((r) => Number(r.pid));
  });
}

/** Every postgres process (the bare target has no database of its own). */
function allPostgresPids(): number[] {
  return execFileSync('pgrep', ['-u', 'postgres'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
}

function machineBusySeconds(): number {
  const [, ...f] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const v = f.map(Number);
  const idle = v[3]! + v[4]!;
  return (v.reduce((a, b) => a + b, 0) - idle) / 100;
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const which = (process.argv[3] ?? 'postgres') as 'postgres' | 'bare';
  const slack = await startLeanSlackProc();
  const ctx: BenchContext = { quick: false, runs: 1, profileDir: process.argv[4] ?? null, slack: slack.client, flags: new Set() };
  const t = await startTarget(which, ctx, DEFAULT_POPULATION, 10);
  await measure(t, 'delegate', 20, 3, ctx, DEFAULT_POPULATION, 99);
  const pids = { app: t.proc.pid, stand: slack.proc.pid ?? -1 };
  const pids0 = () => (t.database ? postgresPids(t.database) : Promise.resolve(allPostgresPids()));
  const pg0 = await pids0();
  const before = { app: cpuSeconds(pids.app), stand: cpuSeconds(pids.stand), self: process.cpuUsage(), pg: pg0.map(cpuSeconds), machine: machineBusySeconds() };
  const s = await measure({ ...t, name: which }, 'delegate', 20, seconds, { ...ctx, quick: true }, DEFAULT_POPULATION, 0);
  // backends that came or went during the window count from zero / are read before they go
  const pg1 = [...new Set([...(await pids0()), ...pg0])];
  const selfUsage = process.cpuUsage(before.self);
  const pgSeconds = pg1.reduce((a, pid) => {
    const used = cpuSeconds(pid) - (before.pg[pg0.indexOf(pid)] ?? 0);
    return a + (Number.isFinite(used) ? used : 0);
  }, 0);
  const used = {
    app: cpuSeconds(pids.app) - before.app,
    postgres: pgSeconds,
    loadGenerator: (selfUsage.user + selfUsage.system) / 1e6,
    slackStandIn: cpuSeconds(pids.stand) - before.stand,
    machine: machineBusySeconds() - before.machine,
  };
  const window = s.durationS + s.settleMs / 1000;
  console.log(`${which} /delegate @20 for ${s.durationS} s (+${round(s.settleMs / 1000, 1)} s settling): ${round(s.rps, 0)} req/s, ${s.total} requests`);
  console.log(`CPU seconds over ${round(window, 1)} s on ${2} cores (${round(2 * window, 1)} available):`);
  for (const [k, v] of Object.entries(used)) console.log(`  ${k.padEnd(14)} ${round(v, 2)} s  = ${round((v * 1000) / s.total, 2)} ms per request`);
  await t.cleanup();
  await slack.stop();
}

void main();
