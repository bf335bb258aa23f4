import { DateTime } from 'luxon';
import type { WorkingHours } from '../../../src/services/schedule/working-hours';
import { DEFAULT_HOURS } from '../../../src/services/schedule/working-hours';

export const BERLIN = 'Europe/Berlin';
export const NEW_YORK = 'America/New_York';
export const TONGA = 'Pacific/Tongatapu'; // UTC+13 all year
export const KIRITIMATI = 'Pacific/Kiritimati'; // UTC+14 all year

/** An instant written as UTC: `utc('2026-11-25T10:00')`. */
export function utc(iso: string): Date {
  return new Date(`${iso.length === 16 ? `${iso}:00` : iso}Z`);
}

/** An instant written as a wall clock in a zone: `local('2026-03-29T09:00', BERLIN)`. */
export function local(iso: string, zone: string): Date {
  return DateTime.fromISO(iso, { zone }).toJSDate();
}

/** The default Mon–Fri 09:00–18:00 hours in `tz`, with overrides. */
export function hours(tz: string, overrides: Partial<Omit<WorkingHours, 'tz'>> = {}): WorkingHours {
  return { tz, ...DEFAULT_HOURS, ...overrides };
}

/** ISO string of an instant, for readable table expectations. */
export function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString().replace(':00.000Z', 'Z');
}
