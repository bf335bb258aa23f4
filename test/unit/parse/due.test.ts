import {
  END_OF_WORKING_DAY_HOUR,
  MAX_DUE_YEARS,
  endOfWorkingDayIn,
  formatDue,
  formatDueRelative,
  parseDue,
  resolveZone,
} from '../../../src/services/parse/due';
import { errorOf, expectFriendly, valueOf } from './expect-result';

/** Wednesday 25 November 2026, 10:00 UTC — 11:00 in Berlin, 05:00 in New York, 23:00 in Tonga. */
const NOW = new Date('2026-11-25T10:00:00Z');
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const TONGA = 'Pacific/Tongatapu';
const AUCKLAND = 'Pacific/Auckland';

describe('parseDue: what people type, read in their own time zone (Berlin, Wed 25 Nov 11:00)', () => {
  it.each`
    text                  | due                           | hadTime  | why
    ${'Friday'}           | ${'2026-11-27T16:00:00.000Z'} | ${false} | ${'no time → 17:00, the end of the working day'}
    ${'by Friday'}        | ${'2026-11-27T16:00:00.000Z'} | ${false} | ${'a leading "by" is fine'}
    ${'due: Friday'}      | ${'2026-11-27T16:00:00.000Z'} | ${false} | ${'so is "due:"'}
    ${'fri'}              | ${'2026-11-27T16:00:00.000Z'} | ${false} | ${'short weekday names, any case'}
    ${'Wednesday'}        | ${'2026-11-25T16:00:00.000Z'} | ${false} | ${'today is Wednesday and 17:00 is still ahead'}
    ${'this Friday'}      | ${'2026-11-27T16:00:00.000Z'} | ${false} | ${'"this" changes nothing'}
    ${'next Monday'}      | ${'2026-11-30T16:00:00.000Z'} | ${false} | ${'Monday of next week'}
    ${'tomorrow'}         | ${'2026-11-26T16:00:00.000Z'} | ${false} | ${'tomorrow, end of working day'}
    ${'tomorrow 5pm'}     | ${'2026-11-26T16:00:00.000Z'} | ${true}  | ${'explicit time'}
    ${'tomorrow at 9:30'} | ${'2026-11-26T08:30:00.000Z'} | ${true}  | ${'24h minutes'}
    ${'Thursday 15:00'}   | ${'2026-11-26T14:00:00.000Z'} | ${true}  | ${'24h clock'}
    ${'Dec 12'}           | ${'2026-12-12T16:00:00.000Z'} | ${false} | ${'month and day'}
    ${'12 December'}      | ${'2026-12-12T16:00:00.000Z'} | ${false} | ${'day and month'}
    ${'2026-12-12'}       | ${'2026-12-12T16:00:00.000Z'} | ${false} | ${'ISO date'}
    ${'12/12'}            | ${'2026-12-12T16:00:00.000Z'} | ${false} | ${'slash date'}
    ${'3/4'}              | ${'2027-04-03T15:00:00.000Z'} | ${false} | ${'day/month outside the US; 3 April is in summer time'}
    ${'31/12'}            | ${'2026-12-31T16:00:00.000Z'} | ${false} | ${'a day over 12 can only be a day'}
    ${'in 3 days'}        | ${'2026-11-28T16:00:00.000Z'} | ${false} | ${'relative days keep the 17:00 rule'}
    ${'in 2 weeks'}       | ${'2026-12-09T16:00:00.000Z'} | ${false} | ${'relative weeks'}
    ${'in 2 hours'}       | ${'2026-11-25T12:00:00.000Z'} | ${true}  | ${'relative hours are elapsed time'}
    ${'noon'}             | ${'2026-11-25T11:00:00.000Z'} | ${true}  | ${'noon today is still ahead'}
    ${'3pm'}              | ${'2026-11-25T14:00:00.000Z'} | ${true}  | ${'a time alone is today when still ahead'}
    ${'9am'}              | ${'2026-11-26T08:00:00.000Z'} | ${true}  | ${'…and tomorrow when it has passed'}
    ${'EOD'}              | ${'2026-11-25T16:00:00.000Z'} | ${true}  | ${'end of day is 17:00'}
    ${'end of day'}       | ${'2026-11-25T16:00:00.000Z'} | ${true}  | ${'spelled out'}
    ${'COB'}              | ${'2026-11-25T16:00:00.000Z'} | ${true}  | ${'close of business'}
    ${'Friday EOD'}       | ${'2026-11-27T16:00:00.000Z'} | ${true}  | ${'weekday + end of day'}
    ${'EOD Friday'}       | ${'2026-11-27T16:00:00.000Z'} | ${true}  | ${'either order'}
    ${'end of week'}      | ${'2026-11-27T16:00:00.000Z'} | ${true}  | ${'end of week is Friday 17:00'}
    ${'end of month'}     | ${'2026-11-30T16:00:00.000Z'} | ${false} | ${'last day of this month'}
    ${'tomorrow morning'} | ${'2026-11-26T08:00:00.000Z'} | ${true}  | ${'morning is 09:00, not chrono’s 06:00'}
    ${'Friday afternoon'} | ${'2026-11-27T14:00:00.000Z'} | ${true}  | ${'afternoon is 15:00'}
    ${'Friday at 5'}      | ${'2026-11-27T16:00:00.000Z'} | ${true}  | ${'a bare 5 at work means 5pm'}
    ${'Friday 5am'}       | ${'2026-11-27T04:00:00.000Z'} | ${true}  | ${'…unless the person says am'}
    ${'Friday 05:00'}     | ${'2026-11-27T04:00:00.000Z'} | ${true}  | ${'…or writes a leading zero'}
    ${'Friday at 8'}      | ${'2026-11-27T07:00:00.000Z'} | ${true}  | ${'7 and later stay morning hours'}
    ${'midnight'}         | ${'2026-11-25T22:59:00.000Z'} | ${true}  | ${'midnight is the end of today'}
    ${'Friday midnight'}  | ${'2026-11-27T22:59:00.000Z'} | ${true}  | ${'…and the end of Friday, not its start'}
    ${'Friday 5pm PST'}   | ${'2026-11-28T01:00:00.000Z'} | ${true}  | ${'a named zone is honoured'}
    ${'Friday 17:00 UTC'} | ${'2026-11-27T17:00:00.000Z'} | ${true}  | ${'UTC too'}
    ${'  Friday.  '}      | ${'2026-11-27T16:00:00.000Z'} | ${false} | ${'spaces and a full stop are fine'}
  `('“$text” → $due ($why)', ({ text, due, hadTime }: { text: string; due: string; hadTime: boolean }) => {
    const parsed = valueOf(parseDue(text, NOW, BERLIN));
    expect(parsed.due.toISOString()).toBe(due);
    expect(parsed.hadTime).toBe(hadTime);
  });

  it('echoes the words it read as the date', () => {
    expect(valueOf(parseDue('by tomorrow 5pm', NOW, BERLIN)).matched).toBe('tomorrow 5pm');
  });

  it('reads slash dates month-first in US time zones (3/4 is March 4th in New York)', () => {
    expect(valueOf(parseDue('3/4', NOW, NEW_YORK)).due.toISOString()).toBe('2027-03-04T22:00:00.000Z');
  });

  it('treats the time as 17:00 of the END_OF_WORKING_DAY_HOUR', () => {
    expect(END_OF_WORKING_DAY_HOUR).toBe(17);
  });
});

