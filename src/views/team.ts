/**
 * "Your team": the leader's mirror of the people they delegate to — whom they are growing, who is
 * stuck, what they owe each one. Worded for the leader reading it.
 */
import type { KnownBlock } from '@slack/types';
import type { GrowthSignal, TeamRow } from '../domain/team';
import type { SayDoFigures } from '../services/ledger-summary';
import { ratioLabel } from '../services/say-do';
import { TEAM_SHOWN } from '../services/team-mirror';
import { ladderLine } from '../services/trust-ladder';
import { Actions } from '../slack/ids';
import { commitmentRef, delegationRef, localDateTime, mention, plural } from './format';
import { button, context, divider, section, type MessageView } from './message';
import { neutralise } from './neutralise';

/** The value of "Delegate something bigger": whom, at which stakes, celebrated where. */
export const biggerValue = (personId: string, stakes: string, channelId: string) =>
  `${personId}|${stakes}|${channelId}`;

function growthLine(g: GrowthSignal, personId: string): string {
  const who = mention(personId);
  const record = `${plural(g.closed, 'piece')} closed at ${g.kind === 'ready' ? g.from : 'small'}, ${g.wins} of them ${g.wins === 1 ? 'a win' : 'wins'}`;
  return g.kind === 'stuck'
    ? `:hourglass_flowing_sand: *Stuck?* ${who} has only had small work for ${g.weeks} weeks — ${record}. Consider a ${g.to} one.`
    : `:seedling: *Ready for a step up:* ${record}. ${who} has earned a ${g.to} piece.`;
}

function heldLine(row: TeamRow, tz: string): string {
  if (row.openWork.length === 0) return 'Nothing open from you right now.';
  return `Holds for you: ${row.openWork
    .map((d) => `*${delegationRef(d.ref)}* ${neutralise(d.title)} · due ${localDateTime(d.dueAt, tz)}`)
    .join('; ')}`;
}

function owedLine(row: TeamRow, tz: string): string {
  const record =
    row.record.kept + row.record.missed === 0
      ? 'no promise to them settled yet'
      : `your word to them: kept ${row.record.kept}, missed ${row.record.missed}`;
  if (row.owed.length === 0) return `You owe them nothing open · ${record}`;
  return `You owe them ${row.owed
    .map((c) => `*${commitmentRef(c.ref)}* “${neutralise(c.text)}” · due ${localDateTime(c.dueAt, tz)}`)
    .join('; ')} · ${record}`;
}

/** One person's row: up to five blocks. */
export function teamRowBlocks(row: TeamRow, tz: string, opts: { ackLimit: number }): KnownBlock[] {
  const stakes = row.lastStakes.length > 0 ? ` · last given: ${row.lastStakes.join(', ')}` : '';
  const blocks: KnownBlock[] = [
    section(
      `*${mention(row.personId)}* — ${ladderLine(row.ladder)}${stakes}\n${heldLine(row, tz)}\n${owedLine(row, tz)}`,
    ),
  ];
  if (row.growth) {
    blocks.push({
      type: 'section',
      block_id: `team_grow_${row.personId}`,
      text: { type: 'mrkdwn', text: growthLine(row.growth, row.personId) },
      accessory: button(
        'Delegate something bigger',
        Actions.openDelegateModal,
        biggerValue(row.personId, row.growth.to, row.lastChannelId),
      ),
    });
  }
  for (const d of row.awaitingAck.slice(0, opts.ackLimit)) {
    blocks.push({
      type: 'section',
      block_id: `team_ack_${d.ref}`,
      text: {
        type: 'mrkdwn',
        text: `${d.status === 'won' ? ':tada:' : ':seedling:'} *${delegationRef(d.ref)}* ${neutralise(d.title)} — closed as a ${d.status === 'won' ? 'win' : 'loss'}, waiting for your word`,
      },
      accessory: button('Write a note', Actions.acknowledgeOutcome, String(d.ref)),
    });
  }
  return blocks;
}

/**
 * The Home tab's "Your team" section, within `budget` blocks (Slack allows 100 in a view): as many
 * people as fit, then a line saying how to see the rest. Nothing for someone who has not delegated lately.
 */
export function teamSection(
  team: { rows: TeamRow[]; total: number },
  tz: string,
  budget: number,
): KnownBlock[] {
  if (team.rows.length === 0) return [];
  const blocks: KnownBlock[] = [
    divider(),
    section(`*Your team* — the people you gave work to in the last 12 weeks`),
  ];
  let shown = 0;
  for (const row of team.rows.slice(0, TEAM_SHOWN)) {
    const rowBlocks = teamRowBlocks(row, tz, { ackLimit: 2 });
    if (blocks.length + rowBlocks.length + 1 > budget) break;
    blocks.push(...rowBlocks);
    shown++;
  }
  if (team.total > shown)
    blocks.push(
      context(
        `…and ${plural(team.total - shown, 'more person', 'more people')}. \`/ledger @person\` shows anyone’s row.`,
      ),
    );
  return blocks;
}

/** `/ledger @ana`, run by someone who gave Ana work: her row, worded for the reader, and her totals. */
export function ledgerMirrorMessage(row: TeamRow, figures: SayDoFigures, tz: string): MessageView {
  return {
    text: `What passed between you and them`,
    blocks: [
      section(`*Between you and ${mention(row.personId)}*`),
      ...teamRowBlocks(row, tz, { ackLimit: 5 }),
      context(
        `Their say/do: ${ratioLabel(figures.ratio)} · the rest of their ledger is theirs and the people they promised.`,
      ),
    ],
  };
}
