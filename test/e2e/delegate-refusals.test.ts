import { ALICE, BOB, messageText, startE2E, type E2E, rowCounts } from '../helpers/e2e';

/**
 * Every malformed /delegate gets a friendly ephemeral reply with the right usage and changes nothing:
 * no delegation row, no ledger entry, no message queued.
 */
describe('/delegate refuses bad input kindly and changes nothing', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
    t.standIn.addUser({ id: 'U0BOTTY01', name: 'deploybot', real_name: 'Deploy Bot', tz: 'UTC', is_bot: true });
    t.standIn.addUser({ id: 'U0GONE001', name: 'gone', real_name: 'Gone Person', tz: 'UTC', deleted: true });
  });
  afterAll(async () => {
    await t.stop();
  });

  const counts = () => rowCounts(t);

  it.each([
    ['no person', 'Draft the survey by Friday', /who|person/i],
    ['only a person', `<@${BOB}>`, /what/i],
    ['yourself', `<@${ALICE}> Draft the survey`, /yourself.*\/commit/i],
    ['a bot', '<@U0BOTTY01> Deploy the thing', /Bots can’t/],
    ['a deactivated person', '<@U0GONE001> Do the thing', /no longer active/],
    ['a channel instead of a person', '<#C0GENERAL|general> Draft the survey', /one person/i],
    ['@here', '<!here> Draft the survey', /one person/i],
    ['an unknown plain @name', '@nobody-here Draft the survey', /couldn't find anyone called/],
    ['a date in the past', `<@${BOB}> Draft the survey by yesterday`, /behind us/i],
    ['an unparseable explicit date', `<@${BOB}> Draft the survey due:blursday`, /date/i],
    ['unknown stakes', `<@${BOB}> Draft the survey stakes:huge`, /small.*medium.*large/i],
    ['an unknown flag', `<@${BOB}> Draft the survey --urgent`, /--urgent/],
    ['a 5,000-character text', `<@${BOB}> ${'x'.repeat(5000)}`, /characters/],
    ['a task over 300 characters', `<@${BOB}> ${'word '.repeat(80)}`, /300/],
  ])('%s', async (_name, text, reply) => {
    const before = await counts();
    const r = await t.command(ALICE, '/delegate', text);
    expect(r.status).toBe(200);
    expect((r.body as { response_type?: string }).response_type).toBe('ephemeral');
    expect(r.text).toMatch(reply);
    expect(await counts()).toEqual(before);
  });

  it('keeps SQL-looking and unicode text verbatim: it is just a task', async () => {
    const r = await t.command(ALICE, '/delegate', `<@${BOB}> Robert'); DROP TABLE delegations;-- 🚀 مرحبا`);
    expect(r.text).toContain('D-1');
    const { rows } = await t.db.query<{ title: string }>('select title from delegations where ref = 1');
    expect(rows[0]!.title).toBe("Robert'); DROP TABLE delegations;-- 🚀 مرحبا");
  });

  it('resolves a plain @name through the member list when mentions are not escaped', async () => {
    const r = await t.command(ALICE, '/delegate', '@bob Check the invoices by tomorrow');
    expect(r.text).toContain('D-2');
    expect(r.text).toContain(`<@${BOB}>`);
  });

  it('warns gently, but allows it, when medium work skips the small steps', async () => {
    const r = await t.command(ALICE, '/delegate', `<@${BOB}> Lead the vendor review stakes medium`);
    expect(r.text).toContain('D-3');
    expect(r.text).toMatch(/step up.*no closed \*small\* work yet/);
    expect(r.text).toMatch(/buffer/);
  });

  it('lets the leader add the safety net from that note; the assignee is told', async () => {
    const eph = t.standIn.ephemeralsFor(ALICE).at(-1)!;
    await t.slack.blockAction({ userId: ALICE, actionId: 'delegation_add_buffer', channelId: 'C0GENERAL', messageTs: eph.message_ts, ephemeral: true });
    await t.standIn.waitFor((s) => s.openModal(ALICE));
    const done = await t.slack.viewSubmission({ userId: ALICE, inputs: { buffer: 'I review the shortlist with you on Thursday' } });
    expect(done.outcome.kind).toBe('closed');
    await t.settle();
    const { rows } = await t.db.query<{ buffer: string }>('select buffer from delegations where ref = 3');
    expect(rows[0]!.buffer).toBe('I review the shortlist with you on Thursday');
    expect(messageText(t.standIn.dmsTo(BOB).at(-1))).toMatch(/added a safety net to \*D-3/);
  });

  it('rejects requests with a bad signature with 401, and nothing changes', async () => {
    const before = await counts();
    const r = await t.slack.command({ command: '/delegate', text: `<@${BOB}> Sneaky`, userId: ALICE, channelId: 'C0GENERAL', signature: 'invalid' });
    expect(r.status).toBe(401);
    expect(await counts()).toEqual(before);
  });
});
