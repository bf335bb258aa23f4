/**
 * Issue 14, "Retention after uninstall": a workspace that uninstalls keeps its data for
 * DATA_RETENTION_DAYS (measured by the injected clock), a reinstall within that time finds everything
 * as it was, and once the time is over the scheduler deletes all of it — ledger included — once, and a
 * later reinstall starts fresh. The other workspace is never touched.
 */
import { ALICE, BOB, GENERAL } from '../helpers/e2e';
import { BEA, BEN, BRAVO, BRAVO_CHANNEL, startOAuthE2E, type OAuthE2E } from '../helpers/oauth-e2e';
import type { Db } from '../../src/db/db';

const ALPHA = 'T0TEAM1';
const DAY = 24 * 3600_000;
const TEAM_TABLES = [
  'workspaces',
  'members',
  'delegations',
  'commitments',
  'ledger_entries',
  'outbox',
  'reminder_points',
  'rituals',
  'channel_pace',
  'installations',
  'workspace_orgs',
  'stopped_workspaces',
];

/** Rows each table holds for a workspace (only tables that hold any). */
async function rowsOf(db: Db, teamId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TEAM_TABLES) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from ${table} where team_id = $1`,
      [teamId],
    );
    if (rows[0].n > 0) out[table] = rows[0].n;
  }
  return out;
}

async function deletions(db: Db, teamId: string): Promise<{ reason: string; rows: number }[]> {
  const { rows } = await db.query<{ reason: string; rows: number }>(
    `select reason, rows_deleted as rows from workspace_deletions where team_id = $1 order by deleted_at`,
    [teamId],
  );
  return rows;
}

async function useBothWorkspaces(t: OAuthE2E): Promise<void> {
  expect((await t.install(ALPHA)).callback?.status).toBe(200);
  expect((await t.install(BRAVO)).callback?.status).toBe(200);
  expect(
    (await t.command(ALPHA, ALICE, '/delegate', `<@${BOB}> Alpha plan by Friday`, GENERAL)).text,
  ).toContain('D-1');
  expect(
    (await t.command(BRAVO, BEA, '/delegate', `<@${BEN}> Bravo plan by Friday`, BRAVO_CHANNEL)).text,
  ).toContain('D-1');
  expect(
    (
      await t.command(
        BRAVO,
        BEN,
        '/outcome',
        'D-1 loss we started too late, next time a week earlier',
        BRAVO_CHANNEL,
      )
    ).text,
  ).toContain('D-1');
  expect((await t.command(BRAVO, BEN, '/commit', 'send Bea the notes by Friday', BRAVO_CHANNEL)).status).toBe(
    200,
  );
  await t.settle();
}

async function uninstall(t: OAuthE2E, teamId: string, done: () => Promise<boolean>): Promise<void> {
  // One event: Slack's second (tokens_revoked) has the same effect, and processed after its ack it could
  // land after the reinstall that follows here — a human takes longer than that.
  await t.sender(teamId).uninstall({ events: ['app_uninstalled'] });
  // processed after its ack: wait for its effect itself
  await t.standIn.waitFor(async () => ((await done()) ? true : undefined));
}

describe('retention after uninstall (DATA_RETENTION_DAYS=30, the default)', () => {
  let t: OAuthE2E;
  beforeAll(async () => {
    t = await startOAuthE2E();
    await useBothWorkspaces(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  const stopped = async (teamId: string) =>
    (await t.db.query(`select 1 from stopped_workspaces where team_id = $1`, [teamId])).rows.length > 0;

  it('keeps everything through the retention period, and a reinstall finds it as it was', async () => {
    const before = await rowsOf(t.db, BRAVO);
    expect(before.ledger_entries).toBeGreaterThan(0);
    await uninstall(t, BRAVO, () => stopped(BRAVO));

    t.clock.advance(29 * DAY);
    await t.app.tick();
    const kept = await rowsOf(t.db, BRAVO);
    expect(kept.ledger_entries).toBe(before.ledger_entries);
    expect(kept.delegations).toBe(before.delegations);
    expect(kept.commitments).toBe(before.commitments);
    expect(await deletions(t.db, BRAVO)).toEqual([]);

    expect((await t.install(BRAVO)).callback?.status).toBe(200);
    expect(await stopped(BRAVO)).toBe(false);
    // the next reference follows the old ones: the history is there
    const next = await t.command(BRAVO, BEA, '/delegate', `<@${BEN}> Back again by Friday`, BRAVO_CHANNEL);
    expect(next.text).toContain('D-2');
    t.clock.advance(2 * DAY);
    await t.app.tick();
    expect((await rowsOf(t.db, BRAVO)).ledger_entries).toBeGreaterThan(before.ledger_entries ?? 0);
  });

  it('deletes all of it once the period is over, once, leaving the other workspace untouched', async () => {
    const alpha = await rowsOf(t.db, ALPHA);
    const bravo = await rowsOf(t.db, BRAVO);
    await uninstall(t, BRAVO, () => stopped(BRAVO));

    t.clock.advance(30 * DAY - 60_000);
    await t.app.tick();
    expect((await rowsOf(t.db, BRAVO)).ledger_entries).toBe(bravo.ledger_entries);

    t.clock.advance(60_000);
    await t.app.tick();
    expect(await rowsOf(t.db, BRAVO)).toEqual({});
    const audit = await deletions(t.db, BRAVO);
    expect(audit).toHaveLength(1);
    expect(audit[0].reason).toBe('app_uninstalled');
    expect(audit[0].rows).toBeGreaterThan(bravo.ledger_entries ?? 0);

    // idempotent: a second tick (or a second replica) deletes nothing more and audits nothing more
    await t.app.tick();
    expect(await deletions(t.db, BRAVO)).toHaveLength(1);
    // the other workspace keeps every row, and keeps working
    const alphaAfter = await rowsOf(t.db, ALPHA);
    expect(alphaAfter.ledger_entries).toBe(alpha.ledger_entries);
    expect(alphaAfter.delegations).toBe(alpha.delegations);
    expect(
      (await t.command(ALPHA, ALICE, '/delegate', `<@${BOB}> Still here by Friday`, GENERAL)).text,
    ).toContain('D-2');
  });

  it('a reinstall after the deletion starts fresh: nothing comes back', async () => {
    expect((await t.install(BRAVO)).callback?.status).toBe(200);
    const first = await t.command(
      BRAVO,
      BEA,
      '/delegate',
      `<@${BEN}> A fresh start by Friday`,
      BRAVO_CHANNEL,
    );
    expect(first.text).toContain('D-1');
    expect((await rowsOf(t.db, BRAVO)).delegations).toBe(1);
  });
});

describe('retention after uninstall (DATA_RETENTION_DAYS=0)', () => {
  let t: OAuthE2E;
  beforeAll(async () => {
    t = await startOAuthE2E({ env: { DATA_RETENTION_DAYS: '0' } });
    await useBothWorkspaces(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('deletes an uninstalled workspace’s data at once, without waiting for a tick', async () => {
    await uninstall(t, BRAVO, async () => (await deletions(t.db, BRAVO)).length > 0);
    expect(await rowsOf(t.db, BRAVO)).toEqual({});
    expect((await rowsOf(t.db, ALPHA)).delegations).toBe(1);
  });
});
