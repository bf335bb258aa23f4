import { ALICE, BOB, CAROL, messageText, startE2E, type E2E } from '../helpers/e2e';

/**
 * Forget me: a person erases their own data with one confirmation; a workspace admin may erase someone
 * who has left. Everyone else's ledger and ratios stay exactly as they were, and the app role never
 * rewrites the ledger itself — the erasure is one audited, migration-granted function.
 */
describe('forget me', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E(); // Wed 25 Nov 2026
    await t.command(
      ALICE,
      '/delegate',
      `<@${BOB}> Draft the survey by Friday; I'll review your outline by Thursday`,
    ); // D-1, C-1
    await t.command(ALICE, '/outcome', 'C-1 kept');
    await t.command(BOB, '/outcome', 'D-1 win Bob’s own words about asking early');
    await t.command(BOB, '/commit', `<@${CAROL}> Send Carol the survey notes by Friday`); // C-2
    await t.command(CAROL, '/commit', `<@${BOB}> Review the notes Bob sends by Monday`); // C-3
    await t.settle();
  });
  afterAll(async () => {
    await t.stop();
  });

  const ledgerOf = async (user: string) => (await t.command(user, '/ledger', '')).text;
  const everything = async () =>
    JSON.stringify(
      await Promise.all(
        [
          'delegations',
          'commitments',
          'ledger_entries',
          'members',
          'rituals',
          'reminder_points',
          'outbox',
        ].map(async (table) => (await t.db.query(`select * from ${table}`)).rows),
      ),
    );

  it('someone else is told who can erase, and nothing changes', async () => {
    const r = await t.command(CAROL, '/ledger', `forget-me <@${BOB}>`);
    expect(r.text).toMatch(
      /Only <@U0BOB0001> can erase their own data — or a workspace admin, once they have left/,
    );
    expect(await everything()).toContain('Bob’s own words');
  });

  it('the confirmation says exactly what is erased, what is kept, and that Slack’s messages are Slack’s', async () => {
    await t.command(BOB, '/ledger', 'forget-me');
    const form = await t.standIn.waitFor((s) => s.openModal(BOB));
    const text = messageText(form as { blocks?: unknown[] });
    expect(text).toMatch(/in 1 delegation, 3 promises and \d+ ledger entries/);
    expect(text).toContain('Erased:');
    expect(text).toContain('Kept, without the name:');
    expect(text).toContain('Messages Trustloop already posted in Slack are Slack’s');
  });

  it('erases Bob’s name, profile and words, keeps everyone else’s ratios, and records the erasure once', async () => {
    const aliceBefore = await ledgerOf(ALICE);
    const r = await t.slack.viewSubmission({ userId: BOB });
    expect(r.outcome.kind).toBe('updated');
    expect(messageText(t.standIn.openModal(BOB) as { blocks?: unknown[] })).toMatch(
      /no longer knows your name/,
    );
    const after = await everything();
    expect(after).not.toContain(BOB);
    expect(after).not.toContain('Bob’s own words');
    expect(after).not.toContain('Send Carol the survey notes');
    // Alice kept a promise to Bob: it still counts for her
    expect(await ledgerOf(ALICE)).toContain('100%');
    expect((await ledgerOf(ALICE)).replace(/_a former teammate_/g, 'X')).toBe(
      aliceBefore.replace(/<@U0BOB0001>/g, 'X'),
    );
    const { rows } = await t.db.query<{ requested_by: string; rows_changed: number }>(
      'select requested_by, rows_changed from erasures',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.requested_by).toBe('self');
  });

  it('open work by or to Bob ends without counting against anyone', async () => {
    const { rows } = await t.db.query<{ ref: number; status: string }>(
      'select ref, status from commitments where ref in (2, 3) order by ref',
    );
    expect(rows.map((r) => r.status)).toEqual(['released', 'released']);
  });

  it('the ledger stays append-only for the app: a direct rewrite is refused', async () => {
    await expect(t.db.query(`update ledger_entries set note = 'rewritten'`)).rejects.toThrow(/append-only/);
  });

  it('an admin may forget someone who has left — and only then', async () => {
    t.standIn.updateUser(ALICE, { is_admin: true });
    const stillHere = await t.command(ALICE, '/ledger', `forget-me <@${CAROL}>`);
    expect(stillHere.text).toMatch(/still in this workspace/);
    t.standIn.updateUser(CAROL, { deleted: true });
    await t.command(ALICE, '/ledger', `forget-me <@${CAROL}>`);
    await t.standIn.waitFor((s) => s.openModal(ALICE));
    await t.slack.viewSubmission({ userId: ALICE });
    expect(await everything()).not.toContain(CAROL);
    const { rows } = await t.db.query<{ requested_by: string }>(
      'select requested_by from erasures order by at',
    );
    expect(rows.map((r) => r.requested_by)).toEqual(['self', ALICE]);
  });
});
