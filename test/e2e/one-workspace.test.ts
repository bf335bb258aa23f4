/**
 * Single-workspace mode (SLACK_BOT_TOKEN): only the token's own workspace (auth.test at start) is
 * served. A signed request from any other workspace is answered 200 with nothing done, logged once;
 * a token Slack stops accepting stops the workspace instead of retrying for hours.
 */
import { createLogger } from '../../src/logger';
import { createSlackSender } from '../../src/sandbox/slack-client';
import { ALICE, BOB, SIGNING_SECRET, startE2E, type E2E } from '../helpers/e2e';
import { logCapture } from '../helpers/raw-http';

describe('one workspace, one token', () => {
  let t: E2E;
  const logs = logCapture();
  beforeAll(async () => {
    t = await startE2E({ log: createLogger({ level: 'debug', pretty: false }, logs) });
    t.standIn.addWorkspace({
      teamId: 'T0OTHER',
      users: [
        { id: 'U0OTTO001', name: 'otto' },
        { id: 'U0OLGA001', name: 'olga' },
      ],
      channels: [{ id: 'C0OTHER', name: 'other', members: ['U0OTTO001', 'U0OLGA001'] }],
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refuses a request from another workspace: 200, nothing processed, said once', async () => {
    const other = createSlackSender({
      appUrl: `${t.app.url}/slack/events`,
      signingSecret: SIGNING_SECRET,
      standIn: t.standIn,
      teamId: 'T0OTHER',
    });
    for (let i = 0; i < 3; i++) {
      const r = await other.command({
        command: '/delegate',
        text: '<@U0OLGA001> Something by Friday',
        userId: 'U0OTTO001',
        channelId: 'C0OTHER',
      });
      expect(r.status).toBe(200);
      expect(r.body).toBe('');
    }
    await other.event({ type: 'app_home_opened', user: 'U0OTTO001', tab: 'home' });
    await t.settle();
    const { rows } = await t.db.query<{ n: number }>(
      `select (select count(*) from delegations where team_id = 'T0OTHER') + (select count(*) from outbox where team_id = 'T0OTHER') + (select count(*) from members where team_id = 'T0OTHER') as n`,
    );
    expect(Number(rows[0].n)).toBe(0);
    expect(
      logs.lines.filter((l) => l.teamId === 'T0OTHER' && /does not serve/.test(String(l.msg))),
    ).toHaveLength(1);
    // Its own workspace is served as before.
    const own = await t.command(ALICE, '/delegate', `<@${BOB}> Draft the survey by Friday`);
    expect(own.text).toContain('D-1');
  });

  it('stops the workspace when Slack no longer accepts the token, instead of retrying', async () => {
    await t.settle();
    t.standIn.invalidTokens.add('xoxb-e2e-test');
    await t.command(ALICE, '/delegate', `<@${BOB}> Second by Friday`);
    await t.settle();
    const { rows } = await t.db.query<{ status: string; last_error: string }>(
      `select status, last_error from outbox where idempotency_key like 'delegation:2:%'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows)
      expect(r).toEqual({ status: 'dropped', last_error: expect.stringMatching(/invalid_auth/) });
    const calls = t.standIn.calls.length;
    const after = await t.command(ALICE, '/delegate', `<@${BOB}> Third by Friday`);
    expect(after).toMatchObject({ status: 200, text: '' });
    await t.app.tick();
    await t.settle();
    expect(t.standIn.calls.length).toBe(calls);
    expect(logs.lines.some((l) => /Slack no longer accepts the bot token/.test(String(l.msg)))).toBe(true);
  });
});
