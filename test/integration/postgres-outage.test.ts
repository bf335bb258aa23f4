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

  it('recovers on its own when a database made read-only becomes writable again', async () => {
    const name = new URL(db.connectionString!).pathname.slice(1);
    // writes go through transactions, as every action does
    const write = (n: number) => db.transaction((tx) => tx.query('insert into writes values ($1)', [n]));
    const admin = new pg.Client({ connectionString: db.connectionString });
    await admin.connect();
    await db.query('create table if not exists writes (n int)');
    await Promise.all([1, 2, 3, 4, 5].map(() => db.query('select pg_sleep(0.01)'))); // warm pooled sessions
    await admin.query(`alter database ${name} set default_transaction_read_only = on`);
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    // the first queries meet the ended sessions (57P01), then new sessions are read-only (25006)
    const codes: string[] = [];
    for (let i = 0; i < 8 && codes.at(-1) !== '25006'; i++) {
      codes.push(
        await write(1).then(
          () => 'ok',
          (e: { code?: string }) => e.code ?? '?',
        ),
      );
    }
    expect(codes.at(-1)).toBe('25006');
    // read-only sessions in the pool (transactions, which used to hand their session back as it was)
    await Promise.all([1, 2, 3, 4, 5].map(() => db.transaction((tx) => tx.query('select pg_sleep(0.01)'))));
    await admin.query(`alter database ${name} set default_transaction_read_only = off`);
    await admin.end();
    // each spoiled session fails once and is discarded; within the pool size, writes succeed again
    let ok = false;
    for (let i = 0; i < 6 && !ok; i++)
      ok = await write(2).then(
        () => true,
        () => false,
      );
    expect(ok).toBe(true);
  });
});
