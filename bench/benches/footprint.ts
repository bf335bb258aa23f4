/**
 * Benchmark 4 — footprint: resident memory idle and under the load of benchmark 1 (/delegate at 20
 * connections), and start-up time from spawn to the first 200 from /healthz: on PostgreSQL (a fresh,
 * empty database: migrations included; and an already migrated one) and on PGlite (a fresh data folder:
 * initdb included; and a ~100 MB data folder). Reference in the same run: the bare Bolt app.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BenchContext, BenchResult, Figure } from '../lib/context';
import { createDatabase, dropDatabase, pgUrl, runDatabase } from '../lib/pg';
import { appEnv, startProc, type Proc } from '../lib/procs';
import { DEFAULT_POPULATION, openMigrated, seedPopulation } from '../lib/seed';
import { ensureDir, log, median, round, SCRATCH_DIR, sleep } from '../lib/util';
import { measure, type RunningTarget } from './throughput';

const TEMPLATE_100MB = path.join(SCRATCH_DIR, 'pglite-100mb-template-v1');

function folderMb(dir: string): number {
  try {
    return Number(execFileSync('du', ['-sm', dir], { encoding: 'utf8' }).split('\t')[0]);
  } catch {
    return NaN;
  }
}

/** A PGlite data folder of about 100 MB: the app's schema, people, promises and ledger entries. */
async function ensure100MbFolder(): Promise<number> {
  if (fs.existsSync(path.join(TEMPLATE_100MB, 'ready')) && folderMb(TEMPLATE_100MB) >= 95) return folderMb(TEMPLATE_100MB);
  fs.rmSync(TEMPLATE_100MB, { recursive: true, force: true });
  ensureDir(TEMPLATE_100MB);
  log('footprint: building a ~100 MB PGlite data folder (once; kept in the temp folder)…');
  const db = await openMigrated({ kind: 'pglite', dataDir: TEMPLATE_100MB });
  await seedPopulation(db, DEFAULT_POPULATION, 100);
  for (let chunk = 0; chunk < 40 && folderMb(TEMPLATE_100MB) < 100; chunk++) {
    const from = chunk * 20_000 + 1;
    await db.exec(`
      insert into commitments (team_id, ref, owner_id, text, due_at, original_due_at, status, kept_on_time, closed_at, created_at)
        select 'TB01', 100000 + r, 'UL01' || lpad((r % 20)::text, 3, '0'), 'A promise with a realistic length of text, number ' || r,
               now() - (r % 300) * interval '1 day', now() - (r % 300) * interval '1 day', 'kept', true, now() - (r % 300) * interval '1 day', now() - (r % 300 + 3) * interval '1 day'
          from generate_series(${from}, ${from + 19_999}) r;
      insert into ledger_entries (team_id, subject, subject_ref, owner_id, actor_id, action, from_status, to_status, note, due_at, at)
        select team_id, 'commitment', ref, owner_id, owner_id, a, null, 'open', text, due_at, created_at
          from commitments, unnest(array['said', 'kept']) a where team_id = 'TB01' and ref between ${100000 + from} and ${100000 + from + 19_999};
      checkpoint;`);
  }
  await db.close();
  fs.writeFileSync(path.join(TEMPLATE_100MB, 'ready'), new Date().toISOString());
  return folderMb(TEMPLATE_100MB);
}

async function idleRss(proc: Proc): Promise<number> {
  await sleep(3000);
  const xs: number[] = [];
  for (let i = 0; i < 5; i++) {
    xs.push(proc.rss());
    await sleep(200);
  }
  return median(xs);
}

