/**
 * The parts of Slack the next features need, played by the stand-in as Slack plays them: messages
 * updated in place (and refused when they cannot be), permalinks, file uploads the way
 * `WebClient.filesUploadV2` makes them, people's roles and Slack Connect fields, custom workflow steps
 * completed with the event's own token, and message / global shortcuts through a real Bolt app.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack-api';
import { createSlackSender, type SlackSender } from '../../../src/sandbox/slack-client';
import { clientFor, platformError, silentLogger } from './helpers';

const SECRET = 'surfaces-secret';
const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0001';
const GENERAL = 'C0GENERAL';
const plain = (text: string) => ({ type: 'plain_text' as const, text });

describe('Web API methods for the next features', () => {
  let standIn: SlackStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn({});
  });
  afterAll(() => standIn.close());

  it('records chat.update in place and refuses messages that do not exist or are not the app’s', async () => {
    const web = clientFor(standIn);
    const posted = await web.chat.postMessage({ channel: GENERAL, text: 'Accept?', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Accept?' } }] });
    const ts = posted.ts ?? '';
    await web.chat.update({ channel: GENERAL, ts, text: '✅ Accepted', blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: '✅ Accepted' }] }] });
    const updates = standIn.messageUpdates(GENERAL, ts);
    expect(updates).toHaveLength(1);
    expect(updates[0].previous.text).toBe('Accept?');
    expect(updates[0].message.text).toBe('✅ Accepted');
    expect(standIn.messagesIn(GENERAL).find((m) => m.ts === ts)?.edited).toBeDefined();

    expect((await platformError(web.chat.update({ channel: GENERAL, ts: '1700000000.000001', text: 'x' }))).data.error).toBe('message_not_found');
    const human = standIn.postUserMessage({ channel: GENERAL, user: BOB, text: 'my own words' });
    expect((await platformError(web.chat.update({ channel: GENERAL, ts: human.ts, text: 'x' }))).data.error).toBe('cant_update_message');
    expect(standIn.messageUpdates(GENERAL)).toHaveLength(1);
  });

  it('answers chat.getPermalink with the message’s link, thread replies included', async () => {
    const web = clientFor(standIn);
    const parent = await web.chat.postMessage({ channel: GENERAL, text: 'parent' });
    const reply = await web.chat.postMessage({ channel: GENERAL, text: 'reply', thread_ts: parent.ts });
    const link = await web.chat.getPermalink({ channel: GENERAL, message_ts: parent.ts ?? '' });
    expect(link).toMatchObject({
      ok: true,
      channel: GENERAL,
      permalink: `https://trustloop-sandbox.slack.com/archives/${GENERAL}/p${(parent.ts ?? '').replace('.', '')}`,
    });
    const replyLink = await web.chat.getPermalink({ channel: GENERAL, message_ts: reply.ts ?? '' });
    expect(replyLink.permalink).toContain(`?thread_ts=${parent.ts}&cid=${GENERAL}`);
    expect((await platformError(web.chat.getPermalink({ channel: GENERAL, message_ts: '1.2' }))).data.error).toBe('message_not_found');
    expect((await platformError(web.chat.getPermalink({ channel: 'G0SECRET1', message_ts: parent.ts ?? '' }))).data.error).toBe('channel_not_found');
  });

  it('stores a file uploaded with filesUploadV2 and shares it where asked', async () => {
    const web = clientFor(standIn);
    const dm = standIn.dmChannelFor(ALICE);
    const csv = Buffer.from('kind,ref,title\ndelegation,D-1,Draft the survey\n', 'utf8');
    const result = await web.filesUploadV2({
      channel_id: dm,
      file: csv,
      filename: 'trustloop-export.csv',
      title: 'Your Trustloop history',
      initial_comment: 'Here is your export',
    });
    expect(result.ok).toBe(true);
    expect(standIn.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(standIn.callsTo('files.completeUploadExternal')).toHaveLength(1);
    const [file] = standIn.files();
    expect(file).toMatchObject({ name: 'trustloop-export.csv', title: 'Your Trustloop history', completed: true, channels: [dm], mimetype: 'text/csv' });
    expect(file.bytes?.equals(csv)).toBe(true);
    const shared = standIn.dmsTo(ALICE).at(-1);
    expect(shared?.text).toBe('Here is your export');
    expect(shared?.files?.[0]).toMatchObject({ id: file.id, name: 'trustloop-export.csv' });
    // url_private serves the bytes back (the browser sandbox shows images this way).
    const download = await fetch(shared?.files?.[0].url_private as string);
    expect(Buffer.from(await download.arrayBuffer()).equals(csv)).toBe(true);
  });

  it('uploads a picture without sharing it, for an image block by slack_file', async () => {
    const web = clientFor(standIn);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const result = await web.filesUploadV2({ file: png, filename: 'trend.png', alt_text: 'Kept 3 of 4 on time' });
    const id = (result.files[0] as { files?: { id: string }[] }).files?.[0]?.id ?? '';
    const file = standIn.file(id);
    expect(file).toMatchObject({ name: 'trend.png', alt_text: 'Kept 3 of 4 on time', channels: [], completed: true, mimetype: 'image/png' });
    expect(file?.bytes?.equals(png)).toBe(true);
    expect((await platformError(web.files.completeUploadExternal({ files: [{ id }] }))).data.error).toBe('file_not_found');
  });

  it('answers users.info with the roles and Slack Connect fields a test gives', async () => {
    standIn.addUser({ id: 'U0OWNER', name: 'olga', is_owner: true, is_primary_owner: true, is_admin: true });
    standIn.addUser({ id: 'U0GUEST', name: 'gus', is_restricted: true });
    standIn.addUser({ id: 'U0EXTERNAL', name: 'xena', is_stranger: true, team_id: 'T0OTHERORG' });
    const web = clientFor(standIn);
    expect((await web.users.info({ user: 'U0OWNER' })).user).toMatchObject({ is_owner: true, is_primary_owner: true, is_admin: true, is_restricted: false });
    expect((await web.users.info({ user: 'U0GUEST' })).user).toMatchObject({ is_restricted: true, is_ultra_restricted: false, is_admin: false });
    const external = (await web.users.info({ user: 'U0EXTERNAL' })).user;
    expect(external).toMatchObject({ is_stranger: true, team_id: 'T0OTHERORG' });
    expect((await web.users.info({ user: BOB })).user?.is_stranger).toBeUndefined();
    standIn.updateUser(BOB, { is_admin: true });
    expect((await web.users.info({ user: BOB })).user?.is_admin).toBe(true);
  });
});

describe('workflow steps and shortcuts through a Bolt app', () => {
  let standIn: SlackStandIn;
  let app: App;
  let server: Server;
  let slack: SlackSender;
  const seen: Record<string, unknown>[] = [];

  beforeAll(async () => {
    standIn = await startSlackStandIn({});
    app = new App({
      token: 'xoxb-test',
      signingSecret: SECRET,
      logger: silentLogger,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
    });
    app.function('make_promise', async ({ inputs, complete, fail }) => {
      if (inputs.text === '') {
        await fail({ error: 'A promise needs words: say what you will do.' });
        return;
      }
      await complete({ outputs: { reference: 'C-1', due: '2026-12-01T17:00:00Z' } });
    });
    app.shortcut('delegate_this', async ({ ack, shortcut, client }) => {
      await ack();
      seen.push(shortcut as unknown as Record<string, unknown>);
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: { type: 'modal', callback_id: 'delegate', title: plain('Delegate'), close: plain('Cancel'), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'From a message' } }] },
      });
    });
    app.shortcut('new_promise', async ({ ack, shortcut }) => {
      await ack();
      seen.push(shortcut as unknown as Record<string, unknown>);
    });
    server = (await app.start(0)) as Server;
    slack = createSlackSender({
      appUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
      signingSecret: SECRET,
      standIn,
    });
  });
  afterAll(async () => {
    await app.stop();
    await standIn.close();
  });

  it('sends function_executed with its bot_access_token, and the step completes with that token only', async () => {
    const r = await slack.functionExecuted({ callbackId: 'make_promise', inputs: { text: 'Send the deck', owner: ALICE } });
    expect(r.status).toBe(200);
    expect(r.envelope.event).toMatchObject({
      type: 'function_executed',
      function: { callback_id: 'make_promise', type: 'app' },
      inputs: { text: 'Send the deck', owner: ALICE },
      function_execution_id: r.execution.function_execution_id,
      bot_access_token: r.execution.bot_access_token,
    });
    expect(r.execution.bot_access_token).toMatch(/^xwfp-/);
    const done = await standIn.waitFor((s) => {
      const e = s.functionExecution(r.execution.function_execution_id);
      return e?.state === 'completed' ? e : undefined;
    });
    expect(done.outputs).toEqual({ reference: 'C-1', due: '2026-12-01T17:00:00Z' });
    const call = standIn.callsTo('functions.completeSuccess').at(-1);
    expect(call).toMatchObject({ ok: true, token: r.execution.bot_access_token, tokenKind: 'workflow' });

    // A second completion, or one with the app's own bot token, is refused.
    const withStepToken = clientFor(standIn, r.execution.bot_access_token);
    const again = await platformError(withStepToken.functions.completeSuccess({ function_execution_id: r.execution.function_execution_id, outputs: {} }));
    expect(again.data.error).toBe('execution_not_in_running_state');
    const other = standIn.startFunctionExecution({ callbackId: 'make_promise' });
    const withBotToken = await platformError(clientFor(standIn).functions.completeSuccess({ function_execution_id: other.function_execution_id, outputs: {} }));
    expect(withBotToken.data.error).toBe('access_denied');
  });

  it('checks a step’s outputs against its output parameters, as Slack does (parameter_validation_failed)', async () => {
    const run = standIn.startFunctionExecution({
      callbackId: 'make_promise',
      outputParameters: [
        { name: 'reference', type: 'string', is_required: true },
        { name: 'due_at', type: 'slack#/types/timestamp', is_required: true },
      ],
    });
    const client = clientFor(standIn, run.bot_access_token);
    const id = run.function_execution_id;
    const missing = await platformError(client.functions.completeSuccess({ function_execution_id: id, outputs: { reference: 'C-1' } }));
    expect(missing.data.error).toBe('parameter_validation_failed');
    expect(JSON.stringify(missing.data)).toContain('missing required output: due_at');
    const wrongType = await platformError(
      client.functions.completeSuccess({ function_execution_id: id, outputs: { reference: 'C-1', due_at: '2026-12-01T17:00:00Z' } }),
    );
    expect(JSON.stringify(wrongType.data)).toContain('output due_at must be of type slack#/types/timestamp');
    const unknown = await platformError(
      client.functions.completeSuccess({ function_execution_id: id, outputs: { reference: 'C-1', due_at: 1796680800, extra: 1 } }),
    );
    expect(JSON.stringify(unknown.data)).toContain('unknown output: extra');
    expect(standIn.functionExecution(id)?.state).toBe('running');
    await client.functions.completeSuccess({ function_execution_id: id, outputs: { reference: 'C-1', due_at: 1796680800 } });
    expect(standIn.functionExecution(id)).toMatchObject({ state: 'completed', outputs: { reference: 'C-1', due_at: 1796680800 } });
  });

  it('records a failed step with the error a workflow author reads', async () => {
    const r = await slack.functionExecuted({ callbackId: 'make_promise', inputs: { text: '' } });
    const failed = await standIn.waitFor((s) => {
      const e = s.functionExecution(r.execution.function_execution_id);
      return e?.state === 'failed' ? e : undefined;
    });
    expect(failed.error).toBe('A promise needs words: say what you will do.');
  });

  it('sends a message shortcut with the message, and a global shortcut, as Slack shapes them', async () => {
    const message = standIn.postUserMessage({ channel: GENERAL, user: BOB, text: 'Can someone own the vendor review?' });
    const r = await slack.messageShortcut({ userId: ALICE, callbackId: 'delegate_this', channelId: GENERAL, messageTs: message.ts });
    expect(r.status).toBe(200);
    await standIn.waitFor((s) => s.openModal(ALICE));
    expect(seen[0]).toMatchObject({
      type: 'message_action',
      callback_id: 'delegate_this',
      trigger_id: r.triggerId,
      message_ts: message.ts,
      channel: { id: GENERAL, name: 'general' },
      user: { id: ALICE, username: 'alice' },
      team: { id: standIn.teamId, domain: standIn.teamDomain },
      message: { type: 'message', user: BOB, text: 'Can someone own the vendor review?', ts: message.ts },
      response_url: r.responseUrl,
      is_enterprise_install: false,
    });

    const g = await slack.globalShortcut({ userId: BOB, callbackId: 'new_promise' });
    expect(g.status).toBe(200);
    await standIn.waitFor(() => seen.length >= 2);
    expect(seen[1]).toMatchObject({ type: 'shortcut', callback_id: 'new_promise', user: { id: BOB, team_id: standIn.teamId }, trigger_id: g.triggerId });
    expect(seen[1]).not.toHaveProperty('message');
  });
});