describe('parseDue: weekdays said on that very day', () => {
  const fridayAfternoon = new Date('2026-11-27T13:00:00Z'); // 14:00 in Berlin
  const fridayEvening = new Date('2026-11-27T17:30:00Z'); // 18:30 in Berlin

  it('“Friday” on Friday at 14:00 means today, 17:00', () => {
    expect(valueOf(parseDue('Friday', fridayAfternoon, BERLIN)).due.toISOString()).toBe(
      '2026-11-27T16:00:00.000Z',
    );
  });

  it('“Friday” on Friday at 18:30 means next Friday', () => {
    expect(valueOf(parseDue('Friday', fridayEvening, BERLIN)).due.toISOString()).toBe(
      '2026-12-04T16:00:00.000Z',
    );
  });

  it('“Friday 9am” on Friday at 14:00 means next Friday', () => {
    expect(valueOf(parseDue('Friday 9am', fridayAfternoon, BERLIN)).due.toISOString()).toBe(
      '2026-12-04T08:00:00.000Z',
    );
  });
});

describe('parseDue: clock changes between now and the due date', () => {
  it.each`
    zone        | now                       | text               | due                           | why
    ${BERLIN}   | ${'2026-10-23T10:00:00Z'} | ${'Monday'}        | ${'2026-10-26T16:00:00.000Z'} | ${'Berlin leaves summer time on Sun 25 Oct: Monday 17:00 is UTC+1'}
    ${BERLIN}   | ${'2026-10-23T10:00:00Z'} | ${'tomorrow'}      | ${'2026-10-24T15:00:00.000Z'} | ${'Saturday is still summer time (UTC+2)'}
    ${BERLIN}   | ${'2026-10-23T10:00:00Z'} | ${'in 3 days'}     | ${'2026-10-26T16:00:00.000Z'} | ${'three calendar days, 17:00 local'}
    ${BERLIN}   | ${'2026-10-23T10:00:00Z'} | ${'in 48 hours'}   | ${'2026-10-25T10:00:00.000Z'} | ${'48 elapsed hours, whatever the clocks do'}
    ${BERLIN}   | ${'2026-10-23T10:00:00Z'} | ${'Sunday 2:30am'} | ${'2026-10-25T00:30:00.000Z'} | ${'02:30 happens twice: the first (earlier) one'}
    ${NEW_YORK} | ${'2026-10-30T14:00:00Z'} | ${'Monday'}        | ${'2026-11-02T22:00:00.000Z'} | ${'New York falls back on Sun 1 Nov: Monday 17:00 is UTC-5'}
    ${NEW_YORK} | ${'2026-10-30T14:00:00Z'} | ${'tomorrow 9am'}  | ${'2026-10-31T13:00:00.000Z'} | ${'Saturday is still daylight time (UTC-4)'}
    ${NEW_YORK} | ${'2026-10-30T14:00:00Z'} | ${'Sunday 1:30am'} | ${'2026-11-01T05:30:00.000Z'} | ${'01:30 happens twice: the first (earlier) one'}
    ${NEW_YORK} | ${'2026-11-01T05:30:00Z'} | ${'in 2 hours'}    | ${'2026-11-01T07:30:00.000Z'} | ${'two real hours across the change'}
    ${NEW_YORK} | ${'2027-03-12T15:00:00Z'} | ${'Monday 9am'}    | ${'2027-03-15T13:00:00.000Z'} | ${'New York springs forward on Sun 14 Mar: Monday 09:00 is UTC-4'}
    ${NEW_YORK} | ${'2027-03-12T15:00:00Z'} | ${'Sunday 2:30am'} | ${'2027-03-14T07:30:00.000Z'} | ${'02:30 does not exist that night: it becomes 03:30'}
    ${NEW_YORK} | ${'2027-03-12T15:00:00Z'} | ${'Sunday'}        | ${'2027-03-14T21:00:00.000Z'} | ${'Sunday 17:00 is already daylight time'}
  `('$zone, now $now: “$text” → $due ($why)', ({ zone, now, text, due }: Record<string, string>) => {
    expect(valueOf(parseDue(text, new Date(now), zone)).due.toISOString()).toBe(due);
  });
});

