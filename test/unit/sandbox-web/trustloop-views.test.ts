/**
 * The renderer on Trustloop's own views (src/views), so every block the app actually sends is covered:
 * when a view gains a block type the renderer does not know, Slack's placeholder shows up here first.
 */
import type { Delegation } from '../../../src/domain/delegation';
import type { Commitment } from '../../../src/domain/commitment';
import type { LedgerSummary } from '../../../src/services/ledger-summary';
import { emptyLadder } from '../../../src/services/trust-ladder';
import { commitConfirmation, commitModal, doneMoveActions } from '../../../src/views/commitment';
import {
  assigneeDm,
  celebration,
  delegateModal,
  lessonModal,
  lossNeedsLesson,
  openDelegationsList,
} from '../../../src/views/delegation';
import { homeView } from '../../../src/views/home';
import { nudgeBundle } from '../../../src/views/nudges';
import { retroPost } from '../../../src/views/rituals';
import { renderBlocks } from '../../../src/sandbox/web/src/blocks/render';
import { initialValues } from '../../../src/sandbox/web/src/blocks/inputs';
import { ANA, LEA, NOW, context, fire, html, nodes, textOf } from './helpers';

const delegation = (over: Partial<Delegation> = {}): Delegation => ({
  teamId: 'T0TEAM1',
  ref: 1,
  leaderId: LEA,
  assigneeId: ANA,
  title: 'Draft the Q3 customer survey',
  success: 'Ten customers answered',
  buffer: 'I review the draft on Wednesday',
  stakes: 'medium',
  dueAt: new Date('2026-11-27T16:00:00Z'),
  channelId: 'C0TEAM001',
  status: 'open',
  acceptedAt: null,
  lesson: null,
  closedBy: null,
  closedAt: null,
  createdAt: new Date(NOW),
  version: 1,
  changeRequestedAt: null,
  acknowledgedAt: null,
  cancelReason: null,
  ...over,
});

const commitment = (over: Partial<Commitment> = {}): Commitment => ({
  teamId: 'T0TEAM1',
  ref: 1,
  ownerId: LEA,
  counterpartId: ANA,
  delegationRef: 1,
  text: 'Review your outline',
  dueAt: new Date('2026-11-26T16:00:00Z'),
  originalDueAt: new Date('2026-11-26T16:00:00Z'),
  status: 'open',
  timesMoved: 0,
  confirmation: null,
  keptOnTime: null,
  closedAt: null,
  createdAt: new Date(NOW),
  ...over,
});

const UNSUPPORTED = 'This content can’t be displayed.';

describe('Trustloop’s messages, rendered', () => {
  it('the assignee’s DM: header, section, fields with local dates, promises, buttons, context', () => {
    const view = assigneeDm(delegation(), 'America/New_York', [
      { ref: 1, text: 'Review your outline', dueAt: new Date('2026-11-26T16:00:00Z'), dueWasDefault: false },
    ]);
    const v = renderBlocks(view.blocks, context());
    const text = textOf(v);
    expect(text).toContain('New from your lead: D-1');
    expect(text).toContain('@Lea Lindqvist is trusting you with Draft the Q3 customer survey');
    expect(text).toContain('Due\nNov 27, 2026 at 11:00');
    expect(text).toContain('Stakes\nmedium');
    expect(text).toContain('Tomorrow at 11:00');
    expect(html(v)).toContain('bk-button bk-button-primary');
    expect(text).toContain('Ask for a change');
    expect(text).not.toContain(UNSUPPORTED);
  });

  it('a loss celebrated in the channel: the lesson as a quote and the ladder in context', () => {
    const view = celebration(delegation({ status: 'lost', lesson: 'Underestimated the data cleaning' }), {
      ...emptyLadder(),
      medium: { wins: 0, losses: 1 },
    });
    const v = renderBlocks(view.blocks, context());
    expect(textOf(v)).toContain('🌱 A loss worth learning from.');
    expect(html(v)).toContain('<blockquote class="md-quote">Underestimated the data cleaning</blockquote>');
    expect(html(v)).toContain('bk-context');
  });

  it('a win celebrated', () => {
    const v = renderBlocks(
      celebration(delegation({ status: 'won', lesson: 'Asking early' }), emptyLadder()).blocks,
      context(),
    );
    expect(textOf(v)).toContain('🎉 A win to celebrate!');
  });

  it('/outcome with no text: one Win / Loss pair per open delegation, then a divider', () => {
    const v = renderBlocks(
      openDelegationsList(
        ANA,
        [delegation(), delegation({ ref: 2, title: 'Tidy the doc' })],
        'America/New_York',
      ).blocks,
      context(),
    );
    const out = html(v);
    expect(out.match(/>Win<\/button>/g)).toHaveLength(2);
    expect(out.match(/>Loss<\/button>/g)).toHaveLength(2);
    expect(out).toContain('bk-divider');
    expect(textOf(v)).not.toContain(UNSUPPORTED);
  });

  it('a loss without a lesson asks for one with a button', () => {
    const v = renderBlocks(lossNeedsLesson(1, 'Draft').blocks, context());
    expect(textOf(v)).toContain('Add the lesson');
  });

  it('a promise confirmation with Done / Move', () => {
    const v = renderBlocks(
      commitConfirmation(commitment(), 'Europe/Berlin', 'Ana Alves').blocks,
      context({ viewer: LEA, tz: 'Europe/Berlin' }),
    );
    expect(textOf(v)).toContain('📝 C-1 is on your say/do ledger to @Ana Alves');
    expect(html(v)).toMatch(/>Done<\/button>/);
    expect(html(v)).toMatch(/>Move<\/button>/);
  });
});

