import { clockTarget, nextWorkingMorning } from '../../../src/sandbox/clock-control';

const iso = (d: Date) => d.toISOString();

describe('sandbox clock control', () => {
  it('+1 hour and +1 day', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    expect(iso(clockTarget('hour', now, 'UTC'))).toBe('2026-11-25T11:00:00.000Z');
    expect(iso(clockTarget('day', now, 'UTC'))).toBe('2026-11-26T10:00:00.000Z');
  });

  it('next working morning is 09:00 in the acting person’s zone', () => {
    // Wed 11:00 in Berlin → Thu 09:00 Berlin (08:00Z)
    expect(iso(nextWorkingMorning(new Date('2026-11-25T10:00:00Z'), 'Europe/Berlin'))).toBe('2026-11-26T08:00:00.000Z');
    // Wed 05:00 in New York → the same day, 09:00 New York (14:00Z)
    expect(iso(nextWorkingMorning(new Date('2026-11-25T10:00:00Z'), 'America/New_York'))).toBe('2026-11-25T14:00:00.000Z');
    // Wed 23:00 in Auckland → Thu 09:00 Auckland (Wed 20:00Z)
    expect(iso(nextWorkingMorning(new Date('2026-11-25T10:00:00Z'), 'Pacific/Auckland'))).toBe('2026-11-25T20:00:00.000Z');
  });

  it('skips the weekend, and 09:00 exactly moves to the next working day', () => {
    // Fri 27 Nov 10:00 Berlin → Mon 30 Nov 09:00
    expect(iso(nextWorkingMorning(new Date('2026-11-27T09:00:00Z'), 'Europe/Berlin'))).toBe('2026-11-30T08:00:00.000Z');
    // Mon 09:00 sharp → Tue 09:00
    expect(iso(nextWorkingMorning(new Date('2026-11-30T08:00:00Z'), 'Europe/Berlin'))).toBe('2026-12-01T08:00:00.000Z');
  });

  it('keeps 09:00 local across a DST change', () => {
    // Sat 28 Mar 2026 in Berlin; clocks go forward on Sun 29 Mar → Mon 30 Mar 09:00 CEST = 07:00Z
    expect(iso(nextWorkingMorning(new Date('2026-03-28T12:00:00Z'), 'Europe/Berlin'))).toBe('2026-03-30T07:00:00.000Z');
  });
});
