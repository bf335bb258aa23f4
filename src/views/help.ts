/**
 * `/delegate help`, `/outcome help`, `/commit help`, `/ledger help`, `/ritual help`: a short usage
 * card for each command (Slack's Marketplace review asks every command to answer `help`).
 */
import { context, header, section, type MessageView } from './message';

const CARDS: Record<string, { title: string; lines: string[] }> = {
  '/delegate': {
    title: '/delegate — trust someone with a piece of work',
    lines: [
      '`/delegate @person what by when` — e.g. `/delegate @ana Draft the Q3 customer survey by Friday`',
      'Add `stakes small|medium|large` (small by default), and your own promises after a `;`: `; I’ll review your outline by Wednesday`.',
      'Type `/delegate` alone for a form. For work already given: `/delegate D-3 edit`, `/delegate D-3 reassign @person`, `/delegate D-3 cancel why`.',
    ],
  },
  '/outcome': {
    title: '/outcome — close work, win or loss, with the lesson',
    lines: [
      '`/outcome D-12 win what you learned` or `/outcome D-12 loss what you learned` — both are celebrated, both keep the lesson.',
      'For promises: `/outcome C-7 kept`, or `/outcome C-7 missed why`.',
      'Type `/outcome` alone to see what you can close.',
    ],
  },
  '/commit': {
    title: '/commit — make a promise and keep your say/do honest',
    lines: [
      '`/commit what by when` — e.g. `/commit Review the hiring rubric by Thursday 3pm`',
      'Owed to someone: `/commit @ana Send you the customer list by tomorrow`.',
      'Move one before it’s due: `/commit C-7 by next Monday because…`. Type `/commit` alone for a form.',
    ],
  },
  '/ledger': {
    title: '/ledger — your say/do ledger',
    lines: [
      '`/ledger` — your say/do ratio, trend and open promises (only you see it).',
      '`/ledger @person` — someone’s totals; the details stay between the two people of each promise.',
    ],
  },
  '/ritual': {
    title: '/ritual — retros and digests for this channel, and your own rhythm',
    lines: [
      '`/ritual retro every Friday 16:00` — a retro prompt quoting this channel’s outcomes',
      '`/ritual digest every Monday 9:00` — a wins-and-losses digest',
      '`/ritual list` · `/ritual pause retro` · `/ritual resume retro` · `/ritual off digest`',
      'Your own rhythm: `/ritual me hours 9:00-17:30`, `/ritual me days mon-thu`, `/ritual me away 2026-12-20 to 2027-01-03`, `/ritual me back`.',
    ],
  },
};

/** Whether a command's text asks for help (`help`, `?`, `-h`, `--help`). */
export const asksForHelp = (text: string): boolean => /^(help|\?|-h|--help)$/i.test(text.trim());

/** The usage card of a command; null for a command we do not know. */
export function helpCard(command: string): MessageView | null {
  const card = CARDS[command];
  if (!card) return null;
  const others = Object.keys(CARDS)
    .filter((c) => c !== command)
    .map((c) => `\`${c} help\``)
    .join(' · ');
  return {
    text: `${card.title}\n${card.lines.join('\n')}`,
    blocks: [
      header(card.title),
      section(card.lines.map((l) => `• ${l}`).join('\n')),
      context(`Also: ${others}`),
    ],
  };
}
