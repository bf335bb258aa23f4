import { DateTime } from 'luxon';

export { commitmentRef, delegationRef } from '../domain/refs';

/** Small mrkdwn helpers shared by every view. Text people typed is stored as Slack sent it (escaped). */
/** A person, as Slack shows them; someone who asked to be forgotten reads as "a former teammate". */
export const mention = (userId: string): string =>
  userId.startsWith('forgotten:') ? '_a former teammate_' : `<@${userId}>`;
export const channelMention = (channelId: string): string => `<#${channelId}>`;

/** Escapes text that did not come through Slack's own escaping (modal input) for use in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The business clock messages are rendered by (the runtime's injected clock, registered when it
 * starts): a date in another year than that clock's shows its year. Views stay free of a clock
 * parameter at each of their many dates; with no clock registered (a view on its own, in a unit test)
 * no year is shown.
 *
 * One per process, not one per request: the per-request form, an AsyncLocalStorage, installs a promise
 * hook on Node 20 that every promise of the process then pays for — about a tenth of the app's CPU per
 * `/delegate` (bench/REPORT.md), for a value that is the same clock everywhere in a process.
 */
let renderClock: { now(): Date } | undefined;

/** Renders dates by `clock` from now on; the function returned puts the previous clock back. */
export function renderDatesBy(clock: { now(): Date }): () => void {
  const before = renderClock;
  renderClock = clock;
  return () => {
    if (renderClock === clock) renderClock = before;
  };
}

/** "Tue 1 Dec, 10:04" — or "Fri 8 Jan 2027, 17:00" when not in the year it is read in. */
export function localDateTime(at: Date, tz: string): string {
  const local = DateTime.fromJSDate(at, { zone: tz });
  const dt = local.isValid ? local : DateTime.fromJSDate(at, { zone: 'UTC' });
  const now = renderClock?.now();
  const otherYear = now !== undefined && DateTime.fromJSDate(now, { zone: dt.zone }).year !== dt.year;
  return dt.toFormat(otherYear ? 'ccc d LLL yyyy, HH:mm' : 'ccc d LLL, HH:mm');
}

/** "Thu 24 Dec" — a calendar day in `tz` (the year added when not the one it is read in). */
export function localDay(at: Date, tz: string): string {
  return localDateTime(at, tz).replace(/, \d{2}:\d{2}$/u, '');
}

/**
 * A date Slack renders in each reader's own time zone, with a fallback in `tz` for clients that cannot.
 * Used in messages more than one person reads (DMs, celebrations).
 */
export function slackDate(at: Date, tz: string): string {
  const unix = Math.floor(at.getTime() / 1000);
  return `<!date^${unix}^{date_short_pretty} at {time}|${localDateTime(at, tz)} ${tz}>`;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** What must never be cut in two: a Slack token (`<@U1>`, `<https://…>`) or an entity (`&amp;`). */
const UNCUTTABLE = /<[^<>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/giy;

/**
 * Cuts text to Slack's limits (counted in UTF-16 units, as Slack counts) with an ellipsis, so a long
 * lesson never makes a message invalid. It cuts between whole characters (an emoji with its skin tone
 * stays whole) and never inside a `<…>` token or an `&amp;` entity, which would show as garbage.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const budget = max - 1; // room for the ellipsis
  let end = 0;
  while (end < text.length) {
    UNCUTTABLE.lastIndex = end;
    const token = UNCUTTABLE.exec(text);
    const size = token ? token[0].length : graphemes.segment(text).containing(end)!.segment.length;
    if (end + size > budget) break;
    end += size;
  }
  return `${text.slice(0, end).trimEnd()}…`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
