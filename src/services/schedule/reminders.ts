/**
 * When to nudge someone about an open delegation or commitment.
 *
 * `reminderPlan` answers "at which instants does a reminder become due?", in the person's zone but
 * *before* working hours: the engine delivers each point at `nextWorkingStart(point.at)` and bundles
 * by `workingWindowKey`. Keeping the two apart means a change of working hours never changes which
 * reminders exist — only when they arrive.
 *
 * The rules (stakes `null` — a commitment — counts as medium):
 *
 * | stakes | before | halfway | due | overdue |
 * |--------|--------|---------|-----|---------|
 * | small  | only for long-running items | – | ✓ | ✓ |
 * | medium | ✓ | – | ✓ | ✓ |
 * | large  | ✓ | ✓ | ✓ | ✓ |
 *
 * - **long-running**: created more than 3 local calendar days (same wall time) before the due time.
 *   Compared on the wall clock so a DST weekend does not flip an item between the two rules.
 * - **before**, long-running: the same wall time one day earlier ("24 h before", on the wall clock, so
 *   a Monday 17:00 deadline after the clocks change is reminded at Sunday 17:00, not 16:00 or 18:00).
 *   A day's notice is what something that has been open for days needs.
 * - **before**, short: 09:00 local on the due day — "this is due today" in the morning. When the due time
 *   is at or before 09:00, 09:00 of the previous day (a reminder after the deadline is not "before").
 *   Not for items created on the due day itself: they are fresh in mind, and a "due today" an hour
 *   after promising it is noise. Small items skip it: due-time and overdue nudges are enough for them.
 * - **halfway** (large only): the midpoint between creation and due, as elapsed time. Kept only when it
 *   falls on an earlier local date than the next point, so a large item never gets two check-ins the
 *   same day (same-day large items simply get due + overdue).
 * - **due**: the due instant ("if still open" is checked at delivery: a stale reminder is dropped).
 * - **overdue**: once, at 09:00 local on the day after the due day. A morning note is something a
 *   person can act on (finish, or renegotiate honestly); "due + 24 h" would often land at the end of
 *   the next day. It is never less than 9 h after the deadline.
 * - Points at or before `createdAt` are left out (nobody needs a reminder the moment they promise);
 *   the rest are sorted and, by construction, never share an instant (a final guard enforces it).
 *
 * 09:00 here is a fixed "morning", not the person's start of day: the plan does not know their hours.
 * Delivery moves a 09:00 point into a window that opens later, and sends it at 09:00 in one that
 * opens earlier. After that adjustment two points of one item can fall in the same bundle (a Monday
 * 09:00 deadline's "before" point is Sunday); the bundle should list the item once, with the latest kind.
 */
import type { ReminderKind } from '../../domain/reminders';
import type { Stakes } from '../../domain/stakes';
import { localDayMs, ONE_DAY_MS, resolveZone, wallMsOfDay, wallTimeOnDay } from './local-time';

export type { ReminderKind, Stakes };

export interface ReminderPoint {
  kind: ReminderKind;
  /** When it becomes due to send, before working-hours adjustment. */
  at: Date;
}

export interface RemindableItem {
  createdAt: Date;
  dueAt: Date;
  /** `null` for commitments, which are treated like medium stakes. */
  stakes: Stakes | null;
}

/** Local "morning" used for the before and overdue points (09:00). */
export const REMINDER_MORNING_MINUTE = 540;
/** Items created more than this many local days before they are due are long-running. */
export const LONG_RUNNING_DAYS = 3;

/** The reminder points for one open item, sorted, in the person's zone `tz` (invalid → UTC). */
export function reminderPlan(item: RemindableItem, tz: string): ReminderPoint[] {
  // Plain integer arithmetic on local dates (`localDayMs`: a date as its 00:00 UTC in ms; ± n days is
  // ± n * ONE_DAY_MS) with the memoised zone offsets of local-time.ts: the same rules as luxon's plain
  // dates, without building an object per step (the plan runs for every due item on every tick).
  const zone = resolveZone(tz);
  const stakes: Stakes = item.stakes ?? 'medium';
  const dueDay = localDayMs(item.dueAt, zone);
  const dueWallMs = wallMsOfDay(item.dueAt, zone);
  const morningOf = (day: number) => wallTimeOnDay(day, REMINDER_MORNING_MINUTE * 60_000, zone);

  // "Three days before" on the wall clock: the same local time three calendar days earlier.
  const longRunning =
    item.createdAt < wallTimeOnDay(dueDay - LONG_RUNNING_DAYS * ONE_DAY_MS, dueWallMs, zone);

  const points: ReminderPoint[] = [];
  let before: Date | null = null;
  if (longRunning) {
    before = wallTimeOnDay(dueDay - ONE_DAY_MS, dueWallMs, zone);
  } else if (stakes !== 'small' && localDayMs(item.createdAt, zone) < dueDay) {
    const morning = morningOf(dueDay);
    before = morning < item.dueAt ? morning : morningOf(dueDay - ONE_DAY_MS);
  }
  if (before && before <= item.createdAt) before = null;
  if (before) points.push({ kind: 'before', at: before });

  if (stakes === 'large') {
    const halfway = new Date(
      item.createdAt.getTime() + (item.dueAt.getTime() - item.createdAt.getTime()) / 2,
    );
    const next = before ?? item.dueAt;
    if (halfway > item.createdAt && localDayMs(halfway, zone) < localDayMs(next, zone)) {
      points.push({ kind: 'halfway', at: halfway });
    }
  }

  points.push({ kind: 'due', at: item.dueAt });
  points.push({ kind: 'overdue', at: morningOf(dueDay + ONE_DAY_MS) });

  const plan = points.filter((p) => p.at > item.createdAt).sort((a, b) => a.at.getTime() - b.at.getTime());
  // Guard: one point per instant, whatever the rules above become.
  return plan.filter((p, i) => i === 0 || p.at.getTime() !== plan[i - 1].at.getTime());
}

/**
 * The natural idempotency key of one reminder, for the outbox's unique index:
 * `reminder:T123:commitment:7:due:2026-12-04T16:00:00.000Z`.
 *
 * It holds the due *instant* in UTC, so moving the due date (a renegotiation) yields fresh keys — and a
 * fresh set of reminders — while a daylight-saving change, which moves no instant, changes nothing.
 * A snooze moves delivery, not the plan, so it keeps the key. (Moving a date back to exactly where it
 * was reuses the old keys: those reminders were already sent for that very deadline.)
 */
export function reminderKey(
  teamId: string,
  subject: 'delegation' | 'commitment',
  ref: number | string,
  kind: ReminderKind,
  dueAt: Date,
): string {
  return `reminder:${teamId}:${subject}:${String(ref)}:${kind}:${isoOfInstant(dueAt)}`;
}

/**
 * `toISOString()` memoised per Date object: the tick builds each item's keys several times (to look
 * them up, to bundle, to plan the next look) from the same `dueAt`. The memo holds the instant it was
 * made for, so even a Date changed in place gets its own string: it can change no key.
 */
const isoOf = new WeakMap<Date, { ms: number; iso: string }>();
function isoOfInstant(at: Date): string {
  const ms = at.getTime();
  const hit = isoOf.get(at);
  if (hit && hit.ms === ms) return hit.iso;
  const iso = at.toISOString();
  isoOf.set(at, { ms, iso });
  return iso;
}
