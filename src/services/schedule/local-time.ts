/**
 * Wall-clock arithmetic in a person's IANA zone — the one place that turns "09:00 on 29 March in
 * Berlin" into an instant.
 *
 * Why not just `DateTime.fromObject(...)`: luxon moves a time inside a spring-forward gap *by the
 * size of the gap* (02:30 → 03:30) and, for a time that happens twice when clocks fall back, returns
 * the *later* of the two (02:30+01:00 in Berlin). Our rules want something else, stated once here:
 * - a local time that does not exist → the next instant that does (02:30 on spring-forward → 03:00,
 *   the moment the clocks jump; nothing is ever later than the person would expect);
 * - a local time that exists twice → the first of the two (a reminder or ritual is never an hour late,
 *   and it is produced once, because every rule asks for "the" instant of a wall time).
 *
 * Calendar dates are carried as luxon DateTimes in UTC ("plain dates"): adding days to them can never
 * be disturbed by a clock change, and `.weekday` is the ISO weekday (1 = Monday … 7 = Sunday).
 */
import { DateTime, IANAZone } from 'luxon';
import { resolveZone } from '../parse/due';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MAX_CACHED_HOURS = 500_000;
const offsetCache = new Map<string, Map<number, number>>();
let cachedHours = 0;

/** One rule and one cache for which zone to use, shared with the due-date parser. */
export { resolveZone };

/** A calendar date without a zone: a luxon DateTime at 00:00 UTC. */
export type PlainDate = DateTime;

/**
 * The zone's UTC offset in minutes at instant `ts`, memoised per zone and hour.
 *
 * Asking `Intl` for an offset costs microseconds, and the engine asks for hundreds of thousands when
 * many items fall due together. An hour whose first and last millisecond have the same offset has
 * that offset throughout (a zone never changes twice within an hour), so it is cached; an hour with a
 * transition inside is always computed exactly. The cache is a memo of a pure function: it cannot
 * change any answer, only how fast it comes.
 */
export function offsetMinutes(zone: string, ts: number): number {
  const hour = Math.floor(ts / HOUR_MS);
  let byHour = offsetCache.get(zone);
  const hit = byHour?.get(hour);
  if (hit !== undefined) return hit;
  const z = IANAZone.create(zone);
  const first = z.offset(hour * HOUR_MS);
  if (first !== z.offset(hour * HOUR_MS + HOUR_MS - 1)) return z.offset(ts);
  if (cachedHours >= MAX_CACHED_HOURS) {
    offsetCache.clear();
    cachedHours = 0;
  }
  if (!byHour) offsetCache.set(zone, (byHour = new Map<number, number>()));
  byHour.set(hour, first);
  cachedHours++;
  return first;
}

/** The wall clock at `at`, read as if it were UTC (so its UTC fields are the local ones). */
function wallOf(at: Date, zone: string): number {
  return at.getTime() + offsetMinutes(zone, at.getTime()) * MINUTE_MS;
}

/** The person's calendar date at `at`. */
export function localDateOf(at: Date, zone: string): PlainDate {
  const wall = new Date(wallOf(at, zone));
  return DateTime.utc(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate());
}

/**
 * The person's calendar date at `at` as a plain number: the milliseconds of its 00:00 UTC, i.e.
 * `localDateOf(at, zone).toMillis()` without building a luxon object. Adding `n * DAY_MS` to it is
 * `plus({ days: n })` (UTC has no clock changes). For the hot paths of the tick (the reminder plan).
 */
export function localDayMs(at: Date, zone: string): number {
  return Math.floor(wallOf(at, zone) / DAY_MS) * DAY_MS;
}

/** One day in milliseconds, for `localDayMs` arithmetic. */
export const ONE_DAY_MS = DAY_MS;

/** The ISO weekday (1 = Monday … 7 = Sunday) of a `localDayMs` date (1970-01-01 was a Thursday). */
export function weekdayOfDay(dayMs: number): number {
  return ((((Math.floor(dayMs / DAY_MS) + 3) % 7) + 7) % 7) + 1;
}

