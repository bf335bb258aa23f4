import {
  LONG_RUNNING_DAYS,
  REMINDER_MORNING_MINUTE,
  reminderKey,
  reminderPlan,
  type Stakes,
} from '../../../src/services/schedule/reminders';
import { BERLIN, NEW_YORK, TONGA, local, utc } from './helpers';

/** A plan as `kind@instant` strings: easy to read in a table. */
function plan(createdAt: Date, dueAt: Date, stakes: Stakes | null, tz: string): string[] {
  return reminderPlan({ createdAt, dueAt, stakes }, tz).map(
    (p) => `${p.kind}@${p.at.toISOString().replace(':00.000Z', 'Z')}`,
  );
}

describe('reminderPlan constants', () => {
  it('mornings are 09:00 and long-running means more than 3 days', () => {
    expect(REMINDER_MORNING_MINUTE).toBe(540);
    expect(LONG_RUNNING_DAYS).toBe(3);
  });
});

// Berlin, November (UTC+1). Wed 25 Nov 11:00 → Fri 27 Nov 17:00 is a short item (2 days 6 h).
const WED_11 = local('2026-11-25T11:00', BERLIN);
const MON_11 = local('2026-11-23T11:00', BERLIN);
const TUE_17 = local('2026-11-24T17:00', BERLIN);
const FRI_17 = local('2026-11-27T17:00', BERLIN);

describe('reminderPlan: which nudges an open item gets, by stakes (Berlin)', () => {
  it.each`
    case                                                          | createdAt | stakes      | expected
    ${'medium, short: morning of the due day, due, next morning'} | ${WED_11} | ${'medium'} | ${['before@2026-11-27T08:00Z', 'due@2026-11-27T16:00Z', 'overdue@2026-11-28T08:00Z']}
    ${'a commitment (no stakes) is treated like medium'}          | ${WED_11} | ${null}     | ${['before@2026-11-27T08:00Z', 'due@2026-11-27T16:00Z', 'overdue@2026-11-28T08:00Z']}
    ${'small, short: only due and overdue'}                       | ${WED_11} | ${'small'}  | ${['due@2026-11-27T16:00Z', 'overdue@2026-11-28T08:00Z']}
    ${'large, short: plus a halfway check-in (Thu 14:00)'}        | ${WED_11} | ${'large'}  | ${['halfway@2026-11-26T13:00Z', 'before@2026-11-27T08:00Z', 'due@2026-11-27T16:00Z', 'overdue@2026-11-28T08:00Z']}
    ${'medium, long-running: 24 h before (Thu 17:00)'}            | ${MON_11} | ${'medium'} | ${['before@2026-11-26T16:00Z', 'due@2026-11-27T16:00Z', 'overdue@2026-11-28T08:00Z']}
    ${'small, long-running: keeps the day-before nudge'}          | ${MON_11} | ${'small'}  | ${['before@2026-11-26T16:00Z', 'due@2026-11-27T16:00Z', 'overdue@2026-11-28T08:00Z']}
    ${'large, long-running: halfway is Wed 14:00'}                | ${MON_11} | ${'large'}  | ${['halfway@2026-11-25T13:00Z', 'before@2026-11-26T16:00Z', 'due@2026-11-27T16:00Z', 'overdue@2026-11-28T08:00Z']}
    ${'exactly 3 days is not long-running (more than 3)'}         | ${TUE_17} | ${'medium'} | ${['before@2026-11-27T08:00Z', 'due@2026-11-27T16:00Z', 'overdue@2026-11-28T08:00Z']}
  `('$case', ({ createdAt, stakes, expected }) => {
    expect(plan(createdAt as Date, FRI_17, stakes as Stakes | null, BERLIN)).toEqual(expected);
  });

  it.each`
    case                                                              | createdAt                            | dueAt                                | stakes      | expected
    ${'due at 08:30: the "before" is the previous morning'}           | ${WED_11}                            | ${local('2026-11-27T08:30', BERLIN)} | ${'medium'} | ${['before@2026-11-26T08:00Z', 'due@2026-11-27T07:30Z', 'overdue@2026-11-28T08:00Z']}
    ${'due at 09:00 sharp: also the previous morning'}                | ${WED_11}                            | ${local('2026-11-27T09:00', BERLIN)} | ${'medium'} | ${['before@2026-11-26T08:00Z', 'due@2026-11-27T08:00Z', 'overdue@2026-11-28T08:00Z']}
    ${'created on the due day: no "due today" nudge, no halfway'}     | ${local('2026-11-27T08:00', BERLIN)} | ${FRI_17}                            | ${'large'}  | ${['due@2026-11-27T16:00Z', 'overdue@2026-11-28T08:00Z']}
    ${'due tomorrow 08:30, created today 10:00: the morning is past'} | ${local('2026-11-26T10:00', BERLIN)} | ${local('2026-11-27T08:30', BERLIN)} | ${'medium'} | ${['due@2026-11-27T07:30Z', 'overdue@2026-11-28T08:00Z']}
    ${'large over one night: halfway (Thu 22:00) is the day before'}  | ${local('2026-11-26T15:00', BERLIN)} | ${local('2026-11-27T05:00', BERLIN)} | ${'large'}  | ${['halfway@2026-11-26T21:00Z', 'due@2026-11-27T04:00Z', 'overdue@2026-11-28T08:00Z']}
    ${'halfway on the same day as "before" is dropped'}               | ${local('2026-11-25T09:00', BERLIN)} | ${local('2026-11-27T09:00', BERLIN)} | ${'large'}  | ${['before@2026-11-26T08:00Z', 'due@2026-11-27T08:00Z', 'overdue@2026-11-28T08:00Z']}
    ${'due late at night: overdue is still the next morning'}         | ${WED_11}                            | ${local('2026-11-27T23:30', BERLIN)} | ${'small'}  | ${['due@2026-11-27T22:30Z', 'overdue@2026-11-28T08:00Z']}
    ${'already past due when recorded: only the overdue nudge'}       | ${local('2026-11-27T18:00', BERLIN)} | ${FRI_17}                            | ${'medium'} | ${['overdue@2026-11-28T08:00Z']}
  `('$case', ({ createdAt, dueAt, stakes, expected }) => {
    expect(plan(createdAt as Date, dueAt as Date, stakes as Stakes, BERLIN)).toEqual(expected);
  });
});

