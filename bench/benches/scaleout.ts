/**
 * Benchmark 5 — scale-out: /delegate throughput (benchmark 1's load, 100 connections) with 1, 2 and 3
 * app processes on one PostgreSQL database behind a tiny round-robin TCP proxy (bench/lib/tcp-proxy.ts,
 * in its own process). The reference is one process behind the same proxy, measured in the same run;
 * runs are interleaved (1, 2, 3, 1, 2, 3, …).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { BenchContext, BenchResult, Figure } from '../lib/context';
import { createDatabase, dropDatabase, pgUrl, runDatabase } from '../lib/pg';
import { appEnv, startProc, type Proc } from '../lib/procs';
import { DEFAULT_POPULATION, openMigrated, seedPopulation } from '../lib/seed';
import { log, median, round, ROOT, sleep } from '../lib/util';
import { measure, settle, type RunningTarget, type Sample } from './throughput';

async function startProxy(ports: number[]): Promise<{ url: string; stop(): Promise<string> }> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'bench/lib/tcp-proxy-main.ts'), ports.join(',')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  let accepted = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('proxy did not start')), 10_000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^PROXY_PORT=(\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
      const a = /^PROXY_ACCEPTED=(.*)/.exec(line);
      if (a) accepted = a[1]!;
    });
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      return accepted;
    },
  };
}

export async function scaleoutBench(ctx: BenchContext): Promise<BenchResult> {
  const t0 = Date.now();
  const database = runDatabase('scaleout');
  const pop = DEFAULT_POPULATION;
  const durationS = ctx.quick ? 4 : 10;
  const connections = 100;
  const counts = [1, 2, 3];
  await createDatabase(database);
  const seed = await openMigrated({ kind: 'postgres', database });
  await seedPopulation(seed, pop, 10);
  await seed.close();
  const procs: Proc[] = [];
  const samples: (Sample & { processes: number })[] = [];
  const notes: string[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      procs.push(await startProc({ label: `app-${i + 1}`, env: appEnv({ slackApiUrl: ctx.slack.apiUrl, databaseUrl: pgUrl(database), port: 0 }) }));
    }
    for (let run = -1; run < ctx.runs; run++) {
      for (const n of counts) {
        const proxy = await startProxy(procs.slice(0, n).map((p) => p.port));
        const t: RunningTarget = { name: 'postgres', proc: procs[0]!, outcomeCursor: 0, openPerTeam: 10, cleanup: async () => undefined };
        const s = await measure(t, 'delegate', connections, run < 0 ? 2 : durationS, ctx, pop, run + 10 * n, proxy.url);
        const accepted = await proxy.stop();
        for (const p of procs.slice(1, n)) await settle(p.pid, ctx.quick ? 20_000 : 90_000);
        if (run < 0) continue; // warm-up
        samples.push({ ...s, processes: n });
        log(`scaleout: run ${run + 1}/${ctx.runs}: ${n} process(es): ${round(s.rps, 0)} req/s p50 ${s.p50} ms p99 ${s.p99} ms (connections per process ${accepted})` + (s.mismatches ? ` mismatches ${s.mismatches}` : ''));
      }
    }
  } finally {
    for (const p of procs) await p.stop();
    await dropDatabase(database);
  }
  const med = (n: number) => round(median(samples.filter((s) => s.processes === n).map((s) => s.rps)), 0);
  const p99 = (n: number) => median(samples.filter((s) => s.processes === n).map((s) => s.p99));
  const one = med(1);
  const figures: Figure[] = counts.map((n) => ({
    name: `/delegate @${connections} with ${n} app process${n > 1 ? 'es' : ''} behind the round-robin proxy`,
    value: med(n),
    unit: 'req/s',
    reference: { name: '1 process behind the same proxy', value: one },
    ratio: round(med(n) / one, 2),
    note: `p99 ${p99(n)} ms`,
  }));
  notes.push('All processes, PostgreSQL, the proxy and the load generator share the same 2 cores: more processes cannot add CPU here, so this measures whether replicas contend (locks, SKIP LOCKED claims, pool) rather than how far they scale on more hardware.');
  return { name: 'scaleout', figures, raw: { samples, durationS, connections }, notes, seconds: (Date.now() - t0) / 1000 };
}
