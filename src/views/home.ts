import type { KnownBlock, View } from '@slack/types';
import type { AckStats, Delegation, DelegationStatus } from '../domain/delegation';
import type { LedgerSummary, SayDoFigures } from '../services/ledger-summary';
import { ratioLabel, sparkline, WINDOW_WEEKS } from '../services/say-do';
import { ladderLine } from '../services/trust-ladder';
import { Actions } from '../slack/ids';
import { doneMoveActions } from './commitment';
import { leaderChangeActions } from './delegation';
import { commitmentRef, delegationRef, localDateTime, mention } from './format';
import { neutralise } from './neutralise';
import { teamSection } from './team';
import { chartBlocks, type ChartImage } from './home-chart';
import type { ReminderSetting } from '../domain/days-off';
import { reminderSettingsBlocks } from './reminder-settings';
import { context, divider, header, section, type MessageView } from './message';

/** "kept on time 7 · kept late 1 · moved 2 · missed 1 · released 0 · open 3" */
export function countsLine(f: SayDoFigures): string {
  const c = f.counts;
  return `kept on time *${c.keptOnTime}* · kept late *${c.keptLate}* · moved before due *${c.renegotiated}* · missed *${c.missed}* · released *${c.released}* · open *${c.open}*`;
}

/** A word for the ratio, only once there is enough to judge by: one or two promises are early days. */
function ratioWord(value: number, settled: number): string {
  if (settled < 4) return 'early days';
  return value >= 0.8 ? 'steady' : value >= 0.5 ? 'mostly there' : 'room to grow';
}

export function ratioBlock(f: SayDoFigures, who: string): KnownBlock[] {
  const r = f.ratio;
  const headline =
    r.kind === 'ratio'
      ? `*${who} say/do: ${ratioLabel(r)}* — ${ratioWord(r.value, r.settled)} (${Math.round(r.value * r.settled)} of ${r.settled} kept on time, last ${WINDOW_WEEKS} weeks)`
      : r.reason === 'no_promises'
        ? `*${who} say/do:* no promises yet — make one with \`/commit what by when\``
        : `*${who} say/do:* nothing settled yet — open promises count once they’re kept or fall due`;
  return [
    section(`${headline}\nTrend, ${WINDOW_WEEKS} weeks, oldest first: ${sparkline(f.weeks)}`),
    context(countsLine(f)),
  ];
}

const statusCounts = (c: Record<DelegationStatus, number>) =>
  `open *${c.open}* · won *${c.won}* · lost *${c.lost}*`;

function delegationLine(d: Delegation, tz: string, role: 'given' | 'held'): string {
  const who = role === 'given' ? `with ${mention(d.assigneeId)}` : `from ${mention(d.leaderId)}`;
  const state =
    d.status === 'open'
      ? `due ${localDateTime(d.dueAt, tz)}`
      : d.status === 'won'
        ? 'won :tada:'
        : d.status === 'lost'
          ? 'lost, with a lesson :seedling:'
          : d.status;
  const from = d.sourcePermalink ? ` · <${d.sourcePermalink}|from a message>` : '';
  return `• *${delegationRef(d.ref)}* ${neutralise(d.title)} ${who} — ${state}${from}`;
}

/** "acknowledged 3 of 4 outcomes, typically within 2 h" — beside the say/do figure. */
export function ackLine(a: AckStats): string | null {
  if (a.outcomes === 0) return null;
  const speed =
    a.medianMinutes === null
      ? ''
      : `, typically within ${a.medianMinutes < 90 ? `${Math.max(1, Math.round(a.medianMinutes))} min` : a.medianMinutes < 48 * 60 ? `${Math.round(a.medianMinutes / 60)} h` : `${Math.round(a.medianMinutes / 1440)} days`}`;
  return `Outcomes of work you delegated: acknowledged *${a.acknowledged}* of *${a.outcomes}*${speed}.`;
}

