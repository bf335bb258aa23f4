/**
 * Channel ritual schedules: `/ritual retro every Friday 16:00`, `/ritual digest every Monday 9:00`.
 *
 * A schedule is weekday(s) + one local time, weekly or every other week, in the zone of the person
 * who configured it (stored with the ritual). Occurrences are computed on that wall clock, so
 * "Friday 16:00" stays 16:00 in Berlin all year. On the night the clocks change:
 * - a time that does not exist (02:30 on spring-forward) fires at the next instant that does (03:00);
 * - a time that happens twice (02:30 on fall-back) fires once, at the first of the two.
 *
 * What the parser accepts, and decisions:
 * - Days: names and short names (`Friday`, `fri`, `fridays`), lists (`mon,wed`, `Monday and
 *   Wednesday`), ranges (`mon-thu`), `weekdays`, `weekends`, `daily`, `every day`.
 * - Times: `16:00`, `9:30`, `4pm`, `10am`, `16h`, `noon`. A bare hour (`every Friday at 4`) from 1 to 6
 *   is afternoon, as for due dates: nobody holds a retro at 4am. `midnight` is refused — it is unclear
 *   which day it belongs to — with a suggestion of `00:00` or `23:59`.
 * - A time is required: a retro and a digest want different defaults, and a channel post at a time
 *   nobody chose would surprise everyone in the channel.
 * - Every other week: `every other Wednesday`, `every second Wednesday`, `every 2 weeks on Wednesday`,
 *   `biweekly`/`fortnightly Wednesday`. It needs named days (`every other day` is not weekly and
 *   `every other weekday` is ambiguous). The first occurrence is the next upcoming one: the anchor is
 *   the Monday of the week that contains it, and weeks an even number of weeks away from it fire.
 * - Monthly and "every 3 weeks" are politely declined: weekly and every other week cover retros and
 *   digests, and the catch-up and idempotency rules stay simple.
 *
 * Catch-up (`dueOccurrence`): each tick asks for the single most recent occurrence at or before now.
 * It is posted when it has not been posted (its key is later than the last fired key) and it is at
 * most `CATCH_UP_WINDOW_MS` old. After an outage every missed occurrence but the latest is skipped,
 * and the latest only posts if it is still recent — so a long outage posts at most once, never once
 * per missed tick, and never a Friday retro on Monday morning.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { fail, ok, type Result } from '../parse/result';
import { cleanText, quote } from '../parse/text';
import { describeDays, readDays } from './day-words';
import {
  formatMinute,
  isoDate,
  localDateOf,
  parseIsoDate,
  resolveZone,
  wallTime,
  type PlainDate,
} from './local-time';
import { findTimes, normalizeTimeWords, tokenMinute } from './time-words';
import type { RitualSchedule } from '../../domain/ritual';

export type { RitualSchedule };

/** The shape stored with a ritual; use it to read the database column back. */
export const ritualScheduleSchema = z.object({
  days: z.array(z.number().int().min(1).max(7)).min(1),
  minute: z.number().int().min(0).max(1439),
  everyOtherWeek: z.boolean(),
  anchor: z
    .string()
    .refine((s) => parseIsoDate(s) !== null, 'anchor must be a YYYY-MM-DD date')
    .optional(),
});

/** A ritual missed by more than this is not posted late; the next occurrence posts on time. */
export const CATCH_UP_WINDOW_MS = 6 * 60 * 60 * 1000;
/** Posted more than this after its time, an occurrence is `late` (the post can say so). */
export const LATE_AFTER_MS = 15 * 60 * 1000;

export type ScheduleErrorCode =
  | 'empty'
  | 'unknown_word'
  | 'no_day'
  | 'no_time'
  | 'bad_time'
  | 'two_times'
  | 'midnight'
  | 'unsupported_interval'
  | 'every_other_needs_days';

const EXAMPLE = '`/ritual retro every Friday 16:00`';
const MORE_EXAMPLES = '`every other Wednesday 10:00` or `weekdays 9:30`';

