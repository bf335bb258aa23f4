import {
  DEFAULT_HOURS,
  addWorkingDays,
  isWorkingTime,
  nextWorkingMorning,
  nextWorkingStart,
  workingWindowKey,
} from '../../../src/services/schedule/working-hours';
import { BERLIN, KIRITIMATI, NEW_YORK, TONGA, hours, iso, local, utc } from './helpers';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

describe('DEFAULT_HOURS', () => {
  it('is Mon–Fri 09:00–18:00', () => {
    expect(DEFAULT_HOURS).toEqual({ startMinute: 540, endMinute: 1080, days: [1, 2, 3, 4, 5] });
  });
});

describe('isWorkingTime: inside the person’s window, on their wall clock', () => {
  it.each`
    zone              | at                    | expected | why
    ${BERLIN}         | ${'2026-11-25T08:00'} | ${true}  | ${'Wed 09:00 — the window opens'}
    ${BERLIN}         | ${'2026-11-25T07:59'} | ${false} | ${'Wed 08:59 — not yet'}
    ${BERLIN}         | ${'2026-11-25T16:59'} | ${true}  | ${'Wed 17:59 — the last minute'}
    ${BERLIN}         | ${'2026-11-25T17:00'} | ${false} | ${'Wed 18:00 — the end of the working day is exclusive'}
    ${BERLIN}         | ${'2026-11-28T10:00'} | ${false} | ${'Saturday'}
    ${BERLIN}         | ${'2026-11-29T10:00'} | ${false} | ${'Sunday'}
    ${BERLIN}         | ${'2026-03-27T08:00'} | ${true}  | ${'Fri 27 Mar 09:00 CET (UTC+1)'}
    ${BERLIN}         | ${'2026-03-30T07:00'} | ${true}  | ${'Mon 30 Mar 09:00 CEST: after spring-forward the window opens at 07:00 UTC'}
    ${BERLIN}         | ${'2026-03-30T06:30'} | ${false} | ${'…so 06:30 UTC is 08:30, before it'}
    ${BERLIN}         | ${'2026-10-26T07:30'} | ${false} | ${'Mon 26 Oct 08:30 CET: after fall-back 07:30 UTC is too early'}
    ${BERLIN}         | ${'2026-10-26T16:30'} | ${true}  | ${'…and 16:30 UTC is 17:30, still working'}
    ${NEW_YORK}       | ${'2026-11-02T14:00'} | ${true}  | ${'Mon 2 Nov 09:00 EST'}
    ${NEW_YORK}       | ${'2026-11-02T13:30'} | ${false} | ${'Mon 2 Nov 08:30 EST (it would be 09:30 in EDT)'}
    ${NEW_YORK}       | ${'2026-03-09T13:00'} | ${true}  | ${'Mon 9 Mar 09:00 EDT'}
    ${NEW_YORK}       | ${'2026-11-25T23:00'} | ${false} | ${'Wed 18:00 EST — the end of the working day'}
    ${TONGA}          | ${'2026-12-03T20:00'} | ${true}  | ${'UTC+13: Fri 4 Dec 09:00 while it is Thursday in UTC'}
    ${TONGA}          | ${'2026-12-04T20:00'} | ${false} | ${'UTC+13: Sat 5 Dec 09:00 while it is Friday in UTC'}
    ${TONGA}          | ${'2026-12-06T20:00'} | ${true}  | ${'UTC+13: Mon 7 Dec 09:00 while it is Sunday in UTC'}
    ${KIRITIMATI}     | ${'2026-12-03T19:00'} | ${true}  | ${'UTC+14: Fri 4 Dec 09:00'}
    ${KIRITIMATI}     | ${'2026-12-05T19:00'} | ${false} | ${'UTC+14: Sun 6 Dec 09:00'}
    ${'Mars/Olympus'} | ${'2026-11-25T09:00'} | ${true}  | ${'an unknown zone is read as UTC'}
    ${'Mars/Olympus'} | ${'2026-11-25T08:59'} | ${false} | ${'…08:59 UTC is before 09:00'}
  `('$zone at $at UTC → $expected ($why)', ({ zone, at, expected }) => {
    expect(isWorkingTime(utc(at as string), hours(zone as string))).toBe(expected);
  });
});

