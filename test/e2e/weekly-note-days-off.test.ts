/**
 * The Monday say/do note on a workspace day off: it waits, like every DM the scheduler sends on its
 * own, and comes at the next working morning — once. The wait is the delivery gate's (workspace days
 * off are read when the note is about to be sent), not the planner's.
 */
import { ALICE, messageText, startE2E, type E2E } from '../helpers/e2e';

const notes = (t: E2E) => t.standIn.dmsTo(ALICE).filter((m) => messageText(m).includes('weekly say/do note'));
async function at(t: E2E, iso: string): Promise<void> {
  t.clock.advanceTo(new Date(iso));
  await t.app.tick();
  await t.settle();
}

describe('the Monday note and a workspace day off', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E(); // Wed 25 Nov 2026, 10:00 UTC; Alice works 09:00–18:00 in Berlin
  });
  afterAll(async () => {
    await t.stop();
  });

  it('waits through the day off and comes on Tuesday morning, once', async () => {
    await t.command(ALICE, '/commit', 'Send the yearly report by Dec 10 5pm');
    await t.command(ALICE, '/ritual', 'holidays add 2026-11-30 "Team day" workspace');
    await at(t, '2026-11-30T08:30:00Z'); // Mon 09:30 Berlin: her Monday window, but the day off
    await at(t, '2026-11-30T15:00:00Z');
    expect(notes(t)).toHaveLength(0);
    await at(t, '2026-12-01T07:59:00Z'); // Tue 08:59 Berlin
    expect(notes(t)).toHaveLength(0);
    await at(t, '2026-12-01T08:00:00Z'); // Tue 09:00 Berlin: the next working morning
    await t.standIn.waitFor((st) =>
      st.dmsTo(ALICE).some((m) => messageText(m).includes('weekly say/do note')) ? true : undefined,
    );
    await at(t, '2026-12-01T10:00:00Z');
    expect(notes(t)).toHaveLength(1);
  });
});
