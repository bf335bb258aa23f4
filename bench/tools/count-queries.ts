/**
 * How many database round trips one slash command costs, and which: the app in this process (the same
 * runtime as dist/, from src/ through tsx) over a counting Db wrapper, driven by signed requests.
 *   node --require tsx/cjs bench/tools/count-queries.ts [delegate|outcome] [n] [concurrency]
 * With a concurrency above 1, statements that group concurrent callers (db/together.ts) show their share.
 * A warm-up of other commands (WARMUP, default n / 2) runs and is delivered first, uncounted.
 */
import pino from 'pino';
import { loadConfig } from '../../src/config';
import type { Db, Tx } from '../../src/db/db';
import { createPostgresDb } from '../../src/db/postgres';
import { startTrustloop } from '../../src/runtime';
import { startLeanSlack } from '../lib/lean-slack';
import { createDatabase, dropDatabase, pgUrl, runDatabase } from '../lib/pg';
import { SIGNING_SECRET, BOT_TOKEN } from '../lib/procs';
import { DEFAULT_POPULATION, openMigrated, seedPopulation } from '../lib/seed';
import { send, type SignedRequest } from '../lib/slack-requests';
import { delegateRequests, outcomeRequests } from '../benches/throughput';
import { cpuSeconds, sleep } from '../lib/util';
import { withClient } from '../lib/pg';
import { replayCpu } from '../lib/replay';
import { createDelivery } from '../../src/jobs/deliver';
import { createWebClient, slackApiOver } from '../../src/slack/web-api';
import { createRenderer } from '../../src/messages/render';
import { staleReason } from '../../src/messages/staleness';

/** A statement as first seen (its text and params), for REPLAY=1 (bench/lib/replay.ts; EXPLAIN=1 adds plans). */
const samples = new Map<string, { sql: string; params?: readonly unknown[]; prepared?: boolean }>();

function counting(db: Db, counts: Map<string, number>, phase: { name: string }): Db {
  const key = (sql: string) => `${phase.name}: ${sql.replace(/\s+/g, ' ').trim().slice(0, 90)}`;
  /** Counts a round trip; `sample` (its params, whether prepared) makes it replayable. */
  const bump = (sql: string, sample?: { params?: readonly unknown[]; prepared?: boolean }) => {
    const k = key(sql);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    if (sample && !samples.has(k)) samples.set(k, { sql, ...sample });
  };
  const wrapTx = (tx: Tx): Tx => ({
    query: (text, params, opts) => {
      bump(text, { params, prepared: opts?.prepared });
      return tx.query(text, params, opts);
    },
    exec: (sql) => {
      bump(sql, {});
      return tx.exec(sql);
    },
  });
  return {
    kind: db.kind,
    query: (text, params, opts) => {
      bump(text, { params, prepared: opts?.prepared });
      return db.query(text, params, opts);
    },
    exec: (sql) => {
      bump(sql, {});
      return db.exec(sql);
    },
    transaction: (fn) => {
      // counted, not replayed: it names the two round trips, it is no statement
      bump('BEGIN … COMMIT (2 round trips)');
      return db.transaction((tx) => fn(wrapTx(tx)));
    },
    close: () => db.close(),
  };
}

/** CPU seconds PostgreSQL's backends for this database have used so far (by pid, for a later delta). */
async function backendCpu(database: string): Promise<Map<number, number>> {
  const { rows } = await withClient('postgres', (c) =>
    c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database]),
  );
  return new Map(rows.map((r) => [Number(r.pid), cpuSeconds(Number(r.pid))]));
}

/** Milliseconds of backend CPU since `before`, per command (backends new since then count from zero). */
async function backendMsPer(database: string, before: Map<number, number>, n: number): Promise<string> {
  const now = await backendCpu(database);
  let s = 0;
  for (const [pid, cpu] of now) if (Number.isFinite(cpu)) s += cpu - (before.get(pid) ?? 0);
  return ((s * 1000) / n).toFixed(2);
}

