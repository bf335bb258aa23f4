import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { closedAfter, guardOuterUse, runInTransactionScope, type Db, type QueryResult, type Tx } from './db';

/** int8 as numbers, as the pg adapter does. */
const parsers = { 20: (v: string) => Number(v) };

export interface PgliteOptions {
  /** A data folder to persist into; in memory when undefined. */
  dataDir?: string;
  /** Start from a dumped data folder (tests copy one migrated template per worker). */
  loadDataDir?: Blob | File;
}

export async function createPgliteDb(opts: PgliteOptions = {}): Promise<Db> {
  let release = () => undefined as void;
  if (opts.dataDir) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    release = lockDataDir(opts.dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir: opts.dataDir ? path.resolve(opts.dataDir, 'pgdata') : undefined,
      loadDataDir: opts.loadDataDir,
      parsers,
    });
  } catch (err) {
    release();
    throw err;
  }
  return wrapPglite(pglite, release);
}

export function wrapPglite(pglite: PGlite, release: () => void = () => undefined): Db {
  const owner = Symbol('pglite');
  const toResult = <R>(r: { rows: unknown[]; affectedRows?: number }): QueryResult<R> => ({
    rows: r.rows as R[],
    rowCount: r.affectedRows || r.rows.length,
  });
  return {
    kind: 'pglite',
    async query<R>(text: string, params?: readonly unknown[]) {
      guardOuterUse(owner);
      return toResult<R>(await pglite.query(text, params as unknown[]));
    },
    async exec(sql: string) {
      guardOuterUse(owner);
      await pglite.exec(sql);
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      guardOuterUse(owner);
      return pglite.transaction(async (t) => {
        let open = true;
        const raw: Tx = {
          query: async <R>(text: string, params?: readonly unknown[]) =>
            toResult<R>(await t.query(text, params as unknown[])),
          exec: async (sql: string) => {
            await t.exec(sql);
          },
        };
        try {
          return await runInTransactionScope(owner, () => fn(closedAfter(raw, () => open)));
        } finally {
          open = false;
        }
      });
    },
    async close() {
      try {
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * PGlite takes no lock on its folder, and a second process opening it can corrupt it. We take a lock
 * file holding our pid; a lock left by a process that no longer runs is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'trustloop.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      if (holder && holder !== process.pid && isRunning(holder)) {
        throw new Error(
          `The data folder ${dataDir} is in use by another Trustloop process (pid ${holder}). Stop it, or set DATA_DIR to another folder.`,
        );
      }
      fs.unlinkSync(lockPath); // stale lock: its process is gone
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
