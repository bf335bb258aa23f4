import { DEFAULT_HOURS, nextWorkingStart } from '../../src/services/schedule/working-hours';
import { ALICE, BOB, CAROL, messageText, startE2E, type E2E } from '../helpers/e2e';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('the say/do ledger: promises, follow-through and the leader’s mirror', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  const ledgerRows = async () =>
    (await t.db.query<{ n: number }>('select count(*)::int as n from ledger_entries')).rows[0]!.n;
  const commitment = async (ref: number) =>
    (
      await t.db.query<{
        status: string;
        confirmation: string | null;
        kept_on_time: boolean | null;
        times_moved: number;
      }>('select status, confirmation, kept_on_time, times_moved from commitments where ref = $1', [ref])
    ).rows[0];

  it('makes a stand-alone promise with a date parsed in the owner’s time zone', async () => {
    const r = await t.command(ALICE, '/commit', 'Review the hiring rubric by Thursday 3pm');
    expect(r.text).toContain('C-1');
    expect(r.text).toContain('Thu 26 Nov, 15:00');
    expect(r.text).toContain('Europe/Berlin');
  });

  it('asks for a date when a promise has none (a vague promise can be neither kept nor missed)', async () => {
    const before = await ledgerRows();
    const r = await t.command(ALICE, '/commit', 'Think about the roadmap');
    expect(r.text).toMatch(/When/);
    expect(await ledgerRows()).toBe(before);
  });

  it('makes a promise owed to someone, who gets a DM about it', async () => {
    const r = await t.command(ALICE, '/commit', `<@${BOB}> Send you the customer list by tomorrow`);
    expect(r.text).toContain('C-2');
    await t.settle();
    const dm = messageText(t.standIn.dmsTo(BOB).at(-1));
    expect(dm).toContain('Send you the customer list');
    expect(dm).toContain('C-2');
  });

  it('turns support promises given in /delegate into commitments owed to the assignee', async () => {
    const r = await t.command(
      ALICE,
      '/delegate',
      `<@${BOB}> Draft the survey by Friday; I’ll review your outline by Wednesday`,
    );
    expect(r.text).toMatch(/C-3\* review your outline/);
    const { rows } = await t.db.query<{ counterpart_id: string; delegation_ref: number }>(
      'select counterpart_id, delegation_ref from commitments where ref = 3',
    );
    expect(rows[0]).toEqual({ counterpart_id: BOB, delegation_ref: 1 });
  });

  it('keeps a promise owed to someone: they are asked to confirm, and "Yes" confirms it', async () => {
    const r = await t.command(ALICE, '/outcome', 'C-2 kept');
    expect(r.text).toMatch(/kept.*asked <@U0BOB0001> to confirm/);
    await t.settle();
    const ask = t.standIn.dmsTo(BOB).at(-1)!;
    expect(messageText(ask)).toMatch(/says .*done — confirm\?/);
    // a double click: two requests for the same button, at once
    const before = await ledgerRows();
    const replies = await Promise.all(
      [1, 2].map(() => t.click(BOB, 'commitment_confirm', { channel: BOB, ts: ask.ts })),
    );
    expect(replies.filter((r) => /is confirmed/.test(r))).toHaveLength(1);
    expect(replies.filter((r) => /already recorded/.test(r))).toHaveLength(1);
    expect(await ledgerRows()).toBe(before + 1);
    expect(await commitment(2)).toMatchObject({
      status: 'kept',
      confirmation: 'confirmed',
      kept_on_time: true,
    });
  });

  it('reopens a promise when the counterpart says "Not yet", and tells the owner', async () => {
    await t.command(ALICE, '/commit', `<@${CAROL}> Share the budget by Friday`); // C-4
    await t.command(ALICE, '/outcome', 'C-4 kept');
    await t.settle();
    const ask = t.standIn.dmsTo(CAROL).at(-1)!;
    expect(await t.click(CAROL, 'commitment_not_yet', { channel: CAROL, ts: ask.ts })).toMatch(/open again/);
    await t.settle();
    expect(await commitment(4)).toMatchObject({ status: 'open', confirmation: null });
    expect(messageText(t.standIn.dmsTo(ALICE).at(-1))).toMatch(/isn’t quite done yet/);
  });

  it('refuses to let anyone but the counterpart confirm, and anyone but the owner close', async () => {
    const before = await ledgerRows();
    expect((await t.command(BOB, '/outcome', 'C-4 kept')).text).toMatch(/Only <@U0ALICE01> can mark \*C-4\*/);
    expect(await ledgerRows()).toBe(before);
  });

  it('renegotiates a promise before it is due, telling the counterpart', async () => {
    const r = await t.command(ALICE, '/commit', 'C-4 by next Tuesday because the numbers are late');
    expect(r.text).toMatch(/now due \*Tue 1 Dec/);
    await t.settle();
    expect(messageText(t.standIn.dmsTo(CAROL).at(-1))).toMatch(/moved \*C-4.*before it fell due/);
    expect(await commitment(4)).toMatchObject({ status: 'open', times_moved: 1 });
  });

  it('refuses to move a promise that is already due, explaining that it is a miss', async () => {
    await t.command(ALICE, '/commit', 'Call the landlord by today 5pm'); // C-5
    t.clock.advance(8 * HOUR); // past 17:00 Berlin
    const before = await ledgerRows();
    const r = await t.command(ALICE, '/commit', 'C-5 by tomorrow');
    expect(r.text).toMatch(/already due.*missed/s);
    expect(await ledgerRows()).toBe(before);
  });

  it('lets the counterpart release the owner: not counted against them', async () => {
    await t.command(BOB, '/commit', `<@${CAROL}> Fix the printer by Monday`); // C-6
    await t.settle();
    const dm = t.standIn.dmsTo(CAROL).at(-1)!;
    expect(await t.click(CAROL, 'commitment_release', { channel: CAROL, ts: dm.ts })).toMatch(
      /let <@U0BOB0001> off/,
    );
    expect(await commitment(6)).toMatchObject({ status: 'released' });
  });

  it('records a promise as missed when it is still open a day after it fell due, and says so kindly', async () => {
    t.clock.advance(DAY + HOUR);
    await t.app.tick();
    await t.settle();
    expect(await commitment(5)).toMatchObject({ status: 'missed' });
    // the scheduler's own notice waits for Alice's working hours (Berlin, 09:00–18:00 on weekdays)
    t.clock.advanceTo(nextWorkingStart(t.clock.now(), { tz: 'Europe/Berlin', ...DEFAULT_HOURS }));
    await t.settle();
    expect(messageText(t.standIn.dmsTo(ALICE).at(-1))).toMatch(/C-5.*missed.*fresh promise/s);
    // a second tick changes nothing
    const before = await ledgerRows();
    await t.app.tick();
    expect(await ledgerRows()).toBe(before);
  });

  it('shows the say/do ratio, trend, open promises and ladder on /ledger, with misses and moves apart', async () => {
    const r = await t.command(ALICE, '/ledger', '');
    // settled: C-2 kept on time; C-3 (“review your outline by Wednesday” — today, 17:00) and C-5 missed
    expect(r.text).toMatch(/Your say\/do: 33%/);
    expect(r.text).toMatch(/1 of 3 kept on time/);
    expect(r.text).toMatch(/kept on time \*1\* · kept late \*0\* · moved before due \*1\* · missed \*2\*/);
    expect(r.text).toContain('C-4');
    expect(JSON.stringify(r.body)).toContain('commitment_done');
  });

  it('shows only aggregate figures on /ledger @someone', async () => {
    const r = await t.command(CAROL, '/ledger', `<@${ALICE}>`);
    expect(r.text).toMatch(/say\/do: 33%/);
    expect(r.text).not.toContain('C-4');
    expect(r.text).not.toContain('Share the budget');
  });

  it('says "no promises yet" for someone with none, not 0% or NaN', async () => {
    const r = await t.command(CAROL, '/ledger', '');
    expect(r.text).toMatch(/no promises yet/);
    expect(r.text).not.toMatch(/NaN|0%/);
  });

  it('publishes the Home tab when it is opened, and refreshes it after a change', async () => {
    await t.slack.event({ type: 'app_home_opened', user: ALICE, tab: 'home' });
    const home = await t.standIn.waitFor((s) => s.homeView(ALICE));
    expect(messageText(home)).toMatch(/Your say\/do: 33%/);
    await t.command(ALICE, '/outcome', 'C-4 kept');
    await t.settle();
    expect(messageText(t.standIn.homeView(ALICE))).not.toMatch(/C-4\* Share the budget/);
  });

  it('keeps the ledger and the current state in agreement for every commitment', async () => {
    const { rows } = await t.db.query<{ ref: number; status: string; last: string | null }>(
      `select c.ref, c.status,
              (select l.to_status from ledger_entries l where l.team_id = c.team_id and l.subject = 'commitment' and l.subject_ref = c.ref order by l.id desc limit 1) as last
         from commitments c order by c.ref`,
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect({ ref: r.ref, status: r.last }).toEqual({ ref: r.ref, status: r.status });
  });
});
