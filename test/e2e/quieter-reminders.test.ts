import { BOB, at, messageText, nudgesTo, startE2E, type E2E } from '../helpers/e2e';

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

  it('from the Home tab: the tab says plainly what is off, and one click brings it back', async () => {
    const homeText = async () => {
      await t.slack.event({ type: 'app_home_opened', user: BOB, tab: 'home' });
      await t.settle();
      return messageText(await t.standIn.waitFor((s) => s.homeView(BOB)));
    };
    expect(await homeText()).toMatch(
      /Your reminders\*\nYou get every reminder: morning-of notes, due-time notes, overdue notes and the Monday leader note\./,
    );

    await t.slack.blockAction({
      userId: BOB,
      view: 'home',
      actionId: 'home_reminder_set_overdue',
      value: 'overdue:off',
      blockId: 'home_reminders',
    });
    // published again by the click itself
    const homeWith = (words: string) =>
      t.standIn.waitFor((st) => {
        const v = st.homeView(BOB);
        return v && messageText(v).includes(words) ? messageText(v) : undefined;
      });
    const off = await homeWith('Bring back overdue notes');
    expect(off).toMatch(
      /You won’t get: overdue notes\. You still get morning-of notes, due-time notes and the Monday leader note\./,
    );
    expect(off).toContain('Bring back overdue notes');
    expect(off).toContain('Stop due-time notes');
    expect((await t.command(BOB, '/ritual', 'me reminders')).text).toMatch(/You won’t get: overdue notes/);

    // a hand-made click whose value is not one of ours changes nothing (Slack would send the button's own)
    const forged = {
      type: 'block_actions',
      team: { id: t.standIn.teamId },
      user: { id: BOB, team_id: t.standIn.teamId },
      trigger_id: t.standIn.newTriggerId(BOB),
      container: { type: 'view', view_id: 'V1' },
      actions: [
        {
          type: 'button',
          action_id: 'home_reminder_set_overdue',
          block_id: 'home_reminders',
          value: 'everything:off',
          action_ts: '1.1',
        },
      ],
    };
    const r = await t.slack.raw(
      `payload=${encodeURIComponent(JSON.stringify(forged))}`,
      'application/x-www-form-urlencoded',
    );
    expect(r.status).toBe(200);
    await t.settle();
    const { rows } = await t.db.query<{ kind: string }>(
      `select kind from reminder_preferences where user_id = $1 order by kind`,
      [BOB],
    );
    expect(rows.map((r) => r.kind)).toEqual(['overdue']);

    await t.slack.blockAction({
      userId: BOB,
      view: 'home',
      actionId: 'home_reminder_set_overdue',
      value: 'overdue:on',
      blockId: 'home_reminders',
    });
    expect(await homeWith('You get every reminder')).toContain('Stop overdue notes');
  });
});
