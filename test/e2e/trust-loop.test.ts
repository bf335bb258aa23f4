import { ALICE, BOB, CAROL, GENERAL, messageText, startE2E, type E2E } from '../helpers/e2e';

describe('the trust loop, end to end: /delegate → DM → /outcome → celebration', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('delegates with an escaped mention and confirms the reference and the local due date', async () => {
    const r = await t.command(ALICE, '/delegate', `<@${BOB}|bob> Draft the Q3 customer survey by Friday`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('D-1');
    expect(r.text).toMatch(/Fri 27 Nov, 18:00 Bob Baker’s time \(America\/New_York\)/); // the end of Bob's working day, in his zone
    expect(r.text).toContain('Europe/Berlin');
    expect((r.body as { response_type?: string }).response_type).toBe('ephemeral');
  });

  it('sends the assignee a DM naming the task, the leader, stakes and buttons to accept or ask for a change', async () => {
    await t.settle();
    const dm = t.standIn.dmsTo(BOB).at(-1);
    const text = messageText(dm);
    expect(text).toContain('Draft the Q3 customer survey');
    expect(text).toContain(`<@${ALICE}>`);
    expect(text).toMatch(/Stakes\*\nsmall/);
    expect(JSON.stringify(dm?.blocks)).toContain('delegation_accept');
    expect(JSON.stringify(dm?.blocks)).toContain('delegation_request_change');
  });

  it('closes as a win and celebrates in the channel with the lesson and the ladder', async () => {
    const r = await t.command(BOB, '/outcome', 'D-1 win Asking customers early helped');
    expect(r.text).toContain('D-1');
    await t.settle();
    const post = t.standIn.messagesIn(GENERAL).at(-1);
    const text = messageText(post);
    expect(text).toContain('A win to celebrate!');
    expect(text).toContain('Asking customers early helped');
    expect(text).toContain('1 win at small');
  });

  it('refuses to close a delegation twice, and nothing changes', async () => {
    const before = t.standIn.messagesIn(GENERAL).length;
    const r = await t.command(BOB, '/outcome', 'D-1 loss never mind');
    expect(r.text).toMatch(/already closed/);
    await t.settle();
    expect(t.standIn.messagesIn(GENERAL)).toHaveLength(before);
  });

  it('numbers delegations per workspace and lets only the assignee or the leader close them', async () => {
    const r = await t.command(ALICE, '/delegate', `<@${CAROL}> Tidy the onboarding doc`);
    expect(r.text).toContain('D-2');
    const refused = await t.command(BOB, '/outcome', 'D-2 win done');
    expect(refused.text).toMatch(/Only <@U0CAROL01>.*or <@U0ALICE01>/);
    const { rows } = await t.db.query<{ status: string }>(`select status from delegations where ref = 2`);
    expect(rows[0]!.status).toBe('open');
  });

  it('answers a loss without a lesson with a prompt for one, and changes nothing', async () => {
    const r = await t.command(CAROL, '/outcome', 'D-2 loss');
    expect(r.text).toMatch(/What did you learn/);
    expect(JSON.stringify(r.body)).toContain('outcome_add_lesson');
    const { rows } = await t.db.query<{ status: string }>(`select status from delegations where ref = 2`);
    expect(rows[0]!.status).toBe('open');
  });

  it('celebrates a loss as learning, and the ladder still counts it', async () => {
    await t.command(CAROL, '/outcome', 'D-2 lost Underestimated the data cleaning');
    await t.settle();
    const text = messageText(t.standIn.messagesIn(GENERAL).at(-1));
    expect(text).toMatch(/loss worth learning from/i);
    expect(text).toContain('Underestimated the data cleaning');
    expect(text).toContain('1 loss at small');
    expect(text).toMatch(/never lowers/);
  });
});
