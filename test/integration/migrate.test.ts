import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, readMigrations, MigrationError } from '../../src/db/migrate';
import { createTestDb } from '../helpers/db';
import type { Db } from '../../src/db/db';

describe('migrations', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('are already applied to the template and applying them again does nothing', async () => {
    const again = await migrate(db);
    expect(again.applied).toEqual([]);
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from schema_migrations');
    expect(rows[0].n).toBe(readMigrations().length);
  });

  it('apply each file once when two runners start together', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-'));
    const files = [
      ...readMigrations(),
      { id: 9001, name: 'extra', sql: 'create table extra_once (id int)', sha256: 'x1' },
    ];
    const [a, b] = await Promise.all([migrate(db, files), migrate(db, files)]);
    expect([...a.applied, ...b.applied]).toEqual(['9001_extra']);
    fs.rmSync(dir, { recursive: true });
  });

  it('refuse to run when an applied file was edited', async () => {
    const files = readMigrations().map((f, i) => (i === 0 ? { ...f, sha256: 'edited' } : f));
    await expect(migrate(db, files)).rejects.toThrow(MigrationError);
    await expect(migrate(db, files)).rejects.toThrow(/was changed after it was applied/);
  });

  it('keep the ledger append-only: updates and deletes are refused by the database', async () => {
    await db.query(`insert into workspaces (team_id) values ('T1')`);
    await db.query(
      `insert into ledger_entries (team_id, subject, subject_ref, owner_id, actor_id, action, to_status, at)
       values ('T1', 'commitment', 1, 'U1', 'U1', 'said', 'open', now())`,
    );
    await expect(db.query(`update ledger_entries set note = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`delete from ledger_entries`)).rejects.toThrow(/append-only/);
  });

  it('keep the ledger append-only: TRUNCATE is refused too, also when a cascade reaches it', async () => {
    await db.query(`insert into workspaces (team_id) values ('T2') on conflict do nothing`);
    await db.query(
      `insert into ledger_entries (team_id, subject, subject_ref, owner_id, actor_id, action, to_status, at)
       values ('T2', 'commitment', 1, 'U1', 'U1', 'said', 'open', now())`,
    );
    await expect(db.query(`truncate ledger_entries`)).rejects.toThrow(/ledger_entries is append-only: TRUNCATE/);
    await expect(db.query(`truncate workspaces cascade`)).rejects.toThrow(/append-only: TRUNCATE/);
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from ledger_entries where team_id = 'T2'`);
    expect(rows[0]!.n).toBe(1);
  });

  it('refuse use of the outer database inside a transaction', async () => {
    await expect(
      db.transaction(async () => {
        await db.query('select 1');
      }),
    ).rejects.toThrow(/inside a transaction/);
    // and the database still works afterwards
    expect((await db.query<{ one: number }>('select 1 as one')).rows[0].one).toBe(1);
  });
});
