import {
  MAX_AWAY_DAYS,
  MIN_WORKING_MINUTES,
  MY_SETTINGS_USAGE,
  formatLocalDate,
  parseMySettings,
} from '../../../src/services/schedule/personal-hours';
import { errorOf, expectFriendly, valueOf } from '../parse/expect-result';
import { BERLIN, TONGA, utc } from './helpers';

/** Wednesday 25 November 2026, 10:00 UTC — 11:00 in Berlin, 23:00 in Tonga. */
const NOW = utc('2026-11-25T10:00');

describe('parseMySettings: /ritual me … (Berlin, Wed 25 Nov 2026)', () => {
  it.each`
    text                               | expected
    ${''}                              | ${{ kind: 'show' }}
    ${'show'}                          | ${{ kind: 'show' }}
    ${'hours 8:30-17:00'}              | ${{ kind: 'hours', startMinute: 510, endMinute: 1020 }}
    ${'hours 8:30 - 17:00'}            | ${{ kind: 'hours', startMinute: 510, endMinute: 1020 }}
    ${'hours 8:30 to 17:00'}           | ${{ kind: 'hours', startMinute: 510, endMinute: 1020 }}
    ${'hours from 8:30 until 17:00'}   | ${{ kind: 'hours', startMinute: 510, endMinute: 1020 }}
    ${'Hours 9-5'}                     | ${{ kind: 'hours', startMinute: 540, endMinute: 1020 }}
    ${'hours 8:30-5:30'}               | ${{ kind: 'hours', startMinute: 510, endMinute: 1050 }}
    ${'hours 1pm-5'}                   | ${{ kind: 'hours', startMinute: 780, endMinute: 1020 }}
    ${'hours 9am-5:30pm'}              | ${{ kind: 'hours', startMinute: 540, endMinute: 1050 }}
    ${'hours 07:00–15:00'}             | ${{ kind: 'hours', startMinute: 420, endMinute: 900 }}
    ${'hours 10-18'}                   | ${{ kind: 'hours', startMinute: 600, endMinute: 1080 }}
    ${'hours 0:00-24:00'}              | ${{ kind: 'hours', startMinute: 0, endMinute: 1440 }}
    ${'hours default'}                 | ${{ kind: 'hours', startMinute: 540, endMinute: 1080 }}
    ${'days mon-thu'}                  | ${{ kind: 'days', days: [1, 2, 3, 4] }}
    ${'days sun-thu'}                  | ${{ kind: 'days', days: [1, 2, 3, 4, 7] }}
    ${'days mon,tue,thu'}              | ${{ kind: 'days', days: [1, 2, 4] }}
    ${'days Monday to Friday'}         | ${{ kind: 'days', days: [1, 2, 3, 4, 5] }}
    ${'days weekdays'}                 | ${{ kind: 'days', days: [1, 2, 3, 4, 5] }}
    ${'away 2026-12-20 to 2027-01-03'} | ${{ kind: 'away', from: '2026-12-20', until: '2027-01-03' }}
    ${'away 2026-12-20 - 2027-01-03'}  | ${{ kind: 'away', from: '2026-12-20', until: '2027-01-03' }}
    ${'away Dec 20 to Jan 3'}          | ${{ kind: 'away', from: '2026-12-20', until: '2027-01-03' }}
    ${'away from Dec 20 until Jan 3'}  | ${{ kind: 'away', from: '2026-12-20', until: '2027-01-03' }}
    ${'away until Jan 3'}              | ${{ kind: 'away', from: '2026-11-25', until: '2027-01-03' }}
    ${'away until Friday'}             | ${{ kind: 'away', from: '2026-11-25', until: '2026-11-27' }}
    ${'away tomorrow'}                 | ${{ kind: 'away', from: '2026-11-26', until: '2026-11-26' }}
    ${'away 2026-11-20 to 2026-11-27'} | ${{ kind: 'away', from: '2026-11-20', until: '2026-11-27' }}
    ${'away off'}                      | ${{ kind: 'back' }}
    ${'back'}                          | ${{ kind: 'back' }}
    ${"I'm back"}                      | ${{ kind: 'back' }}
    ${'quiet 2026-12-24'}              | ${{ kind: 'quiet', dates: ['2026-12-24'] }}
    ${'quiet 2026-11-25'}              | ${{ kind: 'quiet', dates: ['2026-11-25'] }}
    ${'quiet Dec 31 and Dec 24'}       | ${{ kind: 'quiet', dates: ['2026-12-24', '2026-12-31'] }}
    ${'quiet Dec 24, Dec 31, Dec 24'}  | ${{ kind: 'quiet', dates: ['2026-12-24', '2026-12-31'] }}
    ${'quiet tomorrow'}                | ${{ kind: 'quiet', dates: ['2026-11-26'] }}
    ${'quiet off 2026-12-24'}          | ${{ kind: 'quiet_off', dates: ['2026-12-24'] }}
  `('$text', ({ text, expected }) => {
    expect(valueOf(parseMySettings(text as string, NOW, BERLIN))).toMatchObject(expected as object);
  });

  it.each`
    text                               | summary
    ${'hours 9-5'}                     | ${'between 09:00 and 17:00, your time'}
    ${'days sun-thu'}                  | ${'Sun–Thu'}
    ${'days mon,wed,fri'}              | ${'Mon, Wed, Fri'}
    ${'away 2026-12-20 to 2027-01-03'} | ${'Sun 20 Dec to Sun 3 Jan 2027 (both days included)'}
    ${'away tomorrow'}                 | ${'on Thu 26 Nov (the whole day)'}
    ${'quiet Dec 24, Dec 31'}          | ${'no nudges on Thu 24 Dec, Thu 31 Dec'}
    ${'quiet off 2026-12-24'}          | ${'Thu 24 Dec is an ordinary working day again'}
    ${'back'}                          | ${'nudges are on again'}
  `('confirms $text with the resolved values: “$summary”', ({ text, summary }) => {
    const change = valueOf(parseMySettings(text as string, NOW, BERLIN));
    expect('summary' in change && change.summary).toContain(summary);
  });

  it('reads "Dec 20" typed on 22 December as this December, not next', () => {
    const dec22 = utc('2026-12-22T10:00');
    expect(valueOf(parseMySettings('away Dec 20 to Jan 3', dec22, BERLIN))).toMatchObject({
      from: '2026-12-20',
      until: '2027-01-03',
    });
  });

  it.each`
    now                   | text                | expected
    ${'2026-11-25T10:00'} | ${'quiet tomorrow'} | ${['2026-11-26']}
    ${'2026-11-25T12:00'} | ${'quiet tomorrow'} | ${['2026-11-27']}
  `(
    'in Tonga (UTC+13) "tomorrow" at $now UTC is $expected — the person’s date',
    ({ now, text, expected }) => {
      expect(valueOf(parseMySettings(text as string, utc(now as string), TONGA))).toMatchObject({
        dates: expected,
      });
    },
  );

  it.each`
    text                               | code                 | mentions
    ${'hours'}                         | ${'missing_value'}   | ${'/ritual me hours 8:30-17:00'}
    ${'hours 22:00-06:00'}             | ${'overnight'}       | ${'22:00–06:00'}
    ${'hours 18-9'}                    | ${'overnight'}       | ${'same day'}
    ${'hours 9-9:30'}                  | ${'too_short'}       | ${'at least an hour'}
    ${'hours 9:00-25:00'}              | ${'bad_time'}        | ${'25:00'}
    ${'hours nine to five'}            | ${'bad_time'}        | ${'nine to five'}
    ${'hours 9-17-18'}                 | ${'bad_time'}        | ${'8:30-17:00'}
    ${'days'}                          | ${'missing_value'}   | ${'days mon-thu'}
    ${'days blursday'}                 | ${'bad_days'}        | ${'blursday'}
    ${'away'}                          | ${'missing_value'}   | ${'away until Jan 3'}
    ${'away whenever'}                 | ${'bad_date'}        | ${'whenever'}
    ${'away 2026-11-01 to 2026-11-10'} | ${'past'}            | ${'already over'}
    ${'away 2027-01-03 to 2026-12-20'} | ${'backwards'}       | ${'before it starts'}
    ${'away 2026-12-20 to 2028-01-03'} | ${'too_long'}        | ${'up to a year'}
    ${'quiet'}                         | ${'missing_value'}   | ${'/ritual me quiet 2026-12-24'}
    ${'quiet 2026-11-24'}              | ${'past'}            | ${'already behind us'}
    ${'quiet 2026-02-30'}              | ${'bad_date'}        | ${'2026-02-30'}
    ${'timezone Europe/Paris'}         | ${'unknown_setting'} | ${'/ritual me days mon-thu'}
  `('refuses $text kindly ($code)', ({ text, code, mentions }) => {
    const error = errorOf(parseMySettings(text as string, NOW, BERLIN));
    expect(error.code).toBe(code);
    expect(error.message).toContain(mentions);
    expect(error.message).toMatch(/`[^`]+`/);
    expectFriendly(error.message);
  });

  it('limits and usage', () => {
    expect(MIN_WORKING_MINUTES).toBe(60);
    expect(MAX_AWAY_DAYS).toBe(366);
    for (const command of ['hours', 'days', 'away', 'quiet', 'back'])
      expect(MY_SETTINGS_USAGE).toContain(command);
    expect(formatLocalDate('2027-01-03', NOW, BERLIN)).toBe('Sun 3 Jan 2027');
    expect(formatLocalDate('2026-12-24', NOW, BERLIN)).toBe('Thu 24 Dec');
  });
});
