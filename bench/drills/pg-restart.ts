/**
 * Drill 1 — PostgreSQL goes away for 10 s during a load of /delegate and /outcome.
 *
 * Quick form (CI) and `--proxy-outage`: the app reaches PostgreSQL through a TCP proxy in this process;
 * the outage cuts every open connection and refuses new ones for 10 s, then lets them through again.
 * The shared server is never touched. Full form: the real cluster is stopped (`pg_ctlcluster … stop -m
 * fast`), kept down 10 s and started again — and started again whatever happens.
 *
 * Checks: replies during the outage are a friendly "try again in a moment" within Slack's 3 s (never a
 * hang or a 5xx); the app reconnects on its own; every acknowledged action is in the database with its
 * ledger entry and messages; the outbox drains afterwards with nothing lost and nothing twice.
 */
import type { LeanSlackClient } from '../lib/lean-slack';
import { startLeanSlack } from '../lib/lean-slack';
import { createDatabase, dropDatabase, isPgUp, pgUrl, PG_PORT, withClient, runDatabase } from '../lib/pg';
import { startCluster, stopCluster } from '../lib/pgctl';
import { appEnv, startProc } from '../lib/procs';
import { openMigrated, type Population } from '../lib/seed';
import { seedPopulation } from '../lib/seed';
import { startTcpProxy, type TcpProxy } from '../lib/tcp-proxy';
import { log, round, sleep, waitUntil } from '../lib/util';
import {
  acknowledged,
  actionLoad,
  checkPersisted,
  criterion,
  deliveryCheck,
  halfWritten,
  resolveLate,
  result,
  summarizeReplies,
  waitDrained,
  type ActionRecord,
  type DrillContext,
  type DrillResult,
} from './common';

const DATABASE = runDatabase('drill_pg');
export const DRILL_POP: Population = { teams: 5, leadersPerTeam: 20, assigneesPerTeam: 20, channelsPerTeam: 20 };

