import type { DayOff } from '../../../src/domain/days-off';
import { offSummary, parseReminders, wants } from '../../../src/services/reminder-preferences';
import {
  dayOffAt,
  daysOffFor,
  matchDaysOff,
  parseHolidays,
  withDaysOff,
} from '../../../src/services/schedule/days-off';
import { DEFAULT_HOURS, nextWorkingStart } from '../../../src/services/schedule/working-hours';

const day = (over: Partial<DayOff>): DayOff => ({
  id: 1,
  teamId: 'T1',
  channelId: 'C1',
  from: '2027-03-15',
  until: '2027-03-15',
  label: null,
  ...over,
});

describe('days off are calendar dates in each person’s own zone', () => {
  it('a reminder due on a day off waits for the next working morning, across a DST change', () => {
    // New York moves its clocks on Sun 14 Mar 2027; Mon 15 Mar is the day off
    const ny = withDaysOff({ tz: 'America/New_York', ...DEFAULT_HOURS }, [day({})]);
    expect(nextWorkingStart(new Date('2027-03-15T13:00:00Z'), ny).toISOString()).toBe(
      '2027-03-16T13:00:00.000Z',
    ); // Tue 09:00 EDT
    const berlin = withDaysOff({ tz: 'Europe/Berlin', ...DEFAULT_HOURS }, [day({})]);
    expect(nextWorkingStart(new Date('2027-03-15T08:00:00Z'), berlin).toISOString()).toBe(
      '2027-03-16T08:00:00.000Z',
    ); // 09:00 CET
  });

  it('the same instant is a day off in Tokyo and not yet in New York', () => {
    const at = new Date('2027-03-15T01:00:00Z'); // 10:00 Mon in Tokyo, 21:00 Sun in New York
    expect(dayOffAt([day({})], at, 'Asia/Tokyo')).not.toBeNull();
    expect(dayOffAt([day({})], at, 'America/New_York')).toBeNull();
  });

  it('a channel’s days off concern only that channel; workspace days off concern everything', () => {
    const days = [day({ id: 1 }), day({ id: 2, channelId: 'C2' }), day({ id: 3, channelId: null })];
    expect(daysOffFor(days, 'C1').map((d) => d.id)).toEqual([1, 3]);
    expect(daysOffFor(days, null).map((d) => d.id)).toEqual([3]);
  });

  it('reads add, list and remove, and refuses what it cannot read', () => {
    expect(parseHolidays('add 2026-12-24 2026-12-26 "Winter break"', '2026-12-01')).toEqual({
      ok: true,
      value: {
        kind: 'add',
        from: '2026-12-24',
        until: '2026-12-26',
        label: 'Winter break',
        workspace: false,
      },
    });
    expect(parseHolidays('add 2026-12-31 workspace', '2026-12-01')).toMatchObject({
      ok: true,
      value: { workspace: true, until: '2026-12-31' },
    });
    expect(parseHolidays('', '2026-12-01')).toEqual({ ok: true, value: { kind: 'list' } });
    for (const bad of [
      'add',
      'add 2026-02-30',
      'add 2026-12-26 2026-12-24',
      'add 2026-11-30',
      'add 2026-12-01 2028-01-01',
      'remove',
      'nope',
    ])
      expect(parseHolidays(bad, '2026-12-01').ok).toBe(false);
    const days = [day({ id: 7, from: '2026-12-24', until: '2026-12-26', label: 'Winter break' })];
    expect(matchDaysOff(days, '#7')).toHaveLength(1);
    expect(matchDaysOff(days, '2026-12-25')).toHaveLength(1);
    expect(matchDaysOff(days, 'winter break')).toHaveLength(1);
    expect(matchDaysOff(days, '2026-12-27')).toHaveLength(0);
  });
});

describe('reminder kinds a person turned off', () => {
  it('halfway follows the morning-of setting; weekly is its own', () => {
    const off = new Set(['before']);
    expect(wants(off, 'halfway')).toBe(false);
    expect(wants(off, 'before')).toBe(false);
    expect(wants(off, 'due')).toBe(true);
    expect(wants(new Set(['weekly']), 'weekly')).toBe(false);
    expect(wants(undefined, 'overdue')).toBe(true);
  });
  it('says plainly what is off', () => {
    expect(offSummary(['overdue', 'weekly'])).toBe('You won’t get: overdue notes, the Monday leader note.');
    expect(offSummary([])).toBeNull();
    expect(parseReminders(' overdue never ')).toEqual({
      ok: true,
      value: { kind: 'set', setting: 'overdue', on: false },
    });
    expect(parseReminders('overdue').ok).toBe(false);
  });
});
