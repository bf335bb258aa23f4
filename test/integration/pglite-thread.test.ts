import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../src/db/db';
import { isDatabaseUnavailable } from '../../src/db/errors';
import { createPgliteDb, type PgliteThread } from '../../src/db/pglite';

/**
 * Embedded PGlite behind the one `Db` interface, on its worker thread (the default) and on the app's
 * thread (PGLITE_THREAD=main): the same answers, the same SQLSTATE codes, the same transactions.
 * The rest of the suite runs on the worker form (test/helpers/db.ts).
 */
describe.each<PgliteThread>(['worker', 'main'])('PGlite on the %s thread', (thread) => {
  let db: Db;
  beforeAll(async () => {
    db = await createPgliteDb({ thread });
    await db.exec('create table t (id int primary key, note text, at timestamptz, doc jsonb, n int8)');
  });
  afterAll(() => db.close());
  beforeEach(() => db.query('delete from t'));

  it('returns rows with their types (int8 as numbers, timestamps as Dates, jsonb as objects) and row counts', async () => {
    const at = new Date('2026-03-01T09:30:00Z');
    const ins = await db.query('insert into t values ($1, $2, $3, $4, $5), (2, null, null, null, null)', [
      1,
      'a',
      at,
      { k: [1] },
      2 ** 40,
    ]);
    expect(ins.rowCount).toBe(2);
    const { rows } = await db.query<{
      id: number;
      note: string | null;
      at: Date | null;
      doc: unknown;
      n: number | null;
    }>('select * from t order by id');
    expect(rows).toEqual([
      { id: 1, note: 'a', at, doc: { k: [1] }, n: 2 ** 40 },
      { id: 2, note: null, at: null, doc: null, n: null },
    ]);
    expect(rows[0]!.at).toBeInstanceOf(Date);
  });

  it('keeps SQLSTATE codes and constraint names on errors', async () => {
    await db.query('insert into t (id) values (1)');
    const dup = await db.query('insert into t (id) values (1)').catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(Error);
    expect(dup).toMatchObject({ code: '23505', constraint: 't_pkey', table: 't' });
    expect((dup as Error).message).toMatch(/duplicate key/);
    // across the thread the stack is the caller's, as it would be in-thread
    if (thread === 'worker') expect((dup as Error).stack).toContain('pglite-thread.test');
    await expect(db.query('select * from nowhere')).rejects.toMatchObject({ code: '42P01' });
    await expect(db.query('select $1::int', ['x'])).rejects.toMatchObject({ code: '22P02' });
  });

  it('commits a transaction that resolves, rolls back one that throws, and rethrows the very error', async () => {
    const out = await db.transaction(async (tx) => {
      await tx.query('insert into t (id) values (1)');
      return (await tx.query<{ c: number }>('select count(*)::int as c from t')).rows[0]!.c;
    });
    expect(out).toBe(1);
    const boom = new Error('boom');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into t (id) values (2)');
        throw boom;
      }),
    ).rejects.toBe(boom);
    // a statement that fails inside rolls the whole transaction back, code intact
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into t (id) values (3)');
        await tx.query('insert into t (id) values (1)');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await db.query<{ id: number }>('select id from t order by id')).rows).toEqual([{ id: 1 }]);
  });

  it('runs the calls of a transaction in the order they were made, also when sent without waiting', async () => {
    const note = await db.transaction(async (tx) => {
      const [, , read] = await Promise.all([
        tx.exec("insert into t (id, note) values (1, 'a')"),
        tx.query("update t set note = note || 'b' where id = 1"),
        tx.query<{ note: string }>('select note from t where id = 1'),
      ]);
      return read.rows[0]!.note;
    });
    expect(note).toBe('ab');
    // a transaction that made no call has nothing to commit
    await expect(db.transaction(() => Promise.resolve('nothing'))).resolves.toBe('nothing');
  });

  it('runs concurrent transactions one at a time, and statements outside wait for them', async () => {
    await db.query('insert into t (id, n) values (1, 0)');
    const bump = () =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ n: number }>('select n from t where id = 1');
        await new Promise((r) => setImmediate(r)); // let the others try to interleave
        await tx.query('update t set n = $1 where id = 1', [rows[0]!.n + 1]);
      });
    const reads: Promise<unknown>[] = [];
    const all = Array.from({ length: 20 }, (_, i) => {
      if (i % 5 === 0) reads.push(db.query('select n from t'));
      return bump();
    });
    await Promise.all([...all, ...reads]);
    expect((await db.query<{ n: number }>('select n from t where id = 1')).rows[0]!.n).toBe(20);
  });

  it('refuses the outer database inside a transaction, and a handle used after its transaction ended', async () => {
    let kept: { query(text: string): Promise<unknown> } | undefined;
    await expect(
      db.transaction(async (tx) => {
        kept = tx;
        await db.query('select 1');
      }),
    ).rejects.toThrow(/outer database was used inside a transaction/);
    await expect((async () => kept!.query('select 1'))()).rejects.toThrow(/already ended/);
    await expect(db.query('select 1')).resolves.toMatchObject({ rowCount: 1 });
  });
});

