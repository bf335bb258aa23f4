/**
 * Due dates from natural language, in the person's own time zone.
 *
 * How a date is read:
 * - chrono-node finds the words ("Friday", "tomorrow 5pm", "Dec 12", "in 3 days", "2026-12-12").
 *   It is given the person's *local wall clock* (encoded as a UTC instant, reference offset 0), so
 *   "today", "tomorrow" and weekdays are the person's, not the server's.
 * - We then read the wall-clock components chrono found and rebuild the instant with luxon in the
 *   person's IANA zone. The UTC offset therefore comes from the *due date*, not from today: "Monday
 *   17:00" after Berlin leaves summer time on 25 Oct 2026 is 16:00 UTC, not 15:00 UTC.
 * - "in 2 hours" is elapsed time: it is `now + 2h`, whatever the clocks do in between.
 * - Times that do not exist (02:30 on the night clocks spring forward) move forward by the gap,
 *   as luxon does (→ 03:30). Times that happen twice (01:30 the night clocks fall back) use the
 *   first of the two, the earlier instant, so a reminder is never late.
 *
 * Decisions, each because of what a person means when they type it:
 * - No time → 17:00 local, the end of a working day. "By Friday" means before Friday evening, and a
 *   deadline at midnight or at noon would either be invisible or surprisingly early.
 * - "EOD", "end of day", "COB", "close of business" → 17:00; "end of week"/"EOW" → Friday 17:00.
 * - "morning" without an hour → 09:00 (chrono says 06:00; nobody delegates work due at 6am).
 * - "midnight" → 23:59 of that day ("by Friday midnight" means the end of Friday, not its start).
 * - A bare hour from 1 to 6 without am/pm ("by Friday at 5") is afternoon → 17:00. Write `05:00`
 *   or `5am` for early mornings.
 * - A weekday alone ("Friday") is the next one whose 17:00 is still ahead, so "by Friday" typed on
 *   Friday at 2pm is today, and at 6pm it is next week's Friday.
 * - A day and month that already passed this year ("Dec 1" on 4 Dec) is refused as `past`, with the
 *   reading shown and the way to say next year's — unless next year's is the nearer one ("Jan 5" in
 *   December is next January). Phrases that point back on purpose ("last Friday", "yesterday",
 *   "2 days ago") fail as `past` too.
 * - Slash dates ("3/4") are month/day in US time zones and day/month everywhere else — the
 *   confirmation message always echoes the resolved date, and ISO `2026-12-12` is never ambiguous.
 * - An invalid or empty time zone falls back to UTC rather than failing: the person still gets a
 *   date, and the echoed "(UTC)" makes the assumption visible.
 */
import * as chrono from 'chrono-node';
import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import { fail, ok, type Result } from './result';
import { cleanText, quote } from './text';

/** Hour (local) used when no time is given: the end of a working day. */
export const END_OF_WORKING_DAY_HOUR = 17;
/** Hour used for "morning" without an explicit time. */
export const MORNING_HOUR = 9;
/** Dates further out than this are refused (`too_far`). */
export const MAX_DUE_YEARS = 2;
/** The examples every date message offers. */
export const DUE_EXAMPLES = '`by Friday 5pm` or `in 3 days`';

export type DueErrorCode = 'unparseable' | 'past' | 'too_far';

export interface ParsedDue {
  /** The due instant. */
  due: Date;
  /** The words that were read as the date, as typed (e.g. "tomorrow 5pm"). */
  matched: string;
  /** Whether the person gave a time of day; when false the time is 17:00 local. */
  hadTime: boolean;
  /** A day and month without a year that already passed this year (refused, with next year's offered). */
  passedThisYear?: boolean;
}

/** A date phrase found inside a longer text, with where it sits. */
export interface DueMatch extends ParsedDue {
  /** Index of the phrase in the searched text. */
  index: number;
  /** Length of the phrase in the searched text. */
  length: number;
  /**
   * Whether the phrase names a day or a time ("Friday", "tomorrow", "Dec 12", "5pm", "in 3 days").
   * A month or year alone ("March") is weak: it only counts when nothing else follows it.
   */
  strong: boolean;
}

const zoneCache = new Map<string, string>();

/**
 * The IANA zone to use: `tz` when luxon knows it, otherwise UTC.
 * Memoised: checking a zone builds an `Intl.DateTimeFormat`, ~6 % of a /delegate's CPU and by far the
 * costliest step of a reminder plan. Bounded, since zones come from Slack profiles.
 */
export function resolveZone(tz: string): string {
  let zone = zoneCache.get(tz);
  if (zone === undefined) {
    zone = tz && IANAZone.isValidZone(tz) ? tz : 'UTC';
    if (zoneCache.size < 10_000) zoneCache.set(tz, zone);
  }
  return zone;
}

