/**
 * Token rotation in OAuth mode: an expiring bot token is refreshed ahead of use by the tick (the
 * scheduler acts without a request), under the installation's row lock, and delivery goes on with the
 * new token; the spent one is never used again.
 */
import { ALICE, BOB, GENERAL, messageText } from '../helpers/e2e';
import { startOAuthE2E, type OAuthE2E } from '../helpers/oauth-e2e';

describe('token rotation', () => {
  let t: OAuthE2E;
  beforeAll(async () => {
    t = await startOAuthE2E({ oauth: { tokenRotation: true, tokenLifetimeSec: 43_200 } });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refreshes a token before it expires, once, and delivers with the new one', async () => {
    expect((await t.install('T0TEAM1')).callback?.status).toBe(200);
    const first = t.standIn.installation('T0TEAM1');
    expect(first?.botRefreshToken).toBeDefined();
    await t.command('T0TEAM1', ALICE, '/delegate', `<@${BOB}> Before the refresh by Friday`, GENERAL);
    await t.settle();
    expect(t.standIn.callsTo('chat.postMessage').at(-1)?.token).toBe(first?.botToken);

    // Business time reaches an hour before the token expires (the refresh margin is 2 h 5 min).
    const { rows } = await t.db.query<{ at: Date }>(`select bot_token_expires_at as at from installations`);
    t.clock.advanceTo(new Date(rows[0].at.getTime() - 60 * 60_000));
    const before = t.standIn.callsTo('oauth.v2.access').length;
    await Promise.all([t.app.tick(), t.app.tick()]);
    const refreshes = t.standIn.callsTo('oauth.v2.access').slice(before);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0].args.grant_type).toBe('refresh_token');
    const second = t.standIn.installation('T0TEAM1');
    expect(second?.botToken).not.toBe(first?.botToken);

    const sent = t.standIn.calls.length;
    await t.command('T0TEAM1', ALICE, '/delegate', `<@${BOB}> After the refresh by Friday`, GENERAL);
    await t.settle();
    expect(messageText(t.standIn.dmsTo(BOB).at(-1))).toContain('After the refresh');
    const later = t.standIn.calls.slice(sent);
    expect(later.length).toBeGreaterThan(0);
    for (const c of later) {
      expect(c.ok).toBe(true);
      expect(c.token).toBe(second?.botToken);
    }
    // The stored refresh token is the new one, encrypted.
    const raw = await t.db.query<{ raw: string }>('select row_to_json(i)::text as raw from installations i');
    expect(raw.rows[0].raw).not.toContain(second?.botRefreshToken ?? 'none');
  });
});
