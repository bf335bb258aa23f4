/**
 * Benchmark 1 — slash-command throughput and ack latency, against a bare Bolt app.
 *
 * Targets: the bare Bolt reference (bench/reference/bare-bolt.ts), Trustloop on PostgreSQL, Trustloop
 * on PGlite (data folder). Each is its own process; autocannon drives it over loopback with pre-signed
 * requests, /delegate and /outcome, at 20 and 100 connections. Runs are interleaved (bare, pg, pglite,
 * bare, …) so drift on a noisy machine hits all alike, and after each Trustloop load we wait until the
 * app is idle again (its outbox drains at Slack's pace) before the next target is measured.
 */
import path from 'node:path';
import type { Db } from '../../src/db/db';
import type { BenchContext, BenchResult, Figure } from '../lib/context';
import { runLoad, type LoadResult } from '../lib/load';
import { createDatabase, dropDatabase, runDatabase } from '../lib/pg';
import { appEnv, startProc, type Proc } from '../lib/procs';
import { DEFAULT_POPULATION, ids, openMigrated, outcomeLeader, seedPopulation, type Population } from '../lib/seed';
import { commandBody, sign, type SignedRequest } from '../lib/slack-requests';
import { cpuSeconds, ensureDir, log, median, round, SCRATCH_DIR, sleep } from '../lib/util';
import { pgUrl } from '../lib/pg';

/**
 * Issue 17's goal for /delegate on PostgreSQL at 20 connections, against bare Bolt in the same run:
 * at least a tenth of its throughput (the app does a command's work, Bolt alone only acks), and every
 * ack but the slowest 1 % within 50 ms.
 */
export const GOAL_RATIO = 0.1;
export const GOAL_P99_MS = 50;

export type TargetName = 'bare' | 'postgres' | 'pglite';
export type Command = 'delegate' | 'outcome';

export interface RunningTarget {
  name: TargetName;
  proc: Proc;
  /** next /outcome index per target (each closes a distinct open delegation) */
  outcomeCursor: number;
  openPerTeam: number;
  /** The PostgreSQL target's database (its backends are the ones that work for it). */
  database?: string;
  cleanup(): Promise<void>;
}

export function delegateRequests(pop: Population, from: number, n: number, responseUrl: (id: string) => string): SignedRequest[] {
  const now = Date.now();
  const out: SignedRequest[] = [];
  for (let i = from; i < from + n; i++) {
    const t = (i % pop.teams) + 1;
    const k = Math.floor(i / pop.teams);
    const assignee = ids.assignee(t, (k * 7 + 3) % pop.assigneesPerTeam);
    const body = commandBody({
      teamId: ids.team(t),
      userId: ids.leader(t, k % pop.leadersPerTeam),
      channelId: ids.channel(t, k % pop.channelsPerTeam),
      command: '/delegate',
      text: `<@${assignee}> Bench task ${i} in 3 days`,
      responseUrl: responseUrl(`d${i}`),
    });
    out.push(sign(body, undefined, now));
  }
  return out;
}

export function outcomeRequests(pop: Population, from: number, n: number, responseUrl: (id: string) => string): SignedRequest[] {
  const now = Date.now();
  const out: SignedRequest[] = [];
  for (let i = from; i < from + n; i++) {
    const t = (i % pop.teams) + 1;
    const ref = Math.floor(i / pop.teams) + 1;
    const body = commandBody({
      teamId: ids.team(t),
      userId: outcomeLeader(pop, t, ref),
      channelId: ids.channel(t, ref % pop.channelsPerTeam),
      command: '/outcome',
      text: `D-${ref} win`,
      responseUrl: responseUrl(`o${i}`),
    });
    out.push(sign(body, undefined, now));
  }
  return out;
}

export const verifiers: Record<TargetName, Record<Command, (body: string) => boolean>> = {
  bare: { delegate: () => true, outcome: () => true },
  postgres: { delegate: (b) => b.includes(':handshake:'), outcome: (b) => b.includes('closed as') },
  pglite: { delegate: (b) => b.includes(':handshake:'), outcome: (b) => b.includes('closed as') },
};

/** Waits until the process has used less than `maxCpu` of a core over a second (its outbox drained). */
export async function settle(pid: number, capMs: number, maxCpu = 0.1): Promise<number> {
  const t0 = Date.now();
  for (let i = 0; i < 10_000 && Date.now() - t0 < capMs; i++) {
    const a = cpuSeconds(pid);
    await sleep(1000);
    const b = cpuSeconds(pid);
    if (!Number.isFinite(b) || b - a < maxCpu) break;
  }
  return Date.now() - t0;
}