/* ------------------------------------------------------------------------------------------------
 * chrono set-up
 * --------------------------------------------------------------------------------------------- */

const endOfDayParser: chrono.Parser = {
  pattern: () =>
    /\b(?:eod|cob|eob|end of (?:the )?(?:work(?:ing)? |business )?day|close of (?:the )?business(?: day)?)\b/i,
  extract: () => ({ hour: END_OF_WORKING_DAY_HOUR, minute: 0, second: 0, millisecond: 0, meridiem: 1 }),
};

const endOfWeekParser: chrono.Parser = {
  pattern: () => /\b(?:eow|end of (?:the |this )?(?:work(?:ing)? )?week)\b/i,
  extract: (context) => {
    // The reference is the person's wall clock (see `referenceFor`), read through UTC getters.
    const today = context.reference.instant;
    const daysToFriday = (5 - today.getUTCDay() + 7) % 7;
    const friday = new Date(today.getTime() + daysToFriday * 86_400_000);
    return {
      year: friday.getUTCFullYear(),
      month: friday.getUTCMonth() + 1,
      day: friday.getUTCDate(),
      weekday: 5,
      hour: END_OF_WORKING_DAY_HOUR,
      minute: 0,
      meridiem: 1,
    };
  },
};

function withTrustloopWords(base: chrono.Chrono): chrono.Chrono {
  const c = base.clone();
  c.parsers.push(endOfDayParser, endOfWeekParser);
  return c;
}

const monthFirst = withTrustloopWords(chrono.casual);
const dayFirst = withTrustloopWords(chrono.en.GB);

/** Zones where people write 3/4 for March 4th. */
const MONTH_FIRST_ZONES =
  /^(?:America\/(?:New_York|Detroit|Kentucky\/.+|Indiana\/.+|Chicago|Menominee|North_Dakota\/.+|Denver|Boise|Phoenix|Los_Angeles|Anchorage|Juneau|Sitka|Metlakatla|Yakutat|Nome|Adak|Puerto_Rico)|US\/.+|Pacific\/(?:Honolulu|Guam|Saipan|Pago_Pago)|Asia\/Manila|EST5EDT|CST6CDT|MST7MDT|PST8PDT)$/;

const POINTS_BACK = /\b(?:last|past|previous|ago|yesterday)\b/i;
const POINTS_AHEAD_EXPLICITLY = /\b(?:next|last|past|previous)\b/i;
const CASUAL_TIMES = /^casualReference\/(?:morning|afternoon|evening|night|tonight|noon|midnight)$/;

/* ------------------------------------------------------------------------------------------------
 * Reading dates
 * --------------------------------------------------------------------------------------------- */

interface Clock {
  hour: number;
  minute: number;
}

type Components = chrono.ParsedComponents;

function hasTag(tags: Set<string>, pattern: RegExp): boolean {
  for (const t of tags) if (pattern.test(t)) return true;
  return false;
}

/** The time of day the person gave, adjusted to what they mean; null when they gave none. */
function clockOf(start: Components, tags: Set<string>, text: string): Clock | null {
  if (tags.has('casualReference/midnight')) return { hour: 23, minute: 59 };
  if (tags.has('casualReference/morning') && !start.isCertain('hour'))
    return { hour: MORNING_HOUR, minute: 0 };
  if (!start.isCertain('hour') && !hasTag(tags, CASUAL_TIMES)) return null;
  let hour = start.get('hour') ?? END_OF_WORKING_DAY_HOUR;
  const minute = start.get('minute') ?? 0;
  if (!start.isCertain('meridiem') && hour >= 1 && hour <= 6 && !/(?:^|\D)0\d[:.h]/.test(text)) hour += 12;
  return { hour, minute };
}

function names(start: Components, component: chrono.Component): boolean {
  return start.isCertain(component);
}

