/**
 * PostgreSQL housekeeping for benchmarks and drills: dedicated databases (never the shared ones), created
 * and dropped by name, and a small client for checks. Every database made here starts with `trustloop_bench_`.
 */
import pg from 'pg';

export const PG_HOST = process.env.BENCH_PG_HOST ?? '127.0.0.1';
export const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 5432);
export const PG_USER = process.env.BENCH_PG_USER ?? 'postgres';
export const DB_PREFIX = 'trustloop_bench_';

export function pgUrl(database: string, opts: { port?: number; host?: string; appName?: string } = {}): string {
  const q = opts.appName ? `?application_name=${encodeURIComponent(opts.appName)}` : '';
  return `postgres://${PG_USER}@${opts.host ?? PG_HOST}:${opts.port ?? PG_PORT}/${database}${q}`;
}

/**
 * A database name for this run only: trustloop_bench_<what>_<pid>. Runs may overlap (CI calls
 * bench/quick.sh while someone runs the full drills), so no two runs share a database.
 */
export function runDatabase(what: string): string {
  return `${DB_PREFIX}${what}_${process.pid}`;
}

/** Drops bench databases left by runs that no longer exist (killed mid-run). */
export async function dropStaleDatabases(): Promise<string[]> {
  const dropped: string[] = [];
  await withClient('postgres', async (c) => {
    const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like 'trustloop\\_bench\\_%'`);
    for (const { datname } of rows) {
      const pid = Number(/_(\d+)$/.exec(datname)?.[1] ?? NaN);
      if (!Number.isFinite(pid) || pid === process.pid || alive(pid)) continue;
      await c.query(`drop database if exists ${datname} with (force)`);
      dropped.push(datname);
    }
  });
  return dropped;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const parseInt8 = (v: string): number => Number(v);

export async function withClient<T>(database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgUrl(database), connectionTimeoutMillis: 5000, types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? parseInt8 : (pg.types.getTypeParser as (o: number, f?: 'text' | 'binary') => unknown)(oid, format))) as typeof pg.types.getTypeParser } });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function assertOurs(name: string): void {
  if (!name.startsWith(DB_PREFIX) || !/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing to touch database ${name}: not a bench database`);
}

export async function dropDatabase(name: string): Promise<void> {
  assertOurs(name);
  await withClient('postgres', (c) => c.query(`drop database if exists ${name} with (force)`));
}

export async function createDatabase(name: string, opts: { fresh?: boolean } = {}): Promise<void> {
  assertOurs(name);
  await withClient('postgres', async (c) => {
    if (opts.fresh !== false) await c.query(`drop database if exists ${name} with (force)`);
    const { rows } = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (rows.length === 0) await c.query(`create database ${name}`);
  });
}

export async function databaseExists(name: string): Promise<boolean> {
  return withClient('postgres', async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rows.length > 0);
}

/** A short-lived pool for checks and seeding (the app under test has its own). */
export function benchPool(database: string, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: pgUrl(database), max, connectionTimeoutMillis: 5000 });
  pool.on('error', () => undefined);
  return pool;
}

export async function isPgUp(): Promise<boolean> {
  try {
    await withClient('postgres', (c) => c.query('select 1'));
    return true;
  } catch {
    return false;
  }
}
