/**
 * Where the sandbox's clock control moves business time to. Pure: the sandbox applies the answer to the
 * app's AdjustableClock, then runs a tick so whatever fell due fires at once.
 */
import { DateTime } from 'luxon';
import type { ClockStep } from './protocol';

const HOUR_MS = 60 * 60 * 1000;

/** The first 09:00 on a weekday (Mon–Fri) strictly after `now`, in the person's time zone. */
export function nextWorkingMorning(now: Date, tz: string, hour = 9): Date {
  const local = DateTime.fromJSDate(now, { zone: tz });
  const zone = local.isValid ? local : DateTime.fromJSDate(now, { zone: 'UTC' });
  let candidate = zone.set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (candidate <= zone) candidate = candidate.plus({ days: 1 });
  while (candidate.weekday > 5) candidate = candidate.plus({ days: 1 });
  // plus({ days }) keeps the wall-clock hour across DST changes, so this is 09:00 local on that day.
  return candidate.toJSDate();
}

/** The instant a clock step lands on, seen from `now` by a person in `tz`. */
export function clockTarget(step: ClockStep, now: Date, tz: string): Date {
  switch (step) {
    case 'hour':
      return new Date(now.getTime() + HOUR_MS);
    case 'day':
      return new Date(now.getTime() + 24 * HOUR_MS);
    case 'morning':
      return nextWorkingMorning(now, tz);
  }
}
