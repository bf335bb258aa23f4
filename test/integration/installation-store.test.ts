/**
 * The installation store as OAuth mode will use it: Bolt's own InstallProvider completing installs
 * against the Slack stand-in (all OAuth traffic at its URL), rows that hold no readable token, key
 * rotation, and token rotation where two replicas never spend the same refresh token.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Installation } from '@slack/bolt';
import { InstallProvider, type CallbackOptions } from '@slack/oauth';
import { WebClient } from '@slack/web-api';
import { AdjustableClock } from '../../src/clock';
import type { Db } from '../../src/db/db';
import { startSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack-api';
import { runInstallFlow } from '../../src/sandbox/slack-client';
import {
  authorizeInstallation,
  InstallationNotFoundError,
  oauthAuthorizeUrl,
  PostgresInstallationStore,
  TokenRefreshError,
  type TokenRefresher,
} from '../../src/slack/installation-store';
import { parseEncryptionKeys, TokenCipher, TokenDecryptError } from '../../src/slack/token-crypto';
import { silentLogger } from '../unit/sandbox/helpers';
import { createReplicaDbs, createTestDb } from '../helpers/db';

const CLIENT_ID = '1111.2222';
const CLIENT_SECRET = 'client-secret-for-tests';
const START = new Date('2026-11-25T10:00:00Z');
/** The query Bolt makes for a workspace outside Enterprise Grid. */
const team = (teamId: string) => ({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
const newKey = () => randomBytes(32).toString('base64');
const cipherOf = (current: string, old?: string) =>
  new TokenCipher(parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: current, TRUSTLOOP_ENCRYPTION_KEY_OLD: old }));

/** Every text of a row as PostgreSQL holds it: what an attacker with the database would read. */
async function rawRows(db: Db): Promise<string> {
  const { rows } = await db.query<{ raw: string }>('select row_to_json(i)::text as raw from installations i');
  return rows.map((r) => r.raw).join('\n');
}

function botInstallation(teamId: string, token: string, extra: Partial<Installation> = {}): Installation {
  return {
    team: { id: teamId, name: `Team ${teamId}` },
    enterprise: undefined,
    user: { id: 'U0INSTALL', token: undefined, scopes: undefined },
    bot: { token, scopes: ['commands', 'chat:write'], id: 'B0BOT', userId: 'U0BOT' },
    tokenType: 'bot',
    isEnterpriseInstall: false,
    appId: 'A0TRUSTLOOP',
    authVersion: 'v2',
    ...extra,
  };
}

