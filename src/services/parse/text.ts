/**
 * Small text helpers shared by the slash-command parsers. Pure functions, no Slack imports.
 *
 * About Slack's escaping: Slack sends slash-command text with `&`, `<` and `>` escaped as
 * `&amp;`, `&lt;` and `&gt;`, and with mentions/links as `<@U123|ana>`, `<#C1|general>`,
 * `<https://…|label>`. We keep that text exactly as Slack sent it (we never decode the entities
 * for storage), so echoing a task back into a message can never turn into a stray mention or a
 * broken link. Only *lengths* are measured on the decoded text, so `R&amp;D` counts as 3
 * characters — the limit a person is told about matches what they see.
 */

/**
 * C0 control characters (tab, newline and carriage return are turned into spaces instead), DEL and
 * the C1 controls. Format characters such as the zero-width joiner inside emoji or right-to-left
 * marks are *not* controls and are kept, so emoji and RTL text survive verbatim.
 */

const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function stripControlChars(text: string): string {
  return text.replace(CONTROL_CHARS, '');
}

/** Strip control characters, turn every run of whitespace (newlines too) into one space, trim. */
export function cleanText(text: string): string {
  return stripControlChars(text).replace(/\s+/gu, ' ').trim();
}

/**
 * Text typed into a modal, in the form Slack sends slash-command text (`&`, `<`, `>` escaped): how all
 * text people type is stored, so re-posting it can never turn into a token.
 */
export function asSlackText(typed: string): string {
  return typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Decode only the three entities Slack produces. Used for measuring, never for storage. */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Characters as a person counts them: one per visible symbol (👩🏽‍💻 is 1), entities decoded. */
export function visibleLength(text: string): number {
  return Array.from(graphemes.segment(decodeSlackEntities(text))).length;
}

/** Quote a piece of the person's own text inside a reply: “like this”, cut short when long. */
export function quote(text: string, max = 60): string {
  const clean = cleanText(text);
  const chars = [...clean];
  const shown =
    chars.length > max
      ? `${chars
          .slice(0, max - 1)
          .join('')
          .trimEnd()}…`
      : clean;
  return `“${shown}”`;
}

/**
 * Replace Slack tokens (`<…>`) and inline code (`` `…` ``) with spaces of the same length, so
 * scanners can look for `;`, flags or keywords without finding them inside a URL, a mention label
 * or a code snippet — and indexes still line up with the original text.
 */
export function maskProtected(text: string): string {
  return text.replace(/<[^<>]*>|`[^`]*`/g, (m) => ' '.repeat(m.length));
}

export interface Span {
  /** The piece, trimmed. */
  text: string;
  /** Where the piece starts in the original text (just after the `;`, or 0). */
  start: number;
  /** Where it ends (at the next `;`, or the end of the text). */
  end: number;
}

/**
 * Split on `;` the way a person means it: not inside `<…>` tokens or code, and not the `;` that
 * ends an HTML entity such as Slack's `&amp;` (so “R&amp;D plan” stays one piece).
 */
export function splitSegments(text: string): Span[] {
  const masked = maskProtected(text).replace(/&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (m) =>
    ' '.repeat(m.length),
  );
  const spans: Span[] = [];
  let start = 0;
  for (let i = 0; i <= masked.length; i++) {
    if (i === masked.length || masked[i] === ';') {
      spans.push({ text: text.slice(start, i).trim(), start, end: i });
      start = i + 1;
    }
  }
  return spans;
}

/**
 * Take `text[start, end)` out and join what is left with one space. Separators left dangling at the
 * join (“Draft the survey, by Friday” → “Draft the survey”) are removed: spaces, commas and
 * stand-alone dashes only — never `;` or `:`, which may end an `&amp;` or an `:emoji:`.
 */
export function cut(text: string, start: number, end: number): string {
  let left = text.slice(0, start);
  for (;;) {
    const shorter = left.replace(/(?:,|\s+[–—-]|\s+)$/u, '');
    if (shorter === left) break;
    left = shorter;
  }
  const right = text.slice(end).trim();
  if (!left || !right) return left || right;
  return /^[;,.!?)]/u.test(right) ? `${left}${right}` : `${left} ${right}`;
}

/**
 * Remove leftover separators at the edges of a phrase (“Draft the survey,” → “Draft the survey”),
 * with the same care as `cut`, and collapse whitespace.
 */
export function trimSeparators(text: string): string {
  return cut(text, text.length, text.length)
    .replace(/^(?:[\s,]|[–—-]+\s)+/u, '')
    .replace(/\s+/gu, ' ');
}

export interface FoundFlag {
  /** The flag exactly as typed, e.g. `--urgent` or `priority:high`. */
  token: string;
  /** Lower-cased option name, e.g. `urgent` or `priority`. */
  name: string;
}

/** URL schemes and the like that look like `word:value` but are not options. */
const NOT_OPTIONS = new Set(['http', 'https', 'mailto', 'ftp', 'file', 'tel', 'slack', 'sms', 'www']);

/**
 * Option-looking words (`--urgent`, `—urgent` after macOS/Slack's smart dashes, `priority:high`)
 * that are not in `understood`. Only whole `word:value` tokens with no space after the colon and a
 * name of 3+ letters count — “Note: call Ana”, “5:30pm”, URLs and `:emoji:` are ordinary text, and
 * so is `name=admin` (`=` only matters for the options we know, like `stakes=large`).
 */
export function findUnknownFlags(text: string, understood: readonly string[]): FoundFlag[] {
  const masked = maskProtected(text);
  const found: FoundFlag[] = [];
  const known = new Set(understood.map((u) => u.toLowerCase()));
  const dash = /(?<=^|\s)(?:--|—|–)(\p{L}[\p{L}\p{N}_-]*)(?:[=:]\S*)?/gu;
  for (const m of masked.matchAll(dash)) {
    const name = m[1].toLowerCase();
    if (!known.has(name)) found.push({ token: m[0], name });
  }
  const keyValue = /(?<=^|\s)(\p{L}{3,}):([\p{L}\p{N}][\p{L}\p{N}_-]*)(?![:/@\p{L}\p{N}_])/gu;
  for (const m of masked.matchAll(keyValue)) {
    const name = m[1].toLowerCase();
    if (!known.has(name) && !NOT_OPTIONS.has(name)) found.push({ token: m[0], name });
  }
  return found;
}

/** `--stakes large` / `—due Friday` → `stakes large` / `due Friday`, for the options we understand. */
export function normalizeKnownDashFlags(text: string, understood: readonly string[]): string {
  if (understood.length === 0) return text;
  const names = understood.map((u) => u.replace(/[^\p{L}]/gu, '')).join('|');
  return text.replace(new RegExp(`(?<=^|\\s)(?:--|—|–)(${names})(?=$|[\\s:=])`, 'giu'), '$1');
}
