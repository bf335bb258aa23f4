import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db';

/**
 * Forward-only migrations: `migrations/NNNN_name.sql`, applied in order, all pending files in one
 * transaction that first takes a transaction-scoped advisory lock, so replicas starting together apply
 * each file once (session locks do not exclude on PGlite; `pg_advisory_xact_lock` works on both).
 * An applied file whose content changed is refused: history is never rewritten.
 *
 * The app may run as a role that owns nothing (DATABASE_MIGRATION_URL for the owner, README Security):
 * such a role can check that nothing is pending — it creates nothing when schema_migrations exists — and
 * is told plainly when something is.
 */
const LOCK_KEY = 7_245_001; // any constant shared by all Trustloop processes
const INSUFFICIENT_PRIVILEGE = '42501';

export interface MigrationFile {
  id: number;
  name: string;
  sql: string;
  sha256: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function defaultMigrationsDir(): string {
  // Works from src/db (tsx, jest) and from dist/src/db (built): walk up to the folder holding migrations/.
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'migrations');
    if (fs.existsSync(candidate) && fs.existsSync(path.join(dir, 'package.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new MigrationError(`Could not find the migrations folder above ${__dirname}`);
}

export function readMigrations(dir: string = defaultMigrationsDir()): MigrationFile[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) throw new MigrationError(`Migration file name ${file} must look like 0001_name.sql`);
    const id = Number(m[1]);
    if (seen.has(id)) throw new MigrationError(`Two migrations share the number ${m[1]}`);
    seen.add(id);
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    return { id, name: m[2], sql, sha256: crypto.createHash('sha256').update(sql).digest('hex') };
  });
}

export interface MigrateResult {
  applied: string[];
}

export async function migrate(db: Db, files: MigrationFile[] = readMigrations()): Promise<MigrateResult> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    // Not `create table if not exists` alone: that needs CREATE on the schema even when the table exists.
    const { rows: found } = await tx.query<{ exists: boolean }>(`select to_regclass('schema_migrations') is not null as exists`);
    if (!found[0]?.exists) await tx.exec(`create table if not exists schema_migrations (
      id integer primary key,
      name text not null,
      sha256 text not null,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await tx.query<{ id: number; name: string; sha256: string }>(
      'select id, name, sha256 from schema_migrations order by id',
    );
    const applied = new Map(rows.map((r) => [r.id, r]));
    for (const f of files) {
      const before = applied.get(f.id);
      if (before && before.sha256 !== f.sha256) {
        throw new MigrationError(
          `Migration ${String(f.id).padStart(4, '0')}_${f.name}.sql was changed after it was applied. ` +
            'Applied migrations are never edited: restore the file and add a new migration instead.',
        );
      }
    }
    const done: string[] = [];
    for (const f of files) {
      if (applied.has(f.id)) continue;
      try {
        await tx.exec(f.sql);
        await tx.query('insert into schema_migrations (id, name, sha256) values ($1, $2, $3)', [f.id, f.name, f.sha256]);
      } catch (err) {
        if ((err as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw err;
        throw new MigrationError(
          `Migration ${String(f.id).padStart(4, '0')}_${f.name}.sql could not be applied: ${(err as Error).message}. ` +
            'This role may not change the schema: set DATABASE_MIGRATION_URL to the owner role, or run `npm run migrate` as the owner.',
          { cause: err },
        );
      }
      done.push(`${String(f.id).padStart(4, '0')}_${f.name}`);
    }
    return { applied: done };
  });
}
