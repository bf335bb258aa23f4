import { isoDate, localDateOf, parseIsoDate, wallTime } from '../../../src/services/schedule/local-time';
import { BERLIN, NEW_YORK, TONGA, iso, utc } from './helpers';

const date = (s: string) => parseIsoDate(s)!;

describe('wallTime: the instant a wall clock shows a time — never shifted, never doubled', () => {
  it.each`
    zone        | day             | time       | expected               | why
    ${BERLIN}   | ${'2026-03-28'} | ${'09:00'} | ${'2026-03-28T08:00Z'} | ${'winter time, UTC+1'}
    ${BERLIN}   | ${'2026-03-29'} | ${'09:00'} | ${'2026-03-29T07:00Z'} | ${'the morning of the spring-forward day is already summer time'}
    ${BERLIN}   | ${'2026-03-29'} | ${'02:30'} | ${'2026-03-29T01:00Z'} | ${'02:30 does not exist: the next instant that does, 03:00'}
    ${BERLIN}   | ${'2026-03-29'} | ${'02:00'} | ${'2026-03-29T01:00Z'} | ${'the first missing minute also lands on 03:00'}
    ${BERLIN}   | ${'2026-03-29'} | ${'03:00'} | ${'2026-03-29T01:00Z'} | ${'03:00 itself exists'}
    ${BERLIN}   | ${'2026-10-25'} | ${'02:30'} | ${'2026-10-25T00:30Z'} | ${'02:30 happens twice: the first (summer time)'}
    ${BERLIN}   | ${'2026-10-25'} | ${'09:00'} | ${'2026-10-25T08:00Z'} | ${'back to UTC+1 after the fall-back'}
    ${NEW_YORK} | ${'2026-03-08'} | ${'02:30'} | ${'2026-03-08T07:00Z'} | ${'New York spring-forward gap → 03:00 EDT'}
    ${NEW_YORK} | ${'2026-03-08'} | ${'09:00'} | ${'2026-03-08T13:00Z'} | ${'09:00 EDT'}
    ${NEW_YORK} | ${'2026-11-01'} | ${'01:30'} | ${'2026-11-01T05:30Z'} | ${'01:30 happens twice: the first (EDT)'}
    ${NEW_YORK} | ${'2026-11-01'} | ${'09:00'} | ${'2026-11-01T14:00Z'} | ${'09:00 EST'}
    ${NEW_YORK} | ${'2027-03-14'} | ${'02:30'} | ${'2027-03-14T07:00Z'} | ${'2027 spring-forward gap'}
    ${TONGA}    | ${'2026-12-07'} | ${'09:00'} | ${'2026-12-06T20:00Z'} | ${'UTC+13: Monday morning is Sunday evening in UTC'}
    ${'UTC'}    | ${'2026-12-07'} | ${'24:00'} | ${'2026-12-08T00:00Z'} | ${'24:00 is the next midnight'}
  `('$zone $day $time → $expected ($why)', ({ zone, day, time, expected }) => {
    const [h, m] = (time as string).split(':').map(Number);
    expect(iso(wallTime(date(day as string), h * 60 + m, zone as string))).toBe(expected);
  });
});

describe('localDateOf and parseIsoDate: calendar dates in the person’s zone', () => {
  it.each`
    at                    | zone        | expected
    ${'2026-12-03T20:00'} | ${TONGA}    | ${'2026-12-04'}
    ${'2026-12-03T20:00'} | ${NEW_YORK} | ${'2026-12-03'}
    ${'2026-03-29T00:30'} | ${BERLIN}   | ${'2026-03-29'}
    ${'2026-03-28T22:59'} | ${BERLIN}   | ${'2026-03-28'}
  `('$at UTC is $expected in $zone', ({ at, zone, expected }) => {
    expect(isoDate(localDateOf(utc(at as string), zone as string))).toBe(expected);
  });

  it.each(['2026-02-30', '2026-13-01', '26-12-01', '2026-12-1', 'soon', ''])('%j is not a date', (text) => {
    expect(parseIsoDate(text)).toBeNull();
  });
});
