/**
 * The minute tick reads only the items whose stored next-reminder instant has come (migrations 0020,
 * 0022),
 * and every change that moves a reminder earlier keeps that instant right in its own transaction:
 * moving a due date, closing, changing working hours, coming back early from time away.
 */
import { openItemsNeedingAttention } from '../../src/db/nudges';
import { ALICE, messageText, startE2E, type E2E } from '../helpers/e2e';

const nudgesTo = (t: E2E, user: string) =>
  t.standIn.dmsTo(user).filter((m) => /gentle nudge|nothing left from this nudge/.test(messageText(m)));
async function at(t: E2E, iso: string): Promise<void> {
  t.clock.advanceTo(new Date(iso));
  await t.app.tick();
  await t.settle();
}
/** What a tick at this moment would read (the real query the tick runs). */
const readByTick = async (t: E2E) => (await openItemsNeedingAttention(t.db, t.clock.now(), 1000)).length;
const remindAt = async (t: E2E, ref: number) =>
  (
    await t.db.query<{ remind_at: Date }>(
      `select remind_at from reminder_due where team_id = $1 and subject = 'commitment' and ref = $2`,
      ['T0TEAM1', ref],
    )
  ).rows[0]?.remind_at ?? null;
/** The commitment's row version: unchanged unless the row itself was rewritten. */
const rowVersion = async (t: E2E, ref: number) =>
  (
    await t.db.query<{ v: string }>(`select xmin::text as v from commitments where team_id = $1 and ref = $2`, [
      'T0TEAM1',
      ref,
    ])
  ).rows[0]!.v;

describe('a tick reads only what is due, and a moved due date still gets its reminder', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E(); // Wed 25 Nov 2026, 10:00 UTC; Alice works 09:00–18:00 in Berlin
  });
  afterAll(async () => {
    await t.stop();
  });

  it('reads nothing while nothing is due', async () => {
    await t.command(ALICE, '/commit', 'Send the yearly report by Dec 10 5pm'); // C-1
    expect(await remindAt(t, 1)).not.toBeNull();
    expect(await readByTick(t)).toBe(0);
    await at(t, '2026-11-26T10:00:00Z');
    expect(await readByTick(t)).toBe(0);
    expect(nudgesTo(t, ALICE)).toHaveLength(0);
  });

  it('reminds on the new, earlier date after the promise is moved', async () => {
    const r = await t.command(ALICE, '/commit', 'C-1 by Friday 3pm because the board meets earlier');
    expect(r.text).toMatch(/now due \*Fri 27 Nov/);
    await at(t, '2026-11-27T07:59:00Z'); // 08:59 Berlin
    expect(nudgesTo(t, ALICE)).toHaveLength(0);
    const before = await rowVersion(t, 1);
    await at(t, '2026-11-27T08:00:00Z'); // 09:00 Berlin on the new due day
    expect(nudgesTo(t, ALICE)).toHaveLength(1);
    // the tick moved the instant on without rewriting the promise's own row
    expect(await rowVersion(t, 1)).toBe(before);
    expect(await remindAt(t, 1)).toEqual(new Date('2026-11-27T14:00:00Z'));
    expect(messageText(nudgesTo(t, ALICE)[0])).toContain('C-1');
    // planned and advanced: the next look is the due time, not before
    expect(await readByTick(t)).toBe(0);
  });

  it('stops looking at a promise once it is kept', async () => {
    await t.command(ALICE, '/outcome', 'C-1 kept');
    expect(await remindAt(t, 1)).toBeNull();
    t.clock.advanceTo(new Date('2026-11-30T08:00:00Z'));
    expect(await readByTick(t)).toBe(0);
  });
});

describe('changes to a person’s rhythm bring a waiting reminder forward', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('after earlier working hours, the reminder comes at the new opening', async () => {
    await t.command(ALICE, '/commit', 'Ship the fix by 7pm'); // C-1, Wed 19:00 Berlin, after her hours
    await at(t, '2026-11-25T18:00:00Z'); // due, but outside her hours: it waits for Thursday 09:00
    expect(nudgesTo(t, ALICE)).toHaveLength(0);
    expect((await t.command(ALICE, '/ritual', 'me hours 7:00-18:00')).text).toMatch(/07:00/);
    await at(t, '2026-11-26T06:00:00Z'); // Thursday 07:00 Berlin
    expect(nudgesTo(t, ALICE)).toHaveLength(1);
    expect(messageText(nudgesTo(t, ALICE)[0])).toContain('C-1');
  });

  it('coming back early from time away, the reminder comes at once', async () => {
    await t.command(ALICE, '/ritual', 'me away 2026-11-27 to 2026-11-30');
    await t.command(ALICE, '/commit', 'Renew the domain by Friday noon'); // C-2, due during the time off
    await at(t, '2026-11-27T11:00:00Z'); // due, but she is away: it would wait for Tuesday
    expect(nudgesTo(t, ALICE).filter((m) => messageText(m).includes('C-2'))).toHaveLength(0);
    await t.command(ALICE, '/ritual', 'me back');
    await at(t, '2026-11-27T11:01:00Z');
    expect(nudgesTo(t, ALICE).filter((m) => messageText(m).includes('C-2'))).toHaveLength(1);
  });
});
