/**
 * When Trustloop may message a person: their working hours, in their own time zone.
 *
 * A *working window* is one local day's span `[start, end)` on a working day. Everything here is
 * computed on the person's wall clock and only then turned into instants (see `local-time.ts`), so
 * "09:00" stays 09:00 across daylight-saving changes and no window is ever moved or doubled.
 *
 * Rules, and why:
 * - The window is half-open: at 18:00 sharp the day is over. A nudge at the closing minute would land
 *   as the person leaves.
 * - A day is a working day when its ISO weekday is in `days`, it is not a quiet date and it is not
 *   inside the out-of-office period (`away`, both ends inclusive, local dates). All three are the
 *   person's own words, so they are compared as local calendar dates, never as instants.
 * - Windows never cross midnight: `startMinute < endMinute <= 1440`. Overnight hours (22:00–06:00)
 *   are refused by `/ritual me hours` — with them, "today's window" and the bundling period would
 *   span two dates, and nobody has asked for them yet. Stored values that break this (older rows,
 *   hand edits) are read as the defaults instead of failing a whole tick.
 * - An unknown time zone is read as UTC (as the due-date parser does); an empty `days` list is read
 *   as Mon–Fri, because "never" is what `away` is for and a person must always be reachable again.
 * - Malformed quiet dates or a backwards `away` period are ignored rather than trusted.
 */
import {
  isoDayMs,
  isoOfDay,
  localDayMs,
  ONE_DAY_MS,
  resolveZone,
  wallMsOfDay,
  wallTimeOnDay,
  wallTimeOnDayMs,
  weekdayOfDay,
} from './local-time';
import type { Rhythm } from '../../domain/member';

export interface WorkingHours {
  /** IANA zone, from Slack's `users.info` `tz`. */
  tz: string;
  /** Minutes after local midnight when the window opens (540 = 09:00). */
  startMinute: number;
  /** Minutes after local midnight when it closes, exclusive (1080 = 18:00; at most 1440). */
  endMinute: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Local dates `YYYY-MM-DD` with no nudges (a public holiday, a day off). */
  quietDates?: string[];
  /** Out of office: local dates, both inclusive. */
  away?: { from: string; until: string } | null;
}

/** The working hours a person's rhythm describes (what the nudge rules read). */
export function hoursOf(r: Omit<Rhythm, 'snoozedUntil'>): WorkingHours {
  return {
    tz: r.tz,
    startMinute: r.workStart,
    endMinute: r.workEnd,
    days: r.workDays,
    quietDates: r.quietDates,
    away: r.awayFrom && r.awayUntil ? { from: r.awayFrom, until: r.awayUntil } : null,
  };
}

/** Mon–Fri 09:00–18:00: what everyone gets until they say otherwise. */
export const DEFAULT_HOURS: Omit<WorkingHours, 'tz'> = {
  startMinute: 540,
  endMinute: 1080,
  days: [1, 2, 3, 4, 5],
};

/**
 * Working hours after the lenient reading described above. Dates are `localDayMs` numbers (a local
 * date as its 00:00 UTC in ms, see local-time.ts): plain integer arithmetic, no object per step — the
 * tick asks these questions several times for every due item.
 */
interface Normalized {
  zone: string;
  startMs: number;
  endMs: number;
  /** `days[w]` for ISO weekday `w`. */
  days: readonly boolean[];
  quiet: ReadonlySet<number>;
  away: { from: number; until: number } | null;
}

function isMinute(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 1440;
}

/**
 * Memo of `normalize` per hours object. Hours are values: every caller builds them (`hoursOf`,
 * `withDaysOff`) and none changes one afterwards, so the reading of an object never changes; the memo
 * only spares the tick re-reading the same person's hours for each point of each item.
 */
const normalized = new WeakMap<WorkingHours, Normalized>();

function normalize(h: WorkingHours): Normalized {
  const hit = normalized.get(h);
  if (hit) return hit;
  const validSpan = isMinute(h.startMinute) && isMinute(h.endMinute) && h.startMinute < h.endMinute;
  const days = [false, false, false, false, false, false, false, false];
  let anyDay = false;
  for (const d of h.days) {
    if (Number.isInteger(d) && d >= 1 && d <= 7) days[d] = anyDay = true;
  }
  if (!anyDay) for (const d of DEFAULT_HOURS.days) days[d] = true;
  const quiet = new Set<number>();
  for (const text of h.quietDates ?? []) {
    const day = isoDayMs(text);
    if (day !== null) quiet.add(day);
  }
  const from = h.away ? isoDayMs(h.away.from) : null;
  const until = h.away ? isoDayMs(h.away.until) : null;
  const n: Normalized = {
    zone: resolveZone(h.tz),
    startMs: (validSpan ? h.startMinute : DEFAULT_HOURS.startMinute) * 60_000,
    endMs: (validSpan ? h.endMinute : DEFAULT_HOURS.endMinute) * 60_000,
    days,
    quiet,
    away: from !== null && until !== null && from <= until ? { from, until } : null,
  };
  normalized.set(h, n);
  return n;
}

