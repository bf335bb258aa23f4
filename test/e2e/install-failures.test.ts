/**
 * Every way "Add to Slack" can go wrong gets a clear page and stores nothing: the person cancelled, the
 * state is missing, forged, expired or reused, or Slack refuses the code exchange.
 */
import { runInstallFlow } from '../../src/sandbox/slack-client';
import { ALICE, BOB, GENERAL } from '../helpers/e2e';
import { startOAuthE2E, type OAuthE2E } from '../helpers/oauth-e2e';

describe('install failures: a clear page, nothing stored', () => {
  let t: OAuthE2E;
  beforeAll(async () => {
    t = await startOAuthE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  const nothingStored = async () => {
    expect(await t.installationCount()).toBe(0);
    // And the workspace is still not served.
    const r = await t.command('T0TEAM1', ALICE, '/delegate', `<@${BOB}> Anything by Friday`, GENERAL);
    expect(r).toEqual({ status: 200, text: '' });
  };

  it('the person pressed Cancel on Slack’s page', async () => {
    t.standIn.chooseNextInstall({ deny: true });
    const flow = await runInstallFlow({ installUrl: t.installUrl });
    expect(flow.redirectUrl).toContain('error=access_denied');
    expect(flow.callback?.status).toBe(200);
    expect(flow.callback?.body).toContain('No changes made');
    expect(flow.callback?.body).toContain('href="/slack/install"');
    expect(flow.callback?.headers['referrer-policy']).toBe('no-referrer');
    await nothingStored();
  });

  it('a missing, forged or other browser’s state', async () => {
    const before = t.standIn.callsTo('oauth.v2.access').length;
    for (const tamper of [{ cookie: '' }, { state: 'forged-state' }, { state: '' }]) {
      const flow = await t.install('T0TEAM1', tamper);
      expect(flow.callback?.status).toBe(400);
      expect(flow.callback?.body).toContain('This install link has expired');
      expect(flow.callback?.body).toContain('Nothing was installed and nothing was stored');
    }
    // The code was never exchanged.
    expect(t.standIn.callsTo('oauth.v2.access')).toHaveLength(before);
    await nothingStored();
  });

  it('a state older than 10 minutes', async () => {
    const page = await fetch(t.installUrl);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
    const link = (/href="([^"]*\/oauth\/v2\/authorize[^"]*)"/.exec(await page.text())?.[1] ?? '').replace(
      /&amp;/g,
      '&',
    );
    t.clock.advance(11 * 60_000);
    const authorize = await fetch(link, { redirect: 'manual' });
    const back = await fetch(authorize.headers.get('location') ?? '', {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(back.status).toBe(400);
    expect(await back.text()).toContain('This install link has expired');
    await nothingStored();
  });

  it('Slack refuses the code exchange (a reused code)', async () => {
    const first = await t.install('T0BRAVO');
    expect(first.callback?.status).toBe(200);
    expect(await t.installationCount()).toBe(1);
    const code = new URL(first.redirectUrl ?? '').searchParams.get('code') ?? '';
    const replay = await t.install('T0TEAM1', { code });
    expect(replay.callback?.status).toBe(502);
    expect(replay.callback?.body).toContain('Slack did not finish the install');
    expect(t.standIn.callsTo('oauth.v2.access').at(-1)?.error).toBe('invalid_code');
    expect(await t.installationCount()).toBe(1);
    const r = await t.command('T0TEAM1', ALICE, '/delegate', `<@${BOB}> Anything by Friday`, GENERAL);
    expect(r.text).toBe('');
  });

  it('Slack fails the exchange', async () => {
    t.standIn.failNext('oauth.v2.access', 1, { error: 'internal_error' });
    const flow = await t.install('T0TEAM1');
    expect(flow.callback?.status).toBe(502);
    expect(flow.callback?.body).toContain('stored nothing');
    const { rows } = await t.db.query<{ team_id: string }>('select team_id from installations');
    expect(rows).toEqual([{ team_id: 'T0BRAVO' }]);
  });

  it('answers only GET on the install paths', async () => {
    const res = await fetch(t.installUrl, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});