export async function startTarget(name: TargetName, ctx: BenchContext, pop: Population, openPerTeam: number, extraNodeArgs: string[] = []): Promise<RunningTarget> {
  const nodeArgs = [...extraNodeArgs];
  if (ctx.profileDir && name !== 'bare') nodeArgs.push('--cpu-prof', '--cpu-prof-dir', ensureDir(path.join(ctx.profileDir, name)));
  if (name === 'bare') {
    const proc = await startProc({ label: 'bare-bolt', entry: 'bare', env: { ...appEnv({ slackApiUrl: ctx.slack.apiUrl, port: 0 }) }, nodeArgs });
    return { name, proc, outcomeCursor: 0, openPerTeam: Number.MAX_SAFE_INTEGER, cleanup: () => proc.stop() };
  }
  if (name === 'postgres') {
    const database = runDatabase('throughput');
    await createDatabase(database);
    const db: Db = await openMigrated({ kind: 'postgres', database });
    await seedPopulation(db, pop, openPerTeam);
    await db.close();
    const proc = await startProc({ label: 'trustloop-pg', env: appEnv({ slackApiUrl: ctx.slack.apiUrl, databaseUrl: pgUrl(database), port: 0 }), nodeArgs });
    return {
      name,
      proc,
      outcomeCursor: 0,
      openPerTeam,
      database,
      cleanup: async () => {
        await proc.stop();
        await dropDatabase(database);
      },
    };
  }
  const dataDir = path.join(SCRATCH_DIR, `throughput-pglite-${process.pid}`);
  const { rmSync } = await import('node:fs');
  rmSync(dataDir, { recursive: true, force: true });
  const db = await openMigrated({ kind: 'pglite', dataDir });
  await seedPopulation(db, pop, openPerTeam);
  await db.close();
  const proc = await startProc({ label: 'trustloop-pglite', env: appEnv({ slackApiUrl: ctx.slack.apiUrl, dataDir, port: 0 }), nodeArgs });
  return {
    name,
    proc,
    outcomeCursor: 0,
    openPerTeam,
    cleanup: async () => {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Sample extends LoadResult {
  target: TargetName;
  command: Command;
  connections: number;
  run: number;
  peakRssMb: number;
  settleMs: number;
}

/** One measured load against one target; /outcome requests continue where the last run stopped. */
export async function measure(t: RunningTarget, command: Command, connections: number, durationS: number, ctx: BenchContext, pop: Population, run: number, url = t.proc.url): Promise<Sample> {
  const guess = 4000 * durationS;
  let requests: SignedRequest[];
  if (command === 'delegate') {
    requests = delegateRequests(pop, run * 1_000_000 + connections * 10_000, guess, (id) => ctx.slack.responseUrl(id));
  } else {
    const left = t.openPerTeam * pop.teams - t.outcomeCursor;
    requests = outcomeRequests(pop, t.outcomeCursor, Math.max(1, Math.min(guess, left)), (id) => ctx.slack.responseUrl(id));
  }
  let peak = t.proc.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, t.proc.rss());
  }, 250);
  let r: LoadResult;
  try {
    r = await runLoad({ url, connections, durationS, requests, verify: verifiers[t.name][command] });
  } finally {
    clearInterval(sampler);
  }
  // every request handed out, answered or timed out, may have closed its delegation
  if (command === 'outcome') t.outcomeCursor += r.sent;
  const settleMs = t.name === 'bare' ? 0 : await settle(t.proc.pid, ctx.quick ? 20_000 : 90_000);
  return { ...r, target: t.name, command, connections, run, peakRssMb: round(peak, 0), settleMs };
}

export interface Summary {
  target: TargetName;
  command: Command;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  mismatches: number;
  non2xx: number;
  errors: number;
  runs: number;
}

export function summarize(samples: Sample[]): Summary[] {
  const keys = new Map<string, Sample[]>();
  for (const s of samples) {
    const k = `${s.target}|${s.command}|${s.connections}`;
    keys.set(k, [...(keys.get(k) ?? []), s]);
  }
  return [...keys.values()].map((list) => ({
    target: list[0]!.target,
    command: list[0]!.command,
    connections: list[0]!.connections,
    rps: round(median(list.map((s) => s.rps)), 0),
    p50: median(list.map((s) => s.p50)),
    p99: median(list.map((s) => s.p99)),
    max: median(list.map((s) => s.max)),
    mismatches: list.reduce((a, s) => a + s.mismatches, 0),
    non2xx: list.reduce((a, s) => a + s.non2xx, 0),
    errors: list.reduce((a, s) => a + s.errors, 0),
    runs: list.length,
  }));
}