function isAway(day: number, n: Normalized): boolean {
  return n.away !== null && day >= n.away.from && day <= n.away.until;
}

function isWorkingDay(day: number, n: Normalized): boolean {
  return n.days[weekdayOfDay(day)] === true && !n.quiet.has(day) && !isAway(day, n);
}

const windowStart = (day: number, n: Normalized): number => wallTimeOnDayMs(day, n.startMs, n.zone);
const windowEnd = (day: number, n: Normalized): number => wallTimeOnDayMs(day, n.endMs, n.zone);

/**
 * The first working date on or after `day`. Terminates: every week has a working weekday, the away
 * period is jumped in one step, and there are finitely many quiet dates.
 */
function firstWorkingDayFrom(day: number, n: Normalized): number {
  let d = day;
  const limit = 7 * (n.quiet.size + 2) + 1;
  for (let i = 0; i <= limit; i++) {
    if (isAway(d, n)) {
      d = n.away!.until + ONE_DAY_MS;
      continue;
    }
    if (isWorkingDay(d, n)) return d;
    d += ONE_DAY_MS;
  }
  throw new Error('working-hours: no working date found (unreachable after normalize)');
}

/** Whether `at` falls inside one of the person's working windows. */
export function isWorkingTime(at: Date, h: WorkingHours): boolean {
  const n = normalize(h);
  const day = localDayMs(at, n.zone);
  if (!isWorkingDay(day, n)) return false;
  const t = at.getTime();
  return windowStart(day, n) <= t && t < windowEnd(day, n);
}

/** `nextWorkingStart` in ms. */
function nextStartMs(at: Date, n: Normalized): number {
  const t = at.getTime();
  let day = localDayMs(at, n.zone);
  // Today's window may still be ahead or open; otherwise a later day's window opens after `at`.
  for (;;) {
    day = firstWorkingDayFrom(day, n);
    if (windowEnd(day, n) > t) {
      const start = windowStart(day, n);
      return start > t ? start : t;
    }
    day += ONE_DAY_MS;
  }
}

/**
 * `at` itself when it is inside working hours; otherwise the opening of the next window (skipping
 * weekends, quiet dates and the away period). This is when a nudge that became due at `at` is sent.
 */
export function nextWorkingStart(at: Date, h: WorkingHours): Date {
  const n = normalize(h);
  const start = nextStartMs(at, n);
  return start === at.getTime() ? at : new Date(start);
}

/**
 * The bundling period: the local date (`'2026-12-03'`) of the window in which a nudge due at `at`
 * is delivered. Every nudge for one person that gets this key goes into the same DM.
 * The key carries no zone: if a person changes zone mid-day, at most one extra or one fewer bundle is
 * sent that day — never a burst.
 */
export function workingWindowKey(at: Date, h: WorkingHours): string {
  const n = normalize(h);
  return isoOfDay(localDayMs(new Date(nextStartMs(at, n)), n.zone));
}

/**
 * The opening of the first working window on a later local date than `at` — "tomorrow morning" for
 * snoozes. Later *date*, not later window: at 07:00 before today's 09:00 opening, tomorrow still means
 * tomorrow, because that is what the button says.
 */
export function nextWorkingMorning(at: Date, h: WorkingHours): Date {
  const n = normalize(h);
  return new Date(windowStart(firstWorkingDayFrom(localDayMs(at, n.zone) + ONE_DAY_MS, n), n));
}

/**
 * `n` working days after `at`, for "still unacknowledged after two working days".
 *
 * Counting starts when the person could first have seen the nudge, `nextWorkingStart(at)`; the result
 * is the same wall-clock time on the `n`-th following working day (so it is inside working hours too).
 * Working *days*, not hours of work: "two working days" read by a person means "by the same time the
 * day after tomorrow, not counting the weekend". `n` below 1 (or not an integer) counts as 0 / floored.
 */
export function addWorkingDays(at: Date, n: number, h: WorkingHours): Date {
  const norm = normalize(h);
  const start = nextWorkingStart(at, h);
  const steps = Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
  if (steps === 0) return start;
  let day = localDayMs(start, norm.zone);
  for (let i = 0; i < steps; i++) day = firstWorkingDayFrom(day + ONE_DAY_MS, norm);
  return wallTimeOnDay(day, wallMsOfDay(start, norm.zone), norm.zone);
}

/**
 * "By Friday" with no time means the end of the working day of the person who does the work, on that
 * calendar day, in their own zone: Friday 18:00 in Tokyo for someone who works 09:00–18:00 there.
 * `day` is the calendar date (YYYY-MM-DD) as the person who typed it meant it.
 */
export function endOfWorkingDay(day: string, r: Pick<Rhythm, 'tz' | 'workEnd'>): Date {
  const date = isoDayMs(day);
  const zone = resolveZone(r.tz);
  if (date === null) return new Date(NaN);
  const minute = Math.min(Math.max(r.workEnd, 1), 1439);
  return wallTimeOnDay(date, minute * 60_000, zone);
}
