/**
 * `/ritual me …` — a person's own rhythm: working hours, working days, quiet dates, out of office.
 *
 *   /ritual me hours 8:30-17:00        /ritual me days mon-thu
 *   /ritual me away 2026-12-20 to 2027-01-03   (also "away until Jan 3", "away off", "back")
 *   /ritual me quiet 2026-12-24         (also "quiet Dec 24, Dec 31", "quiet off 2026-12-24")
 *   /ritual me                          (shows the current settings)
 *
 * Decisions, and why:
 * - Hours must start and end on the same day (`end > start`, `24:00` allowed as the end). Overnight
 *   windows (22:00–06:00) are refused with an explanation: the bundling period and "tomorrow morning"
 *   are defined per local date, and no one has asked for night shifts yet. At least one hour, so a
 *   bundle always has room to arrive.
 * - `hours 9-5`: an end hour written without am/pm that would end before the start is read as the
 *   afternoon (17:00) — that is how people write office hours — when the start reads as a 12-hour time
 *   (`9`, `8:30`, `1pm`); after a 24-hour start (`18-9`) it is not, and the overnight rule answers.
 *   `hours default` restores 09:00–18:00.
 * - Dates are local calendar dates in the person's zone (`YYYY-MM-DD`, or words the due-date parser
 *   reads: "Jan 3", "tomorrow", "Friday"). Both ends of `away` are inclusive — "away until Jan 3"
 *   means Jan 3 is still a day off, matching "away Dec 20 to Jan 3". The confirmation echoes the
 *   resolved dates, so a different reading is visible at once.
 * - `away until X` starts today. An away period may have begun in the past (you can set it while
 *   already away), but not have ended; it may last at most a year (anything longer is not an
 *   out-of-office, and a forgotten one would silence someone for good).
 * - Quiet dates and away periods in the past are refused: they could never change anything.
 */
import { findDates } from '../parse/due';
import { fail, ok, type Result } from '../parse/result';
import { cleanText, quote } from '../parse/text';
import { describeDaysShort, readDays } from './day-words';
import { formatMinute, isoDate, localDateOf, parseIsoDate, resolveZone, type PlainDate } from './local-time';
import { findTimes, normalizeTimeWords, tokenMinute } from './time-words';
import { DEFAULT_HOURS } from './working-hours';

export type MySettingsChange =
  | { kind: 'show' }
  | { kind: 'hours'; startMinute: number; endMinute: number; summary: string }
  | { kind: 'days'; days: number[]; summary: string }
  | { kind: 'away'; from: string; until: string; summary: string }
  | { kind: 'back'; summary: string }
  | { kind: 'quiet'; dates: string[]; summary: string }
  | { kind: 'quiet_off'; dates: string[]; summary: string };

export type MySettingsErrorCode =
  | 'unknown_setting'
  | 'missing_value'
  | 'bad_time'
  | 'overnight'
  | 'too_short'
  | 'bad_days'
  | 'bad_date'
  | 'past'
  | 'backwards'
  | 'too_long';

/** The shortest working window `/ritual me hours` accepts, in minutes. */
export const MIN_WORKING_MINUTES = 60;
/** The longest out-of-office period, in days. */
export const MAX_AWAY_DAYS = 366;

export const MY_SETTINGS_USAGE = [
  'Here is how to set your rhythm (all in your own time zone):',
  '• `/ritual me hours 8:30-17:00` — when nudges may reach you',
  '• `/ritual me days mon-thu` — the days you work',
  '• `/ritual me away 2026-12-20 to 2027-01-03` — pause nudges while you are out (`/ritual me back` ends it)',
  '• `/ritual me quiet 2026-12-24` — a day with no nudges',
].join('\n');

type Parsed = Result<MySettingsChange, MySettingsErrorCode>;

