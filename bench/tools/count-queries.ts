/**
 * How many database round trips one slash command costs, and which: the app in this process (the same
 * runtime as dist/, from src/ through tsx) over a counting Db wrapper, driven by signed requests.
 *   node --require tsx/cjs bench/tools/count-queries.ts [delegate|outcome] [n] [concurrency]
 * With a concurrency above 1, statements that group concurrent callers (db/together.ts) show their share.
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
import { sleep } from '../lib/util';
import { createDelivery } from '../../src/jobs/deliver';
import { createWebClient, slackApiOver } from '../../src/slack/web-api';
import { createRenderer } from '../../src/messages/render';
import { staleReason } from '../../src/messages/staleness';

function counting(db: Db, counts: Map<string, number>, phase: { name: string }): Db {
  const key = (sql: string) => `${phase.name}: ${sql.replace(/\s+/g, ' ').trim().slice(0, 90)}`;
  const bump = (sql: string) => counts.set(key(sql), (counts.get(key(sql)) ?? 0) + 1);
  const wrapTx = (tx: Tx): Tx => ({
    query: (text, params, opts) => {
      bump(text);
      return tx.query(text, params, opts);
    },
    exec: (sql) => {
      bump(sql);
      return tx.exec(sql);
    },
  });
  return {
    kind: db.kind,
    query: (text, params, opts) => {
      bump(text);
      return db.query(text, params, opts);
    },
    exec: (sql) => {
      bump(sql);
      return db.exec(sql);
    },
    transaction: (fn) => {
      bump('BEGIN … COMMIT (2 round trips)');
      return db.transaction((tx) => fn(wrapTx(tx)));
    },
    close: () => db.close(),
  };
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
  const reqs: SignedRequest[] =
    command === 'delegate'
      ? delegateRequests(DEFAULT_POPULATION, 0, n, (id) => client.responseUrl(id))
      : outcomeRequests(DEFAULT_POPULATION, 0, n, (id) => client.responseUrl(id));
  counts.clear();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < reqs.length) await send(app.url, reqs[next++]!);
    }),
  );
  phase.name = 'delivery';
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
  await delivery.drain();
  await sleep(200);
  const byPhase = new Map<string, number>();
  for (const [k, v] of counts) byPhase.set(k.split(':')[0]!, (byPhase.get(k.split(':')[0]!) ?? 0) + v);
  console.log(
    `/${command} × ${n} (${concurrency} at a time): round trips per command — ${[...byPhase].map(([p, v]) => `${p} ${(v / n).toFixed(1)}`).join(', ')} (a transaction counts as its queries + BEGIN/COMMIT)`,
  );
  for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]))
    console.log(`${(v / n).toFixed(2).padStart(6)}  ${k}`);
  console.log(await client.stats());
  await app.stop();
  await db.close();
  await server.close();
  await dropDatabase(database);
}

void main();
