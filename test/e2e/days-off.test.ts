import { ALICE, BOB, CAROL, GENERAL, at, messageText, nudgesTo, startE2E, type E2E } from '../helpers/e2e';

const retros = (t: E2E) => t.standIn.messagesIn(GENERAL).filter((m) => /Retro time/.test(messageText(m)));
const daysOffRows = async (t: E2E) =>
  (await t.db.query<{ n: number }>('select count(*)::int as n from days_off')).rows[0]!.n;

describe('team days off: nothing timed goes out on them, and it comes the next working day', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E(); // Wed 25 Nov 2026, 10:00 UTC
  });
  afterAll(async () => {
    await t.stop();
  });

  it('every bad input is answered with the usage and changes nothing', async () => {
    for (const text of [
      'holidays add',
      'holidays add tomorrow',
      'holidays add 2026-13-40',
      'holidays add 2026-12-26 2026-12-24',
      'holidays add 2026-11-01',
      'holidays frobnicate',
      'holidays remove',
    ]) {
      const r = await t.command(BOB, '/ritual', text);
      expect(r.text).toContain('/ritual holidays add 2026-12-24 2026-12-26');
    }
    expect(await daysOffRows(t)).toBe(0);
  });

  it('workspace-wide days off are for admins; anyone else gets a kind refusal and nothing changes', async () => {
    const r = await t.command(BOB, '/ritual', 'holidays add 2026-12-10 workspace');
    expect(r.text).toMatch(/set by a workspace admin/);
    expect(await daysOffRows(t)).toBe(0);
  });

  it('a channel day off is added, listed and removed by its label', async () => {
    expect((await t.command(BOB, '/ritual', 'holidays add 2026-12-04 "Team offsite"')).text).toMatch(
      /Day off set for <#C0GENERAL>: \*Dec 4 2026\* — Team offsite/,
    );
    expect((await t.command(BOB, '/ritual', 'holidays add 2026-12-20 2026-12-21 Spare')).text).toMatch(
      /Dec 20 – Dec 21 2026/,
    );
    const list = await t.command(CAROL, '/ritual', 'holidays list');
    expect(list.text + JSON.stringify(list.body)).toMatch(/Team offsite[\s\S]*Spare/);
    expect((await t.command(BOB, '/ritual', 'holidays remove spare')).text).toMatch(
      /Removed: Dec 20 – Dec 21 2026 \(Spare\)/,
    );
    expect((await t.command(BOB, '/ritual', 'holidays remove 2027-05-05')).text).toMatch(
      /couldn’t find a day off/,
    );
    expect(await daysOffRows(t)).toBe(1);
  });

  it('no reminder about work delegated in the channel on its day off; it comes the next working day', async () => {
    const given = await t.command(ALICE, '/delegate', `<@${BOB}> Prepare the offsite deck by 2026-12-04 3pm`);
    // flagged when it is given: a heads-up with the way to move it, not a refusal
    expect(JSON.stringify(given.body)).toMatch(
      /Heads-up: Fri 4 Dec is a team day off \(Team offsite\) — still OK\? Reminders wait until the next working day; \*Move the date\* if it should land on a working day\./,
    );
    // one way out, the one the question is about: the date (Edit opens the form with it)
    const actions = JSON.stringify(
      (given.body as { blocks: { block_id?: string }[] }).blocks.find((b) => b.block_id?.startsWith('day_off_change_')),
    );
    expect(actions).toContain('delegation_edit');
    expect(actions).not.toMatch(/delegation_reassign|delegation_cancel/);
    const dayBefore = await t.command(
      ALICE,
      '/delegate',
      `<@${CAROL}> Book the offsite room by 2026-12-03 3pm`,
    );
    expect(JSON.stringify(dayBefore.body)).not.toContain('Heads-up');
    await at(t, '2026-12-04T14:00:00Z'); // Fri 09:00 New York: the morning-of point, on the day off
    await at(t, '2026-12-04T20:30:00Z'); // past the due time, same day off
    expect(nudgesTo(t, BOB)).toHaveLength(0);
    await at(t, '2026-12-07T13:59:00Z');
    expect(nudgesTo(t, BOB)).toHaveLength(0);
    await at(t, '2026-12-07T14:00:00Z'); // Mon 09:00 New York: the next working moment
    expect(nudgesTo(t, BOB)).toHaveLength(1);
  });

  it('a workspace day off set by an admin is a calendar date in each person’s own zone', async () => {
    expect(
      (await t.command(ALICE, '/ritual', 'holidays add 2026-12-10 "Founders day" workspace')).text,
    ).toMatch(/for the whole workspace/);
    await t.command(CAROL, '/commit', 'File the expenses by 2026-12-10 3pm'); // Tokyo
    await t.command(BOB, '/commit', 'Call the venue by 2026-12-10 3pm'); // New York
    const bobBefore = nudgesTo(t, BOB).length;
    await at(t, '2026-12-10T00:00:00Z'); // Thu 09:00 Tokyo, on the day off there
    expect(nudgesTo(t, CAROL)).toHaveLength(0);
    await at(t, '2026-12-10T14:00:00Z'); // Thu 09:00 New York: Dec 10 there too
    await at(t, '2026-12-10T20:00:00Z'); // its due time
    expect(nudgesTo(t, BOB)).toHaveLength(bobBefore);
    await at(t, '2026-12-11T00:00:00Z'); // Fri 09:00 Tokyo
    expect(nudgesTo(t, CAROL)).toHaveLength(1);
    await at(t, '2026-12-11T14:00:00Z'); // Fri 09:00 New York
    expect(nudgesTo(t, BOB).length).toBeGreaterThan(bobBefore);
  });

  it('a ritual due on a day off is skipped; the next one is posted as usual', async () => {
    await t.command(ALICE, '/ritual', 'retro every Thursday 16:00'); // Berlin
    await at(t, '2026-12-17T15:00:00Z');
    const before = retros(t).length;
    await t.command(ALICE, '/ritual', 'holidays add 2026-12-24 "Winter break"');
    await at(t, '2026-12-24T15:00:00Z'); // Thu 16:00 Berlin, a day off
    await at(t, '2026-12-24T18:00:00Z');
    expect(retros(t)).toHaveLength(before);
    await at(t, '2026-12-31T15:00:00Z');
    expect(retros(t)).toHaveLength(before + 1);
  });

  it('across a daylight-saving change, a day off and the next working morning are read on the new clock', async () => {
    // US clocks go forward on Sunday 14 March 2027; Monday 15 March is a workspace day off
    await at(t, '2027-03-12T15:00:00Z'); // Fri 10:00 New York (still UTC−5)
    await t.command(ALICE, '/ritual', 'holidays add 2027-03-15 "Spring day" workspace');
    await t.command(BOB, '/commit', 'Send the forecast by 2027-03-15 3pm');
    const before = nudgesTo(t, BOB).length;
    await at(t, '2027-03-15T13:00:00Z'); // Mon 09:00 New York, now UTC−4: the day off
    await at(t, '2027-03-15T19:30:00Z'); // past its due time, same day off
    expect(nudgesTo(t, BOB)).toHaveLength(before);
    await at(t, '2027-03-16T12:59:00Z'); // Tue 08:59 New York
    expect(nudgesTo(t, BOB)).toHaveLength(before);
    await at(t, '2027-03-16T13:00:00Z'); // Tue 09:00 New York on the summer clock (it was 14:00 UTC in winter)
    expect(nudgesTo(t, BOB)).toHaveLength(before + 1);
    expect(messageText(nudgesTo(t, BOB)[before]!)).toContain('forecast');
  });

  it('a leader’s nudge to acknowledge an outcome waits through a workspace day off', async () => {
    // now Tue 16 March 2027; Thursday the 18th is off for the whole workspace
    await t.command(ALICE, '/ritual', 'holidays add 2027-03-18 "Founders day" workspace');
    const given = await t.command(ALICE, '/delegate', `<@${BOB}> Check the invoices by 2027-03-17 3pm`);
    const ref = /D-(\d+)/.exec(given.text)![1]!;
    const ackDms = () =>
      t.standIn
        .dmsTo(ALICE)
        .filter(
          (m) => /invoices/.test(messageText(m)) && /acknowledg/i.test(JSON.stringify(m.blocks ?? m.text)),
        );
    await at(t, '2027-03-17T18:00:00Z'); // Wed 19:00 Berlin: after Alice's hours
    await t.command(BOB, '/outcome', `D-${ref} win Matched every line`);
    await t.settle();
    expect(ackDms()).toHaveLength(0);
    await at(t, '2027-03-18T08:00:00Z'); // Thu 09:00 Berlin: the day off
    await at(t, '2027-03-18T15:00:00Z');
    expect(ackDms()).toHaveLength(0);
    await at(t, '2027-03-19T08:00:00Z'); // Fri 09:00 Berlin: the next working morning
    await t.standIn.waitFor((st) =>
      st
        .dmsTo(ALICE)
        .some(
          (m) => /invoices/.test(messageText(m)) && /acknowledg/i.test(JSON.stringify(m.blocks ?? m.text)),
        )
        ? true
        : undefined,
    );
    expect(ackDms()).toHaveLength(1);
  });
});