const FILLER = new Set([
  'every',
  'each',
  'on',
  'at',
  '@',
  'the',
  'week',
  'weekly',
  'of',
  'and',
  'in',
  'a',
  'from',
]);

const EVERY_OTHER = [
  /\b(?:every|each)\s+(?:other|second|2nd|alternate)\s+weeks?\b/giu,
  /\b(?:every|each)\s+(?:2|two)\s+weeks\b/giu,
  /\b(?:every|each)\s+fortnight\b/giu,
  /\b(?:bi-?weekly|fortnightly)\b/giu,
  /\b(?:every|each)\s+(?:other|second|2nd|alternate)\b/giu,
  /\balternate\b/giu,
];
/** "every 3 weeks", "every 10 days" — but not "every 2 weeks" (every other week, handled above). */
const OTHER_INTERVAL =
  /\b(?:every|each)\s+(?!(?:1|2|one|two)\s)(?:\d+|three|four|five|six|third|3rd|fourth|4th)\s+(?:weeks?|days?)\b/iu;
const MONTHLY = /\b(?:month|months|monthly|quarterly|yearly|annually)\b/iu;

/**
 * Read a ritual schedule typed after the ritual's name. `now` and `tz` (the configuring person's
 * zone; invalid → UTC) are only used to anchor every-other-week schedules.
 */
export function parseRitualSchedule(
  text: string,
  now: Date,
  tz: string,
): Result<RitualSchedule, ScheduleErrorCode> {
  const typed = cleanText(text).replace(/[\s.!;:]+$/u, '');
  if (!typed) {
    return fail('empty', `When should it run? Give a day and a time, like ${EXAMPLE} or ${MORE_EXAMPLES}.`);
  }
  if (MONTHLY.test(typed) || OTHER_INTERVAL.test(typed)) {
    return fail(
      'unsupported_interval',
      `I can run rituals every week or every other week, but not ${quote(typed)} yet. ` +
        `Try ${EXAMPLE} or \`every other Friday 16:00\`.`,
    );
  }

  let rest = normalizeTimeWords(typed.toLowerCase());
  let everyOtherWeek = false;
  for (const pattern of EVERY_OTHER) {
    rest = rest.replace(pattern, () => {
      everyOtherWeek = true;
      return ' ';
    });
  }

  if (/\bmidnight\b/u.test(rest)) {
    return fail(
      'midnight',
      `Midnight sits between two days, so I'd rather not guess which one you mean. ` +
        `Try \`00:00\` or \`23:59\`, like \`/ritual digest every Monday 00:00\`.`,
    );
  }

  const times = findTimes(rest);
  if (times.length > 1) {
    return fail(
      'two_times',
      `A ritual runs once a day at one time, and I found ${times.length} (${times.map((t) => quote(t.text)).join(', ')}). ` +
        `Pick one, like ${EXAMPLE}.`,
    );
  }
  const time = times[0];
  let minute: number | null = null;
  if (time) {
    minute = tokenMinute(time);
    if (minute === null) {
      return fail(
        'bad_time',
        `${quote(time.text)} isn't a time on the clock — try \`16:00\` or \`4pm\`, like ${EXAMPLE}.`,
      );
    }
    // "every Friday at 4": 1–6 without am/pm is the afternoon (the same rule as due dates).
    if (time.bare && time.hour >= 1 && time.hour <= 6) minute += 12 * 60;
    rest = `${rest.slice(0, time.index)} ${rest.slice(time.index + time.length)}`;
  }

  const read = readDays(rest, FILLER);
  if (read.unknown.length > 0) {
    const [word] = read.unknown;
    return fail(
      'unknown_word',
      `I couldn't read ${quote(word)} as a day or a time. Try something like ${EXAMPLE} or ${MORE_EXAMPLES}.`,
    );
  }
  if (read.days.length === 0) {
    return fail('no_day', `Which day should it run? For example ${EXAMPLE} or \`daily 9:00\`.`);
  }
  if (minute === null) {
    return fail('no_time', `At what time? Add one in your time zone, like ${EXAMPLE} or \`weekdays 9:30\`.`);
  }
  if (everyOtherWeek && (read.grouped || read.days.length === 7)) {
    return fail(
      'every_other_needs_days',
      `Every other week works with named days, like \`every other Wednesday 10:00\` or \`every other mon,thu 9:00\`.`,
    );
  }

  const weekly: RitualSchedule = { days: read.days, minute, everyOtherWeek: false };
  if (!everyOtherWeek) return ok(weekly);
  // The first occurrence is the next one that comes up; its week is the anchor.
  const zone = resolveZone(tz);
  const first = nextOccurrence(weekly, now, zone);
  const anchor = isoDate(localDateOf(first, zone).startOf('week'));
  return ok({ ...weekly, everyOtherWeek: true, anchor });
}