describe('reminderPlan: daylight saving never shifts a reminder', () => {
  it.each`
    case                                                                              | zone                 | createdAt                              | dueAt                                  | expected
    ${'Berlin fall-back: due Mon 26 Oct 17:00 CET; the day-before stays 17:00'}       | ${BERLIN}            | ${local('2026-10-19T10:00', BERLIN)}   | ${local('2026-10-26T17:00', BERLIN)}   | ${['before@2026-10-25T16:00Z', 'due@2026-10-26T16:00Z', 'overdue@2026-10-27T08:00Z']}
    ${'Berlin spring-forward: due Mon 30 Mar 17:00 CEST; the day-before stays 17:00'} | ${BERLIN}            | ${local('2026-03-23T10:00', BERLIN)}   | ${local('2026-03-30T17:00', BERLIN)}   | ${['before@2026-03-29T15:00Z', 'due@2026-03-30T15:00Z', 'overdue@2026-03-31T07:00Z']}
    ${'New York fall-back: due Mon 2 Nov 17:00 EST'}                                  | ${NEW_YORK}          | ${local('2026-10-30T10:00', NEW_YORK)} | ${local('2026-11-02T17:00', NEW_YORK)} | ${['before@2026-11-01T22:00Z', 'due@2026-11-02T22:00Z', 'overdue@2026-11-03T14:00Z']}
    ${'New York spring-forward: due Mon 9 Mar 09:30 EDT, short'}                      | ${NEW_YORK}          | ${local('2026-03-06T12:00', NEW_YORK)} | ${local('2026-03-09T09:30', NEW_YORK)} | ${['before@2026-03-09T13:00Z', 'due@2026-03-09T13:30Z', 'overdue@2026-03-10T13:00Z']}
    ${'New York 2027 spring-forward: due Sun 14 Mar 17:00 EDT'}                       | ${NEW_YORK}          | ${local('2027-03-12T10:00', NEW_YORK)} | ${local('2027-03-14T17:00', NEW_YORK)} | ${['before@2027-03-14T13:00Z', 'due@2027-03-14T21:00Z', 'overdue@2027-03-15T13:00Z']}
    ${'UTC+13: due Mon 7 Dec 17:00 in Tonga, morning is Sunday 20:00 UTC'}            | ${TONGA}             | ${local('2026-12-05T10:00', TONGA)}    | ${local('2026-12-07T17:00', TONGA)}    | ${['before@2026-12-06T20:00Z', 'due@2026-12-07T04:00Z', 'overdue@2026-12-07T20:00Z']}
    ${'an unknown zone is read as UTC'}                                               | ${'Nowhere/Special'} | ${utc('2026-11-25T11:00')}             | ${utc('2026-11-27T17:00')}             | ${['before@2026-11-27T09:00Z', 'due@2026-11-27T17:00Z', 'overdue@2026-11-28T09:00Z']}
  `('$case', ({ zone, createdAt, dueAt, expected }) => {
    expect(plan(createdAt as Date, dueAt as Date, 'medium', zone as string)).toEqual(expected);
  });
});

