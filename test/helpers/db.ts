import pg from 'pg';
import type { Db } from '../../src/db/db';
import { createPgliteDb, type PgliteThread } from '../../src/db/pglite';
import { createPostgresDb } from '../../src/db/postgres';
import { adminUrl, templateDatabaseName, TEMPLATE_FILE_ENV } from './db-names';

let counter = 0;

/**
 * Several independent connections to one fresh test database, as separate replicas would have:
 * separate pools on PostgreSQL; on PGlite (one process, no server) the same instance shared.
 */
export async function createReplicaDbs(n: number): Promise<{ dbs: Db[]; close(): Promise<void> }> {
  const first = await createTestDb();
  const url = (first as Db & { connectionString?: string }).connectionString;
  if (!url) return { dbs: Array.from({ length: n }, () => first), close: () => first.close() };
  const others = Array.from({ length: n - 1 }, () => createPostgresDb({ connectionString: url, max: 5 }));
  return {
    dbs: [first, ...others],
    async close() {
      for (const o of others) await o.close();
      await first.close();
    },
  };
}

/**
 * A fresh, migrated database for one test file (or one test): a copy of the run's template.
 * PGlite by default (on its worker thread, as the app runs it); a new PostgreSQL database cloned from the template when TEST_DATABASE_URL is set.
 */
export async function createTestDb(): Promise<Db> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `trustloop_t_${process.env.TRUSTLOOP_TEST_RUN ?? 'local'}_${process.pid}_${++counter}`;
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    try {
      await admin.query(`create database ${name} template ${templateDatabaseName()}`);
    } finally {
      await admin.end();
    }
    const u = new URL(url);
    u.pathname = `/${name}`;
    const db = createPostgresDb({ connectionString: u.toString(), max: 5 });
    const close = db.close.bind(db);
    return Object.assign(db, {
      connectionString: u.toString(),
      close: async () => {
        await close();
        const a = new pg.Client({ connectionString: adminUrl(url) });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`).finally(() => a.end());
      },
    });
  }
  const file = process.env[TEMPLATE_FILE_ENV];
  if (!file) throw new Error('The test template was not built: run tests through jest (globalSetup).');
  // On its worker thread, as the app runs it; TEST_PGLITE_THREAD=main runs the suite on the in-thread form.
  const thread: PgliteThread = process.env.TEST_PGLITE_THREAD === 'main' ? 'main' : 'worker';
  return createPgliteDb({ loadDataDirFile: file, thread });
}
