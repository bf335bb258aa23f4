import { ALICE, BOB, CAROL, GENERAL, messageText, startE2E, type E2E } from '../helpers/e2e';

describe('the /delegate form, buttons and lesson modals', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('opens a form with every field when /delegate has no text', async () => {
    const r = await t.command(ALICE, '/delegate', '');
    expect(r.status).toBe(200);
    const modal = await t.standIn.waitFor((s) => s.openModal(ALICE));
    const blockIds = (modal.blocks as { block_id?: string }[]).map((b) => b.block_id);
    expect(blockIds).toEqual(expect.arrayContaining(['person', 'task', 'success', 'stakes', 'due', 'buffer', 'promises']));
  });

  it('shows errors under the fields and keeps the form open: a date in the past, yourself', async () => {
    const r = await t.slack.viewSubmission({
      userId: ALICE,
      inputs: { person: { selected_user: ALICE }, task: 'Draft the survey', due: { selected_date: '2026-11-20' } },
    });
    expect(r.outcome.kind).toBe('errors');
    const errors = (r.outcome as { errors: Record<string, string> }).errors;
    expect(errors.due).toMatch(/already ended/);
    expect(t.standIn.openModal(ALICE)).toBeDefined();
    const { rows } = await t.db.query<{ n: number }>('select count(*)::int as n from delegations');
    expect(rows[0]!.n).toBe(0);
  });

  it('makes the buffer required when the stakes jump past the person’s track record', async () => {
    const r = await t.slack.viewSubmission({
      userId: ALICE,
      inputs: { person: { selected_user: BOB }, task: 'Run the customer council', stakes: 'large', due: { selected_date: '2026-12-04' } },
    });
    expect(r.outcome.kind).toBe('errors');
    expect((r.outcome as { errors: Record<string, string> }).errors.buffer).toMatch(/step up.*safety net/);
  });

  it('delegates from the form, with a buffer and the leader’s promises, and confirms where /delegate was typed', async () => {
    const r = await t.slack.viewSubmission({
      userId: ALICE,
      inputs: {
        person: { selected_user: BOB },
        task: 'Run the customer council',
        success: 'Five customers say what they need & why',
        stakes: 'large',
        due: { selected_date: '2026-12-04' },
        buffer: 'I join the first session; we can move it a week',
        promises: 'I’ll send you the customer list by tomorrow\nReview your agenda by Monday',
      },
    });
    expect(r.outcome.kind).toBe('closed');
    const confirmation = await t.standIn.waitFor((s) => s.ephemeralsFor(ALICE).find((e) => messageText(e).includes('D-1')));
    const text = messageText(confirmation);
    expect(text).toContain('Fri 4 Dec, 18:00'); // the end of Bob’s working day, in his zone (issue 12)
    expect(text).toMatch(/C-1.*send you the customer list/);
    expect(text).toMatch(/C-2.*Review your agenda/);
    const { rows } = await t.db.query<{ owner_id: string; counterpart_id: string; delegation_ref: number }>(
      'select owner_id, counterpart_id, delegation_ref from commitments order by ref',
    );
    expect(rows).toEqual([
      { owner_id: ALICE, counterpart_id: BOB, delegation_ref: 1 },
      { owner_id: ALICE, counterpart_id: BOB, delegation_ref: 1 },
    ]);
    await t.settle();
    const dm = messageText(t.standIn.dmsTo(BOB).at(-1));
    expect(dm).toContain('Run the customer council');
    expect(dm).toContain('Five customers say what they need &amp; why');
    expect(dm).toContain('I join the first session');
    expect(dm).toMatch(/promises you/);
  });

  it('lets the assignee accept, and tells the leader once even on a double click', async () => {
    const dm = t.standIn.dmsTo(BOB).at(-1)!;
    for (let i = 0; i < 2; i++) {
      expect(await t.click(BOB, 'delegation_accept', { channel: BOB, ts: dm.ts })).toMatch(/You accepted \*D-1/);
    }
    await t.settle();
    const notes = t.standIn.dmsTo(ALICE).filter((m) => messageText(m).includes('accepted'));
    expect(notes).toHaveLength(1);
    const { rows } = await t.db.query<{ n: number }>(`select count(*)::int as n from ledger_entries where action = 'accepted'`);
    expect(rows[0]!.n).toBe(1);
  });

  it('lets the assignee ask for a change; the note reaches the leader as a DM', async () => {
    const dm = t.standIn.dmsTo(BOB).find((m) => messageText(m).includes('Run the customer council'))!;
    await t.slack.blockAction({ userId: BOB, actionId: 'delegation_request_change', channelId: BOB, messageTs: dm.ts });
    const modal = await t.standIn.waitFor((s) => s.openModal(BOB));
    expect(JSON.stringify(modal.title)).toContain('Change D-1');
    const r = await t.slack.viewSubmission({ userId: BOB, inputs: { note: 'Could we make it two sessions?' } });
    expect(r.outcome.kind).toBe('updated'); // a short "sent" view in place of the form
    t.standIn.closeView(BOB, t.standIn.openModal(BOB)!.id as string); // Bob closes it
    await t.settle();
    expect(messageText(t.standIn.dmsTo(ALICE).at(-1))).toContain('Could we make it two sessions?');
  });

  it('lists open delegations with Win / Loss buttons for /outcome with no text', async () => {
    const r = await t.command(BOB, '/outcome', '');
    expect(r.text).toContain('D-1');
    expect(JSON.stringify(r.body)).toContain('outcome_win');
    expect(JSON.stringify(r.body)).toContain('outcome_loss');
  });

  it('closes as a loss from the button: the lesson modal requires the lesson, then celebrates in the channel', async () => {
    const list = await t.slack.command({ command: '/outcome', text: '', userId: BOB, channelId: GENERAL });
    void list;
    const eph = t.standIn.ephemeralsFor(BOB).at(-1)!;
    await t.slack.blockAction({ userId: BOB, actionId: 'outcome_loss', channelId: GENERAL, messageTs: eph.message_ts, ephemeral: true, blockId: 'close_1' });
    const modal = await t.standIn.waitFor((s) => s.openModal(BOB));
    expect(JSON.stringify(modal)).toContain('didn’t land');
    const empty = await t.slack.viewSubmission({ userId: BOB, inputs: { lesson: '' } });
    expect(empty.outcome.kind).toBe('errors');
    const done = await t.slack.viewSubmission({ userId: BOB, inputs: { lesson: 'Start recruiting customers two weeks earlier' } });
    expect(done.outcome.kind).toBe('closed');
    await t.settle();
    const post = messageText(t.standIn.messagesIn(GENERAL).at(-1));
    expect(post).toMatch(/loss worth learning from/);
    expect(post).toContain('Start recruiting customers two weeks earlier');
    expect(post).toContain('1 loss at large');
  });

  it('does not let someone else open the lesson modal for a delegation', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Book the venue`);
    const list = await t.slack.command({ command: '/outcome', text: '', userId: ALICE, channelId: GENERAL });
    void list;
    const eph = t.standIn.ephemeralsFor(ALICE).at(-1)!;
    // Carol presses a button she could never see; the app still checks who she is
    const r = await t.slack.blockAction({ userId: CAROL, actionId: 'outcome_win', channelId: GENERAL, messageTs: eph.message_ts, ephemeral: true, blockId: 'close_2' }).catch((e: Error) => e);
    void r;
    const { rows } = await t.db.query<{ status: string }>('select status from delegations where ref = 2');
    expect(rows[0]!.status).toBe('open');
    expect(t.standIn.openModal(CAROL)).toBeUndefined();
  });
});
