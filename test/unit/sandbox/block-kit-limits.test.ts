import { formatIssue, validateMessageBlocks, validateView } from '../../../src/sandbox/slack-api';

const text = (t: string, type = 'plain_text') => ({ type, text: t });
const lines = (issues: { pointer: string; message: string }[]) => issues.map(formatIssue);

describe('Block Kit limits', () => {
  it('accepts a typical message', () => {
    expect(
      validateMessageBlocks([
        { type: 'header', text: text('Weekly wins') },
        {
          type: 'section',
          text: text('*Done*', 'mrkdwn'),
          accessory: { type: 'button', text: text('Open'), action_id: 'open', value: '1' },
        },
        { type: 'divider' },
        { type: 'context', elements: [text('by Alice', 'mrkdwn')] },
        {
          type: 'actions',
          elements: [{ type: 'button', text: text('Yes'), action_id: 'yes', style: 'primary' }],
        },
      ]),
    ).toEqual([]);
  });

  it('limits block counts: 50 per message, 100 per view', () => {
    const dividers = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(validateMessageBlocks(dividers(50))).toEqual([]);
    expect(lines(validateMessageBlocks(dividers(51)))).toEqual([
      'must provide no more than 50 items [json-pointer:/blocks]',
    ]);
    expect(validateView({ type: 'home', blocks: dividers(100) })).toEqual([]);
    expect(lines(validateView({ type: 'home', blocks: dividers(101) }))).toEqual([
      'must provide no more than 100 items [json-pointer:/view/blocks]',
    ]);
  });

  it('limits section text and fields', () => {
    expect(validateMessageBlocks([{ type: 'section', text: text('x'.repeat(3000)) }])).toEqual([]);
    expect(lines(validateMessageBlocks([{ type: 'section', text: text('x'.repeat(3001)) }]))).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    const fields = (n: number, len = 5) => Array.from({ length: n }, () => text('y'.repeat(len), 'mrkdwn'));
    expect(validateMessageBlocks([{ type: 'section', fields: fields(10, 2000) }])).toEqual([]);
    expect(lines(validateMessageBlocks([{ type: 'section', fields: fields(11) }]))).toEqual([
      'must provide no more than 10 items [json-pointer:/blocks/0/fields]',
    ]);
    expect(lines(validateMessageBlocks([{ type: 'section', fields: [text('z'.repeat(2001))] }]))).toEqual([
      'must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]',
    ]);
    expect(lines(validateMessageBlocks([{ type: 'section', text: text('') }]))).toEqual([
      'must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('requires header text to be plain_text of at most 150 characters', () => {
    expect(lines(validateMessageBlocks([{ type: 'header', text: text('h'.repeat(151)) }]))).toEqual([
      'must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ]);
    expect(lines(validateMessageBlocks([{ type: 'header', text: text('h', 'mrkdwn') }]))).toEqual([
      'must be plain_text [json-pointer:/blocks/0/text/type]',
    ]);
  });

  it('limits context (10) and actions (25) elements', () => {
    const ctx = Array.from({ length: 11 }, () => text('c', 'mrkdwn'));
    expect(lines(validateMessageBlocks([{ type: 'context', elements: ctx }]))).toEqual([
      'must provide no more than 10 items [json-pointer:/blocks/0/elements]',
    ]);
    const buttons = Array.from({ length: 26 }, (_, i) => ({
      type: 'button',
      text: text('b'),
      action_id: `a${i}`,
    }));
    expect(lines(validateMessageBlocks([{ type: 'actions', elements: buttons }]))).toEqual([
      'must provide no more than 25 items [json-pointer:/blocks/0/elements]',
    ]);
  });

  it('limits buttons: text 75, value 2000, action_id 255', () => {
    const issues = validateMessageBlocks([
      {
        type: 'actions',
        elements: [
          { type: 'button', text: text('t'.repeat(76)), value: 'v'.repeat(2001), action_id: 'a'.repeat(256) },
        ],
      },
    ]);
    expect(lines(issues).sort()).toEqual(
      [
        'must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]',
        'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
        'must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
      ].sort(),
    );
  });

  it('rejects duplicate block_ids and duplicate action_ids within a block', () => {
    const issues = validateMessageBlocks([
      { type: 'divider', block_id: 'same' },
      {
        type: 'actions',
        block_id: 'same',
        elements: [
          { type: 'button', text: text('1'), action_id: 'go' },
          { type: 'button', text: text('2'), action_id: 'go' },
        ],
      },
      { type: 'divider', block_id: 'b'.repeat(256) },
    ]);
    expect(lines(issues)).toEqual([
      'duplicate block_id: same [json-pointer:/blocks/1/block_id]',
      'duplicate action_id: go [json-pointer:/blocks/1/elements/1/action_id]',
      'must be less than 256 characters [json-pointer:/blocks/2/block_id]',
    ]);
  });

  it('limits static_select options (100, text 75, value 150) and plain_text_input max_length (3000)', () => {
    const option = (t: string, v: string) => ({ text: text(t), value: v });
    const select = (options: unknown[]) => ({
      type: 'input',
      label: text('Pick'),
      element: { type: 'static_select', action_id: 'pick', options },
    });
    const many = Array.from({ length: 101 }, (_, i) => option(`o${i}`, `${i}`));
    expect(lines(validateMessageBlocks([select(many)]))).toEqual([
      'must provide no more than 100 items [json-pointer:/blocks/0/element/options]',
    ]);
    expect(lines(validateMessageBlocks([select([option('x'.repeat(76), 'y'.repeat(151))])]))).toEqual([
      'must be less than 76 characters [json-pointer:/blocks/0/element/options/0/text/text]',
      'must be less than 151 characters [json-pointer:/blocks/0/element/options/0/value]',
    ]);
    const input = {
      type: 'input',
      label: text('l'.repeat(2001)),
      element: { type: 'plain_text_input', max_length: 3001 },
    };
    expect(lines(validateMessageBlocks([input]))).toEqual([
      'must be less than 2001 characters [json-pointer:/blocks/0/label/text]',
      'must be less than 3001 [json-pointer:/blocks/0/element/max_length]',
    ]);
  });

  it('wants an image by image_url or by slack_file (an uploaded file), exactly one', () => {
    const image = (extra: Record<string, unknown>) => [{ type: 'image', alt_text: 'chart', ...extra }];
    expect(validateMessageBlocks(image({ image_url: 'https://example.com/a.png' }))).toEqual([]);
    expect(validateMessageBlocks(image({ slack_file: { id: 'F0001' } }))).toEqual([]);
    expect(validateMessageBlocks(image({ slack_file: { url: 'https://files.slack.com/x.png' } }))).toEqual([]);
    expect(validateMessageBlocks(image({})).map(formatIssue)).toEqual([
      'missing required field: image_url or slack_file [json-pointer:/blocks/0/image_url]',
    ]);
    expect(validateMessageBlocks(image({ image_url: 'https://example.com/a.png', slack_file: { id: 'F1' } })).map(formatIssue)).toEqual([
      'must provide exactly one of image_url or slack_file [json-pointer:/blocks/0]',
    ]);
    expect(validateMessageBlocks(image({ slack_file: {} })).map(formatIssue)).toEqual([
      'must have an id or a url [json-pointer:/blocks/0/slack_file]',
    ]);
  });

  it('rejects unknown block types', () => {
    expect(lines(validateMessageBlocks([{ type: 'sektion' }]))).toEqual([
      'unsupported type: sektion [json-pointer:/blocks/0/type]',
    ]);
  });

  describe('views', () => {
    const base = { type: 'modal', title: text('Delegate'), blocks: [] as unknown[] };

    it('needs a modal/home type and lets Home tabs go without a title', () => {
      expect(lines(validateView({ type: 'dialog', blocks: [] }))).toEqual([
        'unsupported type: dialog [json-pointer:/view/type]',
      ]);
      expect(validateView({ type: 'home', blocks: [] })).toEqual([]);
      expect(lines(validateView({ type: 'modal', blocks: [] }))).toEqual([
        'missing required field: title [json-pointer:/view/title]',
      ]);
      expect(lines(validateView(base, { expectedType: 'home' }))).toEqual([
        'must be home [json-pointer:/view/type]',
      ]);
    });

    it('limits title/submit/close to 24, private_metadata to 3000, callback_id to 255', () => {
      const issues = validateView({
        ...base,
        title: text('t'.repeat(25)),
        submit: text('s'.repeat(25)),
        close: text('c'.repeat(25)),
        private_metadata: 'p'.repeat(3001),
        callback_id: 'c'.repeat(256),
      });
      expect(lines(issues)).toEqual([
        'must be less than 25 characters [json-pointer:/view/title/text]',
        'must be less than 25 characters [json-pointer:/view/submit/text]',
        'must be less than 25 characters [json-pointer:/view/close/text]',
        'must be less than 3001 characters [json-pointer:/view/private_metadata]',
        'must be less than 256 characters [json-pointer:/view/callback_id]',
      ]);
    });

    it('requires submit when a modal has input blocks', () => {
      const withInput = {
        ...base,
        blocks: [{ type: 'input', label: text('What'), element: { type: 'plain_text_input' } }],
      };
      expect(lines(validateView(withInput))).toEqual([
        'missing required field: submit (required when the view has input blocks) [json-pointer:/view/submit]',
      ]);
      expect(validateView({ ...withInput, submit: text('Save') })).toEqual([]);
    });
  });
});
