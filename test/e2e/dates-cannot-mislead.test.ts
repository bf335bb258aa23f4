import { BOB, messageText, startE2E, type E2E } from '../helpers/e2e';

/** A date in another year than the one it is read in always shows its year; this year's never do. */
describe('dates that cannot mislead: the year when it is not this one', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E({ start: new Date('2026-12-02T15:00:00Z') }); // Wed 2 Dec 2026, 10:00 in New York
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a promise due next January says 2027; one due this Friday does not say 2026', async () => {
    const next = await t.command(BOB, '/commit', 'Send the annual plan by Jan 8 3pm');
    expect(next.text).toContain('Fri 8 Jan 2027, 15:00');
    const soon = await t.command(BOB, '/commit', 'Send the board notes by Friday 3pm');
    expect(soon.text).toContain('Fri 4 Dec, 15:00');
    expect(soon.text).not.toContain('2026');
  });

  it('the reminder sent in January shows January without a year, as it is that year by then', async () => {
    t.clock.advanceTo(new Date('2027-01-08T14:00:00Z')); // Fri 09:00 in New York
    await t.app.tick();
    await t.settle();
    const nudge = [...t.standIn.dmsTo(BOB)].reverse().find((m) => messageText(m).includes('annual plan'));
    expect(messageText(nudge)).toContain('due Fri 8 Jan, 15:00');
  });
});
