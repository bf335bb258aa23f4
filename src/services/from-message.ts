/**
 * "Delegate this…" / "Make this a promise…": a message becomes the start of a form. Its text is read
 * from the shortcut's payload alone (no conversations.history, which Slack limits to one call a minute
 * for apps outside the Marketplace), turned into what a person would type: mentions as names, special
 * mentions as plain words, links with their target shown — nothing that could ping when re-posted.
 */
import { TEXT_LIMITS } from '../domain/limits';
import { displayName } from '../domain/member';
import { memberOf } from './members';
import { decodeSlackEntities } from './parse/text';
import type { ServiceDeps } from './ports';

const TOKEN = /<([^<>]*)>/g;

/** Message text as a person would type it into a form; names are looked up for `<@U…>`. */
export async function typedFromMessage(
  text: string,
  nameOf: (userId: string) => Promise<string>,
): Promise<string> {
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    parts.push(text.slice(last, m.index));
    last = m.index + m[0].length;
    const [target = '', label] = m[1].split('|', 2);
    if (target.startsWith('@')) parts.push(`@${label ?? (await nameOf(target.slice(1)))}`);
    else if (target.startsWith('#')) parts.push(`#${label ?? 'channel'}`);
    else if (target.startsWith('!subteam^')) parts.push(label ?? '@team');
    else if (target.startsWith('!date^')) parts.push(label ?? '');
    else if (target.startsWith('!')) parts.push(`@${target.slice(1)}`);
    else parts.push(label && label !== target ? `${label} (${target})` : target);
  }
  parts.push(text.slice(last));
  return decodeSlackEntities(parts.join(''))
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Cuts at a word boundary within `max` characters, with an ellipsis when anything was cut. */
function fit(text: string, max: number): { head: string; rest: string } {
  const chars = [...text];
  if (chars.length <= max) return { head: text, rest: '' };
  const window = chars.slice(0, max - 1).join('');
  const cut = window.lastIndexOf(' ') > max / 2 ? window.lastIndexOf(' ') : window.length;
  return { head: `${window.slice(0, cut).trimEnd()}…`, rest: text.slice(cut).trim() };
}

export interface FromMessage {
  /** The task (or promise): the first line, within its limit. */
  title: string;
  /** The rest of the message, as success criteria (a delegation only). */
  rest: string;
  /** The message's author, unless it is the person using the shortcut (or a bot). */
  authorId: string | null;
}

/** What the form is prefilled with, from a message and who wrote it. */
export async function fromMessage(
  deps: ServiceDeps,
  m: { teamId: string; userId: string; text: string; authorId: string | null; titleLimit?: number },
): Promise<FromMessage> {
  const typed = await typedFromMessage(m.text, async (id) => displayName(await memberOf(deps, m.teamId, id)));
  const [firstLine = '', ...lines] = typed.split('\n');
  const { head, rest } = fit(firstLine.trim(), m.titleLimit ?? TEXT_LIMITS.title);
  const more = [rest, ...lines].join('\n').trim();
  return {
    title: head,
    rest: [...more].slice(0, TEXT_LIMITS.success).join(''),
    authorId: m.authorId && m.authorId !== m.userId ? m.authorId : null,
  };
}
