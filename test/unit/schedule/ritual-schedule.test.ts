import {
  CATCH_UP_WINDOW_MS,
  LATE_AFTER_MS,
  describeSchedule,
  dueOccurrence,
  nextPostedOccurrence,
  nextOccurrence,
  occurrenceAtOrBefore,
  occurrenceKey,
  parseRitualSchedule,
  ritualScheduleSchema,
  type RitualSchedule,
} from '../../../src/services/schedule/ritual-schedule';
import { errorOf, expectFriendly, valueOf } from '../parse/expect-result';
import { BERLIN, NEW_YORK, TONGA, iso, utc } from './helpers';

/** Wednesday 25 November 2026, 10:00 UTC — 11:00 in Berlin, 05:00 in New York, 23:00 in Tonga. */
const NOW = utc('2026-11-25T10:00');
const FRI_16: RitualSchedule = { days: [5], minute: 960, everyOtherWeek: false };
const DAILY = (minute: number): RitualSchedule => ({
  days: [1, 2, 3, 4, 5, 6, 7],
  minute,
  everyOtherWeek: false,
});
const WEEKDAYS = [1, 2, 3, 4, 5];
const ALL = [1, 2, 3, 4, 5, 6, 7];

describe('parseRitualSchedule: the schedules people type', () => {
  it.each`
    text                               | days            | minute  | why
    ${'every Friday 16:00'}            | ${[5]}          | ${960}  | ${'the canonical form'}
    ${'every friday 4pm'}              | ${[5]}          | ${960}  | ${'12-hour clock, any case'}
    ${'Every Friday at 4 pm'}          | ${[5]}          | ${960}  | ${'"at" and a space before pm'}
    ${'every friday 4:30 p.m.'}        | ${[5]}          | ${990}  | ${'p.m. with dots'}
    ${'every Friday at 4'}             | ${[5]}          | ${960}  | ${'a bare 1–6 is the afternoon'}
    ${'every Friday at 8'}             | ${[5]}          | ${480}  | ${'a bare 8 stays morning'}
    ${'fridays 16h'}                   | ${[5]}          | ${960}  | ${'plural day, 16h'}
    ${'every friday 16h30'}            | ${[5]}          | ${990}  | ${'16h30'}
    ${'every week on Friday at 16:00'} | ${[5]}          | ${960}  | ${'"every week on"'}
    ${'every Friday @ 4pm'}            | ${[5]}          | ${960}  | ${'@'}
    ${'every Monday 9:00'}             | ${[1]}          | ${540}  | ${'digest time'}
    ${'every monday 9'}                | ${[1]}          | ${540}  | ${'bare hour'}
    ${'every Tuesday 12pm'}            | ${[2]}          | ${720}  | ${'12pm is noon'}
    ${'every Tuesday 12am'}            | ${[2]}          | ${0}    | ${'12am is the start of the day'}
    ${'every Sunday 00:00'}            | ${[7]}          | ${0}    | ${'00:00 is allowed'}
    ${'every Friday 23:59'}            | ${[5]}          | ${1439} | ${'the last minute'}
    ${'weekdays 9:30'}                 | ${WEEKDAYS}     | ${570}  | ${'weekdays'}
    ${'every weekday at 9:30'}         | ${WEEKDAYS}     | ${570}  | ${'every weekday'}
    ${'mon,wed 10am'}                  | ${[1, 3]}       | ${600}  | ${'a list'}
    ${'Monday and Wednesday 10:00'}    | ${[1, 3]}       | ${600}  | ${'a list with "and"'}
    ${'mon-thu 9:15'}                  | ${[1, 2, 3, 4]} | ${555}  | ${'a range'}
    ${'Monday to Thursday 9:15'}       | ${[1, 2, 3, 4]} | ${555}  | ${'a range in words'}
    ${'fri-mon 12:00'}                 | ${[1, 5, 6, 7]} | ${720}  | ${'a range across the weekend'}
    ${'daily 9:00'}                    | ${ALL}          | ${540}  | ${'daily'}
    ${'every day at noon'}             | ${ALL}          | ${720}  | ${'every day, noon'}
    ${'every day at midday'}           | ${ALL}          | ${720}  | ${'midday'}
    ${'weekends 10:00'}                | ${[6, 7]}       | ${600}  | ${'weekends'}
  `('$text → $days at $minute ($why)', ({ text, days, minute }) => {
    expect(valueOf(parseRitualSchedule(text as string, NOW, BERLIN))).toEqual({
      days,
      minute,
      everyOtherWeek: false,
    });
  });

  it.each`
    text                               | zone        | days      | anchor          | why
    ${'every other Wednesday 10:00'}   | ${BERLIN}   | ${[3]}    | ${'2026-11-30'} | ${'today’s 10:00 has passed in Berlin: starts next week'}
    ${'every other Wednesday 12:00'}   | ${BERLIN}   | ${[3]}    | ${'2026-11-23'} | ${'today’s noon is still ahead: starts this week'}
    ${'every other Wednesday 10:00'}   | ${NEW_YORK} | ${[3]}    | ${'2026-11-23'} | ${'in New York it is 05:00, so today counts'}
    ${'every other Thursday 9:00'}     | ${TONGA}    | ${[4]}    | ${'2026-11-23'} | ${'in Tonga it is Wednesday 23:00: tomorrow'}
    ${'every second Friday 16:00'}     | ${BERLIN}   | ${[5]}    | ${'2026-11-23'} | ${'"second"'}
    ${'every 2 weeks on Friday 16:00'} | ${BERLIN}   | ${[5]}    | ${'2026-11-23'} | ${'"every 2 weeks on"'}
    ${'biweekly Monday 9:00'}          | ${BERLIN}   | ${[1]}    | ${'2026-11-30'} | ${'biweekly'}
    ${'fortnightly fri 4pm'}           | ${BERLIN}   | ${[5]}    | ${'2026-11-23'} | ${'fortnightly'}
    ${'every other mon,thu 9:00'}      | ${BERLIN}   | ${[1, 4]} | ${'2026-11-23'} | ${'several days: the week of the next one (Thursday)'}
  `('$text in $zone → every other week from $anchor ($why)', ({ text, zone, days, anchor }) => {
    const s = valueOf(parseRitualSchedule(text as string, NOW, zone as string));
    expect(s).toEqual({ days, minute: s.minute, everyOtherWeek: true, anchor });
    // The first occurrence is the next one that comes up, and it is in the anchor week.
    const first = nextOccurrence(s, NOW, zone as string);
    expect(occurrenceKey(s, first, zone as string) >= (anchor as string)).toBe(true);
  });

  it.each`
    text                              | code                        | mentions
    ${''}                             | ${'empty'}                  | ${'/ritual retro every Friday 16:00'}
    ${'   '}                          | ${'empty'}                  | ${'every Friday 16:00'}
    ${'every blursday'}               | ${'unknown_word'}           | ${'blursday'}
    ${'sometimes'}                    | ${'unknown_word'}           | ${'sometimes'}
    ${'every Friday 16:00 Berlin'}    | ${'unknown_word'}           | ${'berlin'}
    ${'every constructor 9:00'}       | ${'unknown_word'}           | ${'constructor'}
    ${'every Friday 25:00'}           | ${'bad_time'}               | ${'25:00'}
    ${'every Friday 16:60'}           | ${'bad_time'}               | ${'16:60'}
    ${'every Friday 13pm'}            | ${'bad_time'}               | ${'13pm'}
    ${'every Friday'}                 | ${'no_time'}                | ${'every Friday 16:00'}
    ${'16:00'}                        | ${'no_day'}                 | ${'every Friday 16:00'}
    ${'weekly at 9'}                  | ${'no_day'}                 | ${'daily 9:00'}
    ${'every Friday 9:00 and 16:00'}  | ${'two_times'}              | ${'16:00'}
    ${'every friday midnight'}        | ${'midnight'}               | ${'23:59'}
    ${'monthly on Friday 9:00'}       | ${'unsupported_interval'}   | ${'every other Friday 16:00'}
    ${'every 3 weeks on Friday 9:00'} | ${'unsupported_interval'}   | ${'every week or every other week'}
    ${'every other day 9:00'}         | ${'every_other_needs_days'} | ${'every other Wednesday 10:00'}
    ${'every other weekday 9:00'}     | ${'every_other_needs_days'} | ${'named days'}
  `('refuses $text kindly ($code), with an example', ({ text, code, mentions }) => {
    const error = errorOf(parseRitualSchedule(text as string, NOW, BERLIN));
    expect(error.code).toBe(code);
    expect(error.message).toContain(mentions);
    expect(error.message).toMatch(/`[^`]+`/);
    expectFriendly(error.message);
  });

  it('every parsed schedule fits the stored shape', () => {
    for (const text of ['every Friday 16:00', 'every other Wednesday 10:00', 'weekdays 9:30', 'daily 9:00']) {
      expect(ritualScheduleSchema.safeParse(valueOf(parseRitualSchedule(text, NOW, BERLIN))).success).toBe(
        true,
      );
    }
  });
});

describe('describeSchedule', () => {
  it.each`
    schedule                                                                  | zone           | expected
    ${FRI_16}                                                                 | ${BERLIN}      | ${'every Friday at 16:00 (Europe/Berlin)'}
    ${{ days: [3], minute: 600, everyOtherWeek: true, anchor: '2026-11-30' }} | ${BERLIN}      | ${'every other Wednesday at 10:00 (Europe/Berlin)'}
    ${{ days: WEEKDAYS, minute: 570, everyOtherWeek: false }}                 | ${NEW_YORK}    | ${'every weekday at 09:30 (America/New_York)'}
    ${DAILY(540)}                                                             | ${TONGA}       | ${'every day at 09:00 (Pacific/Tongatapu)'}
    ${{ days: [1, 3], minute: 600, everyOtherWeek: false }}                   | ${BERLIN}      | ${'every Monday and Wednesday at 10:00 (Europe/Berlin)'}
    ${{ days: [1, 3, 5], minute: 0, everyOtherWeek: false }}                  | ${'Not/AZone'} | ${'every Monday, Wednesday and Friday at 00:00 (UTC)'}
  `('$expected', ({ schedule, zone, expected }) => {
    expect(describeSchedule(schedule as RitualSchedule, zone as string)).toBe(expected);
  });
});

describe('nextOccurrence and occurrenceAtOrBefore: on the configuring person’s wall clock', () => {
  it.each`
    schedule                                             | zone        | after                        | expected               | why
    ${FRI_16}                                            | ${BERLIN}   | ${'2026-11-25T10:00'}        | ${'2026-11-27T15:00Z'} | ${'this Friday 16:00 CET'}
    ${FRI_16}                                            | ${BERLIN}   | ${'2026-11-27T14:59:59.999'} | ${'2026-11-27T15:00Z'} | ${'a millisecond before'}
    ${FRI_16}                                            | ${BERLIN}   | ${'2026-11-27T15:00'}        | ${'2026-12-04T15:00Z'} | ${'strictly after: next week'}
    ${FRI_16}                                            | ${BERLIN}   | ${'2026-10-23T14:00'}        | ${'2026-10-30T15:00Z'} | ${'across fall-back: still 16:00 local'}
    ${FRI_16}                                            | ${BERLIN}   | ${'2026-03-27T15:00'}        | ${'2026-04-03T14:00Z'} | ${'across spring-forward: still 16:00 local'}
    ${FRI_16}                                            | ${NEW_YORK} | ${'2026-10-30T20:00'}        | ${'2026-11-06T21:00Z'} | ${'New York across fall-back'}
    ${FRI_16}                                            | ${NEW_YORK} | ${'2027-03-12T21:00'}        | ${'2027-03-19T20:00Z'} | ${'New York across the 2027 spring-forward'}
    ${{ days: [1], minute: 540, everyOtherWeek: false }} | ${TONGA}    | ${'2026-12-04T00:00'}        | ${'2026-12-06T20:00Z'} | ${'UTC+13: Monday 09:00 is Sunday in UTC'}
    ${DAILY(150)}                                        | ${BERLIN}   | ${'2026-03-28T02:00'}        | ${'2026-03-29T01:00Z'} | ${'02:30 does not exist that night: 03:00 CEST'}
    ${DAILY(150)}                                        | ${BERLIN}   | ${'2026-03-29T01:00'}        | ${'2026-03-30T00:30Z'} | ${'…and the next night is normal'}
    ${DAILY(150)}                                        | ${BERLIN}   | ${'2026-10-24T23:00'}        | ${'2026-10-25T00:30Z'} | ${'02:30 happens twice: the first'}
    ${DAILY(150)}                                        | ${BERLIN}   | ${'2026-10-25T00:30'}        | ${'2026-10-26T01:30Z'} | ${'…and never the second: next is Monday'}
    ${DAILY(150)}                                        | ${NEW_YORK} | ${'2026-03-07T12:00'}        | ${'2026-03-08T07:00Z'} | ${'New York gap: 03:00 EDT'}
    ${DAILY(150)}                                        | ${NEW_YORK} | ${'2027-03-13T12:00'}        | ${'2027-03-14T07:00Z'} | ${'New York 2027 gap: 03:00 EDT'}
    ${DAILY(90)}                                         | ${NEW_YORK} | ${'2026-10-31T12:00'}        | ${'2026-11-01T05:30Z'} | ${'New York 01:30 happens twice: the first (EDT)'}
    ${DAILY(90)}                                         | ${NEW_YORK} | ${'2026-11-01T05:30'}        | ${'2026-11-02T06:30Z'} | ${'…then Monday 01:30 EST'}
  `('$why', ({ schedule, zone, after, expected }) => {
    expect(iso(nextOccurrence(schedule as RitualSchedule, utc(after as string), zone as string))).toBe(
      expected,
    );
  });

  it.each`
    at                    | expected
    ${'2026-11-25T10:00'} | ${'2026-11-20T15:00Z'}
    ${'2026-11-27T14:59'} | ${'2026-11-20T15:00Z'}
    ${'2026-11-27T15:00'} | ${'2026-11-27T15:00Z'}
    ${'2026-10-30T14:59'} | ${'2026-10-23T14:00Z'}
  `('the Berlin Friday 16:00 occurrence at or before $at UTC is $expected', ({ at, expected }) => {
    expect(iso(occurrenceAtOrBefore(FRI_16, utc(at as string), BERLIN))).toBe(expected);
  });

  it('every other week: the anchor week fires, the next does not, and the count goes both ways', () => {
    const s: RitualSchedule = { days: [5], minute: 960, everyOtherWeek: true, anchor: '2026-11-23' };
    expect(iso(nextOccurrence(s, utc('2026-11-25T10:00'), BERLIN))).toBe('2026-11-27T15:00Z');
    expect(iso(nextOccurrence(s, utc('2026-11-27T15:00'), BERLIN))).toBe('2026-12-11T15:00Z');
    expect(iso(occurrenceAtOrBefore(s, utc('2026-12-10T00:00'), BERLIN))).toBe('2026-11-27T15:00Z');
    expect(iso(occurrenceAtOrBefore(s, utc('2026-11-26T00:00'), BERLIN))).toBe('2026-11-13T15:00Z');
  });

  it('every other week stays every other week across 2026, a 53-week ISO year', () => {
    const s: RitualSchedule = { days: [1], minute: 540, everyOtherWeek: true, anchor: '2026-12-28' };
    const seen: string[] = [];
    let at = utc('2026-12-01T00:00');
    for (let i = 0; i < 4; i++) {
      at = nextOccurrence(s, at, BERLIN);
      seen.push(occurrenceKey(s, at, BERLIN));
    }
    expect(seen).toEqual(['2026-12-14T09:00', '2026-12-28T09:00', '2027-01-11T09:00', '2027-01-25T09:00']);
  });

  it('an every-other schedule without an anchor still alternates (it is never silently weekly)', () => {
    const s: RitualSchedule = { days: [5], minute: 960, everyOtherWeek: true };
    const first = nextOccurrence(s, NOW, BERLIN);
    const second = nextOccurrence(s, first, BERLIN);
    expect(second.getTime() - first.getTime()).toBe(14 * 86_400_000);
  });

  it.each([
    { days: [], minute: 960, everyOtherWeek: false },
    { days: [8], minute: 960, everyOtherWeek: false },
    { days: [5], minute: 1440, everyOtherWeek: false },
    { days: [5], minute: 960, everyOtherWeek: true, anchor: 'soon' },
  ])('an invalid stored schedule %j has no occurrences', (s) => {
    expect(occurrenceAtOrBefore(s, NOW, BERLIN)).toBeNull();
    expect(() => nextOccurrence(s, NOW, BERLIN)).toThrow(RangeError);
    expect(dueOccurrence(s, null, NOW, BERLIN)).toBeNull();
  });
});

describe('occurrenceKey: the idempotency period, stable across DST', () => {
  it.each`
    schedule                                             | zone        | occurrence            | expected              | why
    ${FRI_16}                                            | ${BERLIN}   | ${'2026-10-23T14:00'} | ${'2026-10-23T16:00'} | ${'summer time, UTC+2'}
    ${FRI_16}                                            | ${BERLIN}   | ${'2026-10-30T15:00'} | ${'2026-10-30T16:00'} | ${'winter time, UTC+1: the same wall time'}
    ${FRI_16}                                            | ${NEW_YORK} | ${'2026-10-30T20:00'} | ${'2026-10-30T16:00'} | ${'EDT'}
    ${FRI_16}                                            | ${NEW_YORK} | ${'2026-11-06T21:00'} | ${'2026-11-06T16:00'} | ${'EST'}
    ${DAILY(150)}                                        | ${BERLIN}   | ${'2026-03-29T01:00'} | ${'2026-03-29T02:30'} | ${'posted at 03:00 on spring-forward night, still the 02:30 occurrence'}
    ${DAILY(150)}                                        | ${BERLIN}   | ${'2026-10-25T00:30'} | ${'2026-10-25T02:30'} | ${'the first 02:30 on fall-back night'}
    ${{ days: [1], minute: 540, everyOtherWeek: false }} | ${TONGA}    | ${'2026-12-06T20:00'} | ${'2026-12-07T09:00'} | ${'UTC+13: the person’s date, not UTC’s'}
    ${FRI_16}                                            | ${BERLIN}   | ${'2026-11-25T10:00'} | ${'2026-11-25T11:00'} | ${'not an occurrence: named by its own wall clock'}
  `('$why → $expected', ({ schedule, zone, occurrence, expected }) => {
    expect(occurrenceKey(schedule as RitualSchedule, utc(occurrence as string), zone as string)).toBe(
      expected,
    );
  });

  it.each([BERLIN, NEW_YORK])(
    'a daily 02:30 ritual in %s over a year: one key per day, in time order',
    (zone) => {
      const s = DAILY(150);
      const keys: string[] = [];
      let at = utc('2026-01-01T12:00');
      for (let i = 0; i < 460; i++) {
        at = nextOccurrence(s, at, zone);
        keys.push(occurrenceKey(s, at, zone));
      }
      expect(new Set(keys).size).toBe(460);
      expect([...keys].sort()).toEqual(keys);
      expect(keys.every((k) => k.endsWith('T02:30'))).toBe(true);
      expect(new Set(keys.map((k) => k.slice(0, 10))).size).toBe(460);
    },
  );
});

/** Ticks every `stepMs` from `from` to `to`, skipping the outage; returns what was posted. */
function simulate(
  s: RitualSchedule,
  zone: string,
  from: string,
  to: string,
  options: {
    stepMs?: number;
    outage?: [string, string];
    lastFiredKey?: string | null;
    notBefore?: Date;
  } = {},
): Array<{ key: string; at: string; late: boolean; postedAt: string }> {
  const posted: Array<{ key: string; at: string; late: boolean; postedAt: string }> = [];
  let last = options.lastFiredKey ?? null;
  const down = options.outage?.map((t) => utc(t).getTime());
  for (let t = utc(from).getTime(); t < utc(to).getTime(); t += options.stepMs ?? 60_000) {
    if (down && t >= down[0] && t < down[1]) continue;
    const due = dueOccurrence(s, last, new Date(t), zone, options.notBefore);
    if (due) {
      posted.push({ key: due.key, at: iso(due.at)!, late: due.late, postedAt: iso(new Date(t))! });
      last = due.key;
    }
  }
  return posted;
}

describe('dueOccurrence: each ritual posts once, on time or a little late, never once per missed tick', () => {
  it('the constants: six hours of catch-up, "late" after fifteen minutes', () => {
    expect(CATCH_UP_WINDOW_MS).toBe(6 * 3_600_000);
    expect(LATE_AFTER_MS).toBe(15 * 60_000);
  });

  it.each`
    lastFired             | now                          | expected                                                             | why
    ${'2026-11-20T16:00'} | ${'2026-11-27T15:00:30'}     | ${{ key: '2026-11-27T16:00', at: '2026-11-27T15:00Z', late: false }} | ${'the tick right after 16:00'}
    ${'2026-11-20T16:00'} | ${'2026-11-27T14:59'}        | ${null}                                                              | ${'before the time: last week’s has been posted'}
    ${'2026-11-27T16:00'} | ${'2026-11-27T15:05'}        | ${null}                                                              | ${'already posted (another replica, or a restart)'}
    ${'2026-12-04T16:00'} | ${'2026-11-27T15:05'}        | ${null}                                                              | ${'a clock that steps back never re-posts'}
    ${'2026-11-20T16:00'} | ${'2026-11-27T15:14'}        | ${{ key: '2026-11-27T16:00', at: '2026-11-27T15:00Z', late: false }} | ${'14 minutes is not late'}
    ${'2026-11-20T16:00'} | ${'2026-11-27T18:00'}        | ${{ key: '2026-11-27T16:00', at: '2026-11-27T15:00Z', late: true }}  | ${'three hours of downtime: posted once, marked late'}
    ${'2026-11-20T16:00'} | ${'2026-11-27T21:00'}        | ${{ key: '2026-11-27T16:00', at: '2026-11-27T15:00Z', late: true }}  | ${'exactly six hours late still posts'}
    ${'2026-11-20T16:00'} | ${'2026-11-27T21:00:00.001'} | ${null}                                                              | ${'a moment later it is skipped'}
    ${'2026-11-13T16:00'} | ${'2026-11-27T15:01'}        | ${{ key: '2026-11-27T16:00', at: '2026-11-27T15:00Z', late: false }} | ${'a missed week in between is not posted as well'}
    ${null}               | ${'2026-11-27T15:01'}        | ${{ key: '2026-11-27T16:00', at: '2026-11-27T15:00Z', late: false }} | ${'never fired before'}
    ${'2026-11-27T10:00'} | ${'2026-11-27T15:01'}        | ${null}                                                              | ${'moved to later the same day after it posted: once a day, not twice'}
  `('$why', ({ lastFired, now, expected }) => {
    const due = dueOccurrence(FRI_16, lastFired as string | null, utc(now as string), BERLIN);
    expect(due && { ...due, at: iso(due.at) }).toEqual(expected);
  });

  it('the next posting people are told about skips a day that already had its post', () => {
    expect(iso(nextPostedOccurrence(FRI_16, utc('2026-11-27T10:00'), BERLIN, '2026-11-27T10:00'))).toBe('2026-12-04T15:00Z');
    expect(iso(nextPostedOccurrence(FRI_16, utc('2026-11-27T10:00'), BERLIN, '2026-11-20T16:00'))).toBe('2026-11-27T15:00Z');
    expect(iso(nextPostedOccurrence(FRI_16, utc('2026-11-27T10:00'), BERLIN, null))).toBe('2026-11-27T15:00Z');
  });

  it('a ritual configured after this week’s time does not post at once (notBefore = created at)', () => {
    const createdAt = utc('2026-11-27T15:30'); // Friday 16:30 in Berlin
    expect(dueOccurrence(FRI_16, null, utc('2026-11-27T15:31'), BERLIN, createdAt)).toBeNull();
    expect(dueOccurrence(FRI_16, null, utc('2026-12-04T15:00'), BERLIN, createdAt)?.key).toBe(
      '2026-12-04T16:00',
    );
  });

  it('a week of one-minute ticks posts a daily ritual exactly once a day', () => {
    const posted = simulate(DAILY(540), BERLIN, '2026-11-21T00:00', '2026-11-28T00:00');
    expect(posted.map((p) => [p.key, p.postedAt, p.late])).toEqual([
      ['2026-11-21T09:00', '2026-11-21T08:00Z', false],
      ['2026-11-22T09:00', '2026-11-22T08:00Z', false],
      ['2026-11-23T09:00', '2026-11-23T08:00Z', false],
      ['2026-11-24T09:00', '2026-11-24T08:00Z', false],
      ['2026-11-25T09:00', '2026-11-25T08:00Z', false],
      ['2026-11-26T09:00', '2026-11-26T08:00Z', false],
      ['2026-11-27T09:00', '2026-11-27T08:00Z', false],
    ]);
  });

  it('catch-up after a 3-day outage posts once — the latest, marked late — not once per missed tick', () => {
    const posted = simulate(DAILY(540), BERLIN, '2026-11-21T00:00', '2026-11-28T00:00', {
      outage: ['2026-11-23T07:00', '2026-11-26T09:30'], // Monday 08:00 to Thursday 10:30 Berlin
    });
    expect(posted.map((p) => [p.key, p.postedAt, p.late])).toEqual([
      ['2026-11-21T09:00', '2026-11-21T08:00Z', false],
      ['2026-11-22T09:00', '2026-11-22T08:00Z', false],
      ['2026-11-26T09:00', '2026-11-26T09:30Z', true],
      ['2026-11-27T09:00', '2026-11-27T08:00Z', false],
    ]);
  });

  it('an outage that ends more than six hours after the time skips that day entirely', () => {
    const posted = simulate(DAILY(540), BERLIN, '2026-11-21T00:00', '2026-11-28T00:00', {
      outage: ['2026-11-23T07:00', '2026-11-26T15:30'], // back at 16:30 Berlin
    });
    expect(posted.map((p) => p.key)).toEqual(['2026-11-21T09:00', '2026-11-22T09:00', '2026-11-27T09:00']);
  });

  it('a weekly retro missed over a long weekend is not posted on Monday; next Friday’s is', () => {
    const posted = simulate(FRI_16, BERLIN, '2026-11-26T00:00', '2026-12-05T00:00', {
      stepMs: 5 * 60_000,
      outage: ['2026-11-27T14:00', '2026-11-30T08:00'],
      lastFiredKey: '2026-11-20T16:00',
    });
    expect(posted.map((p) => [p.key, p.late])).toEqual([['2026-12-04T16:00', false]]);
  });

  it.each`
    zone        | from                  | to                    | key                   | postedAt
    ${BERLIN}   | ${'2026-03-28T22:00'} | ${'2026-03-29T04:00'} | ${'2026-03-29T02:30'} | ${'2026-03-29T01:00Z'}
    ${BERLIN}   | ${'2026-10-24T22:00'} | ${'2026-10-25T04:00'} | ${'2026-10-25T02:30'} | ${'2026-10-25T00:30Z'}
    ${NEW_YORK} | ${'2026-03-08T04:00'} | ${'2026-03-08T10:00'} | ${'2026-03-08T02:30'} | ${'2026-03-08T07:00Z'}
    ${NEW_YORK} | ${'2026-11-01T04:00'} | ${'2026-11-01T10:00'} | ${'2026-11-01T02:30'} | ${'2026-11-01T07:30Z'}
    ${NEW_YORK} | ${'2027-03-14T04:00'} | ${'2027-03-14T10:00'} | ${'2027-03-14T02:30'} | ${'2027-03-14T07:00Z'}
  `(
    'a daily 02:30 ritual on the $zone clock-change night $key posts once, at $postedAt',
    ({ zone, from, to, key, postedAt }) => {
      const posted = simulate(DAILY(150), zone as string, from as string, to as string);
      expect(posted.map((p) => [p.key, p.postedAt, p.late])).toEqual([[key, postedAt, false]]);
    },
  );

  it('three replicas ticking with stale views compute the same key, so a unique index keeps one post', () => {
    const outbox = new Set<string>();
    let committed: string | null = '2026-11-20T16:00';
    for (let t = utc('2026-11-27T14:58').getTime(); t < utc('2026-11-27T15:10').getTime(); t += 60_000) {
      const seenBeforeTick = committed; // every replica read the last fired key before any of them wrote
      for (let replica = 0; replica < 3; replica++) {
        const due = dueOccurrence(FRI_16, seenBeforeTick, new Date(t + replica * 7_000), BERLIN);
        if (due) {
          outbox.add(`ritual:R1:${due.key}`);
          committed = due.key;
        }
      }
    }
    expect([...outbox]).toEqual(['ritual:R1:2026-11-27T16:00']);
  });
});
