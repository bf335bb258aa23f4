import { isMondaySomewhere } from '../../../src/services/nudges';

describe('the Monday note is only looked for while it is Monday somewhere', () => {
  it.each([
    ['2026-11-29T09:59:00Z', false], // Sunday 23:59 in Kiritimati (UTC+14): not yet Monday anywhere
    ['2026-11-29T10:00:00Z', true], // Monday 00:00 in Kiritimati
    ['2026-11-30T12:00:00Z', true], // Monday noon UTC
    ['2026-12-01T11:59:00Z', true], // Monday 23:59 on Baker Island (UTC−12)
    ['2026-12-01T12:00:00Z', false], // Tuesday everywhere
    ['2026-12-03T08:00:00Z', false], // Thursday
  ])('%s → %s', (iso, expected) => {
    expect(isMondaySomewhere(new Date(iso))).toBe(expected);
  });
});
