import { ALICE, BOB, GENERAL, startE2E, type E2E } from '../helpers/e2e';

/**
 * Anyone who can type /delegate must not be able to @channel a channel in Trustloop's name, or post a
 * link whose label hides its target — through any field that Trustloop re-posts.
 */
const PINGS = /<!(channel|here|everyone|subteam)/;
const HIDDEN_LINK = /<https?:\/\/evil\.example[^>|]*\|/;

function everythingSlackReceived(t: E2E): string {
  return JSON.stringify([t.standIn.calls.map((c) => c.args), t.standIn.responsePosts.map((p) => p.body)]);
}

describe('what people type can never ping a channel or hide a link', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a task title with @channel, a user group and a disguised link reaches the DM and the celebration as plain text', async () => {
    await t.command(
      ALICE,
      '/delegate',
      `<@${BOB}|bob> <!channel> read <https://evil.example/login|the Q3 doc> with <!subteam^S0ENG|@eng> by Friday; I’ll review it <!here> by Thursday`,
    );
    await t.standIn.waitFor((s) => s.dmsTo(BOB).at(-1));
    await t.command(
      BOB,
      '/outcome',
      'D-1 loss <!everyone> skipped <https://evil.example/x|our runbook> — lesson: read it',
    );
    await t.standIn.waitFor((s) => s.messagesIn(GENERAL).at(-1));
    await t.settle();
    const all = everythingSlackReceived(t);
    expect(all).not.toMatch(PINGS);
    expect(all).not.toMatch(HIDDEN_LINK);
    const dm = JSON.stringify(t.standIn.dmsTo(BOB).at(-1));
    expect(dm).toContain('@channel read the Q3 doc (<https://evil.example/login>) with @eng');
    const celebration = JSON.stringify(t.standIn.messagesIn(GENERAL).at(-1));
    expect(celebration).toContain('@everyone skipped our runbook (<https://evil.example/x>)');
  });

  it('keeps person mentions in a lesson: naming a teammate is fine', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Tidy the onboarding doc by Friday`);
    await t.command(BOB, '/outcome', `D-2 win pairing with <@${ALICE}|alice> helped`);
    await t.standIn.waitFor((s) => s.messagesIn(GENERAL).find((m) => JSON.stringify(m).includes('D-2')));
    expect(
      JSON.stringify(t.standIn.messagesIn(GENERAL).find((m) => JSON.stringify(m).includes('D-2'))),
    ).toContain(`pairing with <@${ALICE}> helped`);
  });

  it('renders rows stored before neutralisation existed safely too (render time, not a migration)', async () => {
    // A row as an older version stored it: the task text exactly as Slack sent it.
    await t.db.query(
      `update delegations set title = '<!channel> legacy <https://evil.example/old|docs>' where ref = 2`,
    );
    await t.command(ALICE, '/outcome', '');
    await t.settle();
    const { rows } = await t.db.query<{ title: string }>('select title from delegations where ref = 2');
    expect(rows[0]!.title).toContain('<!channel>'); // stored text is history: left as it was
    expect(everythingSlackReceived(t)).not.toMatch(PINGS);
  });

  it('a message queued before neutralisation existed is neutralised when it is sent', async () => {
    await t.db.query(
      `insert into outbox (team_id, idempotency_key, kind, method, payload, channel_key, not_before)
       values ('T0TEAM1', 'legacy:1', 'api', 'chat.postMessage',
               '{"channel":"C0GENERAL","text":"<!channel> old","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"<!here> <https://evil.example/a|b>"}}]}', 'C0GENERAL', $1)`,
      [t.clock.now()],
    );
    await t.settle();
    const last = JSON.stringify(t.standIn.messagesIn(GENERAL).at(-1));
    expect(last).toContain('@channel old');
    expect(everythingSlackReceived(t)).not.toMatch(PINGS);
    expect(everythingSlackReceived(t)).not.toMatch(HIDDEN_LINK);
  });
});