describe('PGlite on its worker thread', () => {
  it('leaves the app thread free while a long statement runs', async () => {
    const db = await createPgliteDb({ thread: 'worker' });
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const started = Date.now();
      await db.query('select count(*) from generate_series(1, 3000000) g, lateral (select md5(g::text)) m');
      const took = Date.now() - started;
      clearInterval(timer);
      // on the app's thread no timer could fire until the statement ended; here they keep firing
      expect(took).toBeGreaterThan(100);
      expect(ticks).toBeGreaterThan(took / 5 / 4);
    } finally {
      await db.close();
    }
  });

  it('persists to its data folder across a close and a new open, and says when it creates one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustloop-pglite-thread-'));
    try {
      const infos: string[] = [];
      const log = { info: (m: string) => infos.push(m), warn: (m: string) => infos.push(m) };
      const first = await createPgliteDb({ dataDir: dir, log });
      expect(infos).toEqual(['creating the embedded database (first start only)…']);
      await first.exec("create table kept (v text); insert into kept values ('still here')");
      await first.close();
      const again = await createPgliteDb({ dataDir: dir, log });
      expect(infos).toHaveLength(1); // not "creating" a second time
      expect((await again.query('select v from kept')).rows).toEqual([{ v: 'still here' }]);
      await again.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs a prepared statement (parsed once) like any other, and again unnamed once a table under it changed', async () => {
    const db = await createPgliteDb({ thread: 'worker' });
    try {
      await db.exec('create table p (id int primary key, v text)');
      const text = 'select * from p where id = any($1::int[]) order by id';
      const ids = [1, 2];
      // the first two run before the first has come back: only the first is named and parsed
      const first = await Promise.all([
        db.query(text, [ids], { prepared: true }),
        db.query(text, [ids], { prepared: true }),
      ]);
      expect(first.map((r) => r.rowCount)).toEqual([0, 0]);
      await db.query("insert into p values (1, 'a'), (2, 'b')");
      const prepared = await db.query(text, [ids], { prepared: true });
      expect(prepared.rows).toEqual([
        { id: 1, v: 'a' },
        { id: 2, v: 'b' },
      ]);
      // a syntax error is the statement's error, and names nothing
      await expect(db.query('select from from', [], { prepared: true })).rejects.toMatchObject({
        code: '42601',
      });
      await expect(db.query('select from from', [], { prepared: true })).rejects.toMatchObject({
        code: '42601',
      });
      // `select *` over a table that gained a column: the engine refuses the cached plan; it runs unnamed
      await db.exec('alter table p add column w int');
      expect((await db.query(text, [ids], { prepared: true })).rows[0]).toEqual({ id: 1, v: 'a', w: null });
      expect((await db.query(text, [[2]], { prepared: true })).rows).toEqual([{ id: 2, v: 'b', w: null }]);
      // inside a transaction too (here after a second change: the transaction fails, the next call does not)
      const other = 'select * from p where id = $1';
      await db.query(other, [1], { prepared: true });
      await db.query(other, [1], { prepared: true });
      await db.exec('alter table p add column x int');
      await expect(db.transaction((tx) => tx.query(other, [1], { prepared: true }))).rejects.toMatchObject({
        code: '0A000',
      });
      expect((await db.query(other, [1], { prepared: true })).rows[0]).toMatchObject({ id: 1, x: null });
    } finally {
      await db.close();
    }
  });

  it('fails every call as an unavailable database once it is closed, instead of hanging', async () => {
    const db = await createPgliteDb({ thread: 'worker' });
    await db.close();
    const err = await db.query('select 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    await expect(db.transaction(() => Promise.resolve())).rejects.toThrow(/closed/);
    expect(isDatabaseUnavailable(err)).toBe(false); // closed on purpose: a bug if used, not an outage
  });
});
