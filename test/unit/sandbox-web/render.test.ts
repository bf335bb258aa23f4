import { renderBlocks, renderMrkdwn, type BlockAction } from '../../../src/sandbox/web/src/blocks/render';
import { ANA, LEA, NOW, byAction, context, fire, html, nodes, textOf } from './helpers';

describe('Block Kit renderer: each block type Trustloop sends', () => {
  it('header: plain text with emoji shortcodes', () => {
    const v = renderBlocks([{ type: 'header', text: { type: 'plain_text', text: 'New from your lead: D-1 :tada:', emoji: true } }], context());
    expect(html(v)).toContain('<h3 class="bk-header">New from your lead: D-1 🎉</h3>');
  });

  it('section with mrkdwn text', () => {
    const v = renderBlocks([{ type: 'section', text: { type: 'mrkdwn', text: `<@${LEA}> is trusting you with *Draft the survey*` } }], context());
    expect(textOf(v)).toBe('@Lea Lindqvist is trusting you with Draft the survey');
    expect(html(v)).toContain('<b>Draft the survey</b>');
    expect(html(v)).toContain('class="mention"');
  });

  it('section fields in a two-column grid, with a date in the reader’s zone', () => {
    const due = Date.parse('2026-11-27T22:00:00Z') / 1000; // Fri 17:00 in New York
    const v = renderBlocks(
      [
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: `*Due*\n<!date^${due}^{date_short_pretty} at {time}|Fri 27 Nov, 23:00 Europe/Berlin>` },
            { type: 'mrkdwn', text: '*Stakes*\nsmall' },
          ],
        },
      ],
      context(),
    );
    const out = html(v);
    expect(out.match(/class="bk-field"/g)).toHaveLength(2);
    expect(textOf(v)).toContain('Due\nNov 27, 2026 at 17:00');
    expect(out).toContain('<time');
  });

  it('section with a button accessory', () => {
    const actions: BlockAction[] = [];
    const v = renderBlocks(
      [
        {
          type: 'section',
          block_id: 's1',
          text: { type: 'mrkdwn', text: 'Open it' },
          accessory: { type: 'button', action_id: 'open', text: { type: 'plain_text', text: 'Open' }, value: '7' },
        },
      ],
      context({ onAction: (a) => actions.push(a) }),
    );
    expect(html(v)).toContain('bk-section has-accessory');
    fire(byAction(v, 'open'), 'onClick');
    expect(actions).toEqual([expect.objectContaining({ blockId: 's1', actionId: 'open', type: 'button', value: null })]);
  });

  it('context: small text elements side by side', () => {
    const v = renderBlocks(
      [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'Close it with `/outcome D-1 win`' }, { type: 'plain_text', text: 'second' }] }],
      context(),
    );
    expect(html(v)).toContain('<code class="md-code">/outcome D-1 win</code>');
    expect(html(v).match(/bk-context-text/g)).toHaveLength(2);
  });

  it('divider', () => {
    expect(html(renderBlocks([{ type: 'divider' }], context()))).toContain('<hr class="bk-divider"/>');
  });

  it('actions: primary, danger and default buttons report block and action ids', () => {
    const actions: BlockAction[] = [];
    const v = renderBlocks(
      [
        {
          type: 'actions',
          block_id: 'delegation_1',
          elements: [
            { type: 'button', action_id: 'delegation_accept', style: 'primary', text: { type: 'plain_text', text: 'Accept' }, value: '1' },
            { type: 'button', action_id: 'delegation_request_change', text: { type: 'plain_text', text: 'Ask for a change' }, value: '1' },
            { type: 'button', action_id: 'drop', style: 'danger', text: { type: 'plain_text', text: 'Drop' } },
          ],
        },
      ],
      context({ onAction: (a) => actions.push(a) }),
    );
    const out = html(v);
    expect(out).toContain('class="bk-button bk-button-primary"');
    expect(out).toContain('class="bk-button bk-button-danger"');
    expect(out).toMatch(/class="bk-button"[^>]*>Ask for a change</);
    fire(byAction(v, 'delegation_accept'), 'onClick');
    expect(actions[0]).toMatchObject({ blockId: 'delegation_1', actionId: 'delegation_accept', type: 'button' });
  });

  it('actions: overflow menu and static select send the picked value at once', () => {
    const actions: BlockAction[] = [];
    const v = renderBlocks(
      [
        {
          type: 'actions',
          block_id: 'b',
          elements: [
            { type: 'overflow', action_id: 'more', options: [{ text: { type: 'plain_text', text: 'Snooze a day' }, value: 'snooze_1d' }] },
            {
              type: 'static_select',
              action_id: 'pick',
              placeholder: { type: 'plain_text', text: 'Stakes' },
              initial_option: { text: { type: 'plain_text', text: 'Medium' }, value: 'medium' },
              options: [
                { text: { type: 'plain_text', text: 'Small' }, value: 'small' },
                { text: { type: 'plain_text', text: 'Medium' }, value: 'medium' },
              ],
            },
            { type: 'users_select', action_id: 'who' },
            { type: 'datepicker', action_id: 'when', initial_date: '2026-11-27' },
          ],
        },
      ],
      context({ onAction: (a) => actions.push(a) }),
    );
    const out = html(v);
    expect(out).toContain('aria-label="More actions"');
    expect(out).toMatch(/<option selected value="medium">Medium<\/option>/);
    expect(out).toContain('value="2026-11-27"');
    fire(byAction(v, 'more'), 'onChange', { value: 'snooze_1d' });
    fire(byAction(v, 'pick'), 'onChange', { value: 'small' });
    fire(byAction(v, 'who'), 'onChange', { value: LEA });
    fire(byAction(v, 'when'), 'onChange', { value: '2026-11-30' });
    expect(actions.map((a) => [a.type, a.value])).toEqual([
      ['overflow', 'snooze_1d'],
      ['static_select', 'small'],
      ['users_select', LEA],
      ['datepicker', '2026-11-30'],
    ]);
  });

  it('image blocks and unknown blocks (Slack’s placeholder)', () => {
    const v = renderBlocks(
      [
        { type: 'image', image_url: 'https://example.com/a.png', alt_text: 'a chart', title: { type: 'plain_text', text: 'Trend' } },
        { type: 'rich_text', elements: [] },
      ],
      context(),
    );
    expect(html(v)).toContain('alt="a chart"');
    expect(textOf(v)).toContain('This content can’t be displayed.');
  });
});

