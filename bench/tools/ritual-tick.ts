/**
 * The tick's ritual step with many enabled rituals of which none is due: seeds `n` rituals (default
 * 10,000, ten channels × retro per workspace, Friday 16:00 in five zones) set up a week ago, then runs
 * `fireDueRituals` in-process at Wednesday 10:00 UTC, one minute apart: the first tick (which, since
 * migration 0023, plans every ritual once), then the median of the next ones. Counts the statements
 * and the rows they return (load-independent), and times each tick (say the load average with it).
 *   node --require tsx/cjs bench/tools/ritual-tick.ts [n] [--pg] [--ticks 9]
 * Runs unchanged on code before 0023 (it only uses `fireDueRituals` and plain SQL), so the same file
 * measures before and after.
 */
import os from 'node:os';
import pino from 'pino';
import { AdjustableClock } from '../../src/clock';
import type { Db, QueryResult, Tx } from '../../src/db/db';
import { createPgliteDb } from '../../src/db/pglite';
import { migrate } from '../../src/db/migrate';
import { fireDueRituals } from '../../src/services/rituals';
import type { ServiceDeps } from '../../src/services/ports';
import { createDatabase, dropDatabase, runDatabase } from '../lib/pg';
import { openMigrated } from '../lib/seed';

interface Counts {
  statements: number;
  rows: number;
}

function counting(db: Db, c: Counts): Db {
  const note = <R>(r: QueryResult<R>) => {
    c.statements++;
    c.rows += r.rows.length;
    return r;
  };
  const wrap = (q: Tx): Tx => ({
    query: async (text, params) => note(await q.query(text, params)),
    exec: (sql) => q.exec(sql),
  });
  return {
    kind: db.kind,
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

const seedSql = (n: number) => `
  insert into workspaces (team_id) select 'TR' || lpad(w::text, 5, '0') from generate_series(0, ${Math.ceil(n / 10) - 1}) w;
  insert into rituals (team_id, channel_id, kind, schedule, tz, created_by, active_since, created_at)
    select 'TR' || lpad((i / 10)::text, 5, '0'), 'CR' || lpad((i % 10)::text, 3, '0'), 'retro',
           '{"days":[5],"minute":960,"everyOtherWeek":false}'::jsonb,
           (array['Europe/Berlin','America/New_York','Asia/Tokyo','UTC','Australia/Sydney'])[1 + i % 5],
           'UR0001', timestamptz '2026-11-18T10:00:00Z', timestamptz '2026-11-18T10:00:00Z'
      from generate_series(0, ${n - 1}) i;`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const n = /^\d+$/.test(args[0] ?? '') ? Number(args[0]) : 10_000;
  const ticks = args.includes('--ticks') ? Number(args[args.indexOf('--ticks') + 1]) : 9;
  const onPg = args.includes('--pg');
  const database = onPg ? runDatabase('ritual_tick') : null;
  let raw: Db;
  if (database) {
    await createDatabase(database);
    raw = await openMigrated({ kind: 'postgres', database });
  } else {
    raw = await createPgliteDb();
    await migrate(raw);
  }
  await raw.exec(seedSql(n));
  const counts: Counts = { statements: 0, rows: 0 };
  const db = counting(raw, counts);
  const clock = new AdjustableClock(new Date('2026-11-25T10:00:00Z')); // Wednesday: no Friday retro is due
  const deps: ServiceDeps = {
    db,
    clock,
    directory: { userInfo: () => Promise.resolve(null), listUsers: () => Promise.resolve([]) },
    log: pino({ level: 'warn' }),
    announce: (_tx, facts) =>
      Promise.reject(new Error(`nothing is due in this benchmark: ${JSON.stringify(facts).slice(0, 600)}`)),
    wakeDelivery: () => undefined,
  };
  const one = async () => {
    counts.statements = 0;
    counts.rows = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const fired = await fireDueRituals(deps);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (fired !== 0) throw new Error(`expected nothing due, ${fired} fired`);
    clock.advance(60_000);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, ...counts };
  };
  const first = await one();
  const rest = [];
  for (let i = 0; i < ticks; i++) rest.push(await one());
  const fmt = (x: { ms: number; cpuMs: number; statements: number; rows: number }) =>
    `${x.ms.toFixed(1)} ms wall, ${x.cpuMs.toFixed(1)} ms CPU of this process, ${x.statements} statements, ${x.rows} rows returned`;
  console.log(
    `ritual step, ${n} enabled rituals, none due, ${raw.kind}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`  first tick: ${fmt(first)}`);
  console.log(
    `  next ${ticks} ticks, median: ${fmt({
      ms: median(rest.map((r) => r.ms)),
      cpuMs: median(rest.map((r) => r.cpuMs)),
      statements: median(rest.map((r) => r.statements)),
      rows: median(rest.map((r) => r.rows)),
    })} (wall each: ${rest.map((r) => r.ms.toFixed(1)).join(' / ')})`,
  );
  await raw.close();
  if (database) await dropDatabase(database);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
