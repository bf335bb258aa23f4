/**
 * Socket Mode, proven with Bolt's real SocketModeReceiver against the stand-in's WebSocket server:
 * apps.connections.open with the app-level token, hello, a slash command acked with a body, an event,
 * an interaction, and Slack's "disconnect, refresh_requested" after which Bolt reconnects by itself.
 */
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack-api';
import { createSlackSender, type SlackSender } from '../../../src/sandbox/slack-client';
import { platformError, silentLogger } from './helpers';

const APP_TOKEN = 'xapp-1-A0TRUSTLOOP-socket-test';
const ALICE = 'U0ALICE01';
const GENERAL = 'C0GENERAL';

describe('Socket Mode against the stand-in', () => {
  let standIn: SlackStandIn;
  let app: App;
  let slack: SlackSender;
  const seen: string[] = [];

  beforeAll(async () => {
    standIn = await startSlackStandIn({ appToken: APP_TOKEN });
    const clientOptions = { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } };
    const receiver = new SocketModeReceiver({
      appToken: APP_TOKEN,
      // The reconnect after a disconnect waits this long (SocketModeClient: clientPingTimeout × attempts).
      clientPingTimeout: 2000,
      logger: silentLogger,
      logLevel: LogLevel.ERROR,
      installerOptions: { clientOptions },
    });
    app = new App({ token: 'xoxb-socket-test', receiver, logger: silentLogger, logLevel: LogLevel.ERROR, clientOptions });
    app.command('/delegate', async ({ ack, command }) => {
      seen.push(`command:${command.text}`);
      await ack({
        response_type: 'ephemeral',
        text: `Got it: ${command.text}`,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `Got it: ${command.text}` } },
          { type: 'actions', elements: [{ type: 'button', action_id: 'confirm', text: { type: 'plain_text', text: 'Confirm' }, value: 'yes' }] },
        ],
      });
    });
    app.action('confirm', async ({ ack, respond, body }) => {
      await ack();
      seen.push(`action:${body.user.id}`);
      await respond({ replace_original: true, text: 'Confirmed ✅' });
    });
    app.event('app_home_opened', async ({ event, client }) => {
      seen.push(`event:${event.user}`);
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Your Home' } }] },
      });
    });
    await app.start();
    slack = createSlackSender({ transport: 'socket', signingSecret: 'unused-over-sockets', standIn });
  });

  afterAll(async () => {
    await app.stop();
    await standIn.close();
  });

  it('connects with the app-level token and says hello', async () => {
    await standIn.socketMode.waitForConnections(1);
    const open = standIn.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ ok: true, token: APP_TOKEN, tokenKind: 'app' });
  });

  it('delivers a slash command and shows the ack body, then the button click answered through response_url', async () => {
    const r = await slack.command({ command: '/delegate', text: 'Draft the survey', userId: ALICE, channelId: GENERAL });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ text: 'Got it: Draft the survey' });
    const shown = standIn.ephemeralsFor(ALICE, GENERAL);
    expect(shown.at(-1)?.text).toBe('Got it: Draft the survey');

    const click = await slack.blockAction({
      userId: ALICE,
      actionId: 'confirm',
      channelId: GENERAL,
      messageTs: shown.at(-1)?.message_ts,
      ephemeral: true,
    });
    expect(click.status).toBe(200);
    await standIn.waitFor((s) => s.ephemeralsFor(ALICE, GENERAL).find((e) => e.text === 'Confirmed ✅'));
    // The ack of each envelope went back on the socket with its envelope_id.
    expect(standIn.socketMode.received.length).toBeGreaterThanOrEqual(2);
  });

  it('delivers an Events API event, acked at once, whose listener calls the Web API', async () => {
    const r = await slack.event({ type: 'app_home_opened', user: ALICE });
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    await standIn.waitFor((s) => s.homeView(ALICE));
    expect(seen).toContain(`event:${ALICE}`);
  });

  it('reconnects through apps.connections.open after Slack asks for a refresh, and keeps working', async () => {
    await standIn.socketMode.requestRefresh();
    await standIn.waitFor((s) => s.callsTo('apps.connections.open').length >= 2 && s.socketMode.connectionCount >= 1, 15_000);
    const r = await slack.command({ command: '/delegate', text: 'after the refresh', userId: ALICE, channelId: GENERAL });
    expect(r.body).toMatchObject({ text: 'Got it: after the refresh' });
    expect(seen).toEqual(
      expect.arrayContaining(['command:Draft the survey', `action:${ALICE}`, 'command:after the refresh']),
    );
  });

  it('refuses apps.connections.open without an app-level token in the Authorization header', async () => {
    const open = (token: string) => new WebClient(token, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger });
    expect((await platformError(open('xoxb-not-an-app-token').apps.connections.open())).data.error).toBe('not_allowed_token_type');
    const inBody = await fetch(`${standIn.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${APP_TOKEN}`,
    });
    expect(await inBody.json()).toEqual({ ok: false, error: 'not_authed' });
    // And an app-level token is not a bot token.
    expect((await platformError(open(APP_TOKEN).auth.test())).data.error).toBe('not_allowed_token_type');
  });
});
