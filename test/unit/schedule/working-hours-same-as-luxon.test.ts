/**
 * The working-hours rules run on integer local dates (no luxon), for the tick's sake. They must give
 * exactly the answers of the luxon version they replaced, kept here as the oracle: on many random
 * instants, zones and hours — with instants packed around daylight-saving changes, windows that open
 * or close inside a skipped or repeated hour, quiet dates, away periods and malformed values.
 */
import * as now from '../../../src/services/schedule/working-hours';
import type { WorkingHours } from '../../../src/services/schedule/working-hours';
import * as oracle from './working-hours-luxon-oracle';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Australia/Lord_Howe', // 30-minute DST shift
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Tongatapu',
  'Pacific/Kiritimati',
  'Pacific/Apia', // skipped a whole day (30 Dec 2011)
  'America/Havana', // DST at midnight: 00:00 does not exist on spring-forward
  'Not/AZone',
];

// Daylight-saving changes (UTC) of the zones above, so that many instants fall right around one.
const TRANSITIONS = [
  '2026-03-29T01:00Z', // Europe
  '2026-10-25T01:00Z',
  '2026-03-08T07:00Z', // New York
  '2026-11-01T06:00Z',
  '2026-04-04T16:00Z', // Sydney
  '2026-10-03T16:00Z',
  '2026-03-15T05:00Z', // Havana (00:00 → 01:00)
  '2026-11-01T05:00Z',
  '2011-12-30T10:00Z', // Apia's lost day
].map((t) => Date.parse(t));

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function randomCase(r: () => number): { at: Date; h: WorkingHours } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const base = r() < 0.6 ? pick(TRANSITIONS) : Date.parse('2024-01-01T00:00Z') + r() * 4 * 365 * DAY;
  const at = new Date(Math.round(base + (r() - 0.5) * 6 * DAY));
  const minute = () =>
    r() < 0.3 ? pick([0, 60, 90, 120, 150, 180, 1380, 1410, 1439, 1440]) : Math.floor(r() * 1441);
  let startMinute = minute();
  let endMinute = minute();
  if (r() < 0.85 && startMinute > endMinute) [startMinute, endMinute] = [endMinute, startMinute];
  const days = r() < 0.1 ? [] : r() < 0.05 ? [0, 9, 2.5] : [1, 2, 3, 4, 5, 6, 7].filter(() => r() < 0.6);
  const near = (spread: number) => isoOf(at.getTime() + Math.floor((r() - 0.3) * spread) * DAY);
  const quietDates =
    r() < 0.5 ? [] : [near(10), near(10), near(20), pick(['2026-02-30', 'soon', '2026-1-5'])];
  const awayFrom = near(12);
  const away =
    r() < 0.5
      ? null
      : r() < 0.2
        ? { from: awayFrom, until: isoOf(Date.parse(awayFrom) - DAY) } // backwards: ignored
        : { from: awayFrom, until: isoOf(Date.parse(awayFrom) + Math.floor(r() * 15) * DAY) };
  return { at, h: { tz: pick(ZONES), startMinute, endMinute, days, quietDates, away } };
}

describe('working hours without luxon give the luxon answers', () => {
  it('on 6,000 random instants, zones and hours (many around DST changes)', () => {
    const r = rng(17);
    const differ: unknown[] = [];
    for (let i = 0; i < 6_000; i++) {
      const { at, h } = randomCase(r);
      const n = Math.floor(r() * 4);
      const ours = [
        now.isWorkingTime(at, h),
        now.nextWorkingStart(at, h).getTime(),
        now.workingWindowKey(at, h),
        now.nextWorkingMorning(at, h).getTime(),
        now.addWorkingDays(at, n, h).getTime(),
      ];
      const theirs = [
        oracle.isWorkingTime(at, h),
        oracle.nextWorkingStart(at, h).getTime(),
        oracle.workingWindowKey(at, h),
        oracle.nextWorkingMorning(at, h).getTime(),
        oracle.addWorkingDays(at, n, h).getTime(),
      ];
      if (ours.some((x, k) => x !== theirs[k])) differ.push({ i, at: at.toISOString(), n, h, ours, theirs });
    }
    expect(differ.slice(0, 5)).toEqual([]);
  });

  it('for "end of the working day" on random dates, zones and ends of day', () => {
    const r = rng(42);
    const differ: unknown[] = [];
    for (let i = 0; i < 5_000; i++) {
      const day =
        r() < 0.05
          ? '2026-02-30'
          : isoOf(TRANSITIONS[i % TRANSITIONS.length]! + Math.floor((r() - 0.5) * 4) * DAY);
      const rhythm = { tz: ZONES[i % ZONES.length]!, workEnd: Math.floor(r() * 1500) - 30 };
      const a = now.endOfWorkingDay(day, rhythm).getTime();
      const b = oracle.endOfWorkingDay(day, rhythm).getTime();
      if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) differ.push({ day, rhythm, a, b });
    }
    expect(differ.slice(0, 5)).toEqual([]);
  });

  it('reads the same hours object the same way every time (its reading is memoised)', () => {
    const h: WorkingHours = { tz: 'Europe/Berlin', startMinute: 540, endMinute: 1080, days: [1, 2, 3, 4, 5] };
    const at = new Date('2026-03-29T12:00Z'); // a Sunday
    const first = now.nextWorkingStart(at, h).toISOString();
    expect(now.nextWorkingStart(at, h).toISOString()).toBe(first);
    expect(first).toBe('2026-03-30T07:00:00.000Z');
  });
});
