import { ALICE, BOB, CAROL, GENERAL, messageText, startE2E, type E2E } from '../helpers/e2e';

/**
 * A message shows what happened to it: once its action is done — from that message, another one, a
 * command or the Home tab — its buttons give way to a status line, updated in place (chat.update).
 * And the leader can answer "Ask for a change": edit, reassign, cancel.
 */
describe('messages that keep up with the work', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  const dmAbout = (user: string, words: string) =>
    t.standIn.waitFor((s) => [...s.dmsTo(user)].reverse().find((m) => messageText(m).includes(words)));
  const buttons = (m: { blocks?: unknown[] } | undefined) =>
    JSON.stringify(m?.blocks ?? [])
      .match(/"action_id":"[a-z_]+"/g)
      ?.map((a) => a.slice(13, -1)) ?? [];
  const current = (user: string, ts: string) => t.standIn.dmsTo(user).find((m) => m.ts === ts);
  const ledger = async (ref: number) =>
    (
      await t.db.query<{ action: string }>(
        `select action from ledger_entries where subject = 'delegation' and subject_ref = $1 order by id`,
        [ref],
      )
    ).rows.map((r) => r.action);

  it('Accept updates the assignee’s DM in place: the button gives way to when it was accepted', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Draft the onboarding checklist by Friday`);
    const dm = await dmAbout(BOB, 'onboarding checklist');
    expect(buttons(dm)).toEqual(['delegation_accept', 'delegation_request_change']);
    const replies = await Promise.all(
      [1, 2].map(() => t.click(BOB, 'delegation_accept', { channel: BOB, ts: dm.ts })),
    );
    expect(
      replies.filter((r) => /You accepted \*D-1 · Draft the onboarding checklist\*\. /.test(r)),
    ).toHaveLength(1);
    expect(replies.filter((r) => /already, on Wed 25 Nov, 05:00/.test(r))).toHaveLength(1); // Bob is in New York
    await t.settle();
    const now = current(BOB, dm.ts)!;
    expect(messageText(now)).toContain('Accepted Wed 25 Nov, 05:00');
    expect(buttons(now)).toEqual(['delegation_request_change']); // asking for a change is still possible
    expect(t.standIn.messageUpdates().some((u) => u.ts === dm.ts)).toBe(true);
    expect(await ledger(1)).toEqual(['delegated', 'accepted']);
  });

  it('"Ask for a change" reaches the leader with Edit / Reassign / Cancel, and the assignee’s DM says it was asked', async () => {
    const dm = await dmAbout(BOB, 'onboarding checklist');
    await t.slack.blockAction({
      userId: BOB,
      actionId: 'delegation_request_change',
      channelId: BOB,
      messageTs: dm.ts,
    });
    await t.standIn.waitFor((s) => s.openModal(BOB));
    await t.slack.viewSubmission({ userId: BOB, inputs: { note: 'Could it be Monday instead?' } });
    t.standIn.closeView(BOB, t.standIn.openModal(BOB)!.id as string);
    await t.settle();
    const ask = await dmAbout(ALICE, 'Could it be Monday instead?');
    expect(buttons(ask)).toEqual(['delegation_edit', 'delegation_reassign', 'delegation_cancel']);
    expect(messageText(current(BOB, dm.ts))).toMatch(
      /You asked for a change .* — <@U0ALICE01> will get back to you/,
    );
    expect(buttons(current(BOB, dm.ts))).toEqual([]);
  });

  it('Edit opens the form with the current values; a new due date is shown as such to both people', async () => {
    const ask = await dmAbout(ALICE, 'Could it be Monday instead?');
    await t.slack.blockAction({
      userId: ALICE,
      actionId: 'delegation_edit',
      channelId: ALICE,
      messageTs: ask.ts,
    });
    const form = await t.standIn.waitFor((s) => s.openModal(ALICE));
    expect(JSON.stringify(form)).toContain('"initial_value":"Draft the onboarding checklist"');
    expect(JSON.stringify(form)).toContain('"initial_date":"2026-11-27"'); // Bob's Friday
    const r = await t.slack.viewSubmission({
      userId: ALICE,
      inputs: { due: { selected_date: '2026-11-30' } },
    });
    expect(r.outcome.kind).toBe('closed');
    const confirmation = await t.standIn.waitFor((s) =>
      s.dmsTo(ALICE).find((m) => messageText(m).includes('Saved *D-1')),
    );
    expect(messageText(confirmation)).toMatch(
      /Now due \*Tue 1 Dec, 00:00\* your time \(Mon 30 Nov, 18:00 for them\), was Sat 28 Nov, 00:00/,
    );
    await t.settle();
    const fresh = await dmAbout(BOB, 'Changed by your lead: D-1');
    expect(messageText(fresh)).toMatch(/was Fri 27 Nov, 18:00/);
    expect(buttons(fresh)).toEqual(['delegation_accept', 'delegation_request_change']);
    const old = t.standIn.dmsTo(BOB).find((m) => messageText(m).includes('New from your lead: D-1'))!;
    expect(messageText(old)).toMatch(/changed this — the new version is below/);
    expect(buttons(old)).toEqual([]);
    expect(messageText(current(ALICE, ask.ts))).toMatch(/You changed it — <@U0BOB0001> has the new version/);
    expect(await ledger(1)).toEqual(['delegated', 'accepted', 'change_requested', 'edited']);
  });

  it('Reassign: the first person is told kindly, the new one gets the DM, the ledger records both', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Book the offsite venue by Friday`); // D-2
    const first = await dmAbout(BOB, 'Book the offsite venue');
    const r = await t.command(ALICE, '/delegate', `D-2 reassign <@${CAROL}>`);
    expect(r.text).toMatch(/D-2 · Book the offsite venue\* is with <@U0CAROL01> now/);
    await t.settle();
    expect(messageText(await dmAbout(BOB, 'to <@U0CAROL01> instead'))).toMatch(
      /nothing here counts against you/,
    );
    expect(messageText(current(BOB, first.ts))).toMatch(/gave this to <@U0CAROL01> instead/);
    expect(buttons(current(BOB, first.ts))).toEqual([]);
    expect(buttons(await dmAbout(CAROL, 'Book the offsite venue'))).toEqual([
      'delegation_accept',
      'delegation_request_change',
    ]);
    expect(await ledger(2)).toEqual(['delegated', 'reassigned', 'delegated']);
  });

  it('Cancel: not a loss — the assignee is told, nothing is celebrated, no ladder changes', async () => {
    const dm = await dmAbout(CAROL, 'Book the offsite venue');
    const before = t.standIn.messagesIn(GENERAL).length;
    const r = await t.command(ALICE, '/delegate', 'D-2 cancel The venue found us first');
    expect(r.text).toMatch(/Cancelled \*D-2 · Book the offsite venue\*/);
    await t.settle();
    expect(messageText(await dmAbout(CAROL, 'cancelled *D-2'))).toMatch(
      /The venue found us first[\s\S]*counts against no one/,
    );
    expect(messageText(current(CAROL, dm.ts))).toMatch(
      /cancelled it .* — “The venue found us first”\. Not a loss/,
    );
    expect(t.standIn.messagesIn(GENERAL)).toHaveLength(before);
    const { rows } = await t.db.query<{ status: string }>(`select status from delegations where ref = 2`);
    expect(rows[0]!.status).toBe('cancelled');
    expect(await ledger(2)).toEqual(['delegated', 'reassigned', 'delegated', 'cancelled']);
  });

  it('only the leader may change work, and only while it is open', async () => {
    expect((await t.command(BOB, '/delegate', 'D-1 cancel mine now')).text).toMatch(
      /Only <@U0ALICE01>, who delegated \*D-1\*, can cancel it/,
    );
    expect((await t.command(ALICE, '/delegate', 'D-2 cancel again')).text).toMatch(
      /already closed \(cancelled\)/,
    );
    expect((await t.command(ALICE, '/delegate', `D-1 reassign <@${ALICE}>`)).text).toMatch(
      /Cancel it instead/,
    );
    expect(await ledger(1)).toEqual(['delegated', 'accepted', 'change_requested', 'edited']);
  });

  it('closing the work settles every message about it, in place', async () => {
    const fresh = await dmAbout(BOB, 'Changed by your lead: D-1');
    await t.command(BOB, '/outcome', 'D-1 win Asked the new hires what they missed');
    await t.settle();
    expect(messageText(current(BOB, fresh.ts))).toMatch(/Closed as a win/);
    expect(buttons(current(BOB, fresh.ts))).toEqual([]);
  });

  it('an update of a message someone deleted is left alone, without retries', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Tidy the wiki by Friday`); // D-3
    const dm = await dmAbout(BOB, 'Tidy the wiki');
    const res = await fetch(`${t.standIn.apiUrl}chat.delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-e2e-test' },
      body: JSON.stringify({ channel: dm.channel, ts: dm.ts }),
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    await t.click(BOB, 'delegation_accept', { channel: BOB, ts: dm.ts }).catch(() => undefined); // gone from Slack: nothing to click
    await t.command(ALICE, '/delegate', 'D-3 cancel Not needed');
    await t.settle();
    const { rows } = await t.db.query<{ status: string; last_error: string; attempts: number }>(
      `select status, last_error, attempts from outbox where idempotency_key = 'update:delegation:3:assigned'`,
    );
    expect(rows).toEqual([{ status: 'dropped', last_error: 'message_not_found', attempts: 1 }]);
  });
});
