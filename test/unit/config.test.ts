import { loadConfig, NO_CREDENTIALS } from '../../src/config';

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'a-signing-secret' };

describe('configuration: the sandbox only on purpose', () => {
  it('in production without Slack credentials refuses with one line naming what to set', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/trustloop' })).toThrow(NO_CREDENTIALS);
    expect(NO_CREDENTIALS).not.toContain('\n');
    expect(NO_CREDENTIALS).toMatch(/SLACK_BOT_TOKEN.*SLACK_SIGNING_SECRET.*SLACK_APP_TOKEN.*TRUSTLOOP_SANDBOX=1/);
  });

  it('runs the sandbox in production when TRUSTLOOP_SANDBOX=1 asks for it, on 127.0.0.1 unless HOST is set', () => {
    expect(loadConfig({ NODE_ENV: 'production', TRUSTLOOP_SANDBOX: '1' })).toMatchObject({ mode: 'sandbox', host: '127.0.0.1' });
    expect(loadConfig({ NODE_ENV: 'production', TRUSTLOOP_SANDBOX: 'true', HOST: '0.0.0.0' })).toMatchObject({ mode: 'sandbox', host: '0.0.0.0' });
  });

  it('starts the sandbox with nothing set in development, and never with TRUSTLOOP_SANDBOX=0', () => {
    expect(loadConfig({})).toMatchObject({ mode: 'sandbox', host: '127.0.0.1', sandboxHosts: [] });
    expect(() => loadConfig({ TRUSTLOOP_SANDBOX: '0' })).toThrow(NO_CREDENTIALS);
  });

  it('keeps listening everywhere by default with Slack credentials (Slack must reach it)', () => {
    expect(loadConfig({ ...SLACK, NODE_ENV: 'production' })).toMatchObject({ mode: 'http', host: '0.0.0.0' });
  });

  it('names a bad switch, or a sandbox asked for beside Slack credentials', () => {
    expect(() => loadConfig({ TRUSTLOOP_SANDBOX: 'maybe' })).toThrow(/TRUSTLOOP_SANDBOX: must be 1 \(on\) or 0 \(off\)/);
    expect(() => loadConfig({ ...SLACK, TRUSTLOOP_SANDBOX: '1' })).toThrow(/TRUSTLOOP_SANDBOX: the sandbox runs only without Slack credentials/);
  });

  it('reads the extra sandbox addresses as names with an optional port, and refuses anything else', () => {
    expect(loadConfig({ TRUSTLOOP_SANDBOX_HOSTS: 'localhost:8080, Trustloop.Test ,[::1]:9000' }).sandboxHosts).toEqual([
      'localhost:8080',
      'trustloop.test',
      '[::1]:9000',
    ]);
    for (const bad of ['http://trustloop.test/', 'user@trustloop.test', 'trustloop.test/path', '::1'])
      expect(() => loadConfig({ TRUSTLOOP_SANDBOX_HOSTS: bad })).toThrow(/TRUSTLOOP_SANDBOX_HOSTS: .* is not a host name/);
  });
});

describe('configuration: migrations as the owner', () => {
  it('takes DATABASE_MIGRATION_URL beside DATABASE_URL, and only with it', () => {
    const c = loadConfig({ ...SLACK, DATABASE_URL: 'postgres://app@db/t', DATABASE_MIGRATION_URL: 'postgres://owner@db/t' });
    expect(c).toMatchObject({ databaseUrl: 'postgres://app@db/t', databaseMigrationUrl: 'postgres://owner@db/t' });
    expect(loadConfig({ ...SLACK, DATABASE_URL: 'postgres://app@db/t' }).databaseMigrationUrl).toBeUndefined();
    expect(() => loadConfig({ ...SLACK, DATABASE_MIGRATION_URL: 'postgres://owner@db/t' })).toThrow(/DATABASE_MIGRATION_URL: is used only with DATABASE_URL/);
    expect(() => loadConfig({ ...SLACK, DATABASE_URL: 'postgres://app@db/t', DATABASE_MIGRATION_URL: 'mysql://x' })).toThrow(/DATABASE_MIGRATION_URL: must be a postgres/);
  });

  it('lets `npm run migrate` run in production with no Slack credentials', () => {
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://owner@db/t' }, { migrateOnly: true }).databaseUrl).toBe('postgres://owner@db/t');
  });
});

