import { ALICE, startE2E, type E2E } from '../helpers/e2e';

/** Payloads Slack would never send, signed correctly: never a 500, never a crash. */
describe('malformed but signed requests', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  it.each([
    [
      'a view submission without a view',
      { type: 'view_submission', user: { id: ALICE }, team: { id: 'T0TEAM1' } },
    ],
    [
      'a view submission for our form with no state',
      {
        type: 'view_submission',
        user: { id: ALICE },
        team: { id: 'T0TEAM1' },
        view: { id: 'V1', callback_id: 'delegate_modal' },
      },
    ],
    [
      'a button click with a value of the wrong type',
      {
        type: 'block_actions',
        user: { id: ALICE },
        team: { id: 'T0TEAM1' },
        trigger_id: '1.2.3',
        actions: [{ action_id: 'commitment_done', value: 42, block_id: 'b' }],
      },
    ],
  ])('%s is acknowledged, not answered with a 500', async (_name, payload) => {
    const r = await t.slack.raw(
      `payload=${encodeURIComponent(JSON.stringify(payload))}`,
      'application/x-www-form-urlencoded',
    );
    expect(r.status).toBeLessThan(500);
    expect(r.status).not.toBe(0);
    const health = await fetch(`${t.app.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('answers a body Bolt cannot handle at all (payload=null) instead of leaving it hanging', async () => {
    const r = await t.slack.raw('payload=null', 'application/x-www-form-urlencoded');
    expect(r.status).toBe(400);
    const health = await fetch(`${t.app.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
