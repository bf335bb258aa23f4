/**
 * What the replay check (src/http/replay-guard.ts) costs a request: one `insert … on conflict do nothing
 * returning` into slack_request_replays, next to the cheapest round trip there is (`select 1`), on
 * PostgreSQL (pool of 10, loopback; the table as migrated, UNLOGGED, and as an ordinary table) and on
 * PGlite (in memory). Interleaved in blocks so that a busy
 * machine slows both alike; medians and p99 in microseconds, and round trips per second at 10 in flight.
 *   node --require tsx/cjs bench/tools/replay-cost.ts [n=3000]
 */
import type { Db } from '../../src/db/db';
import { migrate } from '../../src/db/migrate';
import { createPgliteDb } from '../../src/db/pglite';
import { rememberRequestOnce } from '../../src/db/request-replays';
import { createDatabase, dropDatabase, runDatabase } from '../lib/pg';
import { openMigrated } from '../lib/seed';
import { median, percentile, round } from '../lib/util';

type Op = (i: number) => Promise<unknown>;

async function timeEach(op: Op, from: number, n: number, out: number[]): Promise<void> {
  for (let i = from; i < from + n; i++) {
    const t0 = process.hrtime.bigint();
    await op(i);
    out.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
}

async function rate(op: Op, n: number, inFlight: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) await op(next++);
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

async function measure(label: string, db: Db, n: number): Promise<Record<string, unknown>> {
  const expires = new Date(Date.now() + 10 * 60_000);
  const ops: Record<string, Op> = {
    'select 1': () => db.query('select 1'),
    'replay check, first time': (i) => rememberRequestOnce(db, `sig:${label}:${i}:${Math.random()}`, expires),
    'replay check, a replay': () => rememberRequestOnce(db, `sig:${label}:replayed`, expires),
  };
  await rememberRequestOnce(db, `sig:${label}:replayed`, expires);
  for (const op of Object.values(ops)) await timeEach(op, 0, 200, []); // warm up
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(ops).map((k) => [k, []]));
  for (let block = 0; block < n / 100; block++) {
    for (const [k, op] of Object.entries(ops)) await timeEach(op, block * 100 + 1_000_000, 100, samples[k]!);
  }
  const out: Record<string, unknown> = {};
  for (const [k, xs] of Object.entries(samples)) out[k] = { p50us: round(median(xs), 0), p99us: round(percentile(xs, 99), 0) };
  out['select 1 per s @10'] = round(await rate(ops['select 1']!, n, 10), 0);
  out['replay checks per s @10'] = round(await rate(ops['replay check, first time']!, n, 10), 0);
  return out;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 3000);
  const database = runDatabase('replay_cost');
  await createDatabase(database);
  const results: Record<string, unknown> = {};
  try {
    const pg = await openMigrated({ kind: 'postgres', database });
    results.postgres = await measure('pg', pg, n);
    // what it would cost as an ordinary (logged) table: a durable commit, one WAL flush, per request
    await pg.query('alter table slack_request_replays set logged');
    results.postgresIfLogged = await measure('pg-logged', pg, n);
    await pg.close();
  } finally {
    await dropDatabase(database);
  }
  const lite = await createPgliteDb({});
  await migrate(lite);
  results.pglite = await measure('lite', lite, n);
  await lite.close();
  console.log(JSON.stringify(results, null, 2));
}

void main();