/** The App Home tab: the leader's mirror. */
export function homeView(
  s: LedgerSummary,
  chart: ChartImage | null = null,
  remindersOff: readonly ReminderSetting[] = [],
): View {
  const acks = ackLine(s.acks);
  const blocks: KnownBlock[] = [
    header('Your say/do ledger'),
    ...ratioBlock(s, 'Your'),
    // --- the chart (issue 16): the 8 weeks in a picture, below the numbers it draws ---
    ...chartBlocks(chart),
    // --- end of the chart ---
    ...(acks ? [context(acks)] : []),
    divider(),
  ];

  blocks.push(section(`*Your open promises* (${s.counts.open})`));
  if (s.openPromises.length === 0)
    blocks.push(context('Nothing open. Make a promise with `/commit what by when`.'));
  for (const c of s.openPromises) {
    // in the words said to them ("send you the deck"), so quoted after whom it was said to
    const what = c.counterpartId
      ? `to ${mention(c.counterpartId)}: “${neutralise(c.text)}”`
      : neutralise(c.text);
    blocks.push(
      section(
        `*${commitmentRef(c.ref)}* ${what} · due ${localDateTime(c.dueAt, s.tz)}${c.timesMoved > 0 ? ` · moved ${c.timesMoved}×` : ''}`,
      ),
    );
    blocks.push(doneMoveActions(c, `home_${c.ref}`, s.now));
  }

  blocks.push(divider(), section('*Promised to you*'));
  blocks.push(
    s.owedToMe.length === 0
      ? context('No one owes you anything right now.')
      : section(
          s.owedToMe
            .map(
              (c) =>
                `• *${commitmentRef(c.ref)}* ${neutralise(c.text)} — from ${mention(c.ownerId)} · due ${localDateTime(c.dueAt, s.tz)}`,
            )
            .join('\n'),
        ),
  );

  blocks.push(divider(), section(`*Delegations you gave* — ${statusCounts(s.given.counts)}`));
  // open work keeps the leader's own answers at hand: change it, give it to someone else, cancel it
  for (const d of s.given.recent.filter((x) => x.status === 'open'))
    blocks.push(section(delegationLine(d, s.tz, 'given')), leaderChangeActions(d, `home_change_${d.ref}`));
  const closedGiven = s.given.recent.filter((x) => x.status !== 'open');
  if (closedGiven.length > 0)
    blocks.push(section(closedGiven.map((d) => delegationLine(d, s.tz, 'given')).join('\n')));
  blocks.push(section(`*Delegations you hold* — ${statusCounts(s.held.counts)}`));
  if (s.held.recent.length > 0)
    blocks.push(section(s.held.recent.map((d) => delegationLine(d, s.tz, 'held')).join('\n')));

  // what follows the team takes 9 blocks; Slack allows 100 in a view
  blocks.push(...teamSection(s.team, s.tz, 100 - 9 - blocks.length));
  blocks.push(divider(), section(`*Your trust ladder*\n${ladderLine(s.ladder)}`));
  blocks.push(
    context(
      'Start small to trust big: three closed outcomes at a level, two of them wins, and you’re ready for the next step. A loss with a lesson never lowers the ladder.',
    ),
  );
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: Actions.openCommitModal,
        text: { type: 'plain_text', text: 'Make a promise' },
        style: 'primary',
      },
    ],
  });
  blocks.push(divider(), ...reminderSettingsBlocks(remindersOff));
  blocks.push(
    context(
      'Your data: it stays in this workspace’s Trustloop database and nowhere else. `/ledger export` sends you a copy; `/ledger forget-me` erases it. If the workspace uninstalls Trustloop, everything is deleted after the retention period (30 days unless your admin chose otherwise).',
    ),
  );
  return { type: 'home', blocks };
}

/** `/ledger`: the same summary, ephemeral. */
export function ledgerMessage(s: LedgerSummary): MessageView {
  const view = homeView(s);
  return {
    text: `Your say/do: ${ratioLabel(s.ratio)}`,
    blocks: view.blocks.filter((b) => b.type !== 'header') as KnownBlock[],
  };
}

/** `/ledger @lea`: aggregate figures only — details belong to the owner and their counterparts. */
export function ledgerAggregateMessage(userId: string, f: SayDoFigures): MessageView {
  return {
    text: `Say/do for someone: ${ratioLabel(f.ratio)}`,
    blocks: [
      ...ratioBlock(f, mention(userId)),
      context(
        'Only totals are shown here; individual promises are visible to the people they were made between.',
      ),
    ],
  };
}