describe('Block Kit renderer: modal inputs', () => {
  const modalBlocks = [
    {
      type: 'input',
      block_id: 'person',
      label: { type: 'plain_text', text: 'Who' },
      element: { type: 'users_select', action_id: 'person', placeholder: { type: 'plain_text', text: 'Pick a person' } },
    },
    {
      type: 'input',
      block_id: 'task',
      label: { type: 'plain_text', text: 'What' },
      element: { type: 'plain_text_input', action_id: 'task', max_length: 300, placeholder: { type: 'plain_text', text: 'Draft the Q3 customer survey' } },
    },
    {
      type: 'input',
      block_id: 'success',
      optional: true,
      label: { type: 'plain_text', text: 'Success looks like' },
      element: { type: 'plain_text_input', action_id: 'success', multiline: true },
    },
    {
      type: 'input',
      block_id: 'stakes',
      label: { type: 'plain_text', text: 'Stakes' },
      element: {
        type: 'radio_buttons',
        action_id: 'stakes',
        initial_option: { text: { type: 'plain_text', text: 'Small' }, value: 'small' },
        options: [
          { text: { type: 'plain_text', text: 'Small' }, description: { type: 'plain_text', text: 'A miss is easy to recover from' }, value: 'small' },
          { text: { type: 'plain_text', text: 'Large' }, value: 'large' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'due',
      label: { type: 'plain_text', text: 'Due date' },
      element: { type: 'datepicker', action_id: 'due', initial_date: '2026-12-02' },
      hint: { type: 'plain_text', text: 'Due at 17:00 your time on that day.' },
    },
  ];

  it('labels, (optional), placeholders, hints and current values', () => {
    const v = renderBlocks(modalBlocks, context({ values: { 'task.task': 'Tidy the docs', 'stakes.stakes': 'large' }, idPrefix: 'modal' }));
    const out = html(v);
    expect(out).toContain('<label class="bk-label" for="modal-task-task">What</label>');
    expect(out).toContain('<span class="bk-optional"> (optional)</span>');
    expect(out).toContain('placeholder="Draft the Q3 customer survey"');
    expect(out).toContain('value="Tidy the docs"');
    expect(out).toContain('<textarea');
    expect(out).toMatch(/<option[^>]*disabled[^>]*>Pick a person<\/option>/);
    expect(out).toContain('Lea Lindqvist');
    expect(out).toContain('<div class="bk-hint">Due at 17:00 your time on that day.</div>');
    expect(out).toContain('A miss is easy to recover from');
    const radios = nodes(v).filter((n) => n.type === 'input' && n.props.type === 'radio');
    expect(radios.map((r) => [r.props.value, r.props.checked])).toEqual([
      ['small', false],
      ['large', true],
    ]);
  });

  it('shows the app’s validation error under its field, marked invalid', () => {
    const v = renderBlocks(modalBlocks, context({ errors: { task: 'Say what the work is, in a few words.' } }));
    const out = html(v);
    expect(out).toContain('<div class="bk-input has-error">');
    expect(out).toContain('<div class="bk-error" role="alert">Say what the work is, in a few words.</div>');
    expect(out).toMatch(/aria-invalid="true"[^>]*data-action-id="task"|data-action-id="task"[^>]*aria-invalid="true"/);
    // The error sits in the field's own block, after the input.
    expect(out.indexOf('bk-error')).toBeGreaterThan(out.indexOf('data-action-id="task"'));
    expect(out.indexOf('bk-error')).toBeLessThan(out.indexOf('data-action-id="success"'));
  });

  it('reports typing and picking as input changes, not as actions', () => {
    const changes: [string, unknown][] = [];
    const actions: BlockAction[] = [];
    const v = renderBlocks(modalBlocks, context({ onInput: (k, val) => changes.push([k, val]), onAction: (a) => actions.push(a) }));
    fire(byAction(v, 'task'), 'onInput', { value: 'Write it' });
    fire(byAction(v, 'person'), 'onChange', { value: ANA });
    fire(byAction(v, 'due'), 'onChange', { value: '2026-12-04' });
    const large = nodes(v).find((n) => n.type === 'input' && n.props.value === 'large')!;
    fire(large, 'onChange');
    expect(changes).toEqual([
      ['task.task', 'Write it'],
      ['person.person', ANA],
      ['due.due', '2026-12-04'],
      ['stakes.stakes', 'large'],
    ]);
    expect(actions).toEqual([]);
  });

  it('checkboxes keep a list of picked values', () => {
    const changes: unknown[] = [];
    const blocks = [
      {
        type: 'input',
        block_id: 'days',
        label: { type: 'plain_text', text: 'Days' },
        element: {
          type: 'checkboxes',
          action_id: 'days',
          options: [
            { text: { type: 'plain_text', text: 'Mon' }, value: 'mon' },
            { text: { type: 'plain_text', text: 'Fri' }, value: 'fri' },
          ],
        },
      },
    ];
    const v = renderBlocks(blocks, context({ values: { 'days.days': ['mon'] }, onInput: (_k, val) => changes.push(val) }));
    const fri = nodes(v).find((n) => n.type === 'input' && n.props.value === 'fri')!;
    fire(fri, 'onChange', { checked: true });
    expect(changes).toEqual([['mon', 'fri']]);
  });
});

describe('mrkdwn rendering', () => {
  it('highlights a mention of the reader, and names channels', () => {
    const v = renderMrkdwn(`<@${ANA}> and <@${LEA}> in <#C0TEAM001>`, context());
    const out = html(v);
    expect(out).toContain('<span class="mention mention-me" data-user="U0ANA0001">@Ana Alves</span>');
    expect(out).toContain('<span class="mention" data-user="U0LEA0001">@Lea Lindqvist</span>');
    expect(out).toContain('#team');
  });

  it('quotes, code, links (only http, https and mailto are links)', () => {
    const v = renderMrkdwn('*The lesson:*\n>Ask early\n<https://example.com|docs> <javascript:alert(1)|x>', context());
    const out = html(v);
    expect(out).toContain('<blockquote class="md-quote">Ask early</blockquote>');
    expect(out).toContain('href="https://example.com"');
    expect(out).not.toContain('javascript:');
  });

  it('emoji carry their shortcode as a title', () => {
    expect(html(renderMrkdwn(':seedling: growing', context()))).toContain('title=":seedling:"');
  });

  it('dates relative to sandbox time', () => {
    const v = renderMrkdwn(`<!date^${Math.floor(NOW / 1000) + 3600}^{date_short_pretty} at {time}|fallback>`, context());
    expect(textOf(v)).toBe('Today at 06:00');
  });
});
