import { ALICE, BOB, CAROL, GENERAL, at, messageText, nudgesTo, startE2E, type E2E } from '../helpers/e2e';

const HOUR = 3_600_000;

describe('reminders that respect people: their time zone, their hours, one bundle per window', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E(); // Wed 25 Nov 2026, 10:00 UTC
  });
  afterAll(async () => {
    await t.stop();
  });

  it('reminds Bob (New York) on the working morning of the due day, not before', async () => {
    await t.command(BOB, '/commit', 'Send the board report by Friday 3pm'); // C-1, Fri 15:00 New York = 20:00 UTC
    await at(t, '2026-11-27T13:59:00Z'); // 08:59 in New York
    expect(nudgesTo(t, BOB)).toHaveLength(0);
    await at(t, '2026-11-27T14:00:00Z'); // 09:00 in New York
    const dms = nudgesTo(t, BOB);
    expect(dms).toHaveLength(1);
    expect(messageText(dms[0])).toMatch(/C-1\* Send the board report — coming up, due Fri 27 Nov, 15:00/);
    expect(JSON.stringify(dms[0]!.blocks)).toContain('commitment_done');
    expect(JSON.stringify(dms[0]!.blocks)).toContain('nudge_snooze');
  });

  it('sends at most one reminder DM per person per working window', async () => {
    await at(t, '2026-11-27T20:00:00Z'); // 15:00 New York: C-1's due time, same window
    expect(nudgesTo(t, BOB)).toHaveLength(1);
  });

  it('drops a reminder for something already done instead of sending it', async () => {
    await t.command(BOB, '/outcome', 'C-1 kept');
    await at(t, '2026-11-30T14:00:00Z'); // Monday 09:00 New York — the overdue point would be now
    expect(nudgesTo(t, BOB)).toHaveLength(1);
  });

  it('bundles several due items into one message, split into "you owe" and "owed to you"', async () => {
    await t.command(ALICE, '/commit', 'Review the hiring rubric by Wednesday 3pm'); // C-2
    await t.command(ALICE, '/commit', `<@${CAROL}> Share the budget by Wednesday 4pm`); // C-3
    await t.command(CAROL, '/commit', `<@${ALICE}> Send the venue options by Wednesday noon`); // C-4 owed to Alice
    await t.command(CAROL, '/commit', `<@${ALICE}> Send the floor plan by Thursday noon`); // C-5 owed to Alice: Thu 03:00 UTC, after her day ends
    await at(t, '2026-12-02T08:00:00Z'); // Wed 09:00 Berlin
    const dms = nudgesTo(t, ALICE);
    expect(dms).toHaveLength(1);
    const text = messageText(dms[0]);
    expect(text).toContain('C-2');
    expect(text).toContain('C-3');
    expect(text).toMatch(/You owe[\s\S]*Owed to you[\s\S]*C-4\* Send the venue options — from <@U0CAROL01>/);
    expect(text).not.toContain('C-5'); // owed to her, but not by the end of her day
  });

  it('waits for Carol’s working hours in Tokyo', async () => {
    // C-4 is Carol's; her morning nudge comes at 09:00 Tokyo (00:00 UTC), which was before 08:00 UTC
    expect(nudgesTo(t, CAROL)).toHaveLength(1);
    const sent = t.standIn.callsTo('chat.postMessage').find((c) => c.args.channel === CAROL && JSON.stringify(c.args).includes('gentle nudge'));
    expect(sent).toBeDefined();
  });

  it('snoozes for an hour: the bundle comes back then, and nothing is written to the ledger', async () => {
    const dm = nudgesTo(t, ALICE).at(-1)!;
    const ledgerBefore = (await t.db.query<{ n: number }>('select count(*)::int as n from ledger_entries')).rows[0]!.n;
    const r = await t.slack.blockAction({ userId: ALICE, actionId: 'nudge_snooze', channelId: ALICE, messageTs: dm.ts, selectedOption: '1h' });
    expect(r.status).toBe(200);
    await t.standIn.waitFor((s) => s.dmsTo(ALICE).find((m) => messageText(m).includes('Snoozed until')));
    expect(messageText(t.standIn.dmsTo(ALICE).find((m) => m.ts === dm.ts))).toMatch(/Snoozed until \*Wed 2 Dec, 10:00\*/);
    await at(t, '2026-12-02T08:59:00Z');
    expect(nudgesTo(t, ALICE)).toHaveLength(0); // the original was replaced by the snooze note
    await at(t, '2026-12-02T09:00:00Z');
    expect(nudgesTo(t, ALICE)).toHaveLength(1);
    expect(messageText(nudgesTo(t, ALICE)[0])).toContain('C-2');
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from ledger_entries')).rows[0]!.n).toBe(ledgerBefore);
  });
});

