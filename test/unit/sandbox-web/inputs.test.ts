import { carryValues, collectInputs, initialValues, lengthErrors } from '../../../src/sandbox/web/src/blocks/inputs';
import type { Block } from '../../../src/sandbox/web/src/blocks/types';

const opt = (value: string) => ({ text: { type: 'plain_text' as const, text: value }, value });
const blocks: Block[] = [
  { type: 'section', text: { type: 'mrkdwn', text: 'intro' } },
  { type: 'input', block_id: 'task', label: { type: 'plain_text', text: 'What' }, element: { type: 'plain_text_input', action_id: 'task' } },
  { type: 'input', block_id: 'who', label: { type: 'plain_text', text: 'Who' }, element: { type: 'users_select', action_id: 'who', initial_user: 'U1' } },
  { type: 'input', block_id: 'stakes', label: { type: 'plain_text', text: 'Stakes' }, element: { type: 'radio_buttons', action_id: 'stakes', initial_option: opt('small'), options: [opt('small'), opt('large')] } },
  { type: 'input', block_id: 'due', label: { type: 'plain_text', text: 'Due' }, element: { type: 'datepicker', action_id: 'due', initial_date: '2026-12-02' } },
  { type: 'input', block_id: 'days', label: { type: 'plain_text', text: 'Days' }, element: { type: 'checkboxes', action_id: 'days', initial_options: [opt('mon')], options: [opt('mon'), opt('fri')] } },
  { type: 'input', block_id: 'note', label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', action_id: 'note', initial_value: 'hi' } },
];

describe('modal input values', () => {
  it('start from the initial_* fields, keyed block_id.action_id', () => {
    expect(initialValues(blocks)).toEqual({
      'task.task': null,
      'who.who': 'U1',
      'stakes.stakes': 'small',
      'due.due': '2026-12-02',
      'days.days': ['mon'],
      'note.note': 'hi',
    });
  });

  it('are submitted for every input, empty text as null like Slack', () => {
    expect(collectInputs(blocks, { 'task.task': 'Write it', 'note.note': '' })).toEqual({
      'task.task': 'Write it',
      'who.who': 'U1',
      'stakes.stakes': 'small',
      'due.due': '2026-12-02',
      'days.days': ['mon'],
      'note.note': null,
    });
  });

  it('survive views.update for inputs that stay, and new inputs start fresh', () => {
    const next: Block[] = [blocks[1]!, { type: 'input', block_id: 'buffer', label: { type: 'plain_text', text: 'Buffer' }, element: { type: 'plain_text_input', action_id: 'buffer' } }];
    expect(carryValues({ 'task.task': 'typed', 'who.who': 'U2' }, next)).toEqual({ 'task.task': 'typed', 'buffer.buffer': null });
  });
});

describe('modal text lengths, checked by the client before it submits', () => {
  const limited: Block[] = [
    { type: 'input', block_id: 'task', label: { type: 'plain_text', text: 'What' }, element: { type: 'plain_text_input', action_id: 'task', max_length: 300 } },
    { type: 'input', block_id: 'why', label: { type: 'plain_text', text: 'Why' }, element: { type: 'plain_text_input', action_id: 'why', min_length: 5 } },
    { type: 'input', block_id: 'old', label: { type: 'plain_text', text: 'Old' }, element: { type: 'plain_text_input', action_id: 'old', max_length: 3, initial_value: 'toolong' } },
  ];

  it('names each field over its max_length or under its min_length, in a sentence', () => {
    expect(lengthErrors(limited, { 'task.task': 'x'.repeat(1301), 'why.why': 'hm', 'old.old': 'ok' })).toEqual({
      task: 'Please keep this to 300 characters or fewer — it has 1,301.',
      why: 'Please write at least 5 characters here.',
    });
  });

  it('checks an untouched prefilled value too, and leaves empty fields to the required check', () => {
    expect(lengthErrors(limited, { 'task.task': '', 'why.why': null })).toEqual({ old: 'Please keep this to 3 characters or fewer — it has 7.' });
    expect(lengthErrors(limited, { 'task.task': '🎉'.repeat(300), 'why.why': 'fine words', 'old.old': 'abc' })).toEqual({});
  });
});
