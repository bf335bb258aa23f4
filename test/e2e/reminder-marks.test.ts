/**
 * What was already bundled is marked on the item's `reminder_due` row (migration 0024) instead of being
 * written to and read back from `reminder_points` every tick. These are the paths where the marks are
 * replaced or dropped; each must still send every point exactly once.
 */
import { ALICE, BOB, at, nudgesTo, startE2E, type E2E } from '../helpers/e2e';

const setDue = (t: E2E, iso: string) =>
  t.db.query(`update commitments set due_at = $1 where team_id = 'T0TEAM1' and ref = 1`, [iso]);
const dueRow = async (t: E2E) =>
  (
    await t.db.query(
      `select 1 from reminder_due where team_id = 'T0TEAM1' and subject = 'commitment' and ref = 1`,
    )
  ).rows.length;

describe('reminders marked on the item’s own row are never sent twice', () => {
  let t: E2E;
  beforeEach(async () => {
    t = await startE2E(); // Wed 25 Nov 2026, 10:00 UTC; Alice works 09:00–18:00 in Berlin
    await t.command(ALICE, '/commit', 'Send the yearly report by Dec 2 3pm'); // C-1: before Tue 1 Dec 15:00
    await at(t, '2026-12-01T14:00:00Z');
    expect(nudgesTo(t, ALICE)).toHaveLength(1);
  });
  afterEach(async () => {
    await t.stop();
  });

  it('a deadline moved away and back again: what went for it is not sent again', async () => {
    await setDue(t, '2026-12-03T14:00:00Z');
    // read again (the moved deadline's lower bound has come) and planned for the new deadline, with
    // nothing due yet: its marks replace the old deadline's
    await at(t, '2026-12-02T12:30:00Z');
    await setDue(t, '2026-12-02T14:00:00Z');
    await at(t, '2026-12-02T13:00:00Z'); // a new window: the "before" point of this deadline already went
    expect(nudgesTo(t, ALICE)).toHaveLength(1);
    await at(t, '2026-12-02T14:00:00Z'); // its due point still comes
    expect(nudgesTo(t, ALICE)).toHaveLength(2);
  });

  it('a promise kept and reopened: what went before is not sent again', async () => {
    await t.db.query(
      `update commitments set status = 'kept', closed_at = $1 where team_id = 'T0TEAM1' and ref = 1`,
      ['2026-12-01T15:00:00Z'],
    );
    expect(await dueRow(t)).toBe(0);
    await t.db.query(
      `update commitments set status = 'open', closed_at = null where team_id = 'T0TEAM1' and ref = 1`,
    );
    await at(t, '2026-12-02T08:05:00Z');
    expect(nudgesTo(t, ALICE)).toHaveLength(1);
    await at(t, '2026-12-02T14:00:00Z');
    expect(nudgesTo(t, ALICE)).toHaveLength(2);
  });
});

describe('an item whose plan ran out is not reminded again when it is planned once more', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a delegation reminded of every point, then its holder’s hours change: nothing is sent again', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Prepare the offsite deck by 2026-12-02 3pm`); // D-1
    const row = async () =>
      (await t.db.query(`select 1 from reminder_due where team_id = 'T0TEAM1' and subject = 'delegation'`))
        .rows.length;
    // 16:00 in New York each day: before, due, overdue, one a day
    for (const day of ['01', '02', '03']) await at(t, `2026-12-${day}T21:00:00Z`);
    expect(nudgesTo(t, BOB)).toHaveLength(3);
    expect(await row()).toBe(0);
    await t.db.query(`update members set work_start = 480 where team_id = 'T0TEAM1' and user_id = $1`, [BOB]);
    expect(await row()).toBe(1); // re-planned…
    await at(t, '2026-12-04T21:00:00Z');
    expect(nudgesTo(t, BOB)).toHaveLength(3); // …and found everything already sent
    expect(await row()).toBe(0);
  });
});