/** "every Friday at 16:00 (Europe/Berlin)", "every other Monday and Thursday at 09:30 (UTC)". */
export function describeSchedule(s: RitualSchedule, tz: string): string {
  return `every ${s.everyOtherWeek ? 'other ' : ''}${describeDays(s.days)} at ${formatMinute(s.minute)} (${resolveZone(tz)})`;
}

/* ------------------------------------------------------------------------------------------------
 * Occurrences
 * --------------------------------------------------------------------------------------------- */

/** Where every-other-week schedules without an anchor count from (a Monday): deterministic, not weekly. */
const FALLBACK_ANCHOR = DateTime.utc(1970, 1, 5);
const WEEK_MS = 7 * 86_400_000;
/** Long enough to find an occurrence of any valid schedule (every other week) from any date. */
const SEARCH_DAYS = 16;

function assertValid(s: RitualSchedule): void {
  if (!ritualScheduleSchema.safeParse(s).success) {
    throw new RangeError(`ritual schedule is not valid: ${JSON.stringify(s)}`);
  }
}

function firesOn(s: RitualSchedule, date: PlainDate): boolean {
  if (!s.days.includes(date.weekday)) return false;
  if (!s.everyOtherWeek) return true;
  const anchor = (s.anchor ? parseIsoDate(s.anchor) : null) ?? FALLBACK_ANCHOR;
  const weeks = Math.round((date.startOf('week').toMillis() - anchor.startOf('week').toMillis()) / WEEK_MS);
  return weeks % 2 === 0;
}

function occurrenceOn(s: RitualSchedule, date: PlainDate, zone: string): Date {
  return wallTime(date, s.minute, zone);
}

/** The latest scheduled instant at or before `at` (for catch-up); null for an invalid schedule. */
export function occurrenceAtOrBefore(s: RitualSchedule, at: Date, tz: string): Date | null {
  if (!ritualScheduleSchema.safeParse(s).success) return null;
  const zone = resolveZone(tz);
  const today = localDateOf(at, zone);
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const date = today.minus({ days: i });
    if (!firesOn(s, date)) continue;
    const occurrence = occurrenceOn(s, date, zone);
    if (occurrence <= at) return occurrence;
  }
  return null;
}

/** The first scheduled instant strictly after `after`. Throws `RangeError` for an invalid schedule. */
export function nextOccurrence(s: RitualSchedule, after: Date, tz: string): Date {
  assertValid(s);
  const zone = resolveZone(tz);
  // From yesterday: an occurrence pushed past midnight by a clock change still belongs to its day.
  const start = localDateOf(after, zone).minus({ days: 1 });
  for (let i = 0; i <= SEARCH_DAYS + 1; i++) {
    const date = start.plus({ days: i });
    if (!firesOn(s, date)) continue;
    const occurrence = occurrenceOn(s, date, zone);
    if (occurrence > after) return occurrence;
  }
  throw new RangeError('ritual schedule: no occurrence found (unreachable for a valid schedule)');
}

