import { BOB, messageText, startE2E, type E2E } from '../helpers/e2e';

const nudgesTo = (t: E2E, user: string) =>
  t.standIn.dmsTo(user).filter((m) => /gentle nudge|nothing left from this nudge/.test(messageText(m)));
async function at(t: E2E, iso: string): Promise<void> {
  t.clock.advanceTo(new Date(iso));
  await t.app.tick();
  await t.settle();
}

describe('quieter when asked: a person turns reminder kinds off', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E(); // Wed 25 Nov 2026, 10:00 UTC
  });
  afterAll(async () => {
    await t.stop();
  });

  it('shows what is on, and refuses what it cannot read without changing anything', async () => {
    expect((await t.command(BOB, '/ritual', 'me reminders')).text).toMatch(/You get every kind of reminder/);
    expect((await t.command(BOB, '/ritual', 'me reminders sometimes off')).text).toMatch(
      /don’t know the reminder kind/,
    );
    expect((await t.command(BOB, '/ritual', 'me reminders overdue maybe')).text).toMatch(/`on` or `off`/);
    const { rows } = await t.db.query('select * from reminder_preferences');
    expect(rows).toHaveLength(0);
  });

  it('with the morning-of note off, the first note is the due-time one', async () => {
    expect((await t.command(BOB, '/ritual', 'me reminders before off')).text).toMatch(
      /You won’t get: morning-of notes/,
    );
    await t.command(BOB, '/commit', 'Send the board report by Friday 3pm'); // Fri 27 Nov 15:00 New York
    await at(t, '2026-11-27T14:00:00Z'); // 09:00 New York: the morning-of point
    expect(nudgesTo(t, BOB)).toHaveLength(0);
    await at(t, '2026-11-27T20:00:00Z'); // 15:00: due
    expect(nudgesTo(t, BOB)).toHaveLength(1);
    expect(messageText(nudgesTo(t, BOB)[0])).toContain('C-1');
  });

  it('turning a kind back on says so', async () => {
    expect((await t.command(BOB, '/ritual', 'me reminders before on')).text).toMatch(
      /Back on: morning-of notes\. You get every kind/,
    );
  });
});
