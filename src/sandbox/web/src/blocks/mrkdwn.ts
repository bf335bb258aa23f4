/**
 * Slack's mrkdwn, parsed into a small tree the renderer turns into elements. Follows Slack's
 * "Formatting text for app surfaces": `*bold*`, `_italic_`, `~strike~`, `` `code` ``, ``` ```pre``` ```,
 * `>` quotes (also `&gt;`, since text arrives escaped), `<@U…>` / `<#C…>` / `<!here>` / `<!date^…>` /
 * `<url|label>` entities, `:emoji:` shortcodes, and the three escaped characters `&amp; &lt; &gt;`.
 *
 * Emphasis needs word boundaries as in Slack: `snake_case_name` and `2*3*4` stay as typed, and a
 * marker never spans lines. Pure: no DOM, no framework.
 */
import { EMOJI } from './emoji';

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'bold' | 'italic' | 'strike'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'user'; id: string; label?: string }
  | { type: 'channel'; id: string; label?: string }
  | { type: 'usergroup'; id: string; label?: string }
  | { type: 'broadcast'; name: string }
  | { type: 'date'; unix: number; format: string; link?: string; fallback: string }
  | { type: 'link'; url: string; label?: string }
  | { type: 'emoji'; name: string; char: string }
  | { type: 'br' };

export type Paragraph =
  | { type: 'para'; children: Inline[] }
  | { type: 'quote'; children: Inline[] }
  | { type: 'pre'; text: string };

export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Splits text into paragraphs, quotes and preformatted blocks. */
export function parseMrkdwn(src: string): Paragraph[] {
  const out: Paragraph[] = [];
  const fence = /```([\s\S]*?)```/g;
  let last = 0;
  for (let m = fence.exec(src); m; m = fence.exec(src)) {
    pushLines(out, src.slice(last, m.index).replace(/\n$/, ''));
    out.push({ type: 'pre', text: unescapeSlack((m[1] ?? '').replace(/^\n/, '').replace(/\n$/, '')) });
    last = m.index + m[0].length;
  }
  pushLines(out, last === 0 ? src : src.slice(last).replace(/^\n/, ''));
  return out;
}

const QUOTE = /^(?:>|&gt;)\s?/;
const QUOTE_REST = /^(?:>>>|&gt;&gt;&gt;)\s?/;

function pushLines(out: Paragraph[], text: string): void {
  if (text === '') return;
  const lines = text.split('\n');
  let kind: 'para' | 'quote' | null = null;
  let buf: string[] = [];
  const flush = () => {
    if (kind) out.push({ type: kind, children: joinLines(buf) });
    buf = [];
    kind = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (QUOTE_REST.test(line)) {
      // `>>>` quotes everything after it.
      flush();
      out.push({ type: 'quote', children: joinLines([line.replace(QUOTE_REST, ''), ...lines.slice(i + 1)]) });
      return;
    }
    const isQuote = QUOTE.test(line);
    const k = isQuote ? 'quote' : 'para';
    if (kind !== k) flush();
    kind = k;
    buf.push(isQuote ? line.replace(QUOTE, '') : line);
  }
  flush();
}

function joinLines(lines: string[]): Inline[] {
  const out: Inline[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push({ type: 'br' });
    out.push(...parseInline(line));
  });
  return out;
}

// Atoms (code spans and <entities>) stand in the text as one private-use character each while emphasis
// is matched, so `*<@U1> did it*` is bold around a mention, and `*` inside code is left alone.
const ATOM_BASE = 0xe000;
const ATOM_MAX = 0xf8ff - ATOM_BASE;