export async function footprintBench(ctx: BenchContext): Promise<BenchResult> {
  const t0 = Date.now();
  const runs = ctx.quick ? 1 : ctx.runs;
  const loadS = ctx.quick ? 4 : 10;
  const folder100 = await ensure100MbFolder();
  log(`footprint: 100 MB template is ${folder100} MB`);
  const startup: Record<string, number[]> = { bare: [], pgFresh: [], pgMigrated: [], pgliteFresh: [], pglite100: [] };
  const idle: Record<string, number[]> = { bare: [], pg: [], pglite: [], pglite100: [] };
  const loaded: Record<string, number[]> = { bare: [], pg: [], pglite: [] };
  const env = (o: { databaseUrl?: string; dataDir?: string }) => appEnv({ slackApiUrl: ctx.slack.apiUrl, port: 0, ...o });
  const scratch = ensureDir(path.join(SCRATCH_DIR, `footprint-${process.pid}`));
  try {
    for (let run = 0; run < runs; run++) {
      // bare Bolt
      {
        const p = await startProc({ label: 'bare', entry: 'bare', env: env({}) });
        startup.bare!.push(p.readyMs);
        idle.bare!.push(await idleRss(p));
        const t: RunningTarget = { name: 'bare', proc: p, outcomeCursor: 0, openPerTeam: 0, cleanup: () => p.stop() };
        const s = await measure(t, 'delegate', 20, loadS, ctx, DEFAULT_POPULATION, run);
        loaded.bare!.push(s.peakRssMb);
        await p.stop();
      }
      // PostgreSQL: a fresh database (migrations run at start), then the same database again (migrated)
      {
        const database = runDatabase('footprint');
        await createDatabase(database);
        const p1 = await startProc({ label: 'pg-fresh', env: env({ databaseUrl: pgUrl(database) }) });
        startup.pgFresh!.push(p1.readyMs);
        await p1.stop();
        const seed = await openMigrated({ kind: 'postgres', database });
        await seedPopulation(seed, DEFAULT_POPULATION, 10);
        await seed.close();
        const p2 = await startProc({ label: 'pg', env: env({ databaseUrl: pgUrl(database) }) });
        startup.pgMigrated!.push(p2.readyMs);
        idle.pg!.push(await idleRss(p2));
        const t: RunningTarget = { name: 'postgres', proc: p2, outcomeCursor: 0, openPerTeam: 10, cleanup: () => p2.stop() };
        const s = await measure(t, 'delegate', 20, loadS, ctx, DEFAULT_POPULATION, run);
        loaded.pg!.push(s.peakRssMb);
        await p2.stop();
        await dropDatabase(database);
      }
      // PGlite: a fresh folder (initdb + migrations), then load on it
      {
        const dir = path.join(scratch, `fresh-${run}`);
        fs.rmSync(dir, { recursive: true, force: true });
        const p = await startProc({ label: 'pglite-fresh', env: env({ dataDir: dir }) });
        startup.pgliteFresh!.push(p.readyMs);
        await p.stop();
        const seed = await openMigrated({ kind: 'pglite', dataDir: dir });
        await seedPopulation(seed, DEFAULT_POPULATION, 10);
        await seed.close();
        const p2 = await startProc({ label: 'pglite', env: env({ dataDir: dir }) });
        idle.pglite!.push(await idleRss(p2));
        const t: RunningTarget = { name: 'pglite', proc: p2, outcomeCursor: 0, openPerTeam: 10, cleanup: () => p2.stop() };
        const s = await measure(t, 'delegate', 20, loadS, ctx, DEFAULT_POPULATION, run);
        loaded.pglite!.push(s.peakRssMb);
        await p2.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
      // PGlite: a copy of the ~100 MB folder
      {
        const dir = path.join(scratch, `big-${run}`);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.cpSync(TEMPLATE_100MB, dir, { recursive: true });
        const p = await startProc({ label: 'pglite-100mb', env: env({ dataDir: dir }) });
        startup.pglite100!.push(p.readyMs);
        idle.pglite100!.push(await idleRss(p));
        await p.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
      log(`footprint: run ${run + 1}/${runs}: start-up ms ${JSON.stringify(Object.fromEntries(Object.entries(startup).map(([k, v]) => [k, round(v[v.length - 1]!, 0)])))}`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const m = (xs: number[]) => round(median(xs), 0);
  const bareStart = m(startup.bare!);
  const bareIdle = m(idle.bare!);
  const bareLoad = m(loaded.bare!);
  const figures: Figure[] = [
    { name: 'RSS idle, PostgreSQL', value: m(idle.pg!), unit: 'MB', reference: { name: 'bare Bolt idle', value: bareIdle }, ratio: round(m(idle.pg!) / bareIdle, 2) },
    { name: 'RSS idle, PGlite', value: m(idle.pglite!), unit: 'MB', reference: { name: 'bare Bolt idle', value: bareIdle }, ratio: round(m(idle.pglite!) / bareIdle, 2) },
    { name: `RSS idle, PGlite with a ${folder100} MB data folder`, value: m(idle.pglite100!), unit: 'MB', reference: { name: 'bare Bolt idle', value: bareIdle }, ratio: round(m(idle.pglite100!) / bareIdle, 2) },
    { name: 'RSS peak under load 1 (/delegate @20), PostgreSQL', value: m(loaded.pg!), unit: 'MB', reference: { name: 'bare Bolt under the same load', value: bareLoad }, ratio: round(m(loaded.pg!) / bareLoad, 2) },
    { name: 'RSS peak under load 1 (/delegate @20), PGlite', value: m(loaded.pglite!), unit: 'MB', reference: { name: 'bare Bolt under the same load', value: bareLoad }, ratio: round(m(loaded.pglite!) / bareLoad, 2) },
    { name: 'Start-up to ready /healthz, PostgreSQL, fresh database (migrations included)', value: m(startup.pgFresh!), unit: 'ms', reference: { name: 'bare Bolt start-up', value: bareStart }, ratio: round(m(startup.pgFresh!) / bareStart, 2) },
    { name: 'Start-up to ready /healthz, PostgreSQL, migrated database', value: m(startup.pgMigrated!), unit: 'ms', reference: { name: 'bare Bolt start-up', value: bareStart }, ratio: round(m(startup.pgMigrated!) / bareStart, 2) },
    { name: 'Start-up to ready /healthz, PGlite, fresh folder (initdb + migrations)', value: m(startup.pgliteFresh!), unit: 'ms', reference: { name: 'bare Bolt start-up', value: bareStart }, ratio: round(m(startup.pgliteFresh!) / bareStart, 2) },
    { name: `Start-up to ready /healthz, PGlite, ${folder100} MB data folder`, value: m(startup.pglite100!), unit: 'ms', reference: { name: 'bare Bolt start-up', value: bareStart }, ratio: round(m(startup.pglite100!) / bareStart, 2) },
  ];
  return {
    name: 'footprint',
    figures,
    raw: { startup, idle, loaded, folder100Mb: folder100 },
    notes: ['Both the app (dist/) and the bare Bolt reference (compiled to the temp folder) start as plain JavaScript; start-up is spawn → first 200 from /healthz, polled every 15 ms.'],
    seconds: (Date.now() - t0) / 1000,
  };
}