/** Read the text after `/ritual me`. `now` and `tz` (invalid → UTC) resolve dates like "Jan 3". */
export function parseMySettings(text: string, now: Date, tz: string): Parsed {
  const typed = cleanText(text).replace(/[\s.!;:]+$/u, '');
  const lower = typed.toLowerCase();
  const zone = resolveZone(tz);

  if (lower === '' || lower === 'show' || lower === 'settings' || lower === 'help')
    return ok({ kind: 'show' });
  if (/^(?:back|i'?m back|away (?:off|none|clear|cancel|stop|end|over|back))$/u.test(lower)) {
    return ok({ kind: 'back', summary: 'Welcome back — nudges are on again, in your working hours.' });
  }

  const [, word = '', rest = ''] = /^(\S+)\s*(.*)$/u.exec(typed) ?? [];
  switch (word.toLowerCase()) {
    case 'hours':
    case 'hour':
      return parseHours(rest);
    case 'days':
    case 'workdays':
      return parseDays(rest);
    case 'away':
    case 'ooo':
      return parseAway(rest, now, zone);
    case 'quiet':
      return parseQuiet(rest, now, zone);
    default:
      return fail('unknown_setting', `I don't have a setting called ${quote(word)}.\n${MY_SETTINGS_USAGE}`);
  }
}

/* ------------------------------------------------------------------------------------------------
 * hours
 * --------------------------------------------------------------------------------------------- */

const HOURS_EXAMPLE = '`/ritual me hours 8:30-17:00`';
const RANGE_WORDS = /^(?:from|to|until|till|-|–|—|and)$/u;

function parseHours(arg: string): Parsed {
  const text = normalizeTimeWords(arg.toLowerCase());
  if (!text)
    return fail('missing_value', `Which hours? For example ${HOURS_EXAMPLE} or \`/ritual me hours 9-5\`.`);
  if (/^(?:default|reset|normal)$/u.test(text)) {
    return ok(hoursChange(DEFAULT_HOURS.startMinute, DEFAULT_HOURS.endMinute));
  }

  const times = findTimes(text);
  let leftover = text;
  for (const t of [...times].reverse()) {
    leftover = `${leftover.slice(0, t.index)} ${leftover.slice(t.index + t.length)}`;
  }
  const extra = leftover
    .split(/(\s+|[-–—])/u)
    .map((w) => w.trim())
    .filter((w) => w && !RANGE_WORDS.test(w));
  if (times.length !== 2 || extra.length > 0) {
    return fail(
      'bad_time',
      `I couldn't read ${quote(arg)} as a start and an end time. Try ${HOURS_EXAMPLE}.`,
    );
  }
  const [from, to] = times;
  const start = tokenMinute(from);
  let end = tokenMinute(to, { allowEndOfDay: true });
  if (start === null || end === null) {
    const odd = start === null ? from : to;
    return fail('bad_time', `${quote(odd.text)} isn't a time on the clock — try ${HOURS_EXAMPLE}.`);
  }
  // "9-5", "8:30-5:30", "1pm-5": when the start reads as a 12-hour time, an end without am/pm that
  // would come before it is the afternoon. "18-9" is a 24-hour start, so 9 stays 09:00 (overnight).
  const twelveHourStart = from.meridiem !== null || from.hour <= 12;
  if (
    end <= start &&
    twelveHourStart &&
    to.meridiem === null &&
    to.hour >= 1 &&
    to.hour <= 12 &&
    end + 720 > start
  ) {
    end += 720;
  }
  if (end <= start) {
    return fail(
      'overnight',
      `Your hours need to start and end on the same day — overnight hours like 22:00–06:00 aren't something I can handle yet. ` +
        `Try ${HOURS_EXAMPLE}.`,
    );
  }
  if (end - start < MIN_WORKING_MINUTES) {
    return fail(
      'too_short',
      `${formatMinute(start)}–${formatMinute(end)} is under an hour, which leaves no room for a nudge to arrive. ` +
        `Give me at least an hour, like ${HOURS_EXAMPLE}.`,
    );
  }
  return ok(hoursChange(start, end));
}

function hoursChange(startMinute: number, endMinute: number): MySettingsChange {
  return {
    kind: 'hours',
    startMinute,
    endMinute,
    summary: `Got it — I'll only nudge you between ${formatMinute(startMinute)} and ${formatMinute(endMinute)}, your time.`,
  };
}

/* ------------------------------------------------------------------------------------------------
 * days
 * --------------------------------------------------------------------------------------------- */

const DAYS_EXAMPLE = '`/ritual me days mon-thu`';

function parseDays(arg: string): Parsed {
  if (!arg)
    return fail(
      'missing_value',
      `Which days do you work? For example ${DAYS_EXAMPLE} or \`/ritual me days sun-thu\`.`,
    );
  const read = readDays(arg.toLowerCase(), new Set(['and', 'on', 'every']));
  if (read.unknown.length > 0 || read.days.length === 0) {
    const odd = read.unknown[0] ?? arg;
    return fail(
      'bad_days',
      `I couldn't read ${quote(odd)} as a day of the week. Try ${DAYS_EXAMPLE} or \`mon,tue,thu\`.`,
    );
  }
  return ok({
    kind: 'days',
    days: read.days,
    summary: `Got it — your working days are ${describeDaysShort(read.days)}. No nudges on the other days.`,
  });
}

/* ------------------------------------------------------------------------------------------------
 * dates: away, quiet
 * --------------------------------------------------------------------------------------------- */

const AWAY_EXAMPLE = '`/ritual me away 2026-12-20 to 2027-01-03`';
const QUIET_EXAMPLE = '`/ritual me quiet 2026-12-24`';

/** A local calendar date from `YYYY-MM-DD` or words ("Jan 3", "tomorrow"), or null. */
function readLocalDate(text: string, now: Date, zone: string): PlainDate | null {
  const part = text.trim().replace(/^(?:on|from)\s+/iu, '');
  const iso = parseIsoDate(part);
  if (iso) return iso;
  if (/^\d{4}-\d{1,2}-\d{1,2}$/u.test(part)) return null; // looks like ISO but is no real date
  const [found] = findDates(part, now, zone);
  if (!found || found.index !== 0 || part.slice(found.length).trim() !== '') return null;
  return localDateOf(found.due, zone);
}

/** "Sun 20 Dec" (this year) or "Sun 3 Jan 2027". */
function showDate(date: PlainDate, today: PlainDate): string {
  return date.setLocale('en-US').toFormat(date.year === today.year ? 'ccc d LLL' : 'ccc d LLL yyyy');
}

const AWAY_SPLIT = /^(?:from\s+)?(.+?)(?:\s*[–—]\s*|\s+(?:to|until|till|through|thru|-)\s+)(.+)$/iu;

function parseAway(arg: string, now: Date, zone: string): Parsed {
  if (!arg)
    return fail(
      'missing_value',
      `When are you away? For example ${AWAY_EXAMPLE} or \`/ritual me away until Jan 3\`.`,
    );
  if (/^(?:off|none|clear|cancel|stop|end|over|back)$/iu.test(arg)) {
    return ok({ kind: 'back', summary: 'Welcome back — nudges are on again, in your working hours.' });
  }
  const today = localDateOf(now, zone);
  const untilOnly = /^(?:until|till|through|thru|to)\s+(.+)$/iu.exec(arg);
  const range = untilOnly ? null : AWAY_SPLIT.exec(arg);
  const fromText = untilOnly ? null : range ? range[1] : arg;
  const untilText = untilOnly ? untilOnly[1] : range ? range[2] : arg;

  let from = fromText === null ? today : readLocalDate(fromText, now, zone);
  const until = readLocalDate(untilText, now, zone);
  if (!from || !until) {
    const odd = !from && fromText !== null ? fromText : untilText;
    return fail(
      'bad_date',
      `I couldn't read ${quote(odd)} as a date. Try ${AWAY_EXAMPLE} or \`away until Jan 3\`.`,
    );
  }
  // "Dec 20 to Jan 3" typed on Dec 22: the first date is read forward into next year; it meant this one.
  if (
    from > until &&
    fromText !== null &&
    !/\b\d{4}\b/u.test(fromText) &&
    from.minus({ years: 1 }) <= until
  ) {
    from = from.minus({ years: 1 });
  }
  if (until < today) {
    return fail(
      'past',
      `That time off is already over (it ended ${showDate(until, today)}). For a coming break, try ${AWAY_EXAMPLE}.`,
    );
  }
  if (from > until) {
    return fail(
      'backwards',
      `The away period ends (${showDate(until, today)}) before it starts (${showDate(from, today)}). Try ${AWAY_EXAMPLE}.`,
    );
  }
  const days = Math.round(until.diff(from, 'days').days) + 1;
  if (days > MAX_AWAY_DAYS) {
    return fail(
      'too_long',
      `That's ${days} days away — I can pause nudges for up to a year at a time. Try a shorter span, like ${AWAY_EXAMPLE}.`,
    );
  }
  const span = from.equals(until)
    ? `on ${showDate(from, today)}`
    : `${showDate(from, today)} to ${showDate(until, today)}`;
  return ok({
    kind: 'away',
    from: isoDate(from),
    until: isoDate(until),
    summary:
      `Enjoy the time off — you're away ${span} (${from.equals(until) ? 'the whole day' : 'both days included'}). ` +
      `Nudges pause until then; \`/ritual me back\` ends it early.`,
  });
}

function parseQuiet(arg: string, now: Date, zone: string): Parsed {
  const off = /^(?:off|remove|clear|delete)\s+(.+)$/iu.exec(arg);
  const list = (off ? off[1] : arg).trim();
  if (!list) return fail('missing_value', `Which day should be quiet? For example ${QUIET_EXAMPLE}.`);
  const today = localDateOf(now, zone);
  const dates: PlainDate[] = [];
  for (const part of list.split(/\s*(?:,|;|\band\b)\s*/iu).filter(Boolean)) {
    const date = readLocalDate(part, now, zone);
    if (!date)
      return fail(
        'bad_date',
        `I couldn't read ${quote(part)} as a date. Try ${QUIET_EXAMPLE} or \`quiet Dec 24, Dec 31\`.`,
      );
    if (!off && date < today) {
      return fail(
        'past',
        `${showDate(date, today)} is already behind us, so it can't be quiet any more. Try a coming day, like ${QUIET_EXAMPLE}.`,
      );
    }
    dates.push(date);
  }
  const unique = [...new Set(dates.map(isoDate))].sort();
  const shown = unique.map((d) => showDate(parseIsoDate(d) ?? today, today)).join(', ');
  return ok(
    off
      ? {
          kind: 'quiet_off',
          dates: unique,
          summary: `Done — ${shown} ${unique.length === 1 ? 'is an ordinary working day' : 'are ordinary working days'} again.`,
        }
      : { kind: 'quiet', dates: unique, summary: `Got it — no nudges on ${shown}.` },
  );
}

/** A stored local date as the confirmations show it ("Thu 24 Dec", the year only when not this one). */
export function formatLocalDate(date: string, now: Date, tz: string): string {
  const parsed = parseIsoDate(date);
  const today = localDateOf(now, resolveZone(tz));
  return parsed ? showDate(parsed, today) : date;
}
