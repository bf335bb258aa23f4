/**
 * Experiment for the report: /delegate at 20 connections on PostgreSQL, the built app as is, next to
 * the same app (a) with Home refreshes debounced by 5 s (bench/tools/patch-home-debounce.ts) and (b) with
 * its delivery loop stopped (the request path alone), and the bare Bolt reference — interleaved runs.
 *   node --require tsx/cjs bench/tools/throughput-experiment.ts [runs] [seconds]
 */
import path from 'node:path';
import { measure, type RunningTarget } from '../benches/throughput';
import type { BenchContext } from '../lib/context';
import { createDatabase, dropDatabase, pgUrl, runDatabase } from '../lib/pg';
import { appEnv, startLeanSlackProc, startProc, type Entry } from '../lib/procs';
import { DEFAULT_POPULATION, openMigrated, seedPopulation } from '../lib/seed';
import { median, round, ROOT } from '../lib/util';

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const seconds = Number(process.argv[3] ?? 10);
  const slack = await startLeanSlackProc();
  const ctx: BenchContext = { quick: false, runs, profileDir: null, slack: slack.client, flags: new Set() };
  const variants: { name: string; entry: Entry; env?: Record<string, string>; nodeArgs?: string[]; db: boolean }[] = [
    { name: 'bare Bolt', entry: 'bare', db: false },
    { name: 'Trustloop (as is)', entry: 'app', db: true },
    { name: 'Trustloop, Home refresh debounced 5 s', entry: 'app', db: true, nodeArgs: ['--require', 'tsx/cjs', '--require', path.join(ROOT, 'bench/tools/patch-home-debounce.ts')] },
    { name: 'Trustloop, delivery stopped (request path only)', entry: 'drill-app', db: true, env: { BENCH_DELIVERY_OFF: '1' } },
  ];
  const targets: (RunningTarget & { label: string; database?: string })[] = [];
  for (const [i, v] of variants.entries()) {
    let database: string | undefined;
    if (v.db) {
      database = runDatabase(`experiment${i}`);
      await createDatabase(database);
      const seed = await openMigrated({ kind: 'postgres', database });
      await seedPopulation(seed, DEFAULT_POPULATION, 10);
      await seed.close();
    }
    const proc = await startProc({ label: v.name, entry: v.entry, nodeArgs: v.nodeArgs, env: { ...appEnv({ slackApiUrl: slack.client.apiUrl, databaseUrl: database ? pgUrl(database) : undefined, port: 0 }), ...v.env } });
    targets.push({ name: v.db ? 'postgres' : 'bare', label: v.name, database, proc, outcomeCursor: 0, openPerTeam: 10, cleanup: () => proc.stop() });
  }
  const results = new Map<string, { rps: number[]; p99: number[] }>();
  for (const t of targets) await measure(t, 'delegate', 20, 3, ctx, DEFAULT_POPULATION, 99);
  for (let run = 0; run < runs; run++) {
    for (const t of targets) {
      const s = await measure(t, 'delegate', 20, seconds, ctx, DEFAULT_POPULATION, run);
      const r = results.get(t.label) ?? { rps: [], p99: [] };
      r.rps.push(s.rps);
      r.p99.push(s.p99);
      results.set(t.label, r);
      console.log(`run ${run + 1}: ${t.label}: ${round(s.rps, 0)} req/s, p50 ${s.p50} ms, p99 ${s.p99} ms${s.mismatches ? `, ${s.mismatches} not confirmations` : ''}`);
    }
  }
  const bare = median(results.get('bare Bolt')!.rps);
  for (const [label, r] of results) console.log(`${label}: median ${round(median(r.rps), 0)} req/s (${round(median(r.rps) / bare, 3)}× bare), p99 ${median(r.p99)} ms`);
  for (const t of targets) {
    await t.cleanup();
    if (t.database) await dropDatabase(t.database);
  }
  await slack.stop();
}

void main();