/**
 * A channel gets at most one post of a ritual per local day: a retro moved to later the same day after
 * it already posted waits for its next day instead of posting twice. Keys start with the local date.
 */
function postedThatDay(key: string, lastFiredKey: string | null): boolean {
  return lastFiredKey !== null && key.slice(0, 10) === lastFiredKey.slice(0, 10);
}

/** The next occurrence that will really post, given what already posted (for the echo people read). */
export function nextPostedOccurrence(
  s: RitualSchedule,
  after: Date,
  tz: string,
  lastFiredKey: string | null,
): Date {
  let next = nextOccurrence(s, after, tz);
  while (postedThatDay(occurrenceKey(s, next, tz), lastFiredKey)) next = nextOccurrence(s, next, tz);
  return next;
}

/**
 * The idempotency period of an occurrence: its scheduled local date and time, `'2026-12-04T16:00'`.
 * The *scheduled* wall time, not the instant, so it is the same on every replica and every day of the
 * year, and the 02:30 ritual on spring-forward night (posted at 03:00) is still `…T02:30`.
 * Keys of one schedule sort in time order, which `dueOccurrence` relies on.
 */
export function occurrenceKey(s: RitualSchedule, occurrence: Date, tz: string): string {
  const zone = resolveZone(tz);
  const today = localDateOf(occurrence, zone);
  for (const date of [today, today.minus({ days: 1 })]) {
    if (firesOn(s, date) && occurrenceOn(s, date, zone).getTime() === occurrence.getTime()) {
      return `${isoDate(date)}T${formatMinute(s.minute)}`;
    }
  }
  // Not one of the schedule's instants: name it by its own wall clock.
  return DateTime.fromJSDate(occurrence, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/**
 * The single occurrence to post now, or null: the latest one at or before `now` that has not been
 * posted (its key sorts after `lastFiredKey`), that is at most `CATCH_UP_WINDOW_MS` old, and — when
 * `notBefore` is given — not earlier than it. Pass the ritual's creation (or resume) time as
 * `notBefore`, so configuring a Friday 16:00 retro at 16:30 does not post one immediately.
 * `late` is true when the post is more than `LATE_AFTER_MS` after its time.
 */
export function dueOccurrence(
  s: RitualSchedule,
  lastFiredKey: string | null,
  now: Date,
  tz: string,
  notBefore?: Date,
): { key: string; at: Date; late: boolean } | null {
  const at = occurrenceAtOrBefore(s, now, tz);
  if (!at) return null;
  if (notBefore && at < notBefore) return null;
  const key = occurrenceKey(s, at, tz);
  // Compared, not just checked for equality: a clock that steps back never re-posts an older one.
  if (lastFiredKey !== null && key <= lastFiredKey) return null;
  if (postedThatDay(key, lastFiredKey)) return null;
  const lateBy = now.getTime() - at.getTime();
  if (lateBy > CATCH_UP_WINDOW_MS) return null;
  return { key, at, late: lateBy > LATE_AFTER_MS };
}

/**
 * The first instant after `now` at which `dueOccurrence` can next return an occurrence, for a ritual
 * whose last posted (or skipped) key is `lastFiredKey` — what the tick stores as the ritual's
 * `next_at`, so it reads the ritual again only then. Null for a schedule that cannot be read (it never
 * posts). Why nothing can be due before it: `dueOccurrence` only ever offers the latest occurrence at
 * or before its `now`; every occurrence up to this `now` has been decided (posted, skipped, too late,
 * before the ritual was active, or its day already posted), and those decisions never change as time
 * moves on; the next one that can post is the next occurrence not on an already-posted local day.
 * It may come and still not post (a clock stepped back, a day off): then the tick reads the ritual
 * once more and moves it on again.
 */
export function nextLookAt(
  s: RitualSchedule,
  now: Date,
  tz: string,
  lastFiredKey: string | null,
): Date | null {
  if (!ritualScheduleSchema.safeParse(s).success) return null;
  return nextPostedOccurrence(s, now, tz, lastFiredKey);
}
