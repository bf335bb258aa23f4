/**
 * The composer's Slack behaviour, pure: which slash commands match what is typed, the `@`/`#`
 * completion under the caret, and the text as Slack's client sends it — `&`, `<`, `>` escaped, and for
 * commands with `should_escape` mentions as `<@U…|name>` and `<#C…|name>` (plain messages carry `<@U…>`).
 */
import type { SandboxCommand } from '../../protocol';

export interface Mentionable {
  id: string;
  /** Handle (`ana`) */
  name: string;
  realName: string;
}

export interface ChannelRef {
  id: string;
  name: string;
}

export type Draft =
  | { kind: 'command'; command: string; text: string }
  | { kind: 'message'; text: string }
  | { kind: 'empty' };

/**
 * Slack's client sends at most this many characters at once, a slash command's name included (its RTM
 * guidance: "Clients should limit messages sent to channels to 4000 characters"); the client stops a
 * longer one before it is sent, so the app never hears of it.
 */
export const MESSAGE_MAX_CHARS = 4000;

/** Characters as a person counts them (an emoji is one), of what would be sent. */
export const charCount = (text: string): number => [...text.trim()].length;

/** Why the draft cannot be sent as it is, in words, or undefined when it can. */
export function tooLong(draft: string): string | undefined {
  const n = charCount(draft);
  if (n <= MESSAGE_MAX_CHARS) return undefined;
  const fmt = (x: number) => x.toLocaleString('en-US');
  return `Slack sends at most ${fmt(MESSAGE_MAX_CHARS)} characters at once, and this has ${fmt(n)}. Shorten it to send it — a link to a doc can carry the details.`;
}

export function parseDraft(draft: string): Draft {
  const trimmed = draft.trim();
  if (trimmed === '') return { kind: 'empty' };
  const m = /^(\/[^\s]+)(?:\s+([\s\S]*))?$/.exec(trimmed);
  if (m) return { kind: 'command', command: (m[1] ?? '').toLowerCase(), text: (m[2] ?? '').trim() };
  return { kind: 'message', text: trimmed };
}

/** Commands offered while the first word is being typed (`/` alone lists them all). */
export function matchCommands(draft: string, commands: readonly SandboxCommand[]): SandboxCommand[] {
  const m = /^\/([^\s]*)$/.exec(draft);
  if (!m) return [];
  const typed = (m[1] ?? '').toLowerCase();
  return commands.filter((c) => c.command.slice(1).startsWith(typed));
}

/** The command whose arguments are being typed, for its usage hint. */
export function activeCommand(draft: string, commands: readonly SandboxCommand[]): SandboxCommand | undefined {
  const m = /^(\/[^\s]+)\s/.exec(draft);
  return m ? commands.find((c) => c.command === (m[1] ?? '').toLowerCase()) : undefined;
}

export interface CompletionQuery {
  trigger: '@' | '#';
  query: string;
  /** Where the `@`/`#` is. */
  start: number;
}

/** `@an|` or `#te|` right before the caret. */
export function completionAt(draft: string, caret: number): CompletionQuery | undefined {
  const before = draft.slice(0, caret);
  const m = /(^|[\s(])([@#])([\p{L}\p{N}._-]*)$/u.exec(before);
  if (!m) return undefined;
  const trigger = m[2] as '@' | '#';
  return { trigger, query: (m[3] ?? '').toLowerCase(), start: before.length - (m[3] ?? '').length - 1 };
}

export function matchPeople<P extends Mentionable>(query: string, people: readonly P[]): P[] {
  const q = query.toLowerCase();
  return people.filter((p) => p.name.toLowerCase().startsWith(q) || p.realName.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)));
}

export function matchChannels<C extends ChannelRef>(query: string, channels: readonly C[]): C[] {
  return channels.filter((c) => c.name.toLowerCase().startsWith(query.toLowerCase()));
}

/** Replaces the `@query` being typed with `@handle ` and returns the new text and caret. */
export function applyCompletion(draft: string, caret: number, q: CompletionQuery, insert: string): { text: string; caret: number } {
  const replacement = `${q.trigger}${insert} `;
  const after = draft.slice(caret).replace(/^\S*/, '');
  const text = draft.slice(0, q.start) + replacement + after.replace(/^ /, '');
  return { text, caret: q.start + replacement.length };
}

/** Slack escapes these three in everything a person sends. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The text as Slack's client sends it. `escaped`: a slash command with should_escape (`<@U1|ana>`,
 * `<#C1|team>`, `<!here>`); `message`: a message (`<@U1>`, `<#C1>`); `raw`: should_escape false.
 */
export function toSlackText(
  text: string,
  people: readonly Mentionable[],
  channels: readonly ChannelRef[],
  mode: 'escaped' | 'message' | 'raw',
): string {
  const escaped = escapeText(text);
  if (mode === 'raw') return escaped;
  const byHandle = new Map(people.map((p) => [p.name.toLowerCase(), p]));
  const byChannel = new Map(channels.map((c) => [c.name.toLowerCase(), c]));
  return escaped.replace(/(^|[^\p{L}\p{N}_@#&/])([@#])([\p{L}\p{N}._-]+)/gu, (whole, pre: string, sigil: string, rawName: string) => {
    // A sentence may end right after the name: "thanks @ana." keeps its full stop.
    const name = rawName.replace(/[.]+$/, '');
    const rest = rawName.slice(name.length);
    const key = name.toLowerCase();
    if (sigil === '@') {
      if (key === 'here' || key === 'channel' || key === 'everyone') return `${pre}<!${key}>${rest}`;
      const p = byHandle.get(key);
      if (!p) return whole;
      return `${pre}${mode === 'escaped' ? `<@${p.id}|${p.name}>` : `<@${p.id}>`}${rest}`;
    }
    const c = byChannel.get(key);
    if (!c) return whole;
    return `${pre}${mode === 'escaped' ? `<#${c.id}|${c.name}>` : `<#${c.id}>`}${rest}`;
  });
}
