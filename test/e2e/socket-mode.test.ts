/**
 * The main journeys over Socket Mode (the stand-in's WebSocket server: apps.connections.open at
 * SLACK_API_URL, hello, envelopes acked with envelope_id) in OAuth mode: two workspaces installed
 * through Add to Slack, used side by side, one uninstalled — the other keeps working.
 */
import { ALICE, BOB, GENERAL, messageText } from '../helpers/e2e';
import { BEA, BEN, BRAVO, BRAVO_CHANNEL, startOAuthE2E, type OAuthE2E } from '../helpers/oauth-e2e';

const APP_TOKEN = 'xapp-1-A0TRUSTLOOP-socket-e2e';

describe('Socket Mode, two workspaces', () => {
  let t: OAuthE2E;
  beforeAll(async () => {
    t = await startOAuthE2E({
      standIn: { appToken: APP_TOKEN },
      env: { SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: '' },
      transport: 'socket',
    });
    await t.standIn.socketMode.waitForConnections(1);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('connects over the stand-in’s WebSocket and serves two installed workspaces side by side', async () => {
    expect((await t.install('T0TEAM1')).callback?.status).toBe(200);
    expect((await t.install(BRAVO)).callback?.status).toBe(200);
    const a = await t.command('T0TEAM1', ALICE, '/delegate', `<@${BOB}> Socket work by Friday`, GENERAL);
    const b = await t.command(
      BRAVO,
      BEA,
      '/delegate',
      `<@${BEN}> Bravo socket work by Friday`,
      BRAVO_CHANNEL,
    );
    expect(a.text).toContain('D-1');
    expect(b.text).toContain('D-1');
    await t.settle();
    expect(messageText(t.standIn.dmsTo(BOB).at(-1))).toContain('Socket work');
    expect(messageText(t.standIn.workspace(BRAVO).dmsTo(BEN).at(-1))).toContain('Bravo socket work');
    // Accept over Socket Mode (an interactive envelope), then close with /outcome.
    const dm = t.standIn.workspace(BRAVO).dmsTo(BEN).at(-1);
    const click = await t
      .sender(BRAVO)
      .blockAction({ userId: BEN, actionId: 'delegation_accept', channelId: BEN, messageTs: dm?.ts ?? '' });
    expect(click.status).toBe(200);
    await t.standIn.waitFor(async () => {
      const { rows } = await t.db.query<{ accepted_at: Date | null }>(
        `select accepted_at from delegations where team_id = $1 and ref = 1`,
        [BRAVO],
      );
      return rows[0]?.accepted_at ?? undefined;
    });
    const done = await t.command(BRAVO, BEN, '/outcome', 'D-1 win planning early helped', BRAVO_CHANNEL);
    expect(done.text).toContain('D-1');
    await t.settle();
    expect(messageText(t.standIn.workspace(BRAVO).messagesIn(BRAVO_CHANNEL).at(-1))).toContain(
      'planning early helped',
    );
  });

  it('uninstalled over Socket Mode: the workspace stops, the other keeps working', async () => {
    await t.sender('T0TEAM1').uninstall();
    await t.standIn.waitFor(async () => ((await t.installationCount()) === 1 ? true : undefined));
    // both events are processed after their ack: wait for the stop itself before trying the workspace
    await t.standIn.waitFor(async () => {
      const { rows } = await t.db.query(`select 1 from stopped_workspaces where team_id = 'T0TEAM1'`);
      return rows.length > 0 ? true : undefined;
    });
    const gone = await t.command('T0TEAM1', ALICE, '/delegate', `<@${BOB}> After by Friday`, GENERAL);
    expect(gone.text).toBe('');
    const still = await t.command(
      BRAVO,
      BEA,
      '/delegate',
      `<@${BEN}> Still working by Friday`,
      BRAVO_CHANNEL,
    );
    expect(still.text).toContain('D-2');
    await t.settle();
    expect(messageText(t.standIn.workspace(BRAVO).dmsTo(BEN).at(-1))).toContain('Still working');
  });
});
