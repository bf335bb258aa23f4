import { ALICE, BOB, GENERAL, messageText, startE2E, type E2E } from '../helpers/e2e';

type Input = { block_id?: string; element?: { initial_value?: string; initial_user?: string } };

/**
 * Meet people where the work starts: "Delegate this…" and "Make this a promise…" on a message open the
 * forms prefilled from it (its text neutralised, its author as the person), with a link back to the
 * message kept with the delegation; "New delegation" / "New promise" open the same forms from anywhere.
 */
describe('message and global shortcuts', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  const initial = (view: { blocks: unknown[] }, id: string) =>
    (view.blocks as Input[]).find((b) => b.block_id === id)?.element;

  it('"Delegate this…" prefills the task, the rest as success, the author as assignee — with no @channel left', async () => {
    const msg = t.standIn.postUserMessage({
      channel: GENERAL,
      user: BOB,
      text: '<!channel> Can someone update the <https://evil.example|pricing page> before Friday?\nIt should show the new tiers.',
    });
    await t.slack.messageShortcut({
      userId: ALICE,
      callbackId: 'delegate_this',
      channelId: GENERAL,
      messageTs: msg.ts,
    });
    const form = await t.standIn.waitFor((s) => s.openModal(ALICE));
    expect(initial(form, 'task')?.initial_value).toBe(
      '@channel Can someone update the pricing page (https://evil.example) before Friday?',
    );
    expect(initial(form, 'success')?.initial_value).toBe('It should show the new tiers.');
    expect(initial(form, 'person')?.initial_user).toBe(BOB);
    const meta = JSON.parse(form.private_metadata as string) as {
      channelId: string;
      sourcePermalink: string;
    };
    expect(meta.channelId).toBe(GENERAL);
    expect(meta.sourcePermalink).toMatch(/^https:\/\//);
  });

  it('the delegation keeps the link back to the message: the assignee’s DM shows it', async () => {
    const r = await t.slack.viewSubmission({
      userId: ALICE,
      inputs: { due: { selected_date: '2026-12-04' } },
    });
    expect(r.outcome.kind).toBe('closed');
    await t.settle();
    const dm = [...t.standIn.dmsTo(BOB)].reverse().find((m) => messageText(m).includes('pricing page'))!;
    expect(JSON.stringify(dm.blocks)).toMatch(/Given from <https:\/\/[^|]+\|a message>/);
    expect(messageText(dm)).not.toContain('<!channel>');
    const { rows } = await t.db.query<{ source_permalink: string }>(
      'select source_permalink from delegations',
    );
    expect(rows[0]!.source_permalink).toMatch(/^https:\/\//);
  });

  it('"Make this a promise…" opens the promise form owed to the author', async () => {
    const msg = t.standIn.postUserMessage({
      channel: GENERAL,
      user: BOB,
      text: 'Could you send me the Q3 numbers?',
    });
    await t.slack.messageShortcut({
      userId: ALICE,
      callbackId: 'promise_this',
      channelId: GENERAL,
      messageTs: msg.ts,
    });
    const form = await t.standIn.waitFor((s) => {
      const v = s.openModal(ALICE);
      return v && v.callback_id === 'commit_modal' ? v : undefined;
    });
    expect(initial(form, 'what')?.initial_value).toBe('Could you send me the Q3 numbers?');
    expect(initial(form, 'person')?.initial_user).toBe(BOB);
    t.standIn.closeView(ALICE, form.id as string);
  });

  it('on your own message, nobody is picked for you', async () => {
    const msg = t.standIn.postUserMessage({
      channel: GENERAL,
      user: ALICE,
      text: 'Note to self: book the venue',
    });
    await t.slack.messageShortcut({
      userId: ALICE,
      callbackId: 'delegate_this',
      channelId: GENERAL,
      messageTs: msg.ts,
    });
    const form = await t.standIn.waitFor((s) => {
      const v = s.openModal(ALICE);
      return v && initial(v, 'task')?.initial_value === 'Note to self: book the venue' ? v : undefined;
    });
    expect(initial(form, 'person')?.initial_user).toBeUndefined();
    t.standIn.closeView(ALICE, form.id as string);
  });

  it('"New delegation" from anywhere asks where to celebrate, and delegates', async () => {
    await t.slack.globalShortcut({ userId: ALICE, callbackId: 'new_delegation' });
    const form = await t.standIn.waitFor((s) => s.openModal(ALICE));
    expect((form.blocks as Input[]).some((b) => b.block_id === 'channel')).toBe(true);
    const r = await t.slack.viewSubmission({
      userId: ALICE,
      inputs: {
        person: { selected_user: BOB },
        task: 'Draft the launch note',
        channel: { selected_conversation: GENERAL },
        due: { selected_date: '2026-12-04' },
      },
    });
    expect(r.outcome.kind).toBe('closed');
    const { rows } = await t.db.query<{ channel_id: string }>(
      `select channel_id from delegations where title = 'Draft the launch note'`,
    );
    expect(rows[0]!.channel_id).toBe(GENERAL);
  });
});
