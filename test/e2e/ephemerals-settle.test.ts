import { ALICE, BOB, CAROL, GENERAL, messageText, startE2E, type E2E } from '../helpers/e2e';

/**
 * "Only visible to you" messages settle too: Slack lets the app change them only through the click's
 * response_url, so the /outcome list and the /commit confirmation are replaced (replace_original)
 * once their action is done — never left with live buttons.
 */
describe('ephemeral messages that keep up', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  const actionIds = (m: { blocks?: unknown[] } | undefined) =>
    JSON.stringify(m?.blocks ?? [])
      .match(/"action_id":"[a-z_]+"/g)
      ?.map((a) => a.slice(13, -1)) ?? [];
  const ephemeral = (user: string, ts: string) =>
    t.standIn.ephemeralsFor(user, GENERAL).find((e) => e.message_ts === ts);

  it('a win from the /outcome list replaces the list with the confirmation and what is still open', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Draft the survey by Friday`); // D-1
    await t.command(CAROL, '/delegate', `<@${BOB}> Book the venue by Friday`); // D-2
    await t.command(BOB, '/outcome', '');
    const list = t.standIn.ephemeralsFor(BOB, GENERAL).at(-1)!;
    expect(actionIds(list).filter((a) => a === 'outcome_win')).toHaveLength(2);
    await t.slack.blockAction({
      userId: BOB,
      actionId: 'outcome_win',
      channelId: GENERAL,
      messageTs: list.message_ts,
      ephemeral: true,
      blockId: 'close_1',
    });
    await t.standIn.waitFor((s) => s.openModal(BOB));
    await t.slack.viewSubmission({ userId: BOB, inputs: { lesson: 'Asking early helped' } });
    const replaced = await t.standIn.waitFor((s) => {
      const e = s.ephemeralsFor(BOB, GENERAL).find((x) => x.message_ts === list.message_ts);
      return e && !JSON.stringify(e.blocks).includes('close_1') ? e : undefined;
    });
    expect(messageText(replaced)).toMatch(/D-1.*win/i);
    expect(messageText(replaced)).toMatch(/D-2 · Book the venue/); // still open, still closable
    expect(JSON.stringify(replaced.blocks)).not.toContain('close_1');
    expect(JSON.stringify(replaced.blocks)).toContain('close_2');
  });

  it('Done on the /commit confirmation replaces it: its buttons are gone', async () => {
    await t.command(BOB, '/commit', 'Send the notes by Friday');
    const confirmation = t.standIn.ephemeralsFor(BOB, GENERAL).at(-1)!;
    expect(actionIds(confirmation)).toContain('commitment_done');
    const reply = await t.click(BOB, 'commitment_done', {
      channel: GENERAL,
      ts: confirmation.message_ts,
      ephemeral: true,
    });
    expect(reply).toMatch(/kept/i);
    const now = ephemeral(BOB, confirmation.message_ts);
    expect(actionIds(now)).not.toContain('commitment_done');
  });
});