export async function throughputBench(ctx: BenchContext): Promise<BenchResult> {
  const t0 = Date.now();
  const pop = DEFAULT_POPULATION;
  const durationS = ctx.quick ? 4 : 10;
  const connectionsList = ctx.flags.has('only-20') ? [20] : [20, 100];
  const commands: Command[] = ctx.flags.has('only-delegate') ? ['delegate'] : ['delegate', 'outcome'];
  const targetNames: TargetName[] = ctx.flags.has('no-pglite') ? ['bare', 'postgres'] : ['bare', 'postgres', 'pglite'];
  const openPerTeam = ctx.quick ? 1500 : 6000;
  const notes: string[] = [];
  const targets: RunningTarget[] = [];
  const samples: Sample[] = [];
  try {
    for (const name of targetNames) {
      log(`throughput: starting ${name}`);
      targets.push(await startTarget(name, ctx, pop, openPerTeam));
    }
    // warm-up: JIT, connection pools, caches (not measured)
    for (const t of targets) {
      for (const command of commands) await measure(t, command, 20, ctx.quick ? 1 : 3, ctx, pop, 99);
    }
    for (let run = 0; run < ctx.runs; run++) {
      for (const command of commands) {
        for (const connections of connectionsList) {
          for (const t of targets) {
            const s = await measure(t, command, connections, durationS, ctx, pop, run);
            samples.push(s);
            log(`throughput: run ${run + 1}/${ctx.runs} ${t.name} /${command} @${connections}: ${round(s.rps, 0)} req/s p50 ${s.p50} ms p99 ${s.p99} ms max ${s.max} ms` + (s.mismatches || s.non2xx || s.errors ? ` (mismatches ${s.mismatches}, non2xx ${s.non2xx}, errors ${s.errors})` : '') + (s.settleMs > 1500 ? ` settled in ${round(s.settleMs / 1000, 0)} s` : ''));
          }
        }
      }
    }
  } finally {
    for (const t of targets) await t.cleanup().catch((err: unknown) => notes.push(`cleanup ${t.name}: ${String(err)}`));
  }
  const summary = summarize(samples);
  const figures: Figure[] = [];
  const find = (target: TargetName, command: Command, connections: number) => summary.find((s) => s.target === target && s.command === command && s.connections === connections);
  for (const command of commands) {
    for (const connections of connectionsList) {
      const bare = find('bare', command, connections);
      for (const target of ['postgres', 'pglite'] as const) {
        const s = find(target, command, connections);
        if (!s || !bare) continue;
        const label = target === 'postgres' ? 'PostgreSQL' : 'PGlite';
        const ratio = round(s.rps / bare.rps, 2);
        const isGoal = target === 'postgres' && command === 'delegate' && connections === 20;
        figures.push({
          name: `/${command} @${connections} on ${label}: throughput`,
          value: s.rps,
          unit: 'req/s',
          reference: { name: `bare Bolt /${command} @${connections}`, value: bare.rps },
          ratio,
          goal: isGoal ? `≥ ${GOAL_RATIO}× bare Bolt (issue 17)` : undefined,
          met: isGoal ? ratio >= GOAL_RATIO : undefined,
        });
        figures.push({
          name: `/${command} @${connections} on ${label}: ack latency p50 / p99 / max`,
          value: s.p99,
          unit: 'ms (p99)',
          reference: { name: `bare Bolt p99`, value: bare.p99 },
          ratio: round(s.p99 / Math.max(bare.p99, 1), 2),
          goal: isGoal ? `p99 < ${GOAL_P99_MS} ms (issue 17)` : undefined,
          met: isGoal ? s.p99 < GOAL_P99_MS : undefined,
          note: `p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms (bare: ${bare.p50} / ${bare.p99} / ${bare.max} ms)` + (s.mismatches ? `; ${s.mismatches} replies were not a confirmation` : ''),
        });
      }
    }
  }
  return { name: 'throughput', figures, raw: { summary, samples, durationS, population: pop }, notes, seconds: (Date.now() - t0) / 1000 };
}
