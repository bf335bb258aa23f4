/**
 * The burst benchmark's worker-thread form (bench/benches/burst.ts) for two builds of the app, interleaved
 * in the same minutes: the current dist/ and an older copy (a folder holding dist/, migrations/,
 * package.json and a node_modules link), so a change to the embedded database is measured against its
 * own before on a shared machine.
 *
 *   node --require tsx/cjs bench/tools/burst-ab.ts --base=/tmp/old-app [--runs 2] [--only current|base]
 *     [--cpu-prof-dir=/tmp/prof] (a V8 profile of each thread of the app, PGlite's included)
 *
 * Making the old copy: `npm run build`, then copy dist/, migrations/ and package.json into a folder and
 * link node_modules next to them, before changing the code.
 */
import os from 'node:os';
import { one, seededFolder } from '../benches/burst';
import type { BenchContext } from '../lib/context';
import { startLeanSlackProc } from '../lib/procs';
import { log, parseArgs, round, setAppRoot, useAppSnapshot } from '../lib/util';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const base = args.values.get('base');
  const runs = args.runs ?? 1;
  const only = args.values.get('only');
  const current = useAppSnapshot();
  const slack = await startLeanSlackProc();
  const ctx: BenchContext = { quick: false, runs, profileDir: null, slack: slack.client, flags: args.flags };
  const template = await seededFolder(6000);
  const builds: { name: string; root: string }[] = [];
  if (only !== 'base') builds.push({ name: `current (${current.commit})`, root: current.root });
  if (base && only !== 'current') builds.push({ name: `base (${base})`, root: base });
  try {
    for (let run = 0; run < runs; run++) {
      const order = run % 2 === 0 ? builds : [...builds].reverse();
      for (const b of order) {
        setAppRoot(b.root);
        await slack.client.reset();
        const env: Record<string, string> = {};
        const profile = args.values.get('cpu-prof-dir');
        // V8 writes a profile per thread at exit, PGlite's worker included
        const nodeArgs = profile
          ? ['--cpu-prof', `--cpu-prof-dir=${profile}/${b.name.split(' ')[0]}-${run}`]
          : [];
        const s = await one('worker', template, ctx, run, 30, { env, nodeArgs });
        log(
          `${b.name}: ${round(s.rps, 0)} req/s, p50 ${s.p50} / p99 ${s.p99} / max ${s.max} ms, ${s.timeouts} unanswered, ` +
            `${s.working} "working on it", ${s.confirmed} confirmed, ${s.ticks} ticks, settled ${round(s.settleMs / 1000, 0)} s after; CPU main ${s.cpu.main}, ` +
            `PGlite ${s.cpu.busiestOther}; load ${s.cpu.machineLoad} (${os
              .loadavg()
              .map((l) => round(l, 1))
              .join(' ')})`,
        );
      }
    }
  } finally {
    await slack.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
