/**
 * The person a command is about, read from the start of the text.
 *
 * Slack sends a mention as `<@U123ABC|ana>` or `<@U123ABC>` when the command escapes mentions,
 * and as plain `@ana` when it does not. Trustloop delegates to one person at a time, so user
 * groups (`<!subteam^S1|@design>`), `<!here>`/`<!channel>`/`<!everyone>` (or their plain `@here`
 * forms), channels (`<#C1|general>`, `#general`) and two people at once are refused, kindly.
 */
import { fail, ok, type Result } from './result';

export type Person = { kind: 'id'; userId: string } | { kind: 'name'; name: string };

export type MentionErrorCode = 'no_person' | 'not_a_person' | 'several_people';

export interface LeadingPerson {
  person: Person;
  /** The text after the mention, trimmed, with a separating `:` or `,` removed. */
  rest: string;
}

const USER_TOKEN = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/;
const PLAIN_NAME = /^@([\p{L}\p{N}][\p{L}\p{N}._'-]*)/u;
const SPECIAL = /^<!([^>|^]+)[^>]*>/;
const CHANNEL = /^<#[A-Z0-9]+(?:\|[^>]*)?>|^#[\p{L}\p{N}_-]+/u;
const BROADCAST_NAMES = new Set(['here', 'channel', 'everyone']);

const ONE_PERSON = 'Trustloop delegates to one person at a time';

/**
 * Read the person at the start of `text`. `usage` (e.g. "`/delegate @person what by when`") is
 * added to the messages so the reply shows the command the person was typing.
 */
export function parseLeadingPerson(text: string, usage?: string): Result<LeadingPerson, MentionErrorCode> {
  const trimmed = text.trim();
  const tryThis = usage ? ` Try ${usage}.` : '';

  const read = readPerson(trimmed);
  if (read.kind === 'broadcast' || read.kind === 'group') {
    return fail(
      'not_a_person',
      `${ONE_PERSON}, so ${read.kind === 'group' ? 'a user group' : `\`@${read.label}\``} can't take this on — ` +
        `pick the one person who owns it.${tryThis}`,
    );
  }
  if (read.kind === 'channel') {
    return fail(
      'not_a_person',
      `${ONE_PERSON}, and that looks like a channel — start with a person's @mention.${tryThis}`,
    );
  }
  if (read.kind === 'none') {
    return fail('no_person', `Who is it for? Start with their @mention, like \`@ana\`.${tryThis}`);
  }

  const rest = trimmed
    .slice(read.length)
    .replace(/^[\s,:.]+/u, '')
    .trim();
  const next = readPerson(rest);
  if (next.kind === 'person') {
    return fail(
      'several_people',
      `${ONE_PERSON} — one owner keeps it clear who is trusted with what. ` +
        `Pick one, and mention the other in the task if they help.${tryThis}`,
    );
  }
  return ok({ person: read.person, rest });
}

type Read =
  | { kind: 'person'; person: Person; length: number }
  | { kind: 'broadcast'; label: string }
  | { kind: 'group' }
  | { kind: 'channel' }
  | { kind: 'none' };

function readPerson(text: string): Read {
  const user = USER_TOKEN.exec(text);
  if (user) return { kind: 'person', person: { kind: 'id', userId: user[1] }, length: user[0].length };

  const special = SPECIAL.exec(text);
  if (special) {
    const what = special[1].toLowerCase();
    return BROADCAST_NAMES.has(what) ? { kind: 'broadcast', label: what } : { kind: 'group' };
  }
  if (CHANNEL.test(text)) return { kind: 'channel' };

  const plain = PLAIN_NAME.exec(text);
  if (plain) {
    const name = plain[1].replace(/[.'-]+$/u, '');
    if (BROADCAST_NAMES.has(name.toLowerCase())) return { kind: 'broadcast', label: name.toLowerCase() };
    return { kind: 'person', person: { kind: 'name', name }, length: 1 + name.length };
  }
  return { kind: 'none' };
}
