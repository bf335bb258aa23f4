/** response_url behaviour of the stand-in, posted to the way Bolt's `respond()` does (JSON over fetch). */
import { startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack-api';
import { clientFor, manualClock } from './helpers';

const ALICE = 'U0ALICE01';
const GENERAL = 'C0GENERAL';

describe('response_url', () => {
  const clock = manualClock();
  let standIn: SlackStandIn;

  beforeAll(async () => {
    standIn = await startSlackStandIn({ now: clock.now });
  });
  afterAll(async () => {
    await standIn.close();
  });
  beforeEach(() => standIn.reset());

  const respond = async (url: string, body: unknown) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };

  it('answers ephemerally by default and in the channel on request', async () => {
    const url = standIn.newResponseUrl({ channel: GENERAL, user: ALICE });
    expect(await respond(url, { text: 'for you' })).toEqual({ status: 200, text: 'ok' });
    expect(await respond(url, { response_type: 'in_channel', text: 'for all' })).toEqual({
      status: 200,
      text: 'ok',
    });
    expect(standIn.ephemeralsFor(ALICE, GENERAL).map((e) => e.text)).toEqual(['for you']);
    expect(standIn.messagesIn(GENERAL)).toEqual([
      expect.objectContaining({ text: 'for all', bot_id: standIn.botId }),
    ]);
    expect(standIn.responsePosts.map((p) => p.result)).toEqual(['ok', 'ok']);
  });

  it('replaces and deletes the message an action came from', async () => {
    const posted = await clientFor(standIn).chat.postMessage({ channel: GENERAL, text: 'Approve?' });
    const url = standIn.newResponseUrl({ channel: GENERAL, user: ALICE, messageTs: posted.ts });
    await respond(url, { replace_original: true, text: 'Approved ✅' });
    expect(standIn.messagesIn(GENERAL)).toEqual([
      expect.objectContaining({ ts: posted.ts, text: 'Approved ✅' }),
    ]);
    await respond(url, { delete_original: true });
    expect(standIn.messagesIn(GENERAL)).toEqual([]);
  });

  it('replaces an ephemeral original in place', async () => {
    const eph = await clientFor(standIn).chat.postEphemeral({
      channel: GENERAL,
      user: ALICE,
      text: 'pick one',
    });
    const url = standIn.newResponseUrl({
      channel: GENERAL,
      user: ALICE,
      messageTs: eph.message_ts,
      isEphemeral: true,
    });
    await respond(url, { replace_original: true, text: 'picked' });
    expect(standIn.ephemeralsFor(ALICE).map((e) => e.text)).toEqual(['picked']);
  });

  it('works 5 times, then answers 404 used_url', async () => {
    const url = standIn.newResponseUrl({ channel: GENERAL, user: ALICE });
    for (let i = 0; i < 5; i++) expect((await respond(url, { text: `#${i}` })).status).toBe(200);
    expect(await respond(url, { text: 'sixth' })).toEqual({ status: 404, text: 'used_url' });
    expect(standIn.ephemeralsFor(ALICE)).toHaveLength(5);
  });

  it('expires after 30 minutes', async () => {
    const url = standIn.newResponseUrl({ channel: GENERAL, user: ALICE });
    clock.advance(30 * 60 * 1000 + 1);
    expect(await respond(url, { text: 'late' })).toEqual({ status: 404, text: 'expired_url' });
  });

  it('refuses unknown urls, empty messages and invalid blocks with webhook-style errors', async () => {
    expect(await respond(`${standIn.baseUrl}/response/T0TEAM1/1/nope`, { text: 'x' })).toEqual({
      status: 404,
      text: 'no_service',
    });
    const url = standIn.newResponseUrl({ channel: GENERAL, user: ALICE });
    expect(await respond(url, {})).toEqual({ status: 400, text: 'no_text' });
    expect(
      await respond(url, {
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      }),
    ).toEqual({
      status: 400,
      text: 'invalid_blocks',
    });
  });

  it('emits a change event per post and can fail on purpose', async () => {
    const url = standIn.newResponseUrl({ channel: GENERAL, user: ALICE });
    const seen = standIn.waitFor((s) => s.responsePosts.find((p) => p.status === 500));
    standIn.failNext('response_url', 1, { status: 500 });
    expect((await respond(url, { text: 'x' })).status).toBe(500);
    await expect(seen).resolves.toMatchObject({ result: 'internal_error' });
    expect((await respond(url, { text: 'x' })).status).toBe(200);
  });
});