/** Every date phrase in `text`, resolved in `tz` (invalid zones → UTC). Pure: `now` is given. */
export function findDates(text: string, now: Date, tz: string): DueMatch[] {
  const zone = resolveZone(tz);
  const nowLocal = DateTime.fromJSDate(now, { zone });
  // The person's wall clock, encoded as a UTC instant; chrono then works in "offset 0".
  const wall = Date.UTC(
    nowLocal.year,
    nowLocal.month - 1,
    nowLocal.day,
    nowLocal.hour,
    nowLocal.minute,
    nowLocal.second,
    nowLocal.millisecond,
  );
  const reference = { instant: new Date(wall), timezone: 0 };
  const readsDayFirst = !MONTH_FIRST_ZONES.test(zone);

  const matches: DueMatch[] = [];
  for (const found of monthFirst.parse(text, reference, { forwardDate: true })) {
    let start = found.start;
    // Only slash dates differ between the two readings (the GB configuration would also read
    // "Dec 12" as December 2012), so only they are read again day-first.
    if (readsDayFirst && start.tags().has('parser/SlashDateFormatParser')) {
      const again = dayFirst.parse(found.text, reference, { forwardDate: true })[0];
      if (again && again.text === found.text) start = again.start;
    }
    if (POINTS_BACK.test(found.text)) {
      const back = monthFirst.parse(found.text, reference, { forwardDate: false })[0];
      if (back && back.text === found.text) start = back.start;
    }
    const due = resolve(start, found.text, now, wall, nowLocal, zone);
    if (!due) continue;
    const tags = start.tags();
    const strong =
      names(start, 'day') ||
      names(start, 'weekday') ||
      names(start, 'hour') ||
      hasTag(tags, /^(?:result\/relative|casualReference\/)/);
    matches.push({
      due: due.instant,
      hadTime: due.hadTime,
      passedThisYear: due.passedThisYear,
      matched: found.text.replace(/[\s,.;:!?]+$/u, ''),
      index: found.index,
      length: found.text.length,
      strong,
    });
  }
  return matches;
}

function resolve(
  start: Components,
  text: string,
  now: Date,
  wall: number,
  nowLocal: DateTime,
  zone: string,
): { instant: Date; hadTime: boolean; passedThisYear?: boolean } | null {
  const tags = start.tags();

  // "in 2 hours": elapsed time from now, across any clock change.
  if (tags.has('result/relativeDateAndTime')) {
    return { instant: new Date(now.getTime() + (start.date().getTime() - wall)), hadTime: true };
  }

  const clock = clockOf(start, tags, text);
  const hadTime = clock !== null;
  const time = clock ?? { hour: END_OF_WORKING_DAY_HOUR, minute: 0 };
  const at = (day: DateTime): DateTime =>
    day.set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });

  const namesDate = (['day', 'weekday', 'month', 'year'] as const).some((c) => start.isCertain(c));

  // "5pm PST", "17:00 UTC": the person named a zone; honour it.
  if (start.isCertain('timezoneOffset')) {
    const offsetZone: Zone = FixedOffsetZone.instance(start.get('timezoneOffset') ?? 0);
    const base = namesDate ? dateOf(start, zone) : nowLocal.startOf('day');
    const local = DateTime.fromObject(
      { year: base.year, month: base.month, day: base.day, hour: time.hour, minute: time.minute },
      { zone: offsetZone },
    );
    return local.isValid ? { instant: local.toJSDate(), hadTime } : null;
  }

  // "5pm", "noon", "EOD": today if still ahead, otherwise tomorrow.
  if (
    !namesDate &&
    !hasTag(tags, /^(?:result\/relative|casualReference\/(?:today|tomorrow|yesterday|tonight|now))/)
  ) {
    const today = at(nowLocal.startOf('day'));
    const next = today > nowLocal ? today : at(nowLocal.startOf('day').plus({ days: 1 }));
    return { instant: next.toJSDate(), hadTime };
  }

  // "Friday": the next Friday whose due time is still ahead (today included).
  if (
    start.isCertain('weekday') &&
    !start.isCertain('day') &&
    !start.isCertain('month') &&
    !POINTS_AHEAD_EXPLICITLY.test(text)
  ) {
    const weekday = start.get('weekday') ?? 0; // chrono: 0 = Sunday
    for (let k = 0; k <= 7; k++) {
      const day = nowLocal.startOf('day').plus({ days: k });
      if (day.weekday % 7 === weekday) {
        const candidate = at(day);
        if (candidate > nowLocal) return { instant: candidate.toJSDate(), hadTime };
      }
    }
  }

  const local = at(dateOf(start, zone));
  if (!local.isValid) return null;
  // "Dec 1" typed on 4 Dec: chrono reads next year's, but a day that passed days ago is far more often
  // a slip than a plan for next year. It is refused with the reading shown (checkDue), unless next
  // year's is the nearer one ("Jan 5" typed in December really is next January).
  if (
    start.isCertain('day') &&
    start.isCertain('month') &&
    !start.isCertain('year') &&
    local.year > nowLocal.year
  ) {
    const thisYear = local.set({ year: nowLocal.year });
    if (thisYear < nowLocal && nowLocal.diff(thisYear).toMillis() < local.diff(nowLocal).toMillis())
      return { instant: thisYear.toJSDate(), hadTime, passedThisYear: true };
  }
  return { instant: local.toJSDate(), hadTime };
}