describe('parseDue: people far ahead of UTC (Tonga and New Zealand, UTC+13, 23:00 on Wednesday)', () => {
  it.each([TONGA, AUCKLAND])('%s: “tomorrow” is their Thursday, 17:00', (zone) => {
    expect(valueOf(parseDue('tomorrow', NOW, zone)).due.toISOString()).toBe('2026-11-26T04:00:00.000Z');
  });

  it.each([TONGA, AUCKLAND])('%s: “Friday” is their Friday, 17:00', (zone) => {
    expect(valueOf(parseDue('Friday', NOW, zone)).due.toISOString()).toBe('2026-11-27T04:00:00.000Z');
  });

  it('“today” is already over for them at 23:00', () => {
    expect(errorOf(parseDue('today', NOW, TONGA)).code).toBe('past');
  });

  it('“Wednesday” at 23:00 on Wednesday means next week', () => {
    expect(valueOf(parseDue('Wednesday', NOW, TONGA)).due.toISOString()).toBe('2026-12-02T04:00:00.000Z');
  });
});

describe('parseDue: what it refuses, and how it says so', () => {
  const evening = new Date('2026-11-25T17:00:00Z'); // 18:00 in Berlin

  it.each`
    text             | now        | code
    ${'yesterday'}   | ${NOW}     | ${'past'}
    ${'last Friday'} | ${NOW}     | ${'past'}
    ${'2 days ago'}  | ${NOW}     | ${'past'}
    ${'2026-11-20'}  | ${NOW}     | ${'past'}
    ${'today'}       | ${evening} | ${'past'}
    ${'blah'}        | ${NOW}     | ${'unparseable'}
    ${''}            | ${NOW}     | ${'unparseable'}
    ${'   '}         | ${NOW}     | ${'unparseable'}
    ${'the team'}    | ${NOW}     | ${'unparseable'}
    ${'Fridya 5pm'}  | ${NOW}     | ${'unparseable'}
    ${'soonish'}     | ${NOW}     | ${'unparseable'}
    ${'2029-01-01'}  | ${NOW}     | ${'too_far'}
    ${'Dec 12 2030'} | ${NOW}     | ${'too_far'}
    ${'2028-11-26'}  | ${NOW}     | ${'too_far'}
  `('“$text” → $code', ({ text, now, code }: { text: string; now: Date; code: string }) => {
    const error = errorOf(parseDue(text, now, BERLIN));
    expect(error.code).toBe(code);
    expectFriendly(error.message);
  });

  it('accepts a date just inside the limit of MAX_DUE_YEARS', () => {
    expect(MAX_DUE_YEARS).toBe(2);
    expect(valueOf(parseDue('2028-11-24', NOW, BERLIN)).due.toISOString()).toBe('2028-11-24T16:00:00.000Z');
  });

  it('does not guess a date from a typo: “Fridya 5pm” is refused, not read as today 5pm', () => {
    expect(errorOf(parseDue('Fridya 5pm', NOW, BERLIN)).message).toContain('“Fridya 5pm”');
  });

  it('says what it could not read, with examples', () => {
    expect(errorOf(parseDue('blah', NOW, BERLIN)).message).toBe(
      'I couldn’t find a date in “blah” — try `by Friday 5pm` or `in 3 days`.'.replace('’', "'"),
    );
  });

  it('says when a past date was, in the person’s zone', () => {
    expect(errorOf(parseDue('yesterday', NOW, BERLIN)).message).toBe(
      'That date is already behind us — “yesterday” was Tue 24 Nov, 17:00 (Europe/Berlin). ' +
        'Try a day ahead, like `by Friday 5pm` or `in 3 days`.',
    );
  });

  it('suggests a nearer milestone for dates years away', () => {
    expect(errorOf(parseDue('2029-01-01', NOW, BERLIN)).message).toContain('more than 2 years away');
  });
});

