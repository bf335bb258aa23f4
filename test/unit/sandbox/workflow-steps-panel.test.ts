/**
 * What the sandbox page offers from manifest.json besides slash commands — the app's shortcuts and its
 * workflow steps — and the Workflow steps panel's form and inputs, built from the steps' parameters the
 * way Workflow Builder builds them.
 */
import { loadManifestOffers, stepInputs } from '../../../src/sandbox/manifest';
import type { SandboxPerson } from '../../../src/sandbox/protocol';
import { outputText, stepForm } from '../../../src/sandbox/web/src/steps';

const people: SandboxPerson[] = [
  {
    id: 'U0LEA0001',
    name: 'lea',
    realName: 'Lea Lindqvist',
    title: 'Team lead',
    tz: 'Europe/Berlin',
    isBot: false,
  },
  {
    id: 'U0ANA0001',
    name: 'ana',
    realName: 'Ana Alves',
    title: 'Product designer',
    tz: 'America/New_York',
    isBot: false,
  },
  { id: 'U0BOT0001', name: 'trustloop', realName: 'Trustloop', title: 'App', tz: 'UTC', isBot: true },
];

const offers = loadManifestOffers();
const step = (id: string) => {
  const s = offers.steps.find((x) => x.callbackId === id);
  if (!s) throw new Error(`no step ${id} in manifest.json`);
  return s;
};

describe('what manifest.json offers the sandbox page', () => {
  it('has the two message shortcuts for the ⋯ menu and the two global ones for the shortcuts button', () => {
    expect(offers.shortcuts.filter((s) => s.type === 'message').map((s) => [s.callbackId, s.name])).toEqual([
      ['delegate_this', 'Delegate this…'],
      ['promise_this', 'Make this a promise…'],
    ]);
    expect(offers.shortcuts.filter((s) => s.type === 'global').map((s) => s.callbackId)).toEqual([
      'new_delegation',
      'new_promise',
    ]);
  });

  it('has the four workflow steps, with their parameters in the manifest’s order', () => {
    expect(offers.steps.map((s) => s.title)).toEqual([
      'Delegate work',
      'Make a promise',
      'Record an outcome',
      'Get a say/do summary',
    ]);
    expect(step('delegate_work').inputs.map((p) => p.name)).toEqual([
      'leader',
      'assignee',
      'channel',
      'task',
      'due',
      'stakes',
      'success',
      'buffer',
    ]);
    expect(step('say_do_summary').outputs.map((p) => [p.name, p.type])).toEqual([
      ['ratio', 'number'],
      ['kept', 'integer'],
      ['missed', 'integer'],
      ['open', 'integer'],
    ]);
  });
});

describe('the Workflow steps panel’s form', () => {
  it('offers a person picker for a user id, a select for an enum, and text otherwise, with the required ones marked', () => {
    const fields = stepForm(step('delegate_work').inputs, people, [{ id: 'C0TEAM001', name: 'team' }]);
    const by = (name: string) => fields.find((f) => f.name === name);
    expect(by('assignee')).toMatchObject({ kind: 'user', label: 'Assignee', required: true });
    expect(by('assignee')?.kind === 'user' && by('assignee')).toMatchObject({
      options: [
        { value: 'U0LEA0001', label: 'Lea Lindqvist' },
        { value: 'U0ANA0001', label: 'Ana Alves' },
        { value: 'U0BOT0001', label: 'Trustloop (app)' },
      ],
    });
    expect(by('channel')).toMatchObject({
      kind: 'channel',
      required: true,
      options: [{ value: 'C0TEAM001', label: '#team' }],
    });
    expect(by('stakes')).toMatchObject({
      kind: 'select',
      required: false,
      options: ['small', 'medium', 'large'].map((v) => ({ value: v, label: v })),
    });
    expect(by('task')).toMatchObject({ kind: 'text', required: true, multiline: true, maxLength: 300 });
    expect(by('due')).toMatchObject({ kind: 'text', required: true, multiline: false, inputMode: 'text' });
    // The manifest's hint is shown with the description.
    expect(by('leader')?.help).toBe(
      'Who is delegating (they are asked to confirm nothing; the delegation is in their name) · Usually the person who ran the workflow',
    );
  });

  it('types numbers as numbers and offers yes/no for a boolean', () => {
    const fields = stepForm(
      [
        { name: 'count', type: 'integer', title: 'Count', description: '', isRequired: false },
        { name: 'urgent', type: 'boolean', title: 'Urgent', description: '', isRequired: false },
      ],
      people,
    );
    expect(fields[0]).toMatchObject({ kind: 'text', inputMode: 'decimal' });
    expect(fields[1]).toMatchObject({
      kind: 'select',
      options: [
        { value: 'true', label: 'Yes' },
        { value: 'false', label: 'No' },
      ],
    });
  });

  it('shows outputs as a person reads them: names for user ids, instants for timestamps', () => {
    expect(outputText('slack#/types/user_id', 'U0ANA0001', people)).toBe('Ana Alves');
    expect(outputText('slack#/types/timestamp', 1_796_000_400, people)).toBe('2026-11-30T01:00:00Z');
    expect(outputText('number', 0.75, people)).toBe('0.75');
    expect(outputText('string', 'D-12', people)).toBe('D-12');
  });
});

describe('the inputs a run passes the step, as Workflow Builder passes them', () => {
  it('leaves empty optional inputs out and trims the rest', () => {
    const r = stepInputs(step('make_promise'), {
      owner: 'U0LEA0001',
      counterpart: '',
      text: '  Send the deck  ',
      due: 'Thursday',
    });
    expect(r).toEqual({ ok: true, inputs: { owner: 'U0LEA0001', text: 'Send the deck', due: 'Thursday' } });
  });

  it('does not start a step with a required input empty, nor with a value outside its enum', () => {
    expect(stepInputs(step('make_promise'), { owner: 'U0LEA0001', text: ' ', due: 'Thursday' })).toEqual({
      ok: false,
      error: '“Promise” is required to run Make a promise.',
    });
    expect(stepInputs(step('record_outcome'), { reference: 'D-1', result: 'draw' })).toEqual({
      ok: false,
      error: '“Result” must be one of win, loss, kept, missed.',
    });
  });

  it('passes numbers and booleans typed', () => {
    const s = {
      callbackId: 'x',
      title: 'X',
      description: '',
      outputs: [],
      inputs: [
        { name: 'n', type: 'integer', title: 'N', description: '', isRequired: true },
        { name: 'b', type: 'boolean', title: 'B', description: '', isRequired: true },
      ],
    };
    expect(stepInputs(s, { n: '3', b: 'true' })).toEqual({ ok: true, inputs: { n: 3, b: true } });
    expect(stepInputs(s, { n: '3.5', b: 'false' })).toEqual({
      ok: false,
      error: '“N” must be a whole number.',
    });
  });
});