/** `'YYYY-MM-DD'` of a `localDayMs` date (`isoDate` without a luxon object). */
export function isoOfDay(dayMs: number): string {
  return new Date(dayMs).toISOString().slice(0, 10);
}

/**
 * A real calendar date written `YYYY-MM-DD` as a `localDayMs` date (2026-02-30 is refused), or null:
 * `parseIsoDate(text)?.toMillis()` without luxon.
 */
export function isoDayMs(text: string): number | null {
  if (text.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  const ms = date.getTime();
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? ms : null;
}

/** `'YYYY-MM-DD'` of a plain date. */
export function isoDate(date: PlainDate): string {
  return date.toFormat('yyyy-MM-dd');
}

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is refused), or null. */
export function parseIsoDate(text: string): PlainDate | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const date = DateTime.fromISO(text, { zone: 'utc' });
  return date.isValid ? date : null;
}

/** Milliseconds since local midnight of the wall clock at `at` (what the clock on the wall shows). */
export function wallMsOfDay(at: Date, zone: string): number {
  return ((wallOf(at, zone) % DAY_MS) + DAY_MS) % DAY_MS;
}

/**
 * The instant at which the wall clock in `zone` shows `msOfDay` on `date` (see the rules above).
 * `msOfDay` may be a full day (24:00), which is the next day's midnight.
 */
export function wallTimeMs(date: PlainDate, msOfDay: number, zone: string): Date {
  return wallTimeOnDay(date.toMillis(), msOfDay, zone);
}

/** `wallTimeMs` for a date given as `localDayMs` (no luxon object on the way). */
export function wallTimeOnDay(dayMs: number, msOfDay: number, zone: string): Date {
  return new Date(wallTimeOnDayMs(dayMs, msOfDay, zone));
}

/** `wallTimeOnDay` in milliseconds. */
export function wallTimeOnDayMs(dayMs: number, msOfDay: number, zone: string): number {
  // The wall clock read as if it were UTC; the real instant is `wall - offset`.
  const wall = dayMs + msOfDay;
  // The usual case, without building anything: one offset throughout the samples below. The general
  // path then has a single candidate and, exact or not, returns it (its gap search has nothing to
  // narrow), so this is the same answer, only without the arrays (the tick asks this for every item).
  const early = offsetMinutes(zone, wall - 2 * DAY_MS);
  const mid = offsetMinutes(zone, wall);
  if (early === mid && offsetMinutes(zone, wall + 2 * DAY_MS) === mid) return wall - mid * MINUTE_MS;
  return wallTimeAcross(wall, zone);
}

/** `wallTimeOnDayMs` near a change of offset (see the rules above). */
function wallTimeAcross(wall: number, zone: string): number {
  const offset = (ts: number) => offsetMinutes(zone, ts);
  // A zone changes offset at most once within a few days, so these samples hold both offsets in play.
  const offsets = [...new Set([offset(wall - 2 * DAY_MS), offset(wall), offset(wall + 2 * DAY_MS)])];
  const exact = offsets
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((t) => offset(t) * MINUTE_MS === wall - t)
    .sort((a, b) => a - b);
  if (exact.length > 0) return exact[0];

  // In a gap: the first instant whose wall clock has reached `wall` is the moment of the jump.
  let lo = wall - Math.max(...offsets) * MINUTE_MS; // its wall clock is still before `wall`
  let hi = wall - Math.min(...offsets) * MINUTE_MS; // its wall clock is already past `wall`
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid + offset(mid) * MINUTE_MS >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** `wallTimeMs` for a whole minute of the day (0 … 1440). */
export function wallTime(date: PlainDate, minuteOfDay: number, zone: string): Date {
  return wallTimeMs(date, minuteOfDay * MINUTE_MS, zone);
}

/** `HH:mm` for a minute of the day (1440 → `24:00`). */
export function formatMinute(minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
