import { DEFAULT_HOURS, nextWorkingStart } from '../../src/services/schedule/working-hours';
import { ALICE, BOB, messageText, startE2E, type E2E } from '../helpers/e2e';

/** Nothing timed arrives at night: what the scheduler sends on its own waits for the recipient's hours. */
describe('nothing timed arrives at night', () => {
  let t: E2E;
  // Friday 27 Nov 2026, 20:00 in New York (01:00 Saturday UTC): Bob is off for the weekend.
  const FRIDAY_EVENING_NY = new Date('2026-11-28T01:00:00Z');
  beforeAll(async () => {
    t = await startE2E({ start: new Date('2026-11-25T15:00:00Z') });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a miss notice found at night waits for the owner’s next working morning, in their zone', async () => {
    await t.command(BOB, '/commit', 'Send the summary by Thursday 4pm'); // 16:00 New York, Thu 26 Nov
    t.clock.advanceTo(FRIDAY_EVENING_NY); // more than a day past its date: missed
    await t.app.tick();
    await t.settle();
    const { rows } = await t.db.query<{ status: string }>(`select status from commitments where ref = 1`);
    expect(rows[0]!.status).toBe('missed');
    expect(t.standIn.dmsTo(BOB).some((m) => messageText(m).includes('recorded as missed'))).toBe(false);
    const monday = nextWorkingStart(t.clock.now(), { tz: 'America/New_York', ...DEFAULT_HOURS });
    expect(monday.toISOString()).toBe('2026-11-30T14:00:00.000Z'); // Monday 09:00 New York
    t.clock.advanceTo(new Date(monday.getTime() - 60_000));
    await t.settle();
    expect(t.standIn.dmsTo(BOB).some((m) => messageText(m).includes('recorded as missed'))).toBe(false);
    t.clock.advanceTo(monday);
    await t.settle();
    expect(t.standIn.dmsTo(BOB).some((m) => messageText(m).includes('recorded as missed'))).toBe(true);
  });

  it('a DM caused by someone’s action just now still goes at once, and the sender is told they are off', async () => {
    // Monday 09:00 New York is 15:00 in Berlin: both at work. Move to 20:00 Berlin (14:00 New York)…
    const r = await t.command(ALICE, '/delegate', `<@${BOB}> Review the onboarding doc by Wednesday`);
    expect(r.text).toContain('gets a DM now');
    t.clock.advanceTo(new Date('2026-12-01T00:30:00Z')); // 19:30 New York: Bob is off
    const late = await t.command(ALICE, '/delegate', `<@${BOB}> Book the team dinner by Thursday`);
    expect(late.text).toMatch(/Bob Baker is off until Tue 1 Dec, 09:00, their time/);
    await t.settle();
    expect(t.standIn.dmsTo(BOB).some((m) => messageText(m).includes('Book the team dinner'))).toBe(true);
  });
});
