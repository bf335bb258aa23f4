/**
 * The one function every piece of text a person typed goes through before it enters a Slack payload.
 *
 * Trustloop re-posts what people type (task titles, lessons, notes, promises, change requests) into
 * channels and DMs in its own name. With `should_escape: true` Slack hands us `@channel` as
 * `<!channel>`, user groups as `<!subteam^S…|@eng>` and links as `<https://…|label>`; posted back
 * verbatim they would ping a whole channel, or show a label that hides where a link goes. So:
 * - special mentions become plain text (`@channel`, `@here`, `@everyone`, `@eng`);
 * - a labelled link shows its real target: `label (<https://…>)`, or the bare link when the label
 *   only repeats it;
 * - person mentions `<@U…>` and channel links `<#C…>` stay (naming a teammate in a lesson is fine);
 * - `<!date^…>` stays (it only formats a date);
 * - any other `<…>`, and stray `<` or `>`, are shown as typed (escaped), never interpreted.
 *
 * It is idempotent (neutralising twice changes nothing), so the delivery loop can run it once more
 * over every outgoing payload (`neutralisePayload`) as a second line of defence for rows queued
 * before this existed. That pass keeps labelled links to Slack's own hosts (our permalinks).
 */

const TOKEN = /<([^<>]*)>|[<>]/g;
const PERSON = /^@[UW][A-Z0-9]+$/;
const CHANNEL = /^#[CGD][A-Z0-9]+$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export interface NeutraliseOptions {
  /** Keep labelled links whose target is Slack's own (https://*.slack.com/…): used for our own payloads. */
  slackLinks?: boolean;
}

export function neutralise(text: string, opts: NeutraliseOptions = {}): string {
  if (!text.includes('<') && !text.includes('>')) return text;
  return text.replace(TOKEN, (whole: string, inner: string | undefined) => {
    if (inner === undefined) return whole === '<' ? '&lt;' : '&gt;';
    const bar = inner.indexOf('|');
    const target = bar === -1 ? inner : inner.slice(0, bar);
    const label = bar === -1 ? '' : inner.slice(bar + 1);
    if (PERSON.test(target) || CHANNEL.test(target)) return `<${target}>`;
    if (target.startsWith('!')) return special(target, label, whole);
    if (SCHEME.test(target)) {
      if (!label || repeatsTarget(label, target)) return `<${target}>`;
      if (opts.slackLinks && isSlackHost(target)) return whole;
      return `${label} (<${target}>)`;
    }
    return `&lt;${inner}&gt;`;
  });
}

/** `<!channel>` → `@channel`; `<!subteam^S1|@eng>` → `@eng`; `<!date^…>` is kept. */
function special(target: string, label: string, whole: string): string {
  const name = target.slice(1);
  if (name.startsWith('date^')) return whole;
  if (name.startsWith('subteam^')) return label ? at(label) : '@group';
  const base = name.split('^')[0];
  if (base === 'channel' || base === 'here' || base === 'everyone' || base === 'group') return `@${base}`;
  return label ? at(label) : `@${base}`;
}

const at = (label: string): string => (label.startsWith('@') ? label : `@${label}`);

function repeatsTarget(label: string, target: string): boolean {
  const bare = (s: string) => s.replace(SCHEME, '').replace(/^\/\//, '').replace(/\/$/, '').toLowerCase();
  return bare(label) === bare(target);
}

function isSlackHost(target: string): boolean {
  try {
    const u = new URL(target);
    return u.protocol === 'https:' && (u.hostname === 'slack.com' || u.hostname.endsWith('.slack.com'));
  } catch {
    return false;
  }
}

/**
 * Runs `neutralise` over every `text` string of a Web API payload (message text, Block Kit text
 * objects, a Home or modal view). Our own views never contain special mentions, so this only ever
 * changes text a person typed that reached a payload some other way.
 */
export function neutralisePayload<T>(value: T): T {
  return walk(value) as T;
}

function walk(v: unknown, key?: string): unknown {
  if (typeof v === 'string') return key === 'text' ? neutralise(v, { slackLinks: true }) : v;
  if (Array.isArray(v)) return v.map((x) => walk(x));
  // a file's bytes (an uploaded chart) are no text: passed as they are
  if (v && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(x, k);
    return out;
  }
  return v;
}
