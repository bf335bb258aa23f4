import { ALICE, BOB, startE2E, type E2E } from '../helpers/e2e';

type Block = {
  type: string;
  block_id?: string;
  optional?: boolean;
  label?: { text: string };
  hint?: { text: string };
  elements?: { text: string }[];
};

/**
 * Forms say everything at once: one submit shows every problem under its field, and the /delegate
 * form follows what is picked — yourself is answered under Who at once, and the safety net is marked
 * required as soon as the work is a step up for the person picked.
 */
describe('forms that say everything at once', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E(); // Wed 25 Nov 2026
  });
  afterAll(async () => {
    await t.stop();
  });

  const form = () => t.standIn.openModal(ALICE)!;
  const block = (id: string) => (form().blocks as Block[]).find((b) => b.block_id === id);
  const formUpdated = (since: number) =>
    t.standIn.waitFor((s) => (s.callsTo('views.update').length > since ? true : undefined));

  it('one submit of the /delegate form returns every problem: a past date, a missing safety net, a promise dated in the past', async () => {
    await t.command(ALICE, '/delegate', '');
    await t.standIn.waitFor((s) => s.openModal(ALICE));
    const r = await t.slack.viewSubmission({
      userId: ALICE,
      inputs: {
        person: { selected_user: BOB },
        task: 'Run the customer council',
        stakes: 'large',
        due: { selected_date: '2026-11-20' },
        promises: 'Send you the customer list by yesterday',
      },
    });
    expect(r.outcome.kind).toBe('errors');
    const errors = (r.outcome as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual(['buffer', 'due', 'promises']);
    expect(errors.due).toMatch(/already ended/);
    expect(errors.buffer).toMatch(/step up for Bob.*safety net/);
    const { rows } = await t.db.query<{ n: number }>('select count(*)::int as n from delegations');
    expect(rows[0]!.n).toBe(0);
  });

  it('picking large stakes for Bob marks the safety net required at once, before any submit', async () => {
    expect(block('buffer')?.optional).toBe(true);
    const before = t.standIn.callsTo('views.update').length;
    await t.slack.blockAction({ userId: ALICE, view: 'modal', actionId: 'stakes', selectedOption: 'large' });
    await formUpdated(before);
    expect(block('buffer')?.optional).toBe(false);
    expect(block('buffer')?.label?.text).toBe('Safety net — needed for this step up');
    expect(block('buffer')?.hint?.text).toMatch(/A step up for Bob.*no closed medium work yet/);
  });

  it('back to small stakes, the safety net is optional again, and what was typed stays', async () => {
    const before = t.standIn.callsTo('views.update').length;
    await t.slack.blockAction({
      userId: ALICE,
      view: 'modal',
      actionId: 'stakes',
      selectedOption: 'small',
      inputs: { task: 'Run the customer council' },
    });
    await formUpdated(before);
    expect(block('buffer')?.optional).toBe(true);
    const state = form().state.values as Record<string, Record<string, { value?: string }>>;
    expect(state.task?.task?.value).toBe('Run the customer council');
  });

  it('picking yourself is answered under Who at once', async () => {
    const before = t.standIn.callsTo('views.update').length;
    await t.slack.blockAction({ userId: ALICE, view: 'modal', actionId: 'person', input: ALICE });
    await formUpdated(before);
    const blocks = form().blocks as Block[];
    const who = blocks.findIndex((b) => b.block_id === 'person');
    expect(blocks[who + 1]?.type).toBe('context');
    expect(JSON.stringify(blocks[who + 1])).toMatch(/Delegating to yourself is really a promise/);
    // and submitting anyway says it under the field, with nothing saved
    const r = await t.slack.viewSubmission({
      userId: ALICE,
      inputs: { task: 'Run the customer council', due: { selected_date: '2026-12-04' } },
    });
    expect((r.outcome as { errors: Record<string, string> }).errors.person).toMatch(/really a promise/);
  });
});

describe('the promise form says everything at once too', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a promise to yourself with a day already over: both said in one submit, nothing saved', async () => {
    await t.slack.event({ type: 'app_home_opened', user: BOB, tab: 'home' });
    await t.settle();
    await t.standIn.waitFor((s) => s.homeView(BOB));
    await t.slack.blockAction({ userId: BOB, view: 'home', actionId: 'open_commit_modal' });
    await t.standIn.waitFor((s) => s.openModal(BOB));
    const r = await t.slack.viewSubmission({
      userId: BOB,
      inputs: {
        what: 'Send the notes',
        person: { selected_user: BOB },
        due: { selected_date: '2026-11-20' },
      },
    });
    expect(r.outcome.kind).toBe('errors');
    const errors = (r.outcome as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual(['due', 'person']);
    expect(errors.person).toMatch(/promise to yourself/);
    const { rows } = await t.db.query<{ n: number }>('select count(*)::int as n from commitments');
    expect(rows[0]!.n).toBe(0);
  });
});