describe('reminderPlan invariants, over many items', () => {
  const zones = [BERLIN, NEW_YORK, TONGA, 'UTC'];
  const stakes: Array<Stakes | null> = ['small', 'medium', 'large', null];
  const start = utc('2026-10-20T00:00').getTime();
  const cases: Array<[string, Date, Date, Stakes | null]> = [];
  for (const zone of zones)
    for (const s of stakes)
      for (let c = 0; c < 14 * 24; c += 7)
        // creation every 7 h over two weeks (crosses both DST changes)
        for (const span of [1, 5, 9, 23, 49, 71, 73, 97, 200]) {
          const createdAt = new Date(start + c * 3_600_000);
          cases.push([zone, createdAt, new Date(createdAt.getTime() + span * 3_600_000), s]);
        }

  it(`${cases.length} plans: sorted, after creation, no two points at one instant, one of each kind`, () => {
    for (const [zone, createdAt, dueAt, s] of cases) {
      const points = reminderPlan({ createdAt, dueAt, stakes: s }, zone);
      const times = points.map((p) => p.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(times).size).toBe(times.length);
      expect(times.every((t) => t > createdAt.getTime())).toBe(true);
      expect(new Set(points.map((p) => p.kind)).size).toBe(points.length);
      expect(points.filter((p) => p.kind === 'due')).toHaveLength(1);
      expect(points.filter((p) => p.kind === 'overdue')).toHaveLength(1);
      if (s !== 'large') expect(points.some((p) => p.kind === 'halfway')).toBe(false);
    }
  });
});

describe('reminderKey: a natural idempotency key', () => {
  const due = local('2026-12-04T17:00', BERLIN);

  it('names the team, the subject, the reference, the kind and the due instant', () => {
    expect(reminderKey('T1', 'commitment', 7, 'due', due)).toBe(
      'reminder:T1:commitment:7:due:2026-12-04T16:00:00.000Z',
    );
    expect(reminderKey('T1', 'delegation', 12, 'before', due)).toBe(
      'reminder:T1:delegation:12:before:2026-12-04T16:00:00.000Z',
    );
  });

  it.each`
    change                                            | other
    ${'another team'}                                 | ${() => reminderKey('T2', 'commitment', 7, 'due', due)}
    ${'a delegation'}                                 | ${() => reminderKey('T1', 'delegation', 7, 'due', due)}
    ${'another ref'}                                  | ${() => reminderKey('T1', 'commitment', 8, 'due', due)}
    ${'another kind'}                                 | ${() => reminderKey('T1', 'commitment', 7, 'overdue', due)}
    ${'a moved date (renegotiated): fresh reminders'} | ${() => reminderKey('T1', 'commitment', 7, 'due', local('2026-12-07T17:00', BERLIN))}
    ${'moved by one minute'}                          | ${() => reminderKey('T1', 'commitment', 7, 'due', new Date(due.getTime() + 60_000))}
  `('changes with $change', ({ other }) => {
    expect((other as () => string)()).not.toBe(reminderKey('T1', 'commitment', 7, 'due', due));
  });

  it.each`
    zone        | wall
    ${BERLIN}   | ${'2026-10-26T17:00'}
    ${NEW_YORK} | ${'2026-11-02T17:00'}
    ${NEW_YORK} | ${'2027-03-15T17:00'}
  `('is stable across DST: the $zone deadline $wall has one key however it is read', ({ zone, wall }) => {
    const a = local(wall as string, zone as string);
    const b = new Date(a.toISOString());
    const c = new Date(a.getTime());
    expect(reminderKey('T1', 'commitment', 1, 'due', b)).toBe(reminderKey('T1', 'commitment', 1, 'due', a));
    expect(reminderKey('T1', 'commitment', 1, 'due', c)).toBe(reminderKey('T1', 'commitment', 1, 'due', a));
  });

  it('a plan across the fall-back weekend gives one key per point, the same on every run', () => {
    const item = {
      createdAt: local('2026-10-19T10:00', BERLIN),
      dueAt: local('2026-10-26T17:00', BERLIN),
      stakes: 'large' as const,
    };
    const keys = () =>
      reminderPlan(item, BERLIN).map((p) => reminderKey('T1', 'delegation', 3, p.kind, item.dueAt));
    expect(keys()).toEqual(keys());
    expect(new Set(keys()).size).toBe(keys().length);
  });
});
