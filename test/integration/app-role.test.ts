import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { migrate, MigrationError, readMigrations } from '../../src/db/migrate';
import { ALICE, BOB, CAROL, GENERAL, messageText, startE2E, type E2E } from '../helpers/e2e';
import { adminUrl } from '../helpers/db-names';

/**
 * PostgreSQL only (PGlite has a single role): the app runs as the restricted role docs/app-role.sql
 * creates, migrations run as the owner (DATABASE_MIGRATION_URL), and the say/do ledger cannot be
 * rewritten, truncated or un-triggered by the app — only by a migration.
 */
const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

const SNIPPET = path.join(__dirname, '../../docs/app-role.sql');
// Roles are cluster-wide: named per jest run and worker, and dropped afterwards (global-teardown too).
const RUN = `${process.env.TRUSTLOOP_TEST_RUN ?? 'local'}_${process.pid}`;
const OWNER = `trustloop_owner_${RUN}`;
const APP = `trustloop_app_${RUN}`;
const DATABASE = `trustloop_t_roles_${RUN}`;

function urlFor(user: string, database: string): string {
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.username = user;
  u.password = '';
  u.pathname = `/${database}`;
  return u.toString();
}

async function asUser<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** docs/app-role.sql exactly as the README tells an operator to run it, with this run's role names. */
function snippet(): string {
  return fs
    .readFileSync(SNIPPET, 'utf8')
    .replace(/\btrustloop_owner\b/g, OWNER)
    .replace(/\btrustloop_app\b/g, APP);
}

const HOUR = 3_600_000;

