/**
 * Snoozing a reminder. A snooze only moves *delivery*: it is not a renegotiation, changes no due date
 * and writes nothing to the ledger, so the reminder keeps its key (see `reminderKey`).
 *
 * - `1h`: one hour of elapsed time ("in an hour" is 60 minutes even on the night the clocks change),
 *   then pushed into working hours — snoozing at 17:30 lands at the next morning's opening, not 18:30.
 * - `tomorrow`: the opening of the first working window on a later local date (`nextWorkingMorning`):
 *   on Friday that is Monday, after a quiet date or an away period it is the day after.
 * - `monday`: the first working window on or after next Monday, strictly next week when today is
 *   Monday (snoozing on Monday "until Monday" means the next one). If the person does not work
 *   Mondays, or that Monday is quiet or away, it is their first working window after it.
 */
import { localDateOf, resolveZone, wallTime } from './local-time';
import { nextWorkingMorning, nextWorkingStart, type WorkingHours } from './working-hours';

export type SnoozeChoice = '1h' | 'tomorrow' | 'monday';

const HOUR_MS = 3_600_000;

/** When a reminder snoozed at `now` comes back. */
export function snoozeUntil(choice: SnoozeChoice, now: Date, h: WorkingHours): Date {
  switch (choice) {
    case '1h':
      return nextWorkingStart(new Date(now.getTime() + HOUR_MS), h);
    case 'tomorrow':
      return nextWorkingMorning(now, h);
    case 'monday': {
      const zone = resolveZone(h.tz);
      const today = localDateOf(now, zone);
      const monday = today.plus({ days: 8 - today.weekday }); // Monday → +7, Sunday → +1
      return nextWorkingStart(wallTime(monday, 0, zone), h);
    }
  }
}
