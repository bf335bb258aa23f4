/**
 * A real Bolt 5 app between the signed sender and the stand-in: the whole loop a Trustloop end-to-end
 * test relies on (command → views.open with the trigger → view_submission → DM → button → respond,
 * Home tab on app_home_opened, signature refusals).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack-api';
import { createSlackSender, type SlackSender } from '../../../src/sandbox/slack-client';
import { silentLogger } from './helpers';

const SECRET = 'round-trip-secret';
const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0001';
const GENERAL = 'C0GENERAL';

const plain = (text: string) => ({ type: 'plain_text' as const, text });

function buildApp(standIn: SlackStandIn) {
  const app = new App({
    token: 'xoxb-test',
    signingSecret: SECRET,
    logger: silentLogger,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
  });
  const closed: string[] = [];

  app.command('/delegate', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'delegate',
        notify_on_close: true,
        private_metadata: body.channel_id,
        title: plain('Delegate'),
        submit: plain('Delegate'),
        blocks: [
          {
            type: 'input',
            block_id: 'task',
            label: plain('Task'),
            element: { type: 'plain_text_input', action_id: 'value' },
          },
          {
            type: 'input',
            block_id: 'owner',
            label: plain('Owner'),
            element: { type: 'users_select', action_id: 'value' },
          },
          {
            type: 'input',
            block_id: 'due',
            optional: true,
            label: plain('Due'),
            element: { type: 'datepicker', action_id: 'value' },
          },
        ],
      },
    });
  });

  app.view('delegate', async ({ ack, view, client }) => {
    const task = view.state.values.task.value.value ?? '';
    if (task === 'do stuff') {
      await ack({ response_action: 'errors', errors: { task: 'Say what “done” looks like.' } });
      return;
    }
    await ack();
    const owner = view.state.values.owner.value.selected_user ?? '';
    const due = view.state.values.due.value.selected_date ?? 'no date';
    await client.chat.postMessage({
      channel: owner,
      text: `New task: ${task}`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${task}* (due ${due})` } },
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'accept', text: plain('Accept'), value: task }],
        },
      ],
    });
  });

  app.view({ callback_id: 'delegate', type: 'view_closed' }, async ({ ack, body }) => {
    await ack();
    closed.push(body.view.id);
  });

  app.action('accept', async ({ ack, respond }) => {
    await ack();
    await respond({ replace_original: true, text: 'Accepted ✅' });
  });

  app.event('app_home_opened', async ({ event, client }) => {
    await client.views.publish({
      user_id: event.user,
      view: { type: 'home', blocks: [{ type: 'header', text: plain('Your open loops') }] },
    });
  });

  return { app, closed };
}

describe('Bolt app ⇄ signed sender ⇄ Slack stand-in', () => {
  let standIn: SlackStandIn;
  let bolt: ReturnType<typeof buildApp>;
  let slack: SlackSender;

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    bolt = buildApp(standIn);
    const server = (await bolt.app.start({ port: 0, host: '127.0.0.1' })) as Server;
    const { port } = server.address() as AddressInfo;
    slack = createSlackSender({
      appUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SECRET,
      standIn,
    });
  });
  afterAll(async () => {
    await bolt.app.stop();
    await standIn.close();
  });

  it('runs command → modal → validation errors → submission → DM → button → respond', async () => {
    const cmd = await slack.command({ command: '/delegate', userId: ALICE, channelId: GENERAL });
    expect(cmd).toMatchObject({ status: 200, body: '' });
    const modal = await standIn.waitFor((s) => s.openModal(ALICE));
    expect(modal).toMatchObject({ callback_id: 'delegate', private_metadata: GENERAL });

    // Slack's client does not even send a submission with a required field empty.
    const incomplete = await slack.viewSubmission({ userId: ALICE, inputs: { task: 'Write the doc' } });
    expect(incomplete).toMatchObject({
      sent: false,
      outcome: { kind: 'errors', errors: { owner: expect.any(String) } },
    });

    const vague = await slack.viewSubmission({ userId: ALICE, inputs: { task: 'do stuff', owner: BOB } });
    expect(vague.outcome).toEqual({ kind: 'errors', errors: { task: 'Say what “done” looks like.' } });
    expect(standIn.openModal(ALICE)?.id).toBe(modal.id);
    expect(standIn.viewErrors(modal.id)).toEqual({ task: 'Say what “done” looks like.' });

    const done = await slack.viewSubmission({
      userId: ALICE,
      inputs: { task: 'Write the doc', owner: BOB, due: '2026-12-04' },
    });
    expect(done.outcome).toEqual({ kind: 'closed' });
    expect(done.payload?.view).toMatchObject({
      state: {
        values: {
          task: { value: { type: 'plain_text_input', value: 'Write the doc' } },
          owner: { value: { type: 'users_select', selected_user: BOB } },
          due: { value: { type: 'datepicker', selected_date: '2026-12-04' } },
        },
      },
    });
    expect(standIn.openModal(ALICE)).toBeUndefined();

    const dm = await standIn.waitFor((s) => s.dmsTo(BOB).find((m) => m.text === 'New task: Write the doc'));
    const click = await slack.blockAction({
      userId: BOB,
      channelId: BOB,
      messageTs: dm.ts,
      actionId: 'accept',
    });
    expect(click.status).toBe(200);
    await standIn.waitFor((s) => s.dmsTo(BOB).find((m) => m.ts === dm.ts && m.text === 'Accepted ✅'));
    expect(standIn.responsePosts.map((p) => p.result)).toEqual(['ok']);
  });

  it('tells the app about a closed modal only when it asked for notify_on_close', async () => {
    await slack.command({ command: '/delegate', userId: ALICE, channelId: GENERAL });
    const modal = await standIn.waitFor((s) => s.openModal(ALICE));
    const closed = await slack.viewClosed({ userId: ALICE });
    expect(closed).toMatchObject({ sent: true, result: { status: 200 } });
    expect(bolt.closed).toContain(modal.id);
    expect(standIn.openModal(ALICE)).toBeUndefined();
  });

  it('publishes the Home tab when the user opens it', async () => {
    const res = await slack.event({ type: 'app_home_opened', user: ALICE });
    expect(res.status).toBe(200);
    const home = await standIn.waitFor((s) => s.homeView(ALICE));
    expect(home.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Your open loops' } });
  });

  it('is refused by Bolt when the signature is wrong, missing or stale, and answers url_verification', async () => {
    for (const opts of [
      { signature: 'invalid' as const },
      { signature: 'missing' as const },
      { timestampOffsetSec: -301 },
    ]) {
      const res = await slack.command({ command: '/delegate', userId: ALICE, channelId: GENERAL, ...opts });
      expect(res).toMatchObject({ status: 401, body: '' });
    }
    const verification = await slack.urlVerification();
    expect(verification).toMatchObject({ status: 200, body: { challenge: verification.challenge } });
  });
});