describe('daylight saving never shifts or duplicates a reminder', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E({ start: new Date('2026-10-22T10:00:00Z') }); // Thursday; Berlin leaves summer time on Sunday 25 Oct
  });
  afterAll(async () => {
    await t.stop();
  });

  it('reminds at 09:00 Berlin on Monday — 08:00 UTC after the change, not 07:00 — exactly once', async () => {
    await t.command(ALICE, '/commit', 'File the expense report by Monday 5pm');
    await at(t, '2026-10-26T07:00:00Z'); // 08:00 Berlin (winter time)
    expect(nudgesTo(t, ALICE)).toHaveLength(0);
    await at(t, '2026-10-26T08:00:00Z'); // 09:00 Berlin
    expect(nudgesTo(t, ALICE)).toHaveLength(1);
    await at(t, '2026-10-26T16:00:00Z'); // 17:00 Berlin, due time
    expect(nudgesTo(t, ALICE)).toHaveLength(1);
  });
});

describe('time off, weekly notes and acknowledging outcomes', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('sets working hours and refuses nonsense with an example', async () => {
    expect((await t.command(ALICE, '/ritual', 'me hours 8:30-17:00')).text).toMatch(/08:30/);
    expect((await t.command(ALICE, '/ritual', 'me hours 25:00-3')).text).toMatch(/\/ritual me hours/);
  });

  it('offers to move promises that fall due during time off, telling the person they are owed to', async () => {
    await t.command(ALICE, '/commit', `<@${BOB}> Review your draft by Dec 3`); // C-1
    const r = await t.command(ALICE, '/ritual', 'me away 2026-12-01 to 2026-12-04');
    expect(r.text).toMatch(/C-1\* Review your draft/);
    expect(JSON.stringify(r.body)).toContain('away_move_promises');
    const eph = t.standIn.ephemeralsFor(ALICE).at(-1)!;
    expect(await t.click(ALICE, 'away_move_promises', { channel: GENERAL, ts: eph.message_ts, ephemeral: true })).toMatch(/C-1\* → Mon 7 Dec, 17:00/);
    await t.settle();
    expect(messageText(t.standIn.dmsTo(BOB).at(-1))).toMatch(/moved \*C-1/);
  });

  it('pauses nudges while someone is away', async () => {
    await t.command(ALICE, '/commit', 'Renew the domain by Dec 2 noon'); // due during time off, not moved
    await at(t, '2026-12-02T08:00:00Z');
    expect(nudgesTo(t, ALICE)).toHaveLength(0);
  });

  it('nudges the leader to acknowledge an outcome in their hours, and posts the note in the celebration’s thread', async () => {
    await t.command(ALICE, '/ritual', 'me back');
    await t.command(ALICE, '/delegate', `<@${BOB}> Prepare the demo`); // D-1
    await t.command(BOB, '/outcome', 'D-1 loss The demo data was stale');
    await t.settle();
    const nudge = t.standIn.dmsTo(ALICE).find((m) => messageText(m).includes('closed *D-1'))!;
    expect(messageText(nudge)).toMatch(/respect the attempt/);
    await t.slack.blockAction({ userId: ALICE, actionId: 'outcome_acknowledge', channelId: ALICE, messageTs: nudge.ts });
    await t.standIn.waitFor((s) => s.openModal(ALICE));
    const done = await t.slack.viewSubmission({ userId: ALICE, inputs: { note: 'Thank you for trying it live — let’s refresh the data the day before.' } });
    expect(done.outcome.kind).toBe('closed');
    await t.settle();
    const celebration = t.standIn.messagesIn(GENERAL).find((m) => messageText(m).includes('The demo data was stale'))!;
    const reply = t.standIn.messagesIn(GENERAL).find((m) => m.thread_ts === celebration.ts && m.ts !== celebration.ts);
    expect(messageText(reply)).toContain('refresh the data the day before');
    // the gentle reminder two working days later is dropped: already acknowledged
    await at(t, '2026-12-09T10:00:00Z');
    expect(t.standIn.dmsTo(ALICE).filter((m) => messageText(m).includes('gentle reminder'))).toHaveLength(0);
    // events are acknowledged before the listener runs (as Bolt does): wait for the published view
    await t.slack.event({ type: 'app_home_opened', user: ALICE, tab: 'home' });
    const home = messageText(await t.standIn.waitFor((s) => s.homeView(ALICE)));
    expect(home).toMatch(/acknowledged \*1\* of \*1\*, typically within/);
  });

  it('sends the weekly say/do note on Monday morning, once', async () => {
    await at(t, '2026-12-14T08:30:00Z'); // Monday 09:30 Berlin
    await at(t, '2026-12-14T09:30:00Z');
    const notes = t.standIn.dmsTo(ALICE).filter((m) => messageText(m).includes('weekly say/do note'));
    expect(notes).toHaveLength(1);
  });
});