describe('Trustloop’s nudges and rituals, rendered', () => {
  it('a bundled reminder: Done / Move per item and a Snooze select that acts at once', () => {
    const view = nudgeBundle(
      [
        {
          subject: 'commitment',
          ref: 2,
          title: 'Send the offsite agenda',
          dueAt: new Date('2026-11-26T16:00:00Z'),
          open: true,
          status: 'open',
          stakes: null,
          counterpartId: null,
          kind: 'before',
        },
      ],
      [
        {
          subject: 'delegation',
          ref: 1,
          title: 'Draft the survey',
          dueAt: new Date('2026-11-27T16:00:00Z'),
          ownerId: ANA,
        },
      ],
      'Europe/Berlin',
      7,
    );
    const picked: unknown[] = [];
    const v = renderBlocks(
      view.blocks,
      context({ viewer: LEA, tz: 'Europe/Berlin', onAction: (a) => picked.push([a.type, a.value]) }),
    );
    const text = textOf(v);
    expect(text).toContain('👋 A gentle nudge');
    expect(text).toContain('C-2 Send the offsite agenda — coming up');
    expect(html(v)).toMatch(/>Snooze<\/option>/);
    const snooze = nodes(v).find(
      (n) =>
        n.type === 'select' &&
        n.props['data-action-id'] !== undefined &&
        String(n.props.class).includes('bk-select'),
    )!;
    fire(snooze, 'onChange', { value: 'tomorrow' });
    expect(picked).toEqual([['static_select', 'tomorrow']]);
    expect(text).not.toContain(UNSUPPORTED);
  });

  it('a retro prompt quoting the period’s outcomes', () => {
    const view = retroPost(
      [
        {
          ref: 1,
          title: 'Draft',
          assigneeId: ANA,
          leaderId: LEA,
          status: 'lost',
          lesson: 'Ask early',
          stakes: 'small',
          closedAt: new Date(NOW),
        },
      ],
      false,
    );
    const text = textOf(renderBlocks(view.blocks, context()));
    expect(text).toContain('🪞 Retro time');
    expect(text).toContain('Add a lesson');
  });
});

describe('Trustloop’s modals, rendered', () => {
  it('the delegate form: user select, text inputs, radio buttons, date picker, hints', () => {
    const view = delegateModal({ channelId: 'C0TEAM001' }, '2026-12-02');
    const blocks = view.blocks;
    const v = renderBlocks(blocks, context({ viewer: LEA, values: initialValues(blocks as never) }));
    const out = html(v);
    for (const type of ['users_select', 'plain_text_input', 'radio_buttons', 'datepicker']) {
      expect(
        blocks.some((b) => b.type === 'input' && (b as { element: { type: string } }).element.type === type),
      ).toBe(true);
    }
    expect(out).toContain('<select');
    expect(out).toContain('type="radio"');
    expect(out).toContain('type="date"');
    expect(out).toContain('value="2026-12-02"');
    expect(out).toContain('Due at the end of their working day on that day, in their time zone.');
    expect(textOf(v)).not.toContain(UNSUPPORTED);
  });

  it('the lesson form: a required multiline input for a loss', () => {
    const v = renderBlocks(lessonModal(1, 'Draft', 'loss', { ref: 1, result: 'loss' }).blocks, context());
    expect(html(v)).toContain('<textarea');
    expect(html(v)).not.toContain('(optional)');
  });

  it('the promise form', () => {
    const v = renderBlocks(commitModal('2026-11-26').blocks, context({ viewer: LEA }));
    expect(textOf(v)).toContain('Promised to (optional)');
  });
});

describe('Trustloop’s Home tab, rendered', () => {
  it('the ledger: header, ratio, open promises with buttons, delegations and the ladder', () => {
    const summary: LedgerSummary = {
      userId: LEA,
      tz: 'Europe/Berlin',
      counts: { keptOnTime: 3, keptLate: 0, missed: 1, renegotiated: 1, released: 0, open: 1 },
      ratio: { kind: 'ratio', value: 0.75, settled: 4 },
      weeks: [
        { kind: 'none', reason: 'no_promises' },
        { kind: 'ratio', value: 0.75, settled: 4 },
      ],
      openPromises: [commitment()],
      owedToMe: [],
      given: {
        counts: { open: 1, won: 0, lost: 1, cancelled: 0 },
        recent: [delegation(), delegation({ ref: 2, status: 'lost', lesson: 'x' })],
      },
      held: { counts: { open: 0, won: 0, lost: 0, cancelled: 0 }, recent: [] },
      ladder: emptyLadder(),
      acks: { outcomes: 1, acknowledged: 0, medianMinutes: null },
      team: { rows: [], total: 0 },
    };
    const view = homeView(summary);
    const v = renderBlocks(view.blocks, context({ viewer: LEA, tz: 'Europe/Berlin' }));
    const text = textOf(v);
    expect(text).toContain('Your say/do ledger');
    expect(text).toContain('Your say/do: 75%');
    expect(text).toContain('C-1 to @Ana Alves: “Review your outline”');
    expect(text).toContain('lost, with a lesson 🌱');
    expect(text).toContain('Make a promise');
    expect(text).not.toContain(UNSUPPORTED);
    expect(html(renderBlocks([doneMoveActions(commitment(), 'home_1')], context()))).toContain('bk-actions');
  });
});