async function main(): Promise<void> {
  const command = (process.argv[2] ?? 'delegate') as 'delegate' | 'outcome';
  const n = Number(process.argv[3] ?? 50);
  const concurrency = Number(process.argv[4] ?? 1);
  const database = runDatabase('count');
  await createDatabase(database);
  const seedDb = await openMigrated({ kind: 'postgres', database });
  await seedPopulation(seedDb, DEFAULT_POPULATION, 500);
  await seedDb.close();
  const { server, client } = await startLeanSlack();
  const counts = new Map<string, number>();
  const phase = { name: 'request' };
  const db = counting(createPostgresDb({ connectionString: pgUrl(database) }), counts, phase);
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: client.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
  });
  const app = await startTrustloop({ config, db, log: pino({ level: 'silent' }), scheduler: false });
  await app.delivery.stop(); // requests first, delivery counted on its own below
  const requests = (from: number, count: number): SignedRequest[] =>
    (command === 'delegate' ? delegateRequests : outcomeRequests)(DEFAULT_POPULATION, from, count, (id) =>
      client.responseUrl(id),
    );
  /** Sends `reqs` with `concurrency` in flight, each the moment one before it is answered. */
  const sendAll = async (reqs: SignedRequest[]) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < reqs.length) await send(app.url, reqs[next++]!);
      }),
    );
  };
  const renderer = createRenderer(app.deps);
  const delivery = createDelivery({
    db,
    clock: app.deps.clock,
    slack: slackApiOver(createWebClient(BOT_TOKEN, client.apiUrl)),
    log: pino({ level: 'silent' }),
    render: (row) => renderer.render(row),
    isStale: (row) => staleReason(db, row),
    channelSpacingMs: 0,
  });
  // Warm-up (WARMUP=n, default n / 2 commands, of other references): every pooled backend has planned
  // its statements and filled its catalog caches, so the figures below are the steady state's.
  const warm = Number(process.env.WARMUP ?? Math.floor(n / 2));
  await sendAll(requests(n, warm));
  await delivery.drain();
  counts.clear();
  const pg0 = await backendCpu(database);
  await sendAll(requests(0, n));
  const pgRequestMs = await backendMsPer(database, pg0, n);
  const pg1 = await backendCpu(database);
  phase.name = 'delivery';
  await delivery.drain();
  await sleep(200);
  const pgDeliveryMs = await backendMsPer(database, pg1, n);
  const byPhase = new Map<string, number>();
  for (const [k, v] of counts) byPhase.set(k.split(':')[0]!, (byPhase.get(k.split(':')[0]!) ?? 0) + v);
  console.log(
    `/${command} × ${n} (${concurrency} at a time): round trips per command — ${[...byPhase].map(([p, v]) => `${p} ${(v / n).toFixed(1)}`).join(', ')} (a transaction counts as its queries + BEGIN/COMMIT)`,
  );
  console.log(`PostgreSQL backend CPU per command: request ${pgRequestMs} ms, delivery ${pgDeliveryMs} ms`);
  for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]))
    console.log(`${(v / n).toFixed(2).padStart(6)}  ${k}`);
  console.log(await client.stats());
  if (process.env.PLANS) {
    // one pooled connection's prepared statements: how often each was planned afresh (custom) or not
    const { rows } = await db.query<{ statement: string; generic_plans: number; custom_plans: number }>(
      'select statement, generic_plans::int, custom_plans::int from pg_prepared_statements order by 2 + 3 desc',
    );
    for (const r of rows.slice(0, 12))
      console.log(
        `plans: generic ${r.generic_plans}, custom ${r.custom_plans}  ${r.statement.replace(/\s+/g, ' ').slice(0, 70)}`,
      );
  }
  if (process.env.REPLAY)
    await replayCpu(
      database,
      [...counts]
        .sort((a, b) => b[1] - a[1])
        .flatMap(([label, v]) => {
          const s = samples.get(label);
          return s ? [{ label, sql: s.sql, params: s.params, prepared: s.prepared, perUnit: v / n }] : [];
        }),
      { unit: 'command', explain: process.env.EXPLAIN ? 0.5 : undefined },
    );
  await app.stop();
  await db.close();
  await server.close();
  await dropDatabase(database);
}

void main();
