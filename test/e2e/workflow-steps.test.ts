import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionExecution } from '../../src/sandbox/slack-api/types';
import type { FunctionParameter } from '../../src/sandbox/slack-client/sender';
import { ALICE, BOB, GENERAL, messageText, START, startE2E, type E2E } from '../helpers/e2e';

const BOT = 'U0BOTTY02';
const STRANGER = 'U0OTHER01'; // a person in another workspace

type Params = Record<string, Omit<FunctionParameter, 'name'>>;
const manifest = JSON.parse(readFileSync(join(__dirname, '../../manifest.json'), 'utf8')) as {
  functions: Record<string, { title: string; input_parameters: Params; output_parameters: Params }>;
};
const asList = (p: Params): FunctionParameter[] => Object.entries(p).map(([name, v]) => ({ name, ...v }));
/** The step as the manifest defines it: the event carries its parameters, the stand-in checks the outputs. */
const definition = (callbackId: string) => {
  const f = manifest.functions[callbackId]!;
  return {
    callbackId,
    title: f.title,
    inputParameters: asList(f.input_parameters),
    outputParameters: asList(f.output_parameters),
  };
};

/**
 * Workflow Builder steps run the same use cases as the commands: a team builds "every Monday, ask each
 * lead what they will delegate" or "when a form is submitted, make a promise". Each step completes
 * with its outputs, or fails with words a workflow's author understands and writes nothing; a
 * redelivered event never does the work twice.
 */