describe('time zones that are missing or unknown', () => {
  it.each(['', 'Mars/Olympus_Mons', 'not a zone'])('“%s” falls back to UTC', (tz) => {
    expect(resolveZone(tz)).toBe('UTC');
    expect(valueOf(parseDue('Friday', NOW, tz)).due.toISOString()).toBe('2026-11-27T17:00:00.000Z');
    expect(formatDue(new Date('2026-11-27T17:00:00Z'), tz, NOW)).toBe('Fri 27 Nov, 17:00 (UTC)');
  });

  it('keeps valid zones as they are', () => {
    expect(resolveZone(TONGA)).toBe(TONGA);
  });
});

describe('the server’s own time zone never matters', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  it.each(['UTC', 'America/Los_Angeles', 'Pacific/Chatham', 'Asia/Kolkata'])('server in %s', (serverZone) => {
    process.env.TZ = serverZone;
    const answers = ['Friday', 'tomorrow 9am', '4/3', 'in 2 hours', 'Sunday 2:30am', 'EOD'].map((t) =>
      valueOf(parseDue(t, new Date('2027-03-12T15:00:00Z'), NEW_YORK)).due.toISOString(),
    );
    expect(answers).toEqual([
      '2027-03-12T22:00:00.000Z',
      '2027-03-13T14:00:00.000Z',
      '2027-04-03T21:00:00.000Z',
      '2027-03-12T17:00:00.000Z',
      '2027-03-14T07:30:00.000Z',
      '2027-03-12T22:00:00.000Z',
    ]);
  });
});

