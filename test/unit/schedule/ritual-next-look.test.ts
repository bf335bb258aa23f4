/**
 * `nextLookAt`: the moment the tick stores as a ritual's `next_at` (migration 0023) and reads it again.
 * The specification is equivalence: a tick that looks at a ritual only from that moment on posts
 * exactly the occurrences that a tick looking at every ritual every time posts — on time, late, after
 * an outage, across the night the clocks change.
 */
import { DateTime } from 'luxon';
import {
  dueOccurrence,
  nextLookAt,
  type RitualSchedule,
} from '../../../src/services/schedule/ritual-schedule';
import { BERLIN, NEW_YORK, iso, utc } from './helpers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Tick instants from `from`: every minute around the schedule's local time (so a moment read a minute
 * late shows), elsewhere mostly a minute or a few apart, now and then an outage of up to 9 hours.
 */
function ticks(from: Date, until: Date, s: RitualSchedule, tz: string, seed: number): Date[] {
  const next = random(seed);
  const out: Date[] = [];
  for (let t = from.getTime(); t < until.getTime();) {
    out.push(new Date(t));
    const wall = DateTime.fromMillis(t, { zone: tz });
    const sinceScheduled = (wall.hour * 60 + wall.minute - s.minute + 1440) % 1440;
    const r = next();
    if (r < 0.97 && (sinceScheduled < 45 || sinceScheduled > 1435)) t += MINUTE;
    else
      t +=
        r < 0.7 ? MINUTE : r < 0.95 ? Math.ceil(next() * 90) * MINUTE : Math.ceil(next() * 9 * 60) * MINUTE;
  }
  return out;
}

interface Run {
  posted: string[];
  reads: number;
}

/** Today's tick: every ritual, every time. */
function everyTick(s: RitualSchedule, tz: string, activeSince: Date, at: Date[]): Run {
  let last: string | null = null;
  const posted: string[] = [];
  for (const now of at) {
    const due = dueOccurrence(s, last, now, tz, activeSince);
    if (due) posted.push(`${(last = due.key)} at ${now.toISOString()}${due.late ? ' late' : ''}`);
  }
  return { posted, reads: at.length };
}

/** The indexed tick: a ritual is read only once its stored moment has come, and moved on each time. */
function whenDue(s: RitualSchedule, tz: string, activeSince: Date, at: Date[]): Run {
  let last: string | null = null;
  let nextAt: Date | null = activeSince; // what the trigger stores on creation
  const posted: string[] = [];
  let reads = 0;
  for (const now of at) {
    if (nextAt === null || nextAt > now) continue;
    reads++;
    const due = dueOccurrence(s, last, now, tz, activeSince);
    if (due) posted.push(`${(last = due.key)} at ${now.toISOString()}${due.late ? ' late' : ''}`);
    nextAt = nextLookAt(s, now, tz, last);
  }
  return { posted, reads };
}

const FRI_16: RitualSchedule = { days: [5], minute: 960, everyOtherWeek: false };
const WEEKDAYS_0930: RitualSchedule = { days: [1, 2, 3, 4, 5], minute: 570, everyOtherWeek: false };
const DAILY_0230: RitualSchedule = { days: [1, 2, 3, 4, 5, 6, 7], minute: 150, everyOtherWeek: false };
const OTHER_WED_10: RitualSchedule = { days: [3], minute: 600, everyOtherWeek: true, anchor: '2027-03-01' };
const SUN_2359: RitualSchedule = { days: [7], minute: 1439, everyOtherWeek: false };

describe('nextLookAt: reading a ritual only when it can be due posts exactly what reading it every tick posts', () => {
  it.each`
    schedule                                           | tz                       | from                  | why
    ${FRI_16}                                          | ${BERLIN}                | ${'2027-03-15T10:00'} | ${'weekly, across the spring change in Europe'}
    ${FRI_16}                                          | ${BERLIN}                | ${'2027-10-18T10:00'} | ${'weekly, across the autumn change in Europe'}
    ${DAILY_0230}                                      | ${BERLIN}                | ${'2027-03-24T10:00'} | ${'02:30 does not exist one night and happens twice another'}
    ${DAILY_0230}                                      | ${BERLIN}                | ${'2027-10-27T10:00'} | ${'02:30 twice on the autumn night'}
    ${WEEKDAYS_0930}                                   | ${NEW_YORK}              | ${'2027-03-08T10:00'} | ${'weekdays, across the US spring change'}
    ${OTHER_WED_10}                                    | ${NEW_YORK}              | ${'2027-02-22T10:00'} | ${'every other week'}
    ${SUN_2359}                                        | ${'Australia/Lord_Howe'} | ${'2027-03-29T10:00'} | ${'a half-hour clock change, a minute before midnight'}
    ${{ days: [9], minute: 1, everyOtherWeek: false }} | ${BERLIN}                | ${'2027-03-15T10:00'} | ${'a schedule that cannot be read never posts and is never read again'}
  `('$why', ({ schedule, tz, from }: { schedule: RitualSchedule; tz: string; from: string }) => {
    const start = utc(from);
    for (const seed of [1, 2]) {
      const at = ticks(start, new Date(start.getTime() + 4 * 7 * 24 * HOUR), schedule, tz, seed);
      const today = everyTick(schedule, tz, start, at);
      const indexed = whenDue(schedule, tz, start, at);
      expect(indexed.posted).toEqual(today.posted);
      if (schedule.days.every((d) => d <= 7)) expect(today.posted.length).toBeGreaterThan(1);
      // a ritual is read about once per occurrence (and the re-plan on creation), not every tick
      expect(indexed.reads).toBeLessThanOrEqual(2 * today.posted.length + 8);
    }
  });

  it('is the next occurrence that can post: not a second one on a local day that already posted', () => {
    // posted Friday 16:00 Berlin; moved to Friday 18:00 the same day, it next posts the Friday after
    const moved: RitualSchedule = { ...FRI_16, minute: 1080 };
    expect(iso(nextLookAt(moved, utc('2026-12-18T15:30'), BERLIN, '2026-12-18T16:00'))).toBe(
      '2026-12-25T17:00Z',
    );
    expect(iso(nextLookAt(FRI_16, utc('2027-03-26T15:00'), BERLIN, '2027-03-26T16:00'))).toBe(
      '2027-04-02T14:00Z',
    );
  });
});