export async function pgRestartDrill(ctx: DrillContext): Promise<DrillResult> {
  const t0 = Date.now();
  const real = !ctx.quick && !ctx.flags.has('proxy-outage');
  const mode = real ? 'full: real cluster stop/start' : `${ctx.quick ? 'quick' : 'full'}: outage through a TCP proxy`;
  const before = ctx.quick ? 5_000 : 10_000;
  const outageMs = 10_000;
  const after = ctx.quick ? 10_000 : 20_000;
  await createDatabase(DATABASE);
  const seed = await openMigrated({ kind: 'postgres', database: DATABASE });
  await seedPopulation(seed, DRILL_POP, 4000);
  await seed.close();
  const { server: lean, client: slack } = await startLeanSlack();
  let proxy: TcpProxy | null = null;
  let dbPort = PG_PORT;
  if (!real) {
    proxy = await startTcpProxy([{ host: '127.0.0.1', port: PG_PORT }]);
    dbPort = proxy.port;
  }
  // quick: the built runtime with a 5 s claim lease (drill-app.ts) so that rows claimed when the
  // connections were cut are retried within CI's minute; full: the built app with its 60 s lease
  const app = await startProc({
    label: 'drill1',
    entry: ctx.quick ? 'drill-app' : 'app',
    env: { ...appEnv({ slackApiUrl: slack.apiUrl, databaseUrl: pgUrl(DATABASE, { port: dbPort }), port: 0 }), BENCH_DELIVERY: ctx.quick ? JSON.stringify({ leaseMs: 5000 }) : undefined },
  });
  const records: ActionRecord[] = [];
  let outageStart = 0;
  let outageEnd = 0;
  let stop = false;
  let clusterStopped = false;
  const loadStart = Date.now();
  try {
    const load = actionLoad({ appUrl: app.url, slack, pop: DRILL_POP, workers: 8, stop: () => stop, maxRequests: 200_000, tag: 'drill1', timeoutMs: 5000, records });
    await sleep(before);
    log(`drill 1: outage starts (${real ? 'stopping the cluster' : 'proxy cuts connections'})`);
    outageStart = Date.now();
    if (real) {
      clusterStopped = true;
      await stopCluster();
      // "stop, wait 10 s, start": the 10 s count from when the server is down
      const down = Date.now();
      await sleep(Math.max(0, outageMs - (Date.now() - down)));
      await startCluster();
      clusterStopped = false;
    } else {
      await proxy!.outage();
      await sleep(outageMs);
      await proxy!.resume();
    }
    outageEnd = Date.now();
    log(`drill 1: outage over after ${round((outageEnd - outageStart) / 1000, 1)} s`);
    await sleep(after);
    stop = true;
    await load;
  } finally {
    stop = true;
    if (clusterStopped) await startCluster();
  }
  const healthy = await waitUntil(async () => {
    const r = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
    return r?.status === 200;
  }, 30_000);
  await sleep(3000);
  await resolveLate(records, slack);
  const result1 = await withClient(DATABASE, async (c) => {
    const persisted = await checkPersisted(c, records);
    const half = await halfWritten(c);
    const drained = await waitDrained(c, ctx.quick ? 30_000 : 180_000);
    const delivery = await deliveryCheck(c, slack);
    return { persisted, half, drained, delivery };
  });
  const appAlive = app.alive();
  const crash = appAlive ? null : crashReport(app.tail);
  await app.stop();
  const stats = await slack.stats();
  await lean.close();
  await proxy?.close();
  await dropDatabase(DATABASE);

  const during = records.filter((r) => r.startedAt >= outageStart && r.startedAt < outageEnd);
  const afterRecs = records.filter((r) => r.startedAt >= outageEnd);
  const firstSuccessAfter = afterRecs.filter(acknowledged).sort((a, b) => a.startedAt - b.startedAt)[0];
  const bad = records.filter((r) => r.cls === 'http_error' || r.cls === 'timeout' || r.cls === 'network');
  const slow = records.filter((r) => r.ms >= 3000);
  const duringOk = during.filter((r) => r.cls === 'success' || r.cls === 'unavailable' || r.cls === 'generic' || (r.cls === 'working' && r.late !== undefined && r.late !== 'timeout'));
  const maxMs = Math.max(...records.map((r) => r.ms));
  const ack = records.filter(acknowledged).length;
  const { persisted, half, drained, delivery } = result1;
  const halfTotal = Object.values(half).reduce((a, b) => a + b, 0);
  const criteria = [
    criterion('the process stayed up', appAlive, appAlive ? 'alive throughout' : `crashed: ${crash}`),
    criterion('no 5xx, no error status, no hang', bad.length === 0 && slow.length === 0, `${bad.length} bad answers, ${slow.length} slower than 3 s; slowest ${round(maxMs, 0)} ms`),
    criterion('during the outage: a friendly reply within 3 s', duringOk.length === during.length && during.length > 0, `${duringOk.length}/${during.length} friendly or successful (${JSON.stringify(summarizeReplies(during))})`),
    criterion('reconnects on its own', Boolean(firstSuccessAfter) && healthy === true, firstSuccessAfter ? `first acknowledged action ${round((firstSuccessAfter.startedAt - outageEnd) / 1000, 1)} s after the database came back; /healthz ${healthy ? 'ok' : 'failing'}` : 'no successful action after the outage'),
    criterion('every acknowledged action is in the database', persisted.missing.length === 0, `${persisted.persisted}/${ack} persisted` + (persisted.missing.length ? `; missing: ${persisted.missing.slice(0, 5).map((r) => r.key).join(', ')}` : '')),
    criterion('nothing half-written', halfTotal === 0, JSON.stringify(half)),
    criterion('messages: all delivered, none twice beyond the in-flight window (≤ 25)', delivery.missing === 0 && delivery.duplicated <= 25 && (drained.pending ?? 0) + (drained.sending ?? 0) === 0, `${delivery.delivered}/${delivery.expected} delivered, ${delivery.duplicated} duplicated, ${delivery.outOfOrderChannels} channels out of order; outbox ${JSON.stringify(drained)}`),
  ];
  return result(
    'pg-restart',
    'PostgreSQL restarted during a load of /delegate and /outcome',
    mode,
    t0,
    { actionsSent: records.length, acknowledged: ack, persisted: persisted.persisted, messagesExpected: delivery.expected, delivered: delivery.delivered, duplicated: delivery.duplicated },
    criteria,
    {
      replies: summarizeReplies(records),
      repliesDuringOutage: summarizeReplies(during),
      answeredTryAgainButWritten: persisted.phantom.length,
      phantomExamples: persisted.phantom.slice(0, 5).map((r) => `${r.kind} ${r.key} (${r.cls})`),
      outageSeconds: round((outageEnd - outageStart) / 1000, 1),
      loadSeconds: round((outageEnd + after - loadStart) / 1000, 0),
      slowestMs: round(maxMs, 0),
      appLogWarnings: app.logs.byMsg,
      crash,
      slackCalls: stats.calls,
      pgUpAtEnd: await isPgUp(),
    },
  );
}

export type { LeanSlackClient };

/** The first lines of an uncaught exception in a dead process's output. */
export function crashReport(tail: string[]): string {
  const plain = tail.filter((l) => !l.startsWith('{'));
  const first = plain.findIndex((l) => /error|Error/.test(l));
  const lines = first >= 0 ? plain.slice(first) : plain.slice(-12);
  const emitted = lines.find((l) => l.includes("Emitted 'error' event"));
  const code = lines.find((l) => /code: '/.test(l));
  return [lines[0], emitted, code].filter(Boolean).map((l) => l!.trim()).join(' / ').slice(0, 400);
}
