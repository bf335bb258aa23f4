/**
 * `npm run drill [-- --quick] [-- --only pg-restart,slack-faults,kill-delivery,replicas,fuzz,read-only,flood] [-- --proxy-outage]`
 *
 * The six fault drills of issue 6 (and drill 7, the flood of unsigned posts of issue 10) against the built app (dist/), a Slack stand-in and PostgreSQL on
 * 127.0.0.1:5432 (dedicated databases trustloop_bench_drill_*). Each prints its counts (actions sent,
 * acknowledged, persisted; messages expected, delivered, duplicated) and PASS/FAIL per criterion; the
 * results go to bench/results/drills-<time>.json and .md. Exit code 1 when a drill's correctness
 * criterion fails (or a drill could not run); speed is never asserted.
 *
 * Only the full form of drill 1 stops the PostgreSQL cluster (and always starts it again); the quick
 * form and `--proxy-outage` simulate the outage with a TCP proxy and leave the server alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dropStaleDatabases, isPgUp } from '../lib/pg';
import { machineLines } from '../lib/report';
import { ensureDir, log, machineInfo, parseArgs, RESULTS_DIR, useAppSnapshot, table } from '../lib/util';
import type { DrillContext, DrillResult } from './common';
import { pgRestartDrill } from './pg-restart';
import { slackFaultsDrill } from './slack-faults';
import { killDeliveryDrill } from './kill-delivery';
import { replicasDrill } from './replicas';
import { fuzzDrill } from './fuzz';
import { readOnlyDrill } from './read-only';
import { floodDrill } from './flood';

const DRILLS: Record<string, (ctx: DrillContext) => Promise<DrillResult>> = {
  'pg-restart': pgRestartDrill,
  'slack-faults': slackFaultsDrill,
  'kill-delivery': killDeliveryDrill,
  replicas: replicasDrill,
  fuzz: fuzzDrill,
  'read-only': readOnlyDrill,
  flood: floodDrill,
};

function print(r: DrillResult): void {
  const c = r.counts;
  log(`${r.pass ? 'PASS' : 'FAIL'}  ${r.name} (${r.mode}, ${r.seconds} s): actions sent ${c.actionsSent}, acknowledged ${c.acknowledged}, persisted ${c.persisted}; messages expected ${c.messagesExpected}, delivered ${c.delivered}, duplicated ${c.duplicated}`);
  for (const k of r.criteria) log(`   ${k.pass ? 'ok  ' : 'FAIL'} ${k.name}: ${k.detail}`);
}

function markdown(results: DrillResult[], header: string): string {
  const out = [header, ''];
  out.push(
    table(
      ['drill', 'mode', 'result', 'actions sent', 'acknowledged', 'persisted', 'messages expected', 'delivered', 'duplicated', 'seconds'],
      results.map((r) => [r.name, r.mode, r.pass ? 'PASS' : '**FAIL**', r.counts.actionsSent, r.counts.acknowledged, r.counts.persisted, r.counts.messagesExpected, r.counts.delivered, r.counts.duplicated, r.seconds]),
    ),
    '',
  );
  for (const r of results) {
    out.push(`### ${r.name}: ${r.title} — ${r.pass ? 'PASS' : 'FAIL'}`, '');
    for (const k of r.criteria) out.push(`- ${k.pass ? 'ok' : '**FAIL**'} — ${k.name}: ${k.detail}`);
    out.push('', '```json', JSON.stringify(r.details, null, 1).slice(0, 4000), '```', '');
  }
  return out.join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const names = args.only ?? Object.keys(DRILLS);
  const unknown = names.filter((n) => !DRILLS[n]);
  if (unknown.length) {
    console.error(`unknown drill(s): ${unknown.join(', ')}; choose from ${Object.keys(DRILLS).join(', ')}`);
    return 2;
  }
  if (!(await isPgUp())) {
    console.error('PostgreSQL is not reachable on 127.0.0.1:5432');
    return 2;
  }
  const stale = await dropStaleDatabases();
  if (stale.length) log(`dropped ${stale.length} database(s) left by earlier runs: ${stale.join(', ')}`);
  const snapshot = useAppSnapshot();
  log(`app under test: dist/ of ${snapshot.commit}${snapshot.dirty.length ? ` with uncommitted changes in ${snapshot.dirty.join(', ')}` : ''} (copied to ${snapshot.root})`);
  const machine = { ...machineInfo(), appCommit: snapshot.commit, appDirty: snapshot.dirty };
  const stamp = machine.date.replace(/[:.]/g, '-').slice(0, 19);
  const ctx: DrillContext = { quick: args.quick, flags: args.flags };
  const results: DrillResult[] = [];
  for (const name of names) {
    log(`=== drill ${name}${args.quick ? ' (quick)' : ''} ===`);
    try {
      const r = await DRILLS[name]!(ctx);
      results.push(r);
      print(r);
    } catch (err) {
      const r: DrillResult = { name, title: name, mode: args.quick ? 'quick' : 'full', pass: false, counts: { actionsSent: 0, acknowledged: 0, persisted: 0, messagesExpected: 0, delivered: 0, duplicated: 0 }, criteria: [{ name: 'drill ran', pass: false, detail: err instanceof Error ? (err.stack ?? err.message) : String(err) }], details: {}, seconds: 0 };
      results.push(r);
      print(r);
    }
    ensureDir(RESULTS_DIR);
    const base = path.join(RESULTS_DIR, `drills-${stamp}${args.quick ? '-quick' : ''}`);
    fs.writeFileSync(`${base}.json`, JSON.stringify({ machine, args: process.argv.slice(2), results }, null, 2));
    fs.writeFileSync(`${base}.md`, markdown(results, `# Drill run ${machine.date}\n\n${machineLines(machine, process.argv.slice(2))}`));
  }
  const failed = results.filter((r) => !r.pass);
  log(`drills: ${results.length - failed.length} passed, ${failed.length} failed${failed.length ? ` (${failed.map((r) => r.name).join(', ')})` : ''}`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
