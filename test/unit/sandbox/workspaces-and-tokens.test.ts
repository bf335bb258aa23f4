/**
 * Several workspaces and an Enterprise Grid org in one stand-in, each with its own tokens: a Bolt app
 * authorising every request against the right installation, and the stand-in recording which token
 * each Web API call used — the assertion OAuth-mode tests rely on. Also what Slack answers for revoked,
 * expired and foreign tokens, and the signed uninstall events.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, type Authorize } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { startSlackStandIn, type RecordedCall, type SlackStandIn } from '../../../src/sandbox/slack-api';
import { createSlackSender, type SlackSender } from '../../../src/sandbox/slack-client';
import { platformError, silentLogger } from './helpers';

const SECRET = 'workspaces-secret';
const A = 'T0TEAM1';
const B = 'T0BRAVO';
const ORG_WS = 'T0ORGWS';
const ORG = 'E0ORG';
const GENERAL = 'C0GENERAL';

const client = (standIn: SlackStandIn, token: string) =>
  new WebClient(token, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger });

describe('tokens per workspace', () => {
  let standIn: SlackStandIn;
  let tokenA: string;
  let tokenB: string;
  let orgToken: string;
  let userTokenA: string;

  beforeAll(async () => {
    standIn = await startSlackStandIn({ strictTokens: true });
    standIn.addWorkspace({
      teamId: B,
      teamDomain: 'bravo',
      teamName: 'Bravo',
      users: [{ id: 'U0BEA', name: 'bea', is_admin: true }],
      channels: [{ id: 'C0BRAVO', name: 'bravo-team', members: ['U0BEA'] }],
    });
    standIn.addWorkspace({
      teamId: ORG_WS,
      enterpriseId: ORG,
      enterpriseName: 'Org Inc',
      users: [{ id: 'W0OLA', name: 'ola', is_admin: true }],
      channels: [{ id: 'C0ORGCHAN', name: 'org-team', members: ['W0OLA'] }],
    });
    standIn.addWorkspace({ teamId: 'T0ORGWS2', enterpriseId: ORG, users: [{ id: 'W0PIA', name: 'pia' }] });
    const a = standIn.install({ teamId: A, userScopes: ['search:read'] }) as { access_token: string; authed_user: { access_token: string } };
    tokenA = a.access_token;
    userTokenA = a.authed_user.access_token;
    tokenB = (standIn.install({ teamId: B }) as { access_token: string }).access_token;
    orgToken = (standIn.install({ teamId: ORG_WS, orgWide: true }) as { access_token: string }).access_token;
  });
  afterAll(() => standIn.close());

  it('answers auth.test for the token it was called with', async () => {
    expect(await client(standIn, tokenA).auth.test()).toMatchObject({
      team_id: A,
      user_id: standIn.botUserId,
      bot_id: standIn.botId,
      is_enterprise_install: false,
    });
    const b = standIn.workspace(B);
    expect(await client(standIn, tokenB).auth.test()).toMatchObject({
      team_id: B,
      team: 'Bravo',
      url: 'https://bravo.slack.com/',
      user_id: b.botUserId,
      bot_id: b.botId,
    });
    const user = await client(standIn, userTokenA).auth.test();
    expect(user).toMatchObject({ team_id: A, user_id: 'U0ALICE01', user: 'alice' });
    expect(user.bot_id).toBeUndefined();
    expect(await client(standIn, orgToken).auth.test()).toMatchObject({
      team_id: ORG,
      enterprise_id: ORG,
      is_enterprise_install: true,
      url: 'https://e0org.enterprise.slack.com/',
    });
  });

  it('keeps each workspace to itself and records the token and workspace of every call', async () => {
    const before = standIn.calls.length;
    await client(standIn, tokenA).chat.postMessage({ channel: GENERAL, text: 'hello A' });
    await client(standIn, tokenB).chat.postMessage({ channel: 'C0BRAVO', text: 'hello B' });
    // B's token cannot reach A's channel: channels belong to their workspace.
    expect((await platformError(client(standIn, tokenB).chat.postMessage({ channel: GENERAL, text: 'x' }))).data.error).toBe(
      'channel_not_found',
    );
    expect(standIn.messagesIn(GENERAL).map((m) => m.text)).toEqual(['hello A']);
    expect(standIn.workspace(B).messagesIn('C0BRAVO').map((m) => m.text)).toEqual(['hello B']);
    const calls = standIn.calls.slice(before).map((c: RecordedCall) => [c.token, c.teamId, c.installationKey, c.tokenKind]);
    expect(calls).toEqual([
      [tokenA, A, A, 'bot'],
      [tokenB, B, B, 'bot'],
      [tokenB, B, B, 'bot'],
    ]);
  });

  it('serves an org-wide token in the workspace named by team_id or holding the channel', async () => {
    await client(standIn, orgToken).chat.postMessage({ channel: 'C0ORGCHAN', text: 'org-wide hello' });
    expect(standIn.workspace(ORG_WS).messagesIn('C0ORGCHAN').map((m) => m.text)).toEqual(['org-wide hello']);
    const info = await client(standIn, orgToken).users.info({ user: 'W0PIA', team_id: 'T0ORGWS2' } as never);
    expect(info.user?.name).toBe('pia');
    expect(standIn.calls.at(-1)).toMatchObject({ teamId: 'T0ORGWS2', installationKey: ORG });
  });

  it('refuses tokens it did not issue, and app-level tokens for Web API methods, when strict', async () => {
    expect((await platformError(client(standIn, 'xoxb-made-up').auth.test())).data.error).toBe('invalid_auth');
    const noToken = new WebClient(undefined, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger });
    expect((await platformError(noToken.auth.test())).data.error).toBe('not_authed');
  });

  it('answers token_revoked (or what the test asks for) once an installation is revoked', async () => {
    standIn.addWorkspace({ teamId: 'T0REVOKE', users: [{ id: 'U0REV', name: 'rev' }] });
    const t1 = (standIn.install({ teamId: 'T0REVOKE' }) as { access_token: string }).access_token;
    await client(standIn, t1).auth.test();
    standIn.revokeTokens('T0REVOKE');
    expect((await platformError(client(standIn, t1).auth.test())).data.error).toBe('token_revoked');
    standIn.addWorkspace({ teamId: 'T0INACTIVE', users: [{ id: 'U0INA', name: 'ina' }] });
    const t2 = (standIn.install({ teamId: 'T0INACTIVE' }) as { access_token: string }).access_token;
    standIn.revokeTokens('T0INACTIVE', 'account_inactive');
    expect((await platformError(client(standIn, t2).chat.postMessage({ channel: 'U0INA', text: 'x' }))).data.error).toBe(
      'account_inactive',
    );
  });
});

describe('a multi-workspace Bolt app against the stand-in', () => {
  let standIn: SlackStandIn;
  let app: App;
  let server: Server;
  let url: string;
  const senders: Record<string, SlackSender> = {};
  const events: string[] = [];

  beforeAll(async () => {
    standIn = await startSlackStandIn({ strictTokens: true });
    standIn.addWorkspace({
      teamId: B,
      users: [{ id: 'U0BEA', name: 'bea', is_admin: true }],
      channels: [{ id: 'C0BRAVO', name: 'bravo-team', members: ['U0BEA'] }],
    });
    standIn.addWorkspace({
      teamId: ORG_WS,
      enterpriseId: ORG,
      users: [{ id: 'W0OLA', name: 'ola', is_admin: true }],
      channels: [{ id: 'C0ORGCHAN', name: 'org-team', members: ['W0OLA'] }],
    });
    standIn.install({ teamId: A });
    standIn.install({ teamId: B });
    standIn.install({ teamId: ORG_WS, orgWide: true });

    // What an installation store would answer: the installation's current bot token.
    const authorize: Authorize<boolean> = async (source) => {
      const key = source.isEnterpriseInstall ? source.enterpriseId : source.teamId;
      const installation = key ? standIn.installation(key) : undefined;
      if (!installation || installation.uninstalled || !installation.botToken) throw new Error(`not installed: ${key ?? '?'}`);
      return { botToken: installation.botToken, botId: installation.botId, botUserId: installation.botUserId, teamId: source.teamId, enterpriseId: source.enterpriseId };
    };
    app = new App({
      signingSecret: SECRET,
      authorize,
      logger: silentLogger,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/delegate', async ({ ack, command, client: c, context }) => {
      await ack();
      events.push(`command:${command.enterprise_id ?? '-'}:${command.is_enterprise_install}:${String(context.isEnterpriseInstall)}`);
      await c.chat.postMessage({ channel: command.channel_id, text: `Noted in ${command.team_id}: ${command.text}` });
    });
    app.event('app_uninstalled', async ({ body }) => {
      events.push(`app_uninstalled:${body.team_id}`);
    });
    app.event('tokens_revoked', async ({ event, body }) => {
      events.push(`tokens_revoked:${body.team_id}:${event.tokens.bot?.join(',') ?? ''}`);
    });
    server = (await app.start(0)) as Server;
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    for (const teamId of [A, B, ORG_WS]) senders[teamId] = createSlackSender({ appUrl: url, signingSecret: SECRET, standIn, teamId });
  });
  afterAll(async () => {
    await app.stop();
    await standIn.close();
  });

  it('answers each workspace with that workspace’s own token', async () => {
    const before = standIn.calls.length;
    await senders[A].command({ command: '/delegate', text: 'from A', userId: 'U0ALICE01', channelId: GENERAL });
    await senders[B].command({ command: '/delegate', text: 'from B', userId: 'U0BEA', channelId: 'C0BRAVO' });
    const org = await senders[ORG_WS].command({ command: '/delegate', text: 'from the org', userId: 'W0OLA', channelId: 'C0ORGCHAN' });
    await standIn.waitFor((s) => s.calls.slice(before).filter((c) => c.method === 'chat.postMessage').length === 3);
    expect(standIn.messagesIn(GENERAL).at(-1)?.text).toBe('Noted in T0TEAM1: from A');
    expect(standIn.workspace(B).messagesIn('C0BRAVO').at(-1)?.text).toBe('Noted in T0BRAVO: from B');
    expect(standIn.workspace(ORG_WS).messagesIn('C0ORGCHAN').at(-1)?.text).toBe('Noted in T0ORGWS: from the org');
    expect(org.status).toBe(200);

    // Every Web API call used the token of the workspace it acted in.
    const posts = standIn.calls.slice(before).filter((c) => c.method === 'chat.postMessage');
    for (const call of posts) {
      const expected = call.teamId === ORG_WS ? standIn.installation(ORG)?.botToken : standIn.installation(call.teamId ?? '')?.botToken;
      expect(call.token).toBe(expected);
    }
    expect(posts.map((c) => c.teamId).sort()).toEqual([ORG_WS, B, A].sort());
  });

  it('sends app_uninstalled then tokens_revoked, signed, after the tokens stopped working', async () => {
    const tokenB = standIn.installation(B)?.botToken ?? '';
    const { installation, results } = await senders[B].uninstall();
    expect(installation.uninstalled).toBe(true);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results[0].envelope).toMatchObject({
      type: 'event_callback',
      team_id: B,
      event: { type: 'app_uninstalled' },
      authorizations: [{ team_id: B, is_bot: true, is_enterprise_install: false }],
    });
    expect(results[1].envelope.event).toMatchObject({ type: 'tokens_revoked', tokens: { oauth: [], bot: [standIn.workspace(B).botUserId] } });
    expect(results[0].eventId).toMatch(/^Ev/);
    await standIn.waitFor(() => events.filter((e) => !e.startsWith('command:')).length >= 2);
    expect(events.filter((e) => !e.startsWith('command:'))).toEqual([
      `app_uninstalled:${B}`,
      `tokens_revoked:${B}:${standIn.workspace(B).botUserId}`,
    ]);
    expect((await platformError(client(standIn, tokenB).auth.test())).data.error).toBe('token_revoked');

    // The other workspaces keep working.
    await senders[A].command({ command: '/delegate', text: 'still here', userId: 'U0ALICE01', channelId: GENERAL });
    await standIn.waitFor((s) => s.messagesIn(GENERAL).find((m) => m.text === 'Noted in T0TEAM1: still here'));
  });

  it('marks requests from an org-wide install as such, as Slack does', async () => {
    const r = await senders[ORG_WS].event({ type: 'app_home_opened', user: 'W0OLA' });
    expect(r.envelope).toMatchObject({
      team_id: ORG_WS,
      enterprise_id: ORG,
      authorizations: [{ enterprise_id: ORG, team_id: null, is_enterprise_install: true }],
    });
    events.length = 0;
    await senders[ORG_WS].command({ command: '/delegate', userId: 'W0OLA', channelId: 'C0ORGCHAN', text: 'org' });
    await senders[A].command({ command: '/delegate', userId: 'U0ALICE01', channelId: GENERAL, text: 'plain' });
    // Slash commands carry the flag as a string; Bolt turns it into context.isEnterpriseInstall.
    expect(events).toEqual([`command:${ORG}:true:true`, 'command:-:false:false']);
  });
});

describe('OAuth v2 at the stand-in', () => {
  let standIn: SlackStandIn;
  let t = Date.parse('2026-11-25T10:00:00Z');
  const REDIRECT = 'https://trustloop.example/slack/oauth_redirect';

  beforeAll(async () => {
    standIn = await startSlackStandIn({
      now: () => t,
      oauth: { clientId: 'cid', clientSecret: 'csecret', redirectUris: [REDIRECT] },
    });
  });
  afterAll(() => standIn.close());

  const authorize = async (params: Record<string, string>) => {
    const res = await fetch(`${standIn.authorizeUrl}?${new URLSearchParams(params).toString()}`, { redirect: 'manual' });
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  };
  const exchange = (code: string, redirect_uri?: string) =>
    new WebClient(undefined, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger }).oauth.v2
      .access({ client_id: 'cid', client_secret: 'csecret', code, ...(redirect_uri ? { redirect_uri } : {}) })
      .then(
        (r) => r as unknown as Record<string, unknown>,
        (e: { data?: { error?: string } }): Record<string, unknown> => ({ error: e.data?.error }),
      );

  it('redirects back with code and state, and the code is good once, for ten minutes', async () => {
    const first = await authorize({ client_id: 'cid', scope: 'commands,chat:write', state: 's1', redirect_uri: REDIRECT });
    expect(first.status).toBe(302);
    const back = new URL(first.location ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('s1');
    const code = back.searchParams.get('code') ?? '';
    expect(await exchange(code, 'https://elsewhere.example/cb')).toEqual({ error: 'bad_redirect_uri' });
    // That failed exchange spent the code, as a second use would.
    expect(await exchange(code, REDIRECT)).toEqual({ error: 'invalid_code' });

    const second = new URL((await authorize({ client_id: 'cid', scope: 'commands', state: 's2' })).location ?? '');
    t += 10 * 60 * 1000 + 1;
    expect(await exchange(second.searchParams.get('code') ?? '')).toEqual({ error: 'invalid_code' });

    const third = new URL((await authorize({ client_id: 'cid', scope: 'commands', state: 's3' })).location ?? '');
    const ok = await exchange(third.searchParams.get('code') ?? '');
    expect(ok).toMatchObject({
      ok: true,
      token_type: 'bot',
      scope: 'commands',
      bot_user_id: standIn.botUserId,
      app_id: standIn.appId,
      team: { id: standIn.teamId, name: 'Trustloop Sandbox' },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: 'U0ALICE01' },
    });
    expect(String(ok.access_token)).toMatch(/^xoxb-/);
    expect(ok).not.toHaveProperty('refresh_token');
  });

  it('shows Slack’s error page for a wrong client or redirect, and redirects with access_denied on Cancel', async () => {
    expect((await authorize({ client_id: 'nope', scope: 'commands' })).status).toBe(400);
    const bad = await authorize({ client_id: 'cid', scope: 'commands', redirect_uri: 'https://evil.example/cb' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('bad_redirect_uri');
    standIn.chooseNextInstall({ deny: true });
    const denied = new URL((await authorize({ client_id: 'cid', scope: 'commands', state: 's4' })).location ?? '');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('s4');
    expect(denied.searchParams.has('code')).toBe(false);
  });
});