describe('Workflow Builder steps', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
    t.standIn.addUser({ id: BOT, name: 'deploybot', real_name: 'Deploy Bot', tz: 'UTC', is_bot: true });
    t.standIn.addWorkspace({
      teamId: 'T0OTHER01',
      teamName: 'Elsewhere',
      users: [{ id: STRANGER, name: 'zed' }],
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  /** Runs a step as Workflow Builder does, delivers what is due, and returns how the run ended. */
  async function run(callbackId: string, inputs: Record<string, string>): Promise<FunctionExecution> {
    const r = await t.slack.functionExecuted({ ...definition(callbackId), inputs });
    expect(r.status).toBe(200);
    const id = r.execution.function_execution_id;
    return t.standIn.waitFor(async () => {
      await t.settle();
      const e = t.standIn.functionExecution(id);
      return e && e.state !== 'running' ? e : undefined;
    });
  }

  const count = async (table: string) =>
    (await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

  it('"Delegate work" gives the work as /delegate does: the assignee’s DM, and the reference, due time and DM link as outputs', async () => {
    const done = await run('delegate_work', {
      leader: ALICE,
      assignee: BOB,
      channel: GENERAL,
      task: 'Draft the Q1 survey',
      due: '2026-12-04 17:00',
      stakes: 'small',
    });
    expect(done.state).toBe('completed');
    expect(done.outputs).toEqual({
      reference: 'D-1',
      // 17:00 in the leader's zone (Europe/Berlin)
      due_at: Date.parse('2026-12-04T16:00:00Z') / 1000,
      dm_permalink: expect.stringMatching(/^https:\/\//) as string,
    });
    const dm = t.standIn.dmsTo(BOB).find((m) => messageText(m).includes('Draft the Q1 survey'));
    expect(dm).toBeDefined();
    expect(done.outputs!.dm_permalink).toContain(dm!.ts.replace('.', ''));
    const { rows } = await t.db.query<{ leader_id: string; channel_id: string }>(
      'select leader_id, channel_id from delegations where ref = 1',
    );
    expect(rows[0]).toEqual({ leader_id: ALICE, channel_id: GENERAL });
  });

  it('accepts Unix seconds (a Workflow Builder timestamp) and a bare date (the end of the assignee’s working day)', async () => {
    const at = START.getTime() / 1000 + 3 * 86400;
    const stamp = await run('delegate_work', {
      leader: ALICE,
      assignee: BOB,
      channel: GENERAL,
      task: 'Book the venue',
      due: String(at),
    });
    expect(stamp.outputs?.due_at).toBe(at);
    const day = await run('delegate_work', {
      leader: ALICE,
      assignee: BOB,
      channel: GENERAL,
      task: 'Order the badges',
      due: '2026-12-07',
    });
    // Bob works in America/New_York, until 18:00: the end of his working day on Dec 7
    expect(day.outputs?.due_at).toBe(Date.parse('2026-12-07T23:00:00Z') / 1000);
  });

  it.each([
    ['a bot as assignee', { assignee: BOT }, /Deploy Bot can't take this: bots can't hold delegations/],
    ['another workspace’s person', { assignee: STRANGER }, /The assignee isn't someone in this workspace/],
    ['a due date in the past', { due: '2026-11-20' }, /already behind us/],
    [
      'a due time in the past (Unix seconds)',
      { due: String(START.getTime() / 1000 - 60) },
      /already behind us/,
    ],
    ['words that are not a date', { due: 'whenever' }, /couldn't read “whenever” as a due date/],
    ['no channel', { channel: '' }, /Pick the channel/],
    ['the leader as assignee', { assignee: ALICE }, /delegating to yourself is a promise/],
    ['a task over 300 characters', { task: 'x'.repeat(301) }, /longer than 300 characters/],
  ])('"Delegate work" with %s fails the step and writes nothing', async (_what, change, message) => {
    const before = [
      await count('delegations'),
      await count('ledger_entries'),
      await count('outbox'),
      await count('function_executions'),
    ];
    const done = await run('delegate_work', {
      leader: ALICE,
      assignee: BOB,
      channel: GENERAL,
      task: 'Ship it',
      due: 'Friday 17:00',
      ...change,
    });
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(message);
    expect([
      await count('delegations'),
      await count('ledger_entries'),
      await count('outbox'),
      await count('function_executions'),
    ]).toEqual(before);
  });

  it('a redelivered event (same execution) gives nothing twice and the step completes once, with the same outputs', async () => {
    const r = await t.slack.functionExecuted({
      ...definition('delegate_work'),
      inputs: { leader: ALICE, assignee: BOB, channel: GENERAL, task: 'Run the retro', due: 'Friday 17:00' },
    });
    const execution = r.execution;
    // Slack retries an event it thinks was lost (same event id), and may send the run again
    await t.slack.functionExecuted({
      callbackId: 'delegate_work',
      execution,
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    await t.slack.functionExecuted({ callbackId: 'delegate_work', execution });
    const done = await t.standIn.waitFor(async () => {
      await t.settle();
      const e = t.standIn.functionExecution(execution.function_execution_id);
      return e && e.state !== 'running' ? e : undefined;
    });
    expect(done.state).toBe('completed');
    const { rows } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from delegations where title = 'Run the retro'`,
    );
    expect(rows[0]!.n).toBe(1);
    expect(t.standIn.dmsTo(BOB).filter((m) => messageText(m).includes('Run the retro'))).toHaveLength(1);
    const stored = await t.db.query<{ outputs: unknown; bot_access_token: string | null }>(
      'select outputs, bot_access_token from function_executions where function_execution_id = $1',
      [execution.function_execution_id],
    );
    expect(stored.rows[0]!.outputs).toEqual(done.outputs);
    // the execution's token is forgotten once the step has completed
    expect(stored.rows[0]!.bot_access_token).toBeNull();
    // once more after completion: still one delegation, the run stays completed as it was
    await t.slack.functionExecuted({ callbackId: 'delegate_work', execution });
    await t.settle();
    expect(t.standIn.functionExecution(execution.function_execution_id)).toEqual(done);
    expect(
      (
        await t.db.query<{ n: number }>(
          `select count(*)::int as n from delegations where title = 'Run the retro'`,
        )
      ).rows[0]!.n,
    ).toBe(1);
  });

  it('"Make a promise" records a promise owed to a person: the reference and due time as outputs, their DM as /commit sends', async () => {
    const done = await run('make_promise', {
      owner: BOB,
      counterpart: ALICE,
      text: 'Send the Q3 numbers',
      due: 'Thursday 15:00',
    });
    expect(done.state).toBe('completed');
    expect(done.outputs).toEqual({
      reference: 'C-1',
      // Thursday 26 Nov, 15:00 in Bob's zone (America/New_York)
      due_at: Date.parse('2026-11-26T20:00:00Z') / 1000,
    });
    expect(t.standIn.dmsTo(ALICE).some((m) => messageText(m).includes('Send the Q3 numbers'))).toBe(true);
  });

  it('"Make a promise" with nobody in “Promised to” is a promise to oneself, due at the end of the owner’s working day', async () => {
    const done = await run('make_promise', {
      owner: ALICE,
      text: 'Write the onboarding guide',
      due: '2026-12-03',
    });
    expect(done.state).toBe('completed');
    // Alice works in Europe/Berlin until 18:00
    expect(done.outputs).toEqual({ reference: 'C-2', due_at: Date.parse('2026-12-03T17:00:00Z') / 1000 });
    const { rows } = await t.db.query<{ counterpart_id: string | null }>(
      'select counterpart_id from commitments where ref = 2',
    );
    expect(rows[0]!.counterpart_id).toBeNull();
  });

  it.each([
    ['to a bot', { counterpart: BOT }, /not bots/],
    ['by someone from another workspace', { owner: STRANGER }, /isn't someone in this workspace/],
    ['due in the past', { due: '2026-11-01' }, /already behind us/],
  ])('"Make a promise" %s fails and writes nothing', async (_what, change, message) => {
    const before = await count('commitments');
    const done = await run('make_promise', { owner: BOB, text: 'Tidy the wiki', due: 'Friday', ...change });
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(message);
    expect(await count('commitments')).toBe(before);
  });

  it('"Record an outcome" closes a delegation as /outcome does: the celebration in its channel, its link as output', async () => {
    const done = await run('record_outcome', {
      reference: 'D-1',
      result: 'win',
      lesson: 'A clear brief made it easy',
    });
    expect(done.state).toBe('completed');
    const celebration = t.standIn
      .messagesIn(GENERAL)
      .find((m) => messageText(m).includes('Draft the Q1 survey'));
    expect(celebration).toBeDefined();
    expect(done.outputs?.celebration_permalink).toContain(celebration!.ts.replace('.', ''));
    const { rows } = await t.db.query<{ status: string; closed_by: string }>(
      'select status, closed_by from delegations where ref = 1',
    );
    expect(rows[0]).toEqual({ status: 'won', closed_by: ALICE });
  });

  it.each([
    ['an unknown reference', { reference: 'D-99' }, /There is no D-99 in this workspace/],
    ['a loss without a lesson', { reference: 'D-2', result: 'loss' }, /A loss needs its lesson/],
    ['a promise’s result on a delegation', { reference: 'D-2', result: 'kept' }, /win or loss/],
    ['work already closed', { reference: 'D-1' }, /closed already/],
    ['not a reference', { reference: 'the survey' }, /isn't a reference/],
  ])('"Record an outcome" with %s fails and writes nothing', async (_what, change, message) => {
    const before = [await count('ledger_entries'), await count('outbox')];
    const done = await run('record_outcome', { ...{ reference: 'D-2', result: 'win' }, ...change });
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(message);
    expect([await count('ledger_entries'), await count('outbox')]).toEqual(before);
  });

  it('"Record an outcome" keeps a promise in its owner’s name; "Get a say/do summary" then counts it', async () => {
    const kept = await run('record_outcome', { reference: 'C-1', result: 'kept' });
    expect(kept.state).toBe('completed');
    expect(kept.outputs).toEqual({});
    const summary = await run('say_do_summary', { person: BOB });
    expect(summary.state).toBe('completed');
    expect(summary.outputs).toEqual({ ratio: 1, kept: 1, missed: 0, open: 0 });
  });

  it('"Get a say/do summary" of someone with nothing settled gives a ratio of 0 and counts what is open; of a bot, or another workspace’s person, it fails', async () => {
    expect((await run('say_do_summary', { person: ALICE })).outputs).toEqual({
      ratio: 0,
      kept: 0,
      missed: 0,
      open: 1,
    });
    expect((await run('say_do_summary', { person: BOT })).error).toMatch(/Bots keep no say\/do record/);
    expect((await run('say_do_summary', { person: STRANGER })).error).toMatch(
      /isn't someone in this workspace/,
    );
  });

  it('Slack briefly away when the step completes: the completion is retried, the work is done once', async () => {
    t.standIn.failNext('functions.completeSuccess', 1, { status: 500 });
    const done = await run('make_promise', { owner: BOB, text: 'Review the budget', due: 'Friday 12:00' });
    expect(done.state).toBe('completed');
    expect(t.standIn.callsTo('functions.completeSuccess').filter((c) => c.ok)).toHaveLength(
      t.standIn.callsTo('functions.completeSuccess').length - 1,
    );
    const { rows } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from commitments where text = 'Review the budget'`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('a step token Slack no longer accepts fails that completion only: the workspace is still served', async () => {
    t.standIn.failNext('functions.completeSuccess', 1, { error: 'invalid_auth' });
    const r = await t.slack.functionExecuted({
      ...definition('make_promise'),
      inputs: { owner: BOB, text: 'Call the venue', due: 'Friday 12:00' },
    });
    await t.standIn.waitFor(async () => {
      await t.settle();
      const { rows } = await t.db.query<{ status: string; last_error: string | null }>(
        `select status, last_error from outbox where idempotency_key = $1`,
        [`workflow_step:${r.execution.function_execution_id}`],
      );
      return rows[0]?.status === 'failed' ? rows[0] : undefined;
    });
    expect(await count('stopped_workspaces')).toBe(0);
    // the run is over for Slack: its token is not kept
    const stored = await t.db.query<{ bot_access_token: string | null }>(
      'select bot_access_token from function_executions where function_execution_id = $1',
      [r.execution.function_execution_id],
    );
    expect(stored.rows[0]!.bot_access_token).toBeNull();
    const reply = await t.command(BOB, '/commit', 'Send the agenda by Friday 10:00');
    expect(reply.text).toContain('Send the agenda');
  });
});