describe('nextWorkingStart: when a nudge that became due at `at` is delivered', () => {
  it.each`
    zone          | at                    | expected               | why
    ${BERLIN}     | ${'2026-11-25T10:00'} | ${'2026-11-25T10:00Z'} | ${'inside hours: right away'}
    ${BERLIN}     | ${'2026-11-25T05:00'} | ${'2026-11-25T08:00Z'} | ${'06:00: today at 09:00'}
    ${BERLIN}     | ${'2026-11-25T17:00'} | ${'2026-11-26T08:00Z'} | ${'18:00 sharp: tomorrow at 09:00'}
    ${BERLIN}     | ${'2026-11-27T17:30'} | ${'2026-11-30T08:00Z'} | ${'Friday evening: Monday at 09:00'}
    ${BERLIN}     | ${'2026-11-28T12:00'} | ${'2026-11-30T08:00Z'} | ${'Saturday: Monday'}
    ${BERLIN}     | ${'2026-03-27T17:30'} | ${'2026-03-30T07:00Z'} | ${'across spring-forward: Monday 09:00 CEST'}
    ${BERLIN}     | ${'2026-10-23T16:30'} | ${'2026-10-26T08:00Z'} | ${'across fall-back: Monday 09:00 CET'}
    ${NEW_YORK}   | ${'2026-03-06T23:30'} | ${'2026-03-09T13:00Z'} | ${'across spring-forward: Monday 09:00 EDT'}
    ${NEW_YORK}   | ${'2026-10-30T22:30'} | ${'2026-11-02T14:00Z'} | ${'across fall-back: Monday 09:00 EST'}
    ${NEW_YORK}   | ${'2027-03-12T23:30'} | ${'2027-03-15T13:00Z'} | ${'across the 2027 spring-forward'}
    ${TONGA}      | ${'2026-12-04T05:00'} | ${'2026-12-06T20:00Z'} | ${'UTC+13 Friday 18:00: Monday 09:00, a Sunday in UTC'}
    ${KIRITIMATI} | ${'2026-12-04T10:00'} | ${'2026-12-06T19:00Z'} | ${'UTC+14 Saturday 00:00: Monday 09:00'}
  `('$zone at $at UTC → $expected ($why)', ({ zone, at, expected }) => {
    expect(iso(nextWorkingStart(utc(at as string), hours(zone as string)))).toBe(expected);
  });

  it.each`
    zone        | at                    | expected               | why
    ${BERLIN}   | ${'2026-03-28T17:30'} | ${'2026-03-29T07:00Z'} | ${'Sat 18:30 CET → the spring-forward Sunday opens at 09:00 CEST'}
    ${BERLIN}   | ${'2026-10-24T16:30'} | ${'2026-10-25T08:00Z'} | ${'Sat 18:30 CEST → the fall-back Sunday opens at 09:00 CET'}
    ${NEW_YORK} | ${'2026-03-07T23:30'} | ${'2026-03-08T13:00Z'} | ${'Sat 18:30 EST → Sunday 09:00 EDT'}
    ${NEW_YORK} | ${'2026-10-31T22:30'} | ${'2026-11-01T14:00Z'} | ${'Sat 18:30 EDT → Sunday 09:00 EST'}
    ${NEW_YORK} | ${'2027-03-13T23:30'} | ${'2027-03-14T13:00Z'} | ${'Sat 18:30 EST → Sunday 14 Mar 2027 09:00 EDT'}
  `('a window that opens at 09:00 on a DST day: $why', ({ zone, at, expected }) => {
    const everyDay = hours(zone as string, { days: EVERY_DAY });
    expect(iso(nextWorkingStart(utc(at as string), everyDay))).toBe(expected);
    expect(isWorkingTime(new Date(expected as string), everyDay)).toBe(true);
  });

  it.each`
    zone        | at                    | expected               | why
    ${BERLIN}   | ${'2026-03-29T00:00'} | ${'2026-03-29T01:00Z'} | ${'opening at 02:30 that night does not exist: it opens at 03:00 CEST'}
    ${NEW_YORK} | ${'2026-03-08T06:00'} | ${'2026-03-08T07:00Z'} | ${'same in New York: 03:00 EDT'}
    ${BERLIN}   | ${'2026-10-24T23:00'} | ${'2026-10-25T00:30Z'} | ${'opening at 02:30 on fall-back night: the first 02:30'}
  `('a window that opens inside the clock change: $why', ({ zone, at, expected }) => {
    const night = hours(zone as string, { startMinute: 150, endMinute: 720, days: EVERY_DAY });
    expect(iso(nextWorkingStart(utc(at as string), night))).toBe(expected);
  });

  it('a window that opens on a doubled hour stays open through both copies of it', () => {
    const night = hours(BERLIN, { startMinute: 150, endMinute: 720, days: EVERY_DAY });
    expect(isWorkingTime(utc('2026-10-25T00:29'), night)).toBe(false);
    expect(isWorkingTime(utc('2026-10-25T00:45'), night)).toBe(true); // 02:45 CEST
    expect(isWorkingTime(utc('2026-10-25T01:45'), night)).toBe(true); // 02:45 CET
  });

  it.each`
    extra                                                    | at                    | expected               | why
    ${{ quietDates: ['2026-11-26'] }}                        | ${'2026-11-25T17:00'} | ${'2026-11-27T08:00Z'} | ${'a quiet Thursday is skipped'}
    ${{ quietDates: ['2026-11-30', '2026-12-01'] }}          | ${'2026-11-27T17:00'} | ${'2026-12-02T08:00Z'} | ${'a weekend and two quiet days'}
    ${{ away: { from: '2026-11-26', until: '2026-12-01' } }} | ${'2026-11-25T17:00'} | ${'2026-12-02T08:00Z'} | ${'the out-of-office period is skipped, both ends included'}
    ${{ away: { from: '2026-11-25', until: '2026-11-25' } }} | ${'2026-11-25T10:00'} | ${'2026-11-26T08:00Z'} | ${'away today: nothing until tomorrow'}
    ${{ away: { from: '2026-11-27', until: '2026-11-30' } }} | ${'2026-11-26T17:00'} | ${'2026-12-01T08:00Z'} | ${'away Fri–Mon with a weekend inside'}
    ${{ days: [2, 3, 4, 5] }}                                | ${'2026-11-27T17:00'} | ${'2026-12-01T08:00Z'} | ${'a person who does not work Mondays'}
    ${{ days: [7, 1, 2, 3, 4] }}                             | ${'2026-11-26T17:00'} | ${'2026-11-29T08:00Z'} | ${'Sun–Thu week: Thursday evening → Sunday'}
    ${{ startMinute: 510, endMinute: 1020 }}                 | ${'2026-11-25T16:15'} | ${'2026-11-26T07:30Z'} | ${'08:30–17:00: 17:15 waits for 08:30'}
    ${{ away: { from: '2026-12-01', until: '2026-11-01' } }} | ${'2026-11-25T17:00'} | ${'2026-11-26T08:00Z'} | ${'a backwards away period is ignored'}
    ${{ quietDates: ['someday'] }}                           | ${'2026-11-25T17:00'} | ${'2026-11-26T08:00Z'} | ${'a malformed quiet date is ignored'}
    ${{ startMinute: 1320, endMinute: 360 }}                 | ${'2026-11-25T17:00'} | ${'2026-11-26T08:00Z'} | ${'stored overnight hours are read as the defaults'}
    ${{ days: [] }}                                          | ${'2026-11-27T17:00'} | ${'2026-11-30T08:00Z'} | ${'an empty day list is read as Mon–Fri'}
  `('Berlin: $why', ({ extra, at, expected }) => {
    expect(iso(nextWorkingStart(utc(at as string), hours(BERLIN, extra)))).toBe(expected);
  });
});

