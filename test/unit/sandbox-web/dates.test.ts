import { dayLabel, formatSlackDate, ordinal, shortDateTime } from '../../../src/sandbox/web/src/blocks/dates';

// Wednesday 25 November 2026, 10:00 UTC
const NOW = Date.parse('2026-11-25T10:00:00Z');
const at = (iso: string) => Date.parse(iso) / 1000;

describe("Slack's <!date> tokens, in the reader's zone and relative to sandbox time", () => {
  it('{date_short_pretty} at {time}: today / tomorrow / a date, 24-hour time', () => {
    const fmt = '{date_short_pretty} at {time}';
    expect(formatSlackDate(at('2026-11-25T16:00:00Z'), fmt, NOW, 'Europe/Berlin')).toBe('Today at 17:00');
    expect(formatSlackDate(at('2026-11-26T16:00:00Z'), fmt, NOW, 'Europe/Berlin')).toBe('Tomorrow at 17:00');
    expect(formatSlackDate(at('2026-11-24T16:00:00Z'), fmt, NOW, 'Europe/Berlin')).toBe('Yesterday at 17:00');
    expect(formatSlackDate(at('2026-12-04T16:00:00Z'), fmt, NOW, 'Europe/Berlin')).toBe('Dec 4, 2026 at 17:00');
  });

  it('the same instant reads differently across the team’s zones', () => {
    const due = at('2026-11-25T16:00:00Z');
    const fmt = '{date_short_pretty} at {time}';
    expect(formatSlackDate(due, fmt, NOW, 'America/New_York')).toBe('Today at 11:00');
    expect(formatSlackDate(due, fmt, NOW, 'Asia/Tokyo')).toBe('Tomorrow at 01:00');
    expect(formatSlackDate(due, fmt, NOW, 'Pacific/Auckland')).toBe('Tomorrow at 05:00');
    expect(formatSlackDate(at('2026-11-27T16:00:00Z'), '{date_long_pretty}', NOW, 'Asia/Tokyo')).toBe('Saturday, November 28th, 2026');
  });

  it('the other documented tokens', () => {
    const t = at('2014-02-18T14:39:45Z');
    expect(formatSlackDate(t, '{date_num}', NOW, 'UTC')).toBe('2014-02-18');
    expect(formatSlackDate(t, '{date}', NOW, 'UTC')).toBe('February 18th, 2014');
    expect(formatSlackDate(t, '{date_short}', NOW, 'UTC')).toBe('Feb 18, 2014');
    expect(formatSlackDate(t, '{date_long}', NOW, 'UTC')).toBe('Tuesday, February 18th, 2014');
    expect(formatSlackDate(t, '{time_secs}', NOW, 'UTC')).toBe('14:39:45');
    expect(formatSlackDate(at('2026-11-25T12:00:00Z'), 'due {ago}', NOW, 'UTC')).toBe('due in 2 hours');
    expect(formatSlackDate(at('2026-11-22T10:00:00Z'), '{ago}', NOW, 'UTC')).toBe('3 days ago');
    expect(formatSlackDate(t, '{unknown}', NOW, 'UTC')).toBe('{unknown}');
  });

  it('ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      '1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th',
    ]);
  });

  it('day separators and the clock line', () => {
    expect(dayLabel(NOW, NOW, 'UTC')).toBe('Today');
    expect(dayLabel(NOW - 86_400_000, NOW, 'UTC')).toBe('Yesterday');
    expect(dayLabel(Date.parse('2026-11-20T10:00:00Z'), NOW, 'UTC')).toBe('Friday, November 20th');
    expect(dayLabel(Date.parse('2025-11-20T10:00:00Z'), NOW, 'UTC')).toBe('Thursday, November 20th, 2025');
    expect(shortDateTime(NOW, 'Europe/Berlin')).toBe('Wed 25 Nov, 11:00');
  });
});
