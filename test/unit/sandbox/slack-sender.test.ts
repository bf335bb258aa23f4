/**
 * The signed sender, checked against Slack's official signature test vector and against Bolt's own
 * verification function, with a bare HTTP "app" that records exactly what arrives.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest, verifySlackRequest } from '@slack/bolt';
import { startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack-api';
import { createSlackSender, signRequest, type SlackSender } from '../../../src/sandbox/slack-client';

const SECRET = 'test-signing-secret';
const ALICE = 'U0ALICE01';
const GENERAL = 'C0GENERAL';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A stand-in "app": records requests and answers with whatever the test queued (default empty 200). */
async function startRecorder() {
  const received: Received[] = [];
  const answers: { status: number; body: string; type?: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? { status: 200, body: '' };
      res.writeHead(answer.status, answer.type ? { 'Content-Type': answer.type } : {});
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return {
    url,
    received,
    answer: (status: number, body: unknown) =>
      answers.push(
        typeof body === 'string'
          ? { status, body }
          : { status, body: JSON.stringify(body), type: 'application/json' },
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function verify(r: Received, secret = SECRET): boolean {
  return isValidSlackRequest({
    signingSecret: secret,
    body: r.body,
    headers: {
      'x-slack-signature': String(r.headers['x-slack-signature']),
      'x-slack-request-timestamp': Number(r.headers['x-slack-request-timestamp']),
    },
  });
}

function payloadOf(r: Received): Record<string, unknown> {
  return JSON.parse(new URLSearchParams(r.body).get('payload') ?? '{}') as Record<string, unknown>;
}

describe('signRequest', () => {
  it('reproduces Slack’s documented test vector', () => {
    // docs: api.slack.com/docs/verifying-requests-from-slack (as used in bolt-js ExpressReceiver.spec.ts).
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signRequest(body, '8f742231b10e8888abcd99yyyzzz85a5', 1531420618)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });
});

describe('createSlackSender against a recording app', () => {
  let standIn: SlackStandIn;
  let app: Awaited<ReturnType<typeof startRecorder>>;
  let slack: SlackSender;

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    app = await startRecorder();
    slack = createSlackSender({ appUrl: app.url, signingSecret: SECRET, standIn });
  });
  afterAll(async () => {
    await app.close();
    await standIn.close();
  });
  beforeEach(() => {
    standIn.reset();
    app.received.length = 0;
  });

  it('sends slash commands form-encoded with every field Slack sends, signed so Bolt accepts it', async () => {
    const res = await slack.command({
      command: '/delegate',
      text: 'write the doc @bob by Friday',
      userId: ALICE,
      channelId: GENERAL,
    });
    expect(res.status).toBe(200);
    const [req] = app.received;
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(() =>
      verifySlackRequest({
        signingSecret: SECRET,
        body: req.body,
        headers: {
          'x-slack-signature': String(req.headers['x-slack-signature']),
          'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
        },
      }),
    ).not.toThrow();
    const form = Object.fromEntries(new URLSearchParams(req.body));
    expect(form).toEqual({
      token: expect.any(String),
      team_id: 'T0TEAM1',
      team_domain: standIn.teamDomain,
      channel_id: GENERAL,
      channel_name: 'general',
      user_id: ALICE,
      user_name: 'alice',
      command: '/delegate',
      text: 'write the doc @bob by Friday',
      api_app_id: standIn.appId,
      is_enterprise_install: 'false',
      response_url: res.responseUrl,
      trigger_id: res.triggerId,
    });
    expect(res.responseUrl.startsWith(`${standIn.baseUrl}/response/`)).toBe(true);
    expect(res.triggerId).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
  });

  it('gives commands from the app DM the DM channel id and channel_name=directmessage', async () => {
    await slack.command({ command: '/commit', userId: ALICE, channelId: ALICE });
    const form = new URLSearchParams(app.received[0].body);
    expect(form.get('channel_id')).toBe(standIn.conversation(ALICE)?.id);
    expect(form.get('channel_name')).toBe('directmessage');
  });

  it('signs badly, without headers, or with stale/future timestamps on request', async () => {
    await slack.command({ command: '/x', userId: ALICE, channelId: GENERAL, signature: 'invalid' });
    await slack.command({ command: '/x', userId: ALICE, channelId: GENERAL, signature: 'missing' });
    await slack.command({ command: '/x', userId: ALICE, channelId: GENERAL, timestampOffsetSec: -301 });
    await slack.command({ command: '/x', userId: ALICE, channelId: GENERAL, timestampOffsetSec: 600 });
    const [bad, missing, stale, future] = app.received;
    expect(verify(bad)).toBe(false);
    expect(missing.headers['x-slack-signature']).toBeUndefined();
    expect(verify(stale)).toBe(false);
    // Bolt only rejects timestamps in the past (slack-platform.md §2).
    expect(verify(future)).toBe(true);
  });

  it('shows the app’s immediate command answer like Slack: text is ephemeral, in_channel posts', async () => {
    app.answer(200, 'Only you can see this');
    await slack.command({ command: '/x', userId: ALICE, channelId: GENERAL });
    expect(standIn.ephemeralsFor(ALICE, GENERAL).map((e) => e.text)).toEqual(['Only you can see this']);
    app.answer(200, { response_type: 'in_channel', text: 'Everyone sees this' });
    await slack.command({ command: '/x', text: 'go', userId: ALICE, channelId: GENERAL });
    expect(standIn.messagesIn(GENERAL).map((m) => [m.user, m.text])).toEqual([
      [ALICE, '/x go'],
      [standIn.botUserId, 'Everyone sees this'],
    ]);
  });

  it('sends block_actions from a message with container, message, response_url and a trigger', async () => {
    const posted = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer xoxb-test' },
      body: JSON.stringify({
        channel: GENERAL,
        text: 'Approve?',
        blocks: [
          {
            type: 'actions',
            block_id: 'decide',
            elements: [
              {
                type: 'button',
                action_id: 'approve',
                text: { type: 'plain_text', text: 'Approve' },
                value: 'd-42',
                style: 'primary',
              },
              {
                type: 'static_select',
                action_id: 'pick',
                placeholder: { type: 'plain_text', text: 'Pick' },
                options: [
                  { text: { type: 'plain_text', text: 'One' }, value: '1' },
                  { text: { type: 'plain_text', text: 'Two' }, value: '2' },
                ],
              },
            ],
          },
        ],
      }),
    }).then((r) => r.json() as Promise<{ ts: string }>);

    const click = await slack.blockAction({
      userId: ALICE,
      channelId: GENERAL,
      messageTs: posted.ts,
      actionId: 'approve',
    });
    expect(verify(app.received[0])).toBe(true);
    expect(app.received[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    const payload = payloadOf(app.received[0]);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: ALICE, username: 'alice', team_id: 'T0TEAM1' },
      team: { id: 'T0TEAM1' },
      container: { type: 'message', message_ts: posted.ts, channel_id: GENERAL, is_ephemeral: false },
      channel: { id: GENERAL, name: 'general' },
      message: { ts: posted.ts, text: 'Approve?', bot_id: standIn.botId },
      response_url: click.responseUrl,
      trigger_id: click.triggerId,
      actions: [
        { type: 'button', action_id: 'approve', block_id: 'decide', value: 'd-42', style: 'primary' },
      ],
    });

    await slack.blockAction({
      userId: ALICE,
      channelId: GENERAL,
      messageTs: posted.ts,
      actionId: 'pick',
      input: '2',
    });
    expect(payloadOf(app.received[1]).actions).toEqual([
      expect.objectContaining({
        type: 'static_select',
        selected_option: { text: { type: 'plain_text', text: 'Two' }, value: '2' },
      }),
    ]);
    await expect(
      slack.blockAction({ userId: ALICE, channelId: GENERAL, messageTs: posted.ts, actionId: 'gone' }),
    ).rejects.toThrow(/no element with action_id gone/);
  });

  it('sends block_actions from a modal and the Home tab with a view container and no response_url', async () => {
    const api = (method: string, body: unknown) =>
      fetch(`${standIn.apiUrl}${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer xoxb-test' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ ok: boolean; view: { id: string } }>);
    const opened = await api('views.open', {
      trigger_id: standIn.newTriggerId(ALICE),
      view: {
        type: 'modal',
        callback_id: 'rate',
        title: { type: 'plain_text', text: 'Rate' },
        submit: { type: 'plain_text', text: 'Send' },
        blocks: [
          {
            type: 'input',
            block_id: 'score',
            dispatch_action: true,
            label: { type: 'plain_text', text: 'Score' },
            element: {
              type: 'radio_buttons',
              action_id: 'pick',
              options: [
                { text: { type: 'plain_text', text: 'Good' }, value: 'good' },
                { text: { type: 'plain_text', text: 'Bad' }, value: 'bad' },
              ],
            },
          },
        ],
      },
    });
    expect(opened.ok).toBe(true);
    const res = await slack.blockAction({
      userId: ALICE,
      view: 'modal',
      actionId: 'pick',
      selectedOption: 'good',
    });
    expect(res.responseUrl).toBeUndefined();
    const payload = payloadOf(app.received[0]);
    expect(payload).toMatchObject({
      container: { type: 'view', view_id: opened.view.id },
      view: {
        id: opened.view.id,
        state: { values: { score: { pick: { type: 'radio_buttons', selected_option: { value: 'good' } } } } },
      },
      actions: [
        { type: 'radio_buttons', action_id: 'pick', block_id: 'score', selected_option: { value: 'good' } },
      ],
    });
    expect(payload.channel).toBeUndefined();
    expect(payload.response_url).toBeUndefined();
    // The pick stays in the modal's state, so a later submission carries it.
    const submitted = await slack.viewSubmission({ userId: ALICE });
    expect(submitted.payload?.view).toMatchObject({
      state: { values: { score: { pick: { selected_option: { value: 'good' } } } } },
    });
    expect(submitted.outcome).toEqual({ kind: 'closed' });

    await api('views.publish', {
      user_id: ALICE,
      view: {
        type: 'home',
        blocks: [
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'refresh', text: { type: 'plain_text', text: 'Refresh' } },
            ],
          },
        ],
      },
    });
    await slack.blockAction({ userId: ALICE, view: 'home', actionId: 'refresh' });
    expect(payloadOf(app.received[2])).toMatchObject({
      container: { type: 'view', view_id: standIn.homeView(ALICE)?.id },
      view: { type: 'home' },
      actions: [{ type: 'button', action_id: 'refresh' }],
    });
  });

  it('sends the Events API envelope as JSON, and url_verification', async () => {
    const res = await slack.event(
      { type: 'app_home_opened', user: ALICE },
      { retryNum: 1, retryReason: 'http_timeout' },
    );
    const [req] = app.received;
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-slack-retry-num']).toBe('1');
    expect(verify(req)).toBe(true);
    expect(JSON.parse(req.body)).toMatchObject({
      type: 'event_callback',
      team_id: 'T0TEAM1',
      api_app_id: standIn.appId,
      event_id: res.eventId,
      event_time: expect.any(Number),
      authorizations: [{ team_id: 'T0TEAM1', user_id: standIn.botUserId, is_bot: true }],
      event: { type: 'app_home_opened', user: ALICE, tab: 'home', channel: standIn.conversation(ALICE)?.id },
    });
    expect(JSON.parse(req.body).event.view).toBeUndefined();

    app.answer(200, { challenge: 'echo' });
    const challenge = await slack.urlVerification();
    expect(JSON.parse(app.received[1].body)).toEqual({
      token: expect.any(String),
      challenge: challenge.challenge,
      type: 'url_verification',
    });
  });

  it('reports an app that does not answer in time as Slack would (no status, timed out)', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const slow = createSlackSender({
        appUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`,
        signingSecret: SECRET,
        standIn,
        timeoutMs: 50,
      });
      const res = await slow.command({ command: '/x', userId: ALICE, channelId: GENERAL });
      expect(res).toMatchObject({ status: 0, timedOut: true, error: 'operation_timeout' });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