/** Parses one line (no newlines) of mrkdwn. */
export function parseInline(line: string): Inline[] {
  const atoms: Inline[] = [];
  let flat = '';
  const token = /`([^`\n]+)`|<([^<>\n]+)>/g;
  let last = 0;
  for (let m = token.exec(line); m; m = token.exec(line)) {
    if (atoms.length >= ATOM_MAX) break;
    flat += line.slice(last, m.index);
    const node: Inline = m[1] !== undefined ? { type: 'code', text: unescapeSlack(m[1]) } : entity(m[2] ?? '');
    flat += String.fromCharCode(ATOM_BASE + atoms.length);
    atoms.push(node);
    last = m.index + m[0].length;
  }
  flat += line.slice(last);
  return emphasize(flat, atoms);
}

const MARKS: Record<string, 'bold' | 'italic' | 'strike'> = { '*': 'bold', _: 'italic', '~': 'strike' };
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

function opens(s: string, i: number): boolean {
  const c = s[i];
  const next = s[i + 1];
  return !isWordChar(s[i - 1]) && next !== undefined && !isSpace(next) && next !== c;
}

function closes(s: string, j: number): boolean {
  return !isSpace(s[j - 1]) && !isWordChar(s[j + 1]);
}

function emphasize(s: string, atoms: Inline[]): Inline[] {
  const out: Inline[] = [];
  let plainFrom = 0;
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    const kind = MARKS[c];
    if (kind && opens(s, i)) {
      let j = s.indexOf(c, i + 2);
      while (j !== -1 && !closes(s, j)) j = s.indexOf(c, j + 1);
      if (j !== -1) {
        out.push(...leaves(s.slice(plainFrom, i), atoms));
        out.push({ type: kind, children: emphasize(s.slice(i + 1, j), atoms) });
        i = j + 1;
        plainFrom = i;
        continue;
      }
    }
    i++;
  }
  out.push(...leaves(s.slice(plainFrom), atoms));
  return out;
}

/** Text with atoms put back, escapes undone and known emoji shortcodes turned into emoji. */
function leaves(s: string, atoms: Inline[]): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flushText = () => {
    if (text) out.push(...emojify(unescapeSlack(text)));
    text = '';
  };
  for (const ch of s) {
    const code = ch.charCodeAt(0) - ATOM_BASE;
    const atom = code >= 0 && code < atoms.length ? atoms[code] : undefined;
    if (atom) {
      flushText();
      out.push(atom);
    } else {
      text += ch;
    }
  }
  flushText();
  return out;
}

function emojify(text: string): Inline[] {
  const out: Inline[] = [];
  const re = /:([a-z0-9_+'-]+):/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1] ?? '';
    const char = EMOJI[name];
    if (!char) {
      // Not ours: keep the text, and let the closing colon open the next shortcode ("09:00:tada:").
      re.lastIndex = m.index + 1;
      continue;
    }
    if (m.index > last) out.push({ type: 'text', text: text.slice(last, m.index) });
    out.push({ type: 'emoji', name, char });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

/** `<@U1|ana>`, `<#C1|team>`, `<!here>`, `<!subteam^S1|@leads>`, `<!date^…|…>`, `<https://…|label>`. */
function entity(inner: string): Inline {
  const bar = inner.indexOf('|');
  const head = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : unescapeSlack(inner.slice(bar + 1));
  if (head.startsWith('@')) return { type: 'user', id: head.slice(1), ...(label ? { label } : {}) };
  if (head.startsWith('#')) return { type: 'channel', id: head.slice(1), ...(label ? { label } : {}) };
  if (head.startsWith('!subteam^')) return { type: 'usergroup', id: head.slice('!subteam^'.length), ...(label ? { label } : {}) };
  if (head.startsWith('!date^')) {
    const [, unix, format, link] = head.split('^');
    const seconds = Number(unix);
    if (Number.isFinite(seconds)) {
      return { type: 'date', unix: seconds, format: format ?? '{date}', fallback: label ?? '', ...(link ? { link } : {}) };
    }
    return { type: 'text', text: label ?? head };
  }
  if (head.startsWith('!')) return { type: 'broadcast', name: head.slice(1) };
  return { type: 'link', url: unescapeSlack(head), ...(label ? { label } : {}) };
}

/** The text of an inline tree, without formatting (for titles and tests). */
export function plainText(nodes: readonly Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
        case 'code':
          return n.text;
        case 'bold':
        case 'italic':
        case 'strike':
          return plainText(n.children);
        case 'emoji':
          return n.char;
        case 'br':
          return '\n';
        case 'user':
          return `@${n.label ?? n.id}`;
        case 'channel':
          return `#${n.label ?? n.id}`;
        case 'usergroup':
          return n.label ?? n.id;
        case 'broadcast':
          return `@${n.name}`;
        case 'date':
          return n.fallback;
        case 'link':
          return n.label ?? n.url;
      }
    })
    .join('');
}