onPostgres('the app as a role that owns nothing, migrations as the owner', () => {
  const superuser = () => urlFor(new URL(process.env.TEST_DATABASE_URL!).username || 'postgres', DATABASE);
  const errors: string[] = [];
  let t: E2E;

  beforeAll(async () => {
    await asUser(adminUrl(process.env.TEST_DATABASE_URL!), async (admin) => {
      await admin.query(`create role ${OWNER} login`);
      await admin.query(`create database ${DATABASE} owner ${OWNER}`);
    });
    // The documented order: roles and grants first, in an empty database; the app migrates at start.
    await asUser(superuser(), (c) => c.query(snippet()));
    const log = pino(
      { level: 'warn' },
      {
        write: (line: string) => {
          if ((JSON.parse(line) as { level: number }).level >= 50) errors.push(line);
        },
      },
    );
    t = await startE2E({
      env: { DATABASE_URL: urlFor(APP, DATABASE), DATABASE_MIGRATION_URL: urlFor(OWNER, DATABASE) },
      log,
    });
  });

  afterAll(async () => {
    await t?.stop();
    await asUser(adminUrl(process.env.TEST_DATABASE_URL!), async (admin) => {
      await admin.query(`drop database if exists ${DATABASE} with (force)`);
      await admin.query(`drop role if exists ${APP}`);
      await admin.query(`drop role if exists ${OWNER}`);
    });
  });

  it('migrated as the owner: the owner has every table, the app’s role none', async () => {
    const { rows } = await t.db.query<{ tableowner: string; n: number }>(
      `select tableowner, count(*)::int as n from pg_tables where schemaname = 'public' group by tableowner`,
    );
    expect(rows).toEqual([{ tableowner: OWNER, n: expect.any(Number) as number }]);
    expect((await t.db.query<{ me: string }>('select current_user as me')).rows[0]!.me).toBe(APP);
    const applied = await t.db.query<{ n: number }>('select count(*)::int as n from schema_migrations');
    expect(applied.rows[0]!.n).toBe(readMigrations().length);
  });

  it('grants the app’s role SELECT and INSERT only on the ledger, and row access on every other table', async () => {
    const { rows } = await t.db.query<{ table: string; privileges: string[] }>(
      `select c.relname as table,
              array(select p from unnest(array['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p
                     where has_table_privilege(current_user, c.oid, p)) as privileges
         from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' order by 1`,
    );
    const byTable = Object.fromEntries(rows.map((r) => [r.table, r.privileges]));
    expect(byTable.ledger_entries).toEqual(['SELECT', 'INSERT']);
    expect(byTable.schema_migrations).toEqual(['SELECT']);
    for (const [table, privileges] of Object.entries(byTable)) {
      if (table === 'ledger_entries' || table === 'schema_migrations') continue;
      expect({ table, privileges }).toEqual({ table, privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] });
    }
    const create = await t.db.query<{ ok: boolean }>(
      `select has_schema_privilege(current_user, 'public', 'CREATE') as ok`,
    );
    expect(create.rows[0]!.ok).toBe(false);
  });

  it('runs the whole trust loop as that role: delegate, accept, promise, confirm, ritual, reminder, outcome, Home', async () => {
    const d = await t.command(
      ALICE,
      '/delegate',
      `<@${BOB}|bob> Draft the Q3 customer survey by Friday; I’ll review your outline by Thursday`,
    );
    expect(d.text).toContain('D-1');
    await t.settle();
    const dm = t.standIn.dmsTo(BOB).at(-1)!;
    expect(messageText(dm)).toContain('Draft the Q3 customer survey');
    expect(await t.click(BOB, 'delegation_accept', { channel: BOB, ts: dm.ts })).toMatch(
      /You accepted \*D-1/,
    );

    expect(
      (await t.command(ALICE, '/commit', `<@${CAROL}> Send you the customer list by tomorrow`)).text,
    ).toContain('C-2');
    expect((await t.command(ALICE, '/outcome', 'C-2 kept')).text).toMatch(/asked <@U0CAROL01> to confirm/);
    await t.settle();
    const ask = t.standIn.dmsTo(CAROL).at(-1)!;
    expect(await t.click(CAROL, 'commitment_confirm', { channel: CAROL, ts: ask.ts })).toMatch(
      /is confirmed/,
    );
    expect((await t.command(ALICE, '/commit', 'C-1 by Friday noon because the draft is late')).text).toMatch(
      /now due/,
    );

    expect((await t.command(ALICE, '/ritual', 'retro every Friday 16:00')).text).toMatch(
      /every Friday at 16:00/,
    );
    expect((await t.command(BOB, '/ritual', 'me hours 8:00-17:00')).text).toMatch(/08:00/);
    expect((await t.command(BOB, '/outcome', 'D-1 win Asking customers early helped')).text).toContain('D-1');

    t.clock.advanceTo(new Date('2026-11-27T15:00:00Z')); // Friday 16:00 Berlin: the retro, and reminders
    await t.app.tick();
    await t.settle();
    const posts = t.standIn.messagesIn(GENERAL).map((m) => messageText(m));
    expect(
      posts.some((p) => p.includes('A win to celebrate') && p.includes('Asking customers early helped')),
    ).toBe(true);
    expect(posts.some((p) => p.includes('Retro time') && p.includes('Draft the Q3 customer survey'))).toBe(
      true,
    );

    t.clock.advance(2 * 24 * HOUR); // C-1 is missed a day after it fell due
    await t.app.tick();
    await t.settle();
    const c1 = await t.db.query<{ status: string }>(`select status from commitments where ref = 1`);
    expect(c1.rows[0]!.status).toBe('missed');

    await t.slack.event({ type: 'app_home_opened', user: ALICE, tab: 'home' });
    expect(messageText(await t.standIn.waitFor((s) => s.homeView(ALICE)))).toMatch(/say\/do/i);
    expect((await t.command(ALICE, '/ledger', '')).text).toMatch(/Your say\/do: 50%/);

    const entries = await t.db.query<{ n: number }>('select count(*)::int as n from ledger_entries');
    expect(entries.rows[0]!.n).toBeGreaterThan(6);
    expect(errors).toEqual([]);
  });

  it('cannot rewrite, truncate or un-trigger the ledger', async () => {
    const attempts = {
      update: `update ledger_entries set note = 'rewritten'`,
      delete: `delete from ledger_entries`,
      truncate: `truncate ledger_entries`,
      'truncate by cascade': `truncate workspaces cascade`,
      'disable trigger': `alter table ledger_entries disable trigger ledger_entries_no_update`,
      'disable all triggers': `alter table ledger_entries disable trigger all`,
      'drop trigger': `drop trigger ledger_entries_no_update on ledger_entries`,
      'drop truncate trigger': `drop trigger ledger_entries_no_truncate on ledger_entries`,
      'drop table': `drop table ledger_entries`,
    };
    for (const [what, sql] of Object.entries(attempts)) {
      const refused = await t.db.query(sql).then(
        () => 'allowed',
        (err: Error) => err.message,
      );
      expect({ what, refused }).toEqual({
        what,
        refused: expect.stringMatching(/permission denied|must be owner/) as string,
      });
    }
    const before = await t.db.query<{ n: number }>('select count(*)::int as n from ledger_entries');
    expect(before.rows[0]!.n).toBeGreaterThan(6);
  });

  it('refuses rewrites by the owner too: only a migration could remove the triggers first', async () => {
    await asUser(urlFor(OWNER, DATABASE), async (owner) => {
      for (const sql of [
        `update ledger_entries set note = 'x'`,
        `delete from ledger_entries`,
        `truncate ledger_entries`,
      ]) {
        await expect(owner.query(sql)).rejects.toThrow(/ledger_entries is append-only/);
      }
    });
  });

  it('erases a person only through the migration-granted function: the app role may call it; setting its flag by hand opens nothing', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`select set_config('trustloop.erasing', 'on', true)`);
        await tx.query(`update ledger_entries set note = 'x'`);
      }),
    ).rejects.toThrow(/permission denied|append-only/);
    await t.command(CAROL, '/ledger', 'forget-me');
    await t.standIn.waitFor((s) => s.openModal(CAROL));
    await t.slack.viewSubmission({ userId: CAROL });
    const left = await t.db.query<{ n: number }>(
      `select count(*)::int as n from ledger_entries where owner_id = $1 or actor_id = $1`,
      [CAROL],
    );
    expect(left.rows[0]!.n).toBe(0);
    const audited = await t.db.query<{ n: number }>('select count(*)::int as n from erasures');
    expect(audited.rows[0]!.n).toBe(1);
  });

  it('deletes an uninstalled workspace only through the migration-granted function, and only once it is due', async () => {
    const team = 'T0TEAM1';
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`select set_config('trustloop.deleting_workspace', $1, true)`, [team]);
        await tx.query(`delete from ledger_entries where team_id = $1`, [team]);
      }),
    ).rejects.toThrow(/permission denied|append-only/);
    const deleteNow = () =>
      t.db.query<{ n: number | null }>('select trustloop_delete_workspace($1, $2, $3) as n', [
        team,
        t.clock.now(),
        t.clock.now(),
      ]);
    // still installed: nothing to delete
    expect((await deleteNow()).rows[0]!.n).toBeNull();
    await t.db.query(
      `insert into stopped_workspaces (team_id, reason, stopped_at) values ($1, 'app_uninstalled', $2)`,
      [team, t.clock.now()],
    );
    expect((await deleteNow()).rows[0]!.n).toBeGreaterThan(6);
    const left = await t.db.query<{ n: number }>(
      'select count(*)::int as n from ledger_entries where team_id = $1',
      [team],
    );
    expect(left.rows[0]!.n).toBe(0);
    expect((await deleteNow()).rows[0]!.n).toBeNull();
  });

  it('started without DATABASE_MIGRATION_URL, the app’s role checks that nothing is pending, and says plainly when something is', async () => {
    expect(await migrate(t.db)).toEqual({ applied: [] });
    const pending = [
      ...readMigrations(),
      { id: 9001, name: 'next', sql: 'create table next_feature (id int)', sha256: 'n' },
    ];
    const attempt = migrate(t.db, pending);
    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(migrate(t.db, pending)).rejects.toThrow(
      /9001_next\.sql could not be applied: permission denied.*DATABASE_MIGRATION_URL/,
    );
  });

  it('the snippet can run again after the migrations, and changes nothing', async () => {
    const privileges = () =>
      t.db.query<{ acl: string }>(
        `select coalesce(relacl::text, '') as acl from pg_class where relnamespace = 'public'::regnamespace order by relname`,
      );
    const before = (await privileges()).rows;
    await asUser(superuser(), (c) => c.query(snippet()));
    expect((await privileges()).rows).toEqual(before);
  });
});