describe('configuration: OAuth mode (many workspaces)', () => {
  const KEY = Buffer.alloc(32, 7).toString('base64');
  const OAUTH = {
    SLACK_CLIENT_ID: '1234.5678',
    SLACK_CLIENT_SECRET: 'a-client-secret',
    SLACK_STATE_SECRET: 'a-state-secret-of-some-length',
    SLACK_SIGNING_SECRET: 'a-signing-secret',
    TRUSTLOOP_ENCRYPTION_KEY: KEY,
  };

  it('runs over HTTP with a token per workspace, reading the key and an old one for rotation', () => {
    const c = loadConfig({ ...OAUTH, TRUSTLOOP_ENCRYPTION_KEY_OLD: 'ab'.repeat(32), SLACK_REDIRECT_URI: 'https://t.example/slack/oauth_redirect' });
    expect(c.mode).toBe('http');
    expect(c.slack.botToken).toBeUndefined();
    expect(c.slack.oauth).toMatchObject({ clientId: '1234.5678', redirectUri: 'https://t.example/slack/oauth_redirect' });
    expect(c.slack.oauth?.keys.current.bytes).toEqual(Buffer.alloc(32, 7));
    expect(c.slack.oauth?.keys.old?.bytes).toEqual(Buffer.from('ab'.repeat(32), 'hex'));
    expect(loadConfig({ ...OAUTH, SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: 'xapp-1' }).mode).toBe('socket');
  });

  it('refuses to start without a valid encryption key, naming the problem on one line and never the value', () => {
    const noKey: Record<string, string> = { ...OAUTH };
    delete noKey.TRUSTLOOP_ENCRYPTION_KEY;
    expect(() => loadConfig(noKey)).toThrow(/^Configuration is not valid: TRUSTLOOP_ENCRYPTION_KEY is missing: [^\n]*openssl rand -base64 32/);
    for (const [bad, why] of [
      ['short-key', /is neither hex nor base64|decodes to/],
      ['abcd'.repeat(8), /is 32 hex characters, not 64/],
      [Buffer.alloc(16).toString('base64'), /decodes to 16 bytes, not 32/],
    ] as const) {
      let message = '';
      try {
        loadConfig({ ...OAUTH, TRUSTLOOP_ENCRYPTION_KEY: bad });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(why);
      expect(message).not.toContain('\n');
      expect(message).not.toContain(bad);
    }
    expect(() => loadConfig({ ...OAUTH, TRUSTLOOP_ENCRYPTION_KEY_OLD: KEY })).toThrow(/TRUSTLOOP_ENCRYPTION_KEY_OLD is the same key/);
  });

  it('names what is missing or contradictory', () => {
    expect(() => loadConfig({ ...OAUTH, SLACK_STATE_SECRET: '' })).toThrow(/SLACK_STATE_SECRET: is required in OAuth mode/);
    expect(() => loadConfig({ ...OAUTH, SLACK_STATE_SECRET: 'short' })).toThrow(/SLACK_STATE_SECRET: must be at least 16/);
    expect(() => loadConfig({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_BOT_TOKEN: is for a single workspace/);
    expect(() => loadConfig({ ...OAUTH, SLACK_SIGNING_SECRET: '' })).toThrow(/SLACK_SIGNING_SECRET: is required in OAuth mode/);
    expect(() => loadConfig({ ...OAUTH, SLACK_CLIENT_ID: 'abc' })).toThrow(/SLACK_CLIENT_ID: must be the app’s Client ID/);
    expect(() => loadConfig({ ...SLACK, SLACK_REDIRECT_URI: 'https://t.example/x' })).toThrow(/SLACK_REDIRECT_URI: is used only in OAuth mode/);
    expect(() => loadConfig({ ...OAUTH, TRUSTLOOP_SANDBOX: '1' })).toThrow(/TRUSTLOOP_SANDBOX: the sandbox runs only without/);
  });

  it('leaves single-workspace mode as it was', () => {
    const c = loadConfig({ ...SLACK, TRUSTLOOP_ENCRYPTION_KEY: 'not even a key' });
    expect(c.mode).toBe('http');
    expect(c.slack.oauth).toBeUndefined();
    expect(c.slack.botToken).toBe('xoxb-1');
  });
});
