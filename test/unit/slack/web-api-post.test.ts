import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlackCallError } from '../../../src/jobs/slack-api';
import { createWebClient, slackApiOver } from '../../../src/slack/web-api';
import { postable, postWebApi } from '../../../src/slack/web-api-post';

interface Seen {
  url: string;
  type: string | undefined;
  auth: string | undefined;
  body: string;
}

/** A Web API that answers each call with what the test queued, and remembers what it was sent. */
function fakeSlack() {
  const seen: Seen[] = [];
  const answers: ((res: http.ServerResponse) => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        url: req.url ?? '',
        type: req.headers['content-type'],
        auth: req.headers.authorization,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = answers.shift();
      if (answer) answer(res);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  return {
    seen,
    answers,
    server,
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (res: http.ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

describe('a Web API call posted directly (the delivery loop’s ordinary calls)', () => {
  const slack = fakeSlack();
  let apiUrl: string;
  beforeAll(async () => {
    apiUrl = await slack.start();
  });
  afterAll(() => slack.stop());
  beforeEach(() => {
    slack.seen.length = 0;
    slack.answers.length = 0;
  });
  const target = () => ({ token: 'xoxb-T1', apiUrl, timeoutMs: 2000 });

  it('sends a message as JSON with the workspace’s token, and resolves with Slack’s answer', async () => {
    slack.answers.push(json(200, { ok: true, channel: 'D1', ts: '1.2' }));
    const res = await postWebApi(target(), 'chat.postMessage', {
      channel: 'U1',
      text: 'hi & bye',
      blocks: [{ type: 'section' }],
      thread_ts: undefined,
    });
    expect(res).toEqual({ ok: true, channel: 'D1', ts: '1.2' });
    expect(slack.seen[0]).toEqual({
      url: '/api/chat.postMessage',
      type: 'application/json; charset=utf-8',
      auth: 'Bearer xoxb-T1',
      body: JSON.stringify({ channel: 'U1', text: 'hi & bye', blocks: [{ type: 'section' }] }),
    });
  });

  it('sends other methods as a form, objects as JSON text, as the WebClient does', async () => {
    await postWebApi(target(), 'conversations.open', { users: 'U1', extra: { a: 1 }, none: null });
    expect(slack.seen[0]!.type).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(slack.seen[0]!.body))).toEqual({
      users: 'U1',
      extra: '{"a":1}',
    });
  });

  it('says which workspace of an org a call is for when the token is org-wide', async () => {
    await postWebApi({ ...target(), teamId: 'T2' }, 'chat.postMessage', { channel: 'U1', text: 'x' });
    expect(JSON.parse(slack.seen[0]!.body)).toEqual({ team_id: 'T2', channel: 'U1', text: 'x' });
  });

  it.each([
    [
      'a 429 with Retry-After',
      json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '3' }),
      new SlackCallError('ratelimited', 'ratelimited', 3000),
    ],
    ['an HTTP 500', json(500, { ok: false }), new SlackCallError('transient', 'http_500')],
    [
      'a refusal for good',
      json(200, { ok: false, error: 'channel_not_found' }),
      new SlackCallError('permanent', 'channel_not_found'),
    ],
    [
      'a revoked token',
      json(200, { ok: false, error: 'token_revoked' }),
      new SlackCallError('permanent', 'token_revoked'),
    ],
    [
      'Slack’s own trouble',
      json(200, { ok: false, error: 'internal_error' }),
      new SlackCallError('transient', 'internal_error'),
    ],
  ])('sorts %s as the WebClient’s errors are sorted', async (_what, answer, expected) => {
    slack.answers.push(answer);
    const err = (await postWebApi(target(), 'chat.postMessage', { channel: 'U1', text: 'x' }).catch(
      (e: unknown) => e,
    )) as SlackCallError;
    expect(err).toBeInstanceOf(SlackCallError);
    expect({ kind: err.kind, code: err.slackError, retry: err.retryAfterMs }).toEqual({
      kind: expected.kind,
      code: expected.slackError,
      retry: expected.retryAfterMs,
    });
  });

  it('gives up on a call that is never answered, as a transient error the outbox retries', async () => {
    slack.answers.push(() => undefined); // holds the request open
    const err = (await postWebApi({ ...target(), timeoutMs: 100 }, 'chat.postMessage', {
      channel: 'U1',
    }).catch((e: unknown) => e)) as SlackCallError;
    expect(err.kind).toBe('transient');
    expect(err.slackError).toMatch(/^request_error: /);
  });

  it('leaves uploads, calls with their own token and binary arguments to the WebClient', () => {
    expect(postable('chat.postMessage', { channel: 'U1' })).toBe(true);
    expect(postable('files.uploadV2', { channel_id: 'D1' })).toBe(false);
    expect(postable('functions.completeSuccess', { token: 'xwfp-1' })).toBe(false);
    expect(postable('chat.postMessage', { file: new Uint8Array(1) })).toBe(false);
  });

  it('is what the delivery loop’s Slack API uses for a workspace’s client', async () => {
    const api = slackApiOver(createWebClient('xoxb-T1', apiUrl));
    slack.answers.push(json(200, { ok: true, ts: '9.9' }));
    expect(await api.call('views.publish', { user_id: 'U1', view: { type: 'home' } }, 'T1')).toEqual({
      ok: true,
      ts: '9.9',
    });
    expect(slack.seen[0]).toMatchObject({ url: '/api/views.publish', auth: 'Bearer xoxb-T1' });
  });
});