describe('workingWindowKey: one bundle per person per working window', () => {
  it.each`
    zone        | at                    | expected        | why
    ${BERLIN}   | ${'2026-11-25T10:00'} | ${'2026-11-25'} | ${'during Wednesday’s window'}
    ${BERLIN}   | ${'2026-11-25T05:00'} | ${'2026-11-25'} | ${'early Wednesday waits for Wednesday’s window'}
    ${BERLIN}   | ${'2026-11-25T17:00'} | ${'2026-11-26'} | ${'after hours belongs to tomorrow’s window'}
    ${BERLIN}   | ${'2026-11-27T17:30'} | ${'2026-11-30'} | ${'Friday evening…'}
    ${BERLIN}   | ${'2026-11-29T22:00'} | ${'2026-11-30'} | ${'…and Sunday night share Monday’s bundle'}
    ${NEW_YORK} | ${'2026-10-31T12:00'} | ${'2026-11-02'} | ${'Saturday before the fall-back…'}
    ${NEW_YORK} | ${'2026-11-01T06:30'} | ${'2026-11-02'} | ${'…and the doubled hour share one bundle'}
    ${TONGA}    | ${'2026-12-03T20:00'} | ${'2026-12-04'} | ${'the person’s date, not the server’s (UTC says 3 Dec)'}
  `('$zone at $at UTC → $expected ($why)', ({ zone, at, expected }) => {
    expect(workingWindowKey(utc(at as string), hours(zone as string))).toBe(expected);
  });

  it('every instant from Friday 18:00 to Monday 17:59 in Berlin has the same key', () => {
    const h = hours(BERLIN);
    const keys = new Set<string>();
    for (let t = utc('2026-11-27T17:00').getTime(); t < utc('2026-11-30T17:00').getTime(); t += 15 * 60_000) {
      keys.add(workingWindowKey(new Date(t), h));
    }
    expect([...keys]).toEqual(['2026-11-30']);
  });
});