describe('PostgresInstallationStore', () => {
  let db: Db;
  const clock = new AdjustableClock(START);
  const key = newKey();
  let store: PostgresInstallationStore;
  const afterThis: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    db = await createTestDb();
    store = new PostgresInstallationStore({ db, cipher: cipherOf(key), clock });
  });
  afterEach(async () => {
    for (const f of afterThis.splice(0)) await f();
  });
  afterAll(() => db.close());

  it('stores and fetches a bot-only install, holding no token in readable form', async () => {
    const installation = botInstallation('T0BOTONLY', 'xoxb-bot-only-secret-1');
    await store.storeInstallation(installation);
    const fetched = await store.fetchInstallation({ teamId: 'T0BOTONLY', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(fetched).toEqual(installation);
    const raw = await rawRows(db);
    expect(raw).toContain('T0BOTONLY');
    expect(raw).not.toContain('xoxb-bot-only-secret-1');
    expect(raw).not.toContain('bot-only-secret');
  });

  it('stores a user token and an incoming webhook URL encrypted too, and records the installer', async () => {
    const installation = botInstallation('T0WITHUSER', 'xoxb-with-user-secret', {
      user: { id: 'U0ANA', token: 'xoxp-user-secret-token', scopes: ['search:read'] },
      incomingWebhook: { url: 'https://hooks.slack.com/services/T0/B0/webhook-secret', channel: '#team', channelId: 'C0TEAM' },
    });
    await store.storeInstallation(installation);
    const fetched = await store.fetchInstallation(team('T0WITHUSER'));
    expect(fetched).toEqual(installation);
    const raw = await rawRows(db);
    for (const secret of ['xoxp-user-secret-token', 'webhook-secret', 'xoxb-with-user-secret']) expect(raw).not.toContain(secret);
    const { rows } = await db.query<{ installer: string; scopes: string[] }>(
      `select installer_user_id as installer, user_scopes as scopes from installations where team_id = 'T0WITHUSER'`,
    );
    expect(rows[0]).toEqual({ installer: 'U0ANA', scopes: ['search:read'] });
  });

  it('stores an org-wide install under its enterprise and serves the org’s workspaces from it', async () => {
    const installation: Installation = {
      ...botInstallation('unused', 'xoxb-org-wide-secret'),
      team: undefined,
      enterprise: { id: 'E0ORG', name: 'Big Org' },
      isEnterpriseInstall: true,
      enterpriseUrl: 'https://e0org.enterprise.slack.com/',
    };
    await store.storeInstallation(installation);
    const { rows } = await db.query<{ enterprise_id: string; team_id: string; is_enterprise_install: boolean }>(
      `select enterprise_id, team_id, is_enterprise_install from installations where enterprise_id = 'E0ORG'`,
    );
    expect(rows).toEqual([{ enterprise_id: 'E0ORG', team_id: '', is_enterprise_install: true }]);
    expect(await store.fetchInstallation({ teamId: 'T0ANY', enterpriseId: 'E0ORG', isEnterpriseInstall: true })).toEqual(installation);
    // A request from one of its workspaces that does not say "org-wide" still finds the org's row.
    const viaWorkspace = await store.fetchInstallation({ teamId: 'T0ORGWS', enterpriseId: 'E0ORG', isEnterpriseInstall: false });
    expect(viaWorkspace.bot?.token).toBe('xoxb-org-wide-secret');
  });

  it('updates the row on reinstall: new scopes, token and installer, first install time kept', async () => {
    await store.storeInstallation(botInstallation('T0AGAIN', 'xoxb-first'));
    const first = await db.query<{ installed_at: Date }>(`select installed_at from installations where team_id = 'T0AGAIN'`);
    clock.advance(60_000);
    await store.storeInstallation(
      botInstallation('T0AGAIN', 'xoxb-second', {
        user: { id: 'U0BEA', token: undefined, scopes: undefined },
        bot: { token: 'xoxb-second', scopes: ['commands', 'chat:write', 'files:write'], id: 'B0BOT', userId: 'U0BOT' },
      }),
    );
    const { rows } = await db.query<{ n: number; installer: string; installed_at: Date; updated_at: Date; bot_scopes: string[] }>(
      `select count(*) over ()::int as n, installer_user_id as installer, installed_at, updated_at, bot_scopes
         from installations where team_id = 'T0AGAIN'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].installer).toBe('U0BEA');
    expect(rows[0].bot_scopes).toEqual(['commands', 'chat:write', 'files:write']);
    expect(rows[0].installed_at.getTime()).toBe(first.rows[0].installed_at.getTime());
    expect(rows[0].updated_at.getTime()).toBe(START.getTime() + 60_000);
    expect((await store.fetchInstallation(team('T0AGAIN'))).bot?.token).toBe('xoxb-second');
  });

  it('deletes an installation, after which fetching it fails as Bolt expects', async () => {
    await store.storeInstallation(botInstallation('T0GONE', 'xoxb-gone'));
    await store.deleteInstallation({ teamId: 'T0GONE', isEnterpriseInstall: false, enterpriseId: undefined });
    await expect(store.fetchInstallation(team('T0GONE'))).rejects.toBeInstanceOf(
      InstallationNotFoundError,
    );
  });

  it('removes only a person’s user token when they revoke it', async () => {
    await store.storeInstallation(
      botInstallation('T0USERREV', 'xoxb-stays', { user: { id: 'U0CAL', token: 'xoxp-goes', scopes: ['search:read'] } }),
    );
    expect(await store.deleteUserToken(team('T0USERREV'), 'U0CAL')).toBe(true);
    const fetched = await store.fetchInstallation(team('T0USERREV'));
    expect(fetched.bot?.token).toBe('xoxb-stays');
    expect(fetched.user.token).toBeUndefined();
  });

  it('reads rows of the old key after a key rotation and re-encrypts them with the new key when written', async () => {
    const db = await createTestDb();
    afterThis.push(() => db.close());
    const oldKey = newKey();
    const before = new PostgresInstallationStore({ db, cipher: cipherOf(oldKey), clock });
    await before.storeInstallation(botInstallation('T0ROTATE', 'xoxb-rotate-me'));
    await before.storeInstallation(botInstallation('T0ROTATE2', 'xoxb-rotate-me-too'));
    const newer = newKey();
    const rotated = new PostgresInstallationStore({ db, cipher: cipherOf(newer, oldKey), clock });
    const oldId = cipherOf(oldKey).currentKeyId;
    const newId = cipherOf(newer).currentKeyId;
    const keyIds = async () =>
      (await db.query<{ team_id: string; key_id: string; bot_token_enc: string }>(
        `select team_id, key_id, bot_token_enc from installations where team_id like 'T0ROTATE%' order by team_id`,
      )).rows;

    expect((await rotated.fetchInstallation(team('T0ROTATE'))).bot?.token).toBe('xoxb-rotate-me');
    expect((await keyIds()).map((r) => r.key_id)).toEqual([oldId, oldId]);
    // The next write of a row re-encrypts it; reencryptAll finishes the rest.
    await rotated.storeInstallation(botInstallation('T0ROTATE', 'xoxb-rotate-me'));
    expect((await keyIds()).map((r) => r.key_id)).toEqual([newId, oldId]);
    expect(await rotated.reencryptAll()).toBeGreaterThanOrEqual(1);
    const after = await keyIds();
    expect(after.map((r) => r.key_id)).toEqual([newId, newId]);
    expect(after.every((r) => r.bot_token_enc.split('.')[1] === newId)).toBe(true);

    // Without the key a row was written with, reading it names the variables to fix.
    const lost = new PostgresInstallationStore({ db, cipher: cipherOf(newKey()), clock });
    await expect(lost.fetchInstallation(team('T0ROTATE'))).rejects.toBeInstanceOf(TokenDecryptError);
    await expect(lost.fetchInstallation(team('T0ROTATE'))).rejects.toThrow(
      /TRUSTLOOP_ENCRYPTION_KEY_OLD/,
    );
  });
});

/** A bare app exposing InstallProvider's install and redirect paths, as Bolt's HTTPReceiver does. */
async function startInstallApp(installer: () => InstallProvider, callbacks: CallbackOptions) {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://app').pathname;
    const done = (p: Promise<void>) => void p.catch(() => res.writeHead(500).end());
    if (path === '/slack/install') done(installer().handleInstallPath(req, res));
    else if (path === '/slack/oauth_redirect') done(installer().handleCallback(req, res, callbacks));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('Bolt’s InstallProvider with the store, against the Slack stand-in', () => {
  let db: Db;
  let standIn: SlackStandIn;
  let app: Awaited<ReturnType<typeof startInstallApp>>;
  let store: PostgresInstallationStore;
  let installer: InstallProvider;
  const clock = new AdjustableClock(START);
  const outcomes: string[] = [];

  beforeAll(async () => {
    db = await createTestDb();
    standIn = await startSlackStandIn({
      strictTokens: true,
      oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      enterpriseId: undefined,
    });
    standIn.addWorkspace({ teamId: 'T0SECOND', teamName: 'Second', users: [{ id: 'U0SAM', name: 'sam', is_admin: true }] });
    standIn.addWorkspace({
      teamId: 'T0ORGA',
      enterpriseId: 'E0GRID',
      enterpriseName: 'Grid Org',
      users: [{ id: 'W0ORGADMIN', name: 'orgadmin', is_admin: true }],
    });
    store = new PostgresInstallationStore({ db, cipher: cipherOf(newKey()), clock });
    app = await startInstallApp(() => installer, {
      success: (_i, _o, _req, res) => {
        outcomes.push('success');
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('installed');
      },
      failure: (err, _o, _req, res) => {
        outcomes.push(`failure:${err.code}`);
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end(err.code);
      },
    });
    installer = new InstallProvider({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      stateSecret: 'state-secret-for-tests',
      installationStore: store,
      installUrlOptions: {
        scopes: ['commands', 'chat:write'],
        userScopes: ['search:read'],
        redirectUri: `${app.url}/slack/oauth_redirect`,
      },
      // Derived from SLACK_API_URL, as the app will do: the stand-in answers at the same place.
      authorizationUrl: oauthAuthorizeUrl(standIn.apiUrl),
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await app.close();
    await standIn.close();
    await db.close();
  });

  const installUrl = () => `${app.url}/slack/install`;
  const rowCount = async () => (await db.query<{ n: number }>('select count(*)::int as n from installations')).rows[0].n;

  it('finds Slack’s authorize page next to the API URL', () => {
    expect(oauthAuthorizeUrl('https://slack.com/api/')).toBe('https://slack.com/oauth/v2/authorize');
    expect(oauthAuthorizeUrl('https://slack.com/api')).toBe('https://slack.com/oauth/v2/authorize');
    expect(oauthAuthorizeUrl(standIn.apiUrl)).toBe(standIn.authorizeUrl);
  });

  it('completes an install: state cookie, authorize, code exchange and auth.test all at the stand-in', async () => {
    const before = standIn.calls.length;
    const flow = await runInstallFlow({ installUrl: installUrl() });
    expect(flow.authorizeUrl.startsWith(standIn.authorizeUrl)).toBe(true);
    expect(flow.cookie).toMatch(/^slack-app-oauth-state=/);
    expect(flow.callback?.status).toBe(200);
    expect(flow.callback?.body).toBe('installed');
    expect(standIn.calls.slice(before).map((c) => c.method)).toEqual(['oauth.v2.access', 'auth.test']);

    const installation = await store.fetchInstallation(team(standIn.teamId));
    const slackSide = standIn.installation(standIn.teamId);
    expect(installation.bot?.token).toBe(slackSide?.botToken);
    expect(installation.user.token).toBe(slackSide?.userTokens[installation.user.id]);
    expect(installation.bot?.id).toBe(standIn.botId);
    expect(installation.user.id).toBe('U0ALICE01');
    // The stored token is the workspace's own: it works at the stand-in, and says whose it is.
    const who = await new WebClient(installation.bot?.token, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } }).auth.test();
    expect(who.team_id).toBe(standIn.teamId);

    const authorized = await installer.authorize({ teamId: standIn.teamId, enterpriseId: undefined, isEnterpriseInstall: false });
    expect(authorized.botToken).toBe(installation.bot?.token);
  });

  it('installs a second workspace and an Enterprise Grid org with their own tokens', async () => {
    standIn.chooseNextInstall({ teamId: 'T0SECOND' });
    expect((await runInstallFlow({ installUrl: installUrl() })).callback?.status).toBe(200);
    standIn.chooseNextInstall({ teamId: 'T0ORGA', orgWide: true });
    expect((await runInstallFlow({ installUrl: installUrl() })).callback?.status).toBe(200);

    const second = await store.fetchInstallation(team('T0SECOND'));
    const org = await store.fetchInstallation({ teamId: 'T0ORGA', enterpriseId: 'E0GRID', isEnterpriseInstall: true });
    const first = await store.fetchInstallation(team(standIn.teamId));
    expect(second.user.id).toBe('U0SAM');
    expect(org.isEnterpriseInstall).toBe(true);
    expect(org.team).toBeUndefined();
    expect(org.enterprise).toEqual({ id: 'E0GRID', name: 'Grid Org' });
    expect(org.enterpriseUrl).toBe('https://e0grid.enterprise.slack.com/');
    expect(new Set([first.bot?.token, second.bot?.token, org.bot?.token]).size).toBe(3);
    expect(standIn.tokenInfo(org.bot?.token ?? '')).toMatchObject({ isEnterpriseInstall: true, enterpriseId: 'E0GRID', teamId: null });
  });

  it('stores nothing when the person cancels, the state is forged or missing, or a code is replayed', async () => {
    const rows = await rowCount();
    outcomes.length = 0;
    standIn.chooseNextInstall({ deny: true });
    const cancelled = await runInstallFlow({ installUrl: installUrl() });
    expect(cancelled.redirectUrl).toContain('error=access_denied');
    expect(cancelled.callback?.status).toBe(400);

    const forged = await runInstallFlow({ installUrl: installUrl(), state: 'forged-state' });
    expect(forged.callback?.status).toBe(400);
    const noCookie = await runInstallFlow({ installUrl: installUrl(), cookie: '' });
    expect(noCookie.callback?.status).toBe(400);

    const ok = await runInstallFlow({ installUrl: installUrl() });
    const code = new URL(ok.redirectUrl ?? '').searchParams.get('code') ?? '';
    const replay = await runInstallFlow({ installUrl: installUrl(), code });
    expect(replay.callback?.status).toBe(400);
    expect(standIn.callsTo('oauth.v2.access').at(-1)?.error).toBe('invalid_code');
    expect(outcomes).toEqual([
      'failure:slack_oauth_installer_authorization_error',
      'failure:slack_oauth_invalid_state',
      'failure:slack_oauth_invalid_state',
      'success',
      'failure:slack_webapi_platform_error',
    ]);
    expect(await rowCount()).toBe(rows);
  });

  it('answers oauth.v2.access errors as Slack does for bad client credentials', async () => {
    const noToken = new WebClient(undefined, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger });
    const err = async (args: Record<string, string>) =>
      noToken.oauth.v2.access(args as never).then(
        () => 'ok',
        (e: { data?: { error?: string } }) => e.data?.error,
      );
    expect(await err({ client_id: 'wrong', client_secret: CLIENT_SECRET, code: 'x' })).toBe('invalid_client_id');
    expect(await err({ client_id: CLIENT_ID, client_secret: 'wrong', code: 'x' })).toBe('bad_client_secret');
    expect(await err({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code: 'never-issued' })).toBe('invalid_code');
    // The client secret is never recorded with the call.
    expect(JSON.stringify(standIn.callsTo('oauth.v2.access'))).not.toContain(CLIENT_SECRET);
  });
});

describe('token rotation', () => {
  let standIn: SlackStandIn;
  const clock = new AdjustableClock(START);
  const cipher = cipherOf(newKey());

  beforeAll(async () => {
    standIn = await startSlackStandIn({
      strictTokens: true,
      now: () => clock.now().getTime(),
      oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tokenRotation: true },
    });
  });
  afterAll(() => standIn.close());

  const refresher = (): TokenRefresher => ({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    slackApiUrl: standIn.apiUrl,
    cipher,
    clock,
  });

  /** What InstallProvider would store for the stand-in's answer to a code exchange. */
  function installationFrom(resp: Record<string, unknown>): Installation {
    const r = resp as {
      access_token: string;
      refresh_token: string;
      expires_in: number;
      scope: string;
      bot_user_id: string;
      app_id: string;
      team: { id: string; name: string };
      authed_user: { id: string };
    };
    const now = Math.floor(clock.now().getTime() / 1000);
    return {
      team: r.team,
      enterprise: undefined,
      user: { id: r.authed_user.id, token: undefined, scopes: undefined },
      bot: {
        token: r.access_token,
        refreshToken: r.refresh_token,
        expiresAt: now + r.expires_in,
        scopes: r.scope.split(','),
        id: standIn.botId,
        userId: r.bot_user_id,
      },
      tokenType: 'bot',
      isEnterpriseInstall: false,
      appId: r.app_id,
      authVersion: 'v2',
    };
  }

  it('refreshes an expiring token exactly once when two replicas need it at the same moment', async () => {
    const replicas = await createReplicaDbs(2);
    try {
      const [a, b] = replicas.dbs;
      const store = new PostgresInstallationStore({ db: a, cipher, clock, refresher: refresher() });
      const resp = standIn.install({ teamId: standIn.teamId }) as { access_token: string; refresh_token: string; expires_in: number };
      expect(resp.expires_in).toBe(43_200);
      expect(resp.refresh_token).toMatch(/^xoxe-1-/);
      expect(resp.access_token).toMatch(/^xoxe\.xoxb-1-/);
      await store.storeInstallation(installationFrom(resp));
      const oldToken = resp.access_token;

      // Fresh: nothing to refresh.
      const fresh = await authorizeInstallation(a, refresher(), team(standIn.teamId));
      expect(fresh).toMatchObject({ botToken: oldToken, refreshed: false });
      expect(standIn.callsTo('oauth.v2.access')).toHaveLength(0);

      // 11 hours later the token expires within the margin (2 h 5 min): both replicas want a new one.
      clock.advance(11 * 3600_000);
      const q = team(standIn.teamId);
      const [ra, rb] = await Promise.all([authorizeInstallation(a, refresher(), q), authorizeInstallation(b, refresher(), q)]);
      const refreshCalls = standIn.callsTo('oauth.v2.access');
      expect(refreshCalls).toHaveLength(1);
      expect(refreshCalls[0].args.grant_type).toBe('refresh_token');
      expect(ra.botToken).toBe(rb.botToken);
      expect(ra.botToken).not.toBe(oldToken);
      expect([ra.refreshed, rb.refreshed].sort()).toEqual([false, true]);
      expect(ra.botTokenExpiresAt?.getTime()).toBe(clock.now().getTime() + 43_200_000);

      // The new token works; the old one and the spent refresh token do not.
      const client = (token: string) => new WebClient(token, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger });
      expect((await client(ra.botToken).auth.test()).team_id).toBe(standIn.teamId);
      await expect(client(oldToken).auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
      const spent = await new WebClient(undefined, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger }).oauth.v2
        .access({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, grant_type: 'refresh_token', refresh_token: resp.refresh_token })
        .catch((e: { data?: { error?: string } }) => e.data?.error);
      expect(spent).toBe('invalid_refresh_token');

      // Bolt's view through the store: a fresh token and no refresh token for InstallProvider to spend.
      const forBolt = await store.fetchInstallation({ teamId: standIn.teamId, enterpriseId: undefined, isEnterpriseInstall: false });
      expect(forBolt.bot?.token).toBe(ra.botToken);
      expect(forBolt.bot?.refreshToken).toBeUndefined();
      expect(await rawRows(a)).not.toContain(ra.botToken);

      // A token past its expiry answers token_expired, as Slack does.
      clock.advance(13 * 3600_000);
      await expect(client(ra.botToken).auth.test()).rejects.toMatchObject({ data: { error: 'token_expired' } });
    } finally {
      await replicas.close();
    }
  });

  it('fails with Slack’s reason when the refresh token was revoked, and changes nothing', async () => {
    const db = await createTestDb();
    try {
      standIn.addWorkspace({ teamId: 'T0REVOKED', users: [{ id: 'U0REV', name: 'rev' }] });
      const store = new PostgresInstallationStore({ db, cipher, clock });
      const resp = standIn.install({ teamId: 'T0REVOKED' });
      await store.storeInstallation(installationFrom(resp));
      standIn.uninstall('T0REVOKED');
      clock.advance(11 * 3600_000);
      const q = team('T0REVOKED');
      const failed = await authorizeInstallation(db, refresher(), q).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(TokenRefreshError);
      expect((failed as TokenRefreshError).code).toBe('invalid_refresh_token');
      expect((await store.fetchInstallation(q)).bot?.token).toBe(resp.access_token);
      await expect(authorizeInstallation(db, refresher(), team('T0NOBODY'))).rejects.toBeInstanceOf(
        InstallationNotFoundError,
      );
    } finally {
      await db.close();
    }
  });
});