function dateOf(start: Components, zone: string): DateTime {
  return DateTime.fromObject(
    {
      year: start.get('year') ?? undefined,
      month: start.get('month') ?? undefined,
      day: start.get('day') ?? undefined,
    },
    { zone },
  );
}

/* ------------------------------------------------------------------------------------------------
 * Public API
 * --------------------------------------------------------------------------------------------- */

/** Past / too-far checks for a date that was read; messages quote the person's own words. */
export function checkDue(found: ParsedDue, now: Date, tz: string): Result<ParsedDue, DueErrorCode> {
  const zone = resolveZone(tz);
  if (found.due.getTime() <= now.getTime()) {
    const nextYear = DateTime.fromJSDate(found.due, { zone }).year + 1;
    const meantNextYear = found.passedThisYear
      ? ` If you meant next year, say ${quote(`${found.matched} ${nextYear}`)}.`
      : '';
    return fail(
      'past',
      `That date is already behind us — ${quote(found.matched)} was ${formatDue(found.due, zone, now)}.${meantNextYear} ` +
        `${meantNextYear ? 'Or try' : 'Try'} a day ahead, like ${DUE_EXAMPLES}.`,
    );
  }
  const limit = DateTime.fromJSDate(now, { zone }).plus({ years: MAX_DUE_YEARS });
  if (found.due.getTime() > limit.toMillis()) {
    return fail(
      'too_far',
      `${quote(found.matched)} is more than ${MAX_DUE_YEARS} years away (${formatDue(found.due, zone, now)}). ` +
        `Trust grows in smaller steps — could you pick a nearer date, for a first milestone?`,
    );
  }
  return ok({ due: found.due, matched: found.matched, hadTime: found.hadTime });
}

/**
 * Read `text` as one due date in the person's zone `tz`, relative to `now`.
 * The whole text must be the date (a leading `by`/`due` is fine); "Fridya 5pm" is refused rather
 * than silently read as today 5pm.
 */
export function parseDue(text: string, now: Date, tz: string): Result<ParsedDue, DueErrorCode> {
  const clean = cleanText(text)
    .replace(/^(?:by|due)\b\s*[:=]?\s*/i, '')
    .replace(/[\s.,!;:]+$/u, '');
  if (!clean) {
    return fail('unparseable', `When should it be done? Try ${DUE_EXAMPLES}.`);
  }
  const [first] = findDates(clean, now, tz);
  if (!first || first.index !== 0 || clean.slice(first.length).trim() !== '') {
    return fail('unparseable', `I couldn't find a date in ${quote(clean)} — try ${DUE_EXAMPLES}.`);
  }
  return checkDue(first, now, tz);
}

/** End of the working day `days` days from now, in the person's zone — the default due date. */
export function endOfWorkingDayIn(days: number, now: Date, tz: string): Date {
  return DateTime.fromJSDate(now, { zone: resolveZone(tz) })
    .startOf('day')
    .plus({ days })
    .set({ hour: END_OF_WORKING_DAY_HOUR })
    .toJSDate();
}

/**
 * How a confirmation echoes a due date: "Fri 4 Dec, 17:00 (Europe/Berlin)". The year is shown
 * only when it is not the current one. 24-hour clock, so nobody wonders about am/pm.
 */
export function formatDue(due: Date, tz: string, now: Date): string {
  const zone = resolveZone(tz);
  const local = DateTime.fromJSDate(due, { zone }).setLocale('en-US');
  const sameYear = local.year === DateTime.fromJSDate(now, { zone }).year;
  return `${local.toFormat(sameYear ? 'ccc d LLL' : 'ccc d LLL yyyy')}, ${local.toFormat('HH:mm')} (${zone})`;
}

/**
 * A short relative phrase for reminders and lists: "today", "tomorrow", "on Friday",
 * "in 12 days", "yesterday", "3 days ago" — by calendar days in the person's zone.
 */
export function formatDueRelative(due: Date, tz: string, now: Date): string {
  const zone = resolveZone(tz);
  const dueDay = DateTime.fromJSDate(due, { zone }).startOf('day');
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const days = Math.round(dueDay.diff(today, 'days').days);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  if (days > 1 && days < 7) return `on ${dueDay.setLocale('en-US').toFormat('cccc')}`;
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** A day picked in a form (YYYY-MM-DD) means the end of the working day on it, in `tz`; null if not a date. */
export function dueAtEndOfDay(isoDate: string, tz: string): Date | null {
  const d = DateTime.fromISO(isoDate, { zone: resolveZone(tz) });
  return d.isValid
    ? d.set({ hour: END_OF_WORKING_DAY_HOUR, minute: 0, second: 0, millisecond: 0 }).toJSDate()
    : null;
}