describe('nextWorkingMorning: “tomorrow morning” — the first window on a later date', () => {
  it.each`
    zone        | at                    | extra                             | expected               | why
    ${BERLIN}   | ${'2026-11-25T10:00'} | ${{}}                             | ${'2026-11-26T08:00Z'} | ${'Wednesday → Thursday 09:00'}
    ${BERLIN}   | ${'2026-11-25T06:00'} | ${{}}                             | ${'2026-11-26T08:00Z'} | ${'07:00, before today’s window: still tomorrow, as the button says'}
    ${BERLIN}   | ${'2026-11-27T10:00'} | ${{}}                             | ${'2026-11-30T08:00Z'} | ${'Friday → Monday'}
    ${BERLIN}   | ${'2026-11-28T10:00'} | ${{}}                             | ${'2026-11-30T08:00Z'} | ${'Saturday → Monday'}
    ${BERLIN}   | ${'2026-11-25T10:00'} | ${{ quietDates: ['2026-11-26'] }} | ${'2026-11-27T08:00Z'} | ${'tomorrow is quiet → the day after'}
    ${BERLIN}   | ${'2026-03-27T10:00'} | ${{}}                             | ${'2026-03-30T07:00Z'} | ${'Friday before spring-forward → Monday 09:00 CEST'}
    ${NEW_YORK} | ${'2026-10-30T14:00'} | ${{}}                             | ${'2026-11-02T14:00Z'} | ${'Friday before fall-back → Monday 09:00 EST'}
    ${TONGA}    | ${'2026-12-03T21:00'} | ${{}}                             | ${'2026-12-06T20:00Z'} | ${'UTC+13 Friday 10:00 → Monday 09:00'}
  `('$zone at $at UTC → $expected ($why)', ({ zone, at, extra, expected }) => {
    expect(iso(nextWorkingMorning(utc(at as string), hours(zone as string, extra)))).toBe(expected);
  });
});