describe('formatDue: how a confirmation echoes the date', () => {
  it.each`
    due                       | zone        | text
    ${'2026-12-04T16:00:00Z'} | ${BERLIN}   | ${'Fri 4 Dec, 17:00 (Europe/Berlin)'}
    ${'2026-12-04T16:00:00Z'} | ${NEW_YORK} | ${'Fri 4 Dec, 11:00 (America/New_York)'}
    ${'2026-11-26T04:00:00Z'} | ${TONGA}    | ${'Thu 26 Nov, 17:00 (Pacific/Tongatapu)'}
    ${'2027-03-01T16:00:00Z'} | ${BERLIN}   | ${'Mon 1 Mar 2027, 17:00 (Europe/Berlin)'}
    ${'2027-09-03T15:00:00Z'} | ${BERLIN}   | ${'Fri 3 Sep 2027, 17:00 (Europe/Berlin)'}
  `('$due in $zone → “$text”', ({ due, zone, text }: Record<string, string>) => {
    expect(formatDue(new Date(due), zone, NOW)).toBe(text);
  });
});

describe('formatDueRelative: short phrases for reminders', () => {
  it.each`
    due                       | text
    ${'2026-11-25T16:00:00Z'} | ${'today'}
    ${'2026-11-26T16:00:00Z'} | ${'tomorrow'}
    ${'2026-11-27T16:00:00Z'} | ${'on Friday'}
    ${'2026-12-07T16:00:00Z'} | ${'in 12 days'}
    ${'2026-11-24T16:00:00Z'} | ${'yesterday'}
    ${'2026-11-22T16:00:00Z'} | ${'3 days ago'}
  `('$due → “$text”', ({ due, text }: Record<string, string>) => {
    expect(formatDueRelative(new Date(due), BERLIN, NOW)).toBe(text);
  });

  it('counts calendar days where the person is: 04:00 UTC Thursday is “tomorrow” in Berlin, “today” in Tonga', () => {
    const due = new Date('2026-11-26T04:00:00Z');
    expect(formatDueRelative(due, BERLIN, NOW)).toBe('tomorrow');
    expect(formatDueRelative(due, TONGA, NOW)).toBe('tomorrow');
    expect(formatDueRelative(due, TONGA, new Date('2026-11-25T12:00:00Z'))).toBe('today');
  });
});

describe('endOfWorkingDayIn: the default due date', () => {
  it('is 17:00 local, N calendar days ahead, across a clock change', () => {
    expect(endOfWorkingDayIn(7, new Date('2026-10-23T10:00:00Z'), BERLIN).toISOString()).toBe(
      '2026-10-30T16:00:00.000Z',
    );
    expect(endOfWorkingDayIn(7, NOW, TONGA).toISOString()).toBe('2026-12-02T04:00:00.000Z');
  });
});

describe('a day and month that has already passed cannot mislead', () => {
  const DEC_4 = new Date('2026-12-04T10:00:00Z');
  it('“Dec 1” typed on 4 Dec is refused with the reading shown, not moved to next year', () => {
    const r = parseDue('by Dec 1', DEC_4, 'Europe/Berlin');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('past');
    expect(r.error.message).toContain('“Dec 1” was Tue 1 Dec, 17:00');
    expect(r.error.message).toContain('say “Dec 1 2027”');
  });
  it('“Jan 5” typed in December is next January, and says its year', () => {
    const r = parseDue('Jan 5', DEC_4, 'Europe/Berlin');
    expect(r.ok && r.value.due.toISOString()).toBe('2027-01-05T16:00:00.000Z');
  });
  it('a year given is taken as given', () => {
    const r = parseDue('Dec 1 2027', DEC_4, 'Europe/Berlin');
    expect(r.ok && r.value.due.toISOString()).toBe('2027-12-01T16:00:00.000Z');
  });
});