describe('channel rituals: retros that quote real outcomes', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  const retros = () => t.standIn.messagesIn(GENERAL).filter((m) => messageText(m).includes('Retro time'));

  it('sets a retro in the configuring person’s time zone and echoes the first one', async () => {
    const r = await t.command(ALICE, '/ritual', 'retro every Friday 16:00');
    expect(r.text).toMatch(/every Friday at 16:00 \(Europe\/Berlin\)/);
    expect(r.text).toMatch(/Fri 27 Nov, 16:00/);
  });

  it('rejects a nonsense schedule with a clear example, and changes nothing', async () => {
    const r = await t.command(ALICE, '/ritual', 'digest every blursday');
    expect(r.text).toMatch(/every Friday 16:00/);
    expect((await t.command(ALICE, '/ritual', 'list')).text).not.toMatch(/\*digest\*/);
  });

  it('quotes the period’s wins and losses with their lessons', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Ship the FAQ`);
    await t.command(ALICE, '/delegate', `<@${CAROL}> Try a new onboarding call`);
    await t.command(BOB, '/outcome', 'D-1 win Short answers beat long ones');
    await t.command(CAROL, '/outcome', 'D-2 loss Nobody came at 8am');
    await at(t, '2026-11-27T14:59:00Z');
    expect(retros()).toHaveLength(0);
    await at(t, '2026-11-27T15:00:00Z'); // 16:00 Berlin
    await at(t, '2026-11-27T15:01:00Z'); // another tick (or another replica): still one
    expect(retros()).toHaveLength(1);
    const text = messageText(retros()[0]);
    expect(text).toMatch(/Wins[\s\S]*D-1\* Ship the FAQ[\s\S]*Short answers beat long ones/);
    expect(text).toMatch(/Losses, and what they taught us[\s\S]*D-2\* Try a new onboarding call[\s\S]*Nobody came at 8am/);
  });

  it('threads a lesson added from the retro', async () => {
    const post = retros()[0]!;
    await t.slack.blockAction({ userId: BOB, actionId: 'retro_add_lesson', channelId: GENERAL, messageTs: post.ts });
    await t.standIn.waitFor((s) => s.openModal(BOB));
    await t.slack.viewSubmission({ userId: BOB, inputs: { lesson: 'Ask one customer before writing anything' } });
    await t.settle();
    expect(messageText(t.standIn.messagesIn(GENERAL).find((m) => m.thread_ts === post.ts && m.ts !== post.ts))).toContain('Ask one customer');
  });

  it('says so kindly when there is nothing to quote', async () => {
    await at(t, '2026-12-04T15:00:00Z');
    expect(retros()).toHaveLength(2);
    expect(messageText(retros()[1])).toMatch(/No delegations closed here since last time — and that’s fine/);
  });

  it('after a long outage posts nothing stale, and the next occurrence on time', async () => {
    await at(t, '2026-12-11T23:00:00Z'); // the app was down from before Friday 16:00 until 8 hours after
    expect(retros()).toHaveLength(2);
    await at(t, '2026-12-18T15:00:00Z');
    expect(retros()).toHaveLength(3);
  });

  it('moved to later the same day after it posted, it waits for next week instead of posting twice', async () => {
    await at(t, '2026-12-18T15:30:00Z'); // Friday 16:30 Berlin: today's retro is out
    const moved = await t.command(ALICE, '/ritual', 'retro every Friday 18:00');
    expect(moved.text).toMatch(/Fri 25 Dec, 18:00/);
    await at(t, '2026-12-18T17:00:00Z'); // 18:00 Berlin
    expect(retros()).toHaveLength(3);
    expect((await t.command(ALICE, '/ritual', 'retro every Friday 16:00')).text).toMatch(/Fri 25 Dec, 16:00/);
  });

  it('pauses, resumes and turns off', async () => {
    expect((await t.command(ALICE, '/ritual', 'pause retro')).text).toMatch(/Paused/);
    await at(t, '2026-12-25T15:00:00Z');
    expect(retros()).toHaveLength(3);
    expect((await t.command(ALICE, '/ritual', 'resume retro')).text).toMatch(/back on/);
    expect((await t.command(ALICE, '/ritual', 'list')).text).toMatch(/retro\* — every Friday at 16:00/);
    expect((await t.command(ALICE, '/ritual', 'off retro')).text).toMatch(/no more retro posts/);
    expect((await t.command(ALICE, '/ritual', 'off retro')).text).toMatch(/There’s no retro/);
  });
});
void HOUR;