describe('addWorkingDays: “still unacknowledged after two working days”', () => {
  it.each`
    zone        | at                    | n     | extra                             | expected               | why
    ${BERLIN}   | ${'2026-11-25T10:00'} | ${0}  | ${{}}                             | ${'2026-11-25T10:00Z'} | ${'zero days: now (inside hours)'}
    ${BERLIN}   | ${'2026-11-25T10:00'} | ${2}  | ${{}}                             | ${'2026-11-27T10:00Z'} | ${'Wednesday 11:00 → Friday 11:00'}
    ${BERLIN}   | ${'2026-11-27T16:00'} | ${2}  | ${{}}                             | ${'2026-12-01T16:00Z'} | ${'Friday 17:00 → Tuesday 17:00, the weekend does not count'}
    ${BERLIN}   | ${'2026-11-27T19:00'} | ${2}  | ${{}}                             | ${'2026-12-02T08:00Z'} | ${'Friday 20:00 counts from Monday 09:00 → Wednesday 09:00'}
    ${BERLIN}   | ${'2026-11-27T16:00'} | ${2}  | ${{ quietDates: ['2026-11-30'] }} | ${'2026-12-02T16:00Z'} | ${'a quiet Monday does not count'}
    ${BERLIN}   | ${'2026-03-26T09:00'} | ${2}  | ${{}}                             | ${'2026-03-30T08:00Z'} | ${'Thursday 10:00 CET → Monday 10:00 CEST: the wall time is kept'}
    ${NEW_YORK} | ${'2026-10-30T14:00'} | ${1}  | ${{}}                             | ${'2026-11-02T15:00Z'} | ${'Friday 10:00 EDT → Monday 10:00 EST'}
    ${TONGA}    | ${'2026-12-02T23:00'} | ${2}  | ${{}}                             | ${'2026-12-06T23:00Z'} | ${'UTC+13 Thursday 12:00 → Monday 12:00'}
    ${BERLIN}   | ${'2026-11-25T10:00'} | ${-3} | ${{}}                             | ${'2026-11-25T10:00Z'} | ${'negative counts as zero'}
  `('$zone $at UTC + $n → $expected ($why)', ({ zone, at, n, extra, expected }) => {
    expect(iso(addWorkingDays(utc(at as string), n as number, hours(zone as string, extra)))).toBe(expected);
  });

  it('the result is always inside working hours', () => {
    const h = hours(NEW_YORK, { quietDates: ['2026-11-03'] });
    for (let t = utc('2026-10-28T00:00').getTime(); t < utc('2026-11-06T00:00').getTime(); t += 37 * 60_000) {
      expect(isWorkingTime(addWorkingDays(new Date(t), 2, h), h)).toBe(true);
    }
  });
});

describe('nextWorkingStart properties', () => {
  it.each([BERLIN, NEW_YORK, TONGA, KIRITIMATI])(
    'in %s it is never before `at` and always inside hours',
    (zone) => {
      const h = hours(zone, { quietDates: ['2026-11-02'] });
      for (
        let t = utc('2026-10-20T00:00').getTime();
        t < utc('2026-11-10T00:00').getTime();
        t += 53 * 60_000
      ) {
        const at = new Date(t);
        const next = nextWorkingStart(at, h);
        expect(next.getTime()).toBeGreaterThanOrEqual(t);
        expect(isWorkingTime(next, h)).toBe(true);
      }
    },
  );

  it('local helper sanity: 09:00 Berlin on 29 March is 07:00 UTC', () => {
    expect(iso(local('2026-03-29T09:00', BERLIN))).toBe('2026-03-29T07:00Z');
  });
});
