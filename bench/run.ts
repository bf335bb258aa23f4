/**
 * `npm run bench [-- --quick] [-- --only throughput,home,sweep,footprint,scaleout,burst,start] [-- --runs N] [-- --cpu-prof]`
 *
 * Runs the benchmarks of issue 6 against the built app (dist/, NODE_ENV=production, LOG_LEVEL=warn), a
 * lean Slack stand-in in its own process and PostgreSQL on 127.0.0.1:5432 (dedicated databases named
 * trustloop_bench_*) or PGlite data folders under the system temp folder. Prints every figure and
 * writes bench/results/bench-<time>.json and .md. Speed goals are reported, never asserted: the exit
 * code is non-zero only when a benchmark could not run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { burstBench } from './benches/burst';
import { footprintBench } from './benches/footprint';
import { chartBench, homeBench } from './benches/home';
import { scaleoutBench } from './benches/scaleout';
import { startBench } from './benches/start';
import { sweepBench } from './benches/sweep';
import { throughputBench } from './benches/throughput';
import type { BenchContext, BenchResult } from './lib/context';
import { dropStaleDatabases, isPgUp } from './lib/pg';
import { startLeanSlackProc } from './lib/procs';
import { renderBenchMarkdown } from './lib/report';
import { ensureDir, log, machineInfo, parseArgs, RESULTS_DIR, useAppSnapshot } from './lib/util';

const BENCHES: Record<string, (ctx: BenchContext) => Promise<BenchResult>> = {
  throughput: throughputBench,
  home: homeBench,
  chart: chartBench,
  sweep: sweepBench,
  footprint: footprintBench,
  scaleout: scaleoutBench,
  burst: burstBench,
  start: startBench,
};

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const names = args.only ?? Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`,
    );
    return 2;
  }
  if (!(await isPgUp())) {
    console.error('PostgreSQL is not reachable on 127.0.0.1:5432');
    return 2;
  }
  const stale = await dropStaleDatabases();
  if (stale.length) log(`dropped ${stale.length} database(s) left by earlier runs: ${stale.join(', ')}`);
  const snapshot = useAppSnapshot();
  log(
    `app under test: dist/ of ${snapshot.commit}${snapshot.dirty.length ? ` with uncommitted changes in ${snapshot.dirty.join(', ')}` : ''} (copied to ${snapshot.root})`,
  );
  const machine = { ...machineInfo(), appCommit: snapshot.commit, appDirty: snapshot.dirty };
  const stamp = machine.date.replace(/[:.]/g, '-').slice(0, 19);
  const profileDir = args.flags.has('cpu-prof')
    ? ensureDir(path.join(RESULTS_DIR, `profiles-${stamp}`))
    : null;
  const slack = await startLeanSlackProc();
  const ctx: BenchContext = {
    quick: args.quick,
    runs: args.runs ?? 3,
    profileDir,
    slack: slack.client,
    flags: args.flags,
  };
  log(
    `bench: ${names.join(', ')}${args.quick ? ' (quick)' : ''}, ${ctx.runs} runs each; ${machine.nproc} cores, node ${machine.node}, PostgreSQL ${machine.postgres}`,
  );
  const results: BenchResult[] = [];
  let failed = 0;
  const write = () => {
    ensureDir(RESULTS_DIR);
    const base = path.join(RESULTS_DIR, `bench-${stamp}${args.quick ? '-quick' : ''}`);
    fs.writeFileSync(
      `${base}.json`,
      JSON.stringify({ machine, args: process.argv.slice(2), results }, null, 2),
    );
    fs.writeFileSync(`${base}.md`, renderBenchMarkdown(machine, process.argv.slice(2), results));
    return base;
  };
  try {
    for (const name of names) {
      log(`=== ${name} ===`);
      try {
        await slack.client.reset();
        const r = await BENCHES[name]!(ctx);
        results.push(r);
        for (const f of r.figures) {
          const verdict = f.met === undefined ? '' : f.met ? '  [goal met]' : '  [goal NOT met]';
          log(
            `  ${f.name}: ${f.value} ${f.unit}${f.ratio !== undefined ? ` (${f.ratio}× ${f.reference?.name ?? ''})` : ''}${f.goal ? ` goal ${f.goal}` : ''}${verdict}${f.note ? ` — ${f.note}` : ''}`,
          );
        }
      } catch (err) {
        failed++;
        log(`${name} could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        results.push({ name, figures: [], raw: null, notes: [`could not run: ${String(err)}`], seconds: 0 });
      }
      write();
    }
  } finally {
    await slack.stop();
  }
  const base = write();
  log(`results: ${path.relative(process.cwd(), base)}.json / .md`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
