import pg from 'pg';
import type { Db } from '../../src/db/db';
import { createTestDb } from '../helpers/db';

/**
 * PostgreSQL only (embedded PGlite has no connections to lose): a connection killed by the server in the
 * middle of a transaction fails that transaction, never the process, and the pool carries on.
 */
const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onPostgres('when the server ends our connections', () => {
  let db: Db & { connectionString?: string };
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('fails the transaction in flight, does not crash, and works again on the next query', async () => {
    const errors: unknown[] = [];
    const onUncaught = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const admin = new pg.Client({ connectionString: db.connectionString });
      await admin.connect();
      const inFlight = db.transaction(async (tx) => {
        await tx.query('select 1');
        await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
        );
        await new Promise((resolve) => setImmediate(resolve));
        await tx.query('select 2');
      });
      await expect(inFlight).rejects.toThrow();
      await admin.end();
      const { rows } = await db.query<{ one: number }>('select 1 as one');
      expect(rows[0]!.one).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
