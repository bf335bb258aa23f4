import { snoozeUntil, type SnoozeChoice } from '../../../src/services/schedule/snooze';
import { BERLIN, NEW_YORK, TONGA, hours, iso, utc } from './helpers';

describe('snoozeUntil: 1 hour, tomorrow morning, next Monday — always inside working hours', () => {
  it.each`
    choice        | zone        | now                   | extra                                                               | expected               | why
    ${'1h'}       | ${BERLIN}   | ${'2026-11-25T10:00'} | ${{}}                                                               | ${'2026-11-25T11:00Z'} | ${'Wed 11:00 → 12:00'}
    ${'1h'}       | ${BERLIN}   | ${'2026-11-25T16:30'} | ${{}}                                                               | ${'2026-11-26T08:00Z'} | ${'Wed 17:30: 18:30 is after hours → Thu 09:00'}
    ${'1h'}       | ${BERLIN}   | ${'2026-11-25T15:59'} | ${{}}                                                               | ${'2026-11-25T16:59Z'} | ${'16:59 → 17:59, the last working minute'}
    ${'1h'}       | ${BERLIN}   | ${'2026-11-27T16:30'} | ${{}}                                                               | ${'2026-11-30T08:00Z'} | ${'Friday 17:30 → Monday 09:00'}
    ${'1h'}       | ${BERLIN}   | ${'2026-03-29T00:30'} | ${{ startMinute: 0, endMinute: 1440, days: [1, 2, 3, 4, 5, 6, 7] }} | ${'2026-03-29T01:30Z'} | ${'an hour is 60 minutes even when the clocks jump (01:30 CET → 03:30 CEST)'}
    ${'tomorrow'} | ${BERLIN}   | ${'2026-11-25T10:00'} | ${{}}                                                               | ${'2026-11-26T08:00Z'} | ${'Wednesday → Thursday 09:00'}
    ${'tomorrow'} | ${BERLIN}   | ${'2026-11-27T10:00'} | ${{}}                                                               | ${'2026-11-30T08:00Z'} | ${'Friday → Monday 09:00'}
    ${'tomorrow'} | ${BERLIN}   | ${'2026-11-25T10:00'} | ${{ quietDates: ['2026-11-26'] }}                                   | ${'2026-11-27T08:00Z'} | ${'tomorrow is quiet → Friday'}
    ${'tomorrow'} | ${BERLIN}   | ${'2026-11-25T10:00'} | ${{ away: { from: '2026-11-26', until: '2026-12-02' } }}            | ${'2026-12-03T08:00Z'} | ${'away from tomorrow → the first day back'}
    ${'tomorrow'} | ${BERLIN}   | ${'2026-11-25T10:00'} | ${{ startMinute: 450 }}                                             | ${'2026-11-26T06:30Z'} | ${'the person’s own opening (07:30)'}
    ${'tomorrow'} | ${NEW_YORK} | ${'2026-10-30T14:00'} | ${{}}                                                               | ${'2026-11-02T14:00Z'} | ${'New York Friday → Monday 09:00 EST, after the fall-back'}
    ${'tomorrow'} | ${TONGA}    | ${'2026-12-03T21:00'} | ${{}}                                                               | ${'2026-12-06T20:00Z'} | ${'UTC+13 Friday → Monday 09:00 (Sunday in UTC)'}
    ${'monday'}   | ${BERLIN}   | ${'2026-11-25T10:00'} | ${{}}                                                               | ${'2026-11-30T08:00Z'} | ${'Wednesday → next Monday 09:00'}
    ${'monday'}   | ${BERLIN}   | ${'2026-11-29T10:00'} | ${{}}                                                               | ${'2026-11-30T08:00Z'} | ${'Sunday → tomorrow, Monday'}
    ${'monday'}   | ${BERLIN}   | ${'2026-11-30T10:00'} | ${{}}                                                               | ${'2026-12-07T08:00Z'} | ${'on a Monday → next week’s Monday'}
    ${'monday'}   | ${BERLIN}   | ${'2026-11-30T05:00'} | ${{}}                                                               | ${'2026-12-07T08:00Z'} | ${'…even before today’s window opens'}
    ${'monday'}   | ${BERLIN}   | ${'2026-03-25T10:00'} | ${{}}                                                               | ${'2026-03-30T07:00Z'} | ${'across spring-forward: Monday 09:00 CEST'}
    ${'monday'}   | ${NEW_YORK} | ${'2026-10-28T14:00'} | ${{}}                                                               | ${'2026-11-02T14:00Z'} | ${'across fall-back: Monday 09:00 EST'}
    ${'monday'}   | ${BERLIN}   | ${'2026-11-25T10:00'} | ${{ days: [2, 3, 4, 5] }}                                           | ${'2026-12-01T08:00Z'} | ${'someone who does not work Mondays → Tuesday'}
    ${'monday'}   | ${BERLIN}   | ${'2026-11-25T10:00'} | ${{ quietDates: ['2026-11-30'] }}                                   | ${'2026-12-01T08:00Z'} | ${'a quiet Monday → Tuesday'}
    ${'monday'}   | ${TONGA}    | ${'2026-12-06T12:00'} | ${{}}                                                               | ${'2026-12-13T20:00Z'} | ${'UTC+13: Sunday in UTC is already Monday 01:00 in Tonga → the Monday after'}
  `('$choice at $now UTC ($zone) → $expected: $why', ({ choice, zone, now, extra, expected }) => {
    expect(iso(snoozeUntil(choice as SnoozeChoice, utc(now as string), hours(zone as string, extra)))).toBe(
      expected,
    );
  });
});
