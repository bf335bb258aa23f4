/**
 * Reading a time of day as people type it: `16:00`, `9:30`, `4pm`, `4 pm`, `10am`, `9.30`, `16h`,
 * `16h30`, `noon`, `midday`, and a bare hour (`9`). The callers decide what a bare hour means.
 */

export interface TimeToken {
  /** As typed. */
  text: string;
  index: number;
  length: number;
  hour: number;
  minute: number;
  meridiem: 'am' | 'pm' | null;
  /** Only an hour, no minutes, no am/pm, no `h`: "at 4". */
  bare: boolean;
}

/** `a.m.`/`p.m.` → `am`/`pm`, `noon`/`midday` → `12:00`, o'clock dropped; lengths may change. */
export function normalizeTimeWords(text: string): string {
  return text
    .replace(/(?<=\d|\s|^)([ap])\.m\.?/giu, '$1m')
    .replace(/\b(?:noon|midday)\b/giu, '12:00')
    .replace(/\s*\bo['’]?clock\b/giu, '');
}

const TIME = /(?<![\w:.])(\d{1,2})(?:(?:[:.]|h)(\d{2}))?(?:\s*(am|pm)|(h))?(?![\w:])/giu;

/** Every time-like token in `text` (already passed through `normalizeTimeWords`). */
export function findTimes(text: string): TimeToken[] {
  return [...text.matchAll(TIME)].map((m) => ({
    text: m[0],
    index: m.index,
    length: m[0].length,
    hour: Number(m[1]),
    minute: m[2] === undefined ? 0 : Number(m[2]),
    meridiem: m[3] ? (m[3].toLowerCase() as 'am' | 'pm') : null,
    bare: m[2] === undefined && m[3] === undefined && m[4] === undefined,
  }));
}

/**
 * Minutes after midnight for a token, or null when it is not a time on the clock (`25:00`, `16:60`,
 * `13pm`, `0am`). `24:00` is accepted only with `allowEndOfDay` (the end of working hours).
 */
export function tokenMinute(t: TimeToken, options: { allowEndOfDay?: boolean } = {}): number | null {
  if (t.minute > 59) return null;
  if (t.meridiem) {
    if (t.hour < 1 || t.hour > 12) return null;
    return ((t.hour % 12) + (t.meridiem === 'pm' ? 12 : 0)) * 60 + t.minute;
  }
  if (t.hour === 24 && t.minute === 0 && options.allowEndOfDay) return 1440;
  if (t.hour > 23) return null;
  return t.hour * 60 + t.minute;
}
