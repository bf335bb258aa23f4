/**
 * Team and workspace days off: pure rules.
 *
 *   /ritual holidays add 2026-12-24 2026-12-26 "Winter break"   (one date or a range, optional label)
 *   /ritual holidays add 2026-12-31 workspace                    (workspace-wide: admins only)
 *   /ritual holidays list          /ritual holidays remove <date | label | id>
 *
 * Decisions, and why:
 * - A day off is a calendar date, read in each recipient's own zone (like `/ritual me quiet`): Dec 24 is
 *   Dec 24 in Tokyo and in New York. It is applied by adding the dates to the person's quiet dates, so a
 *   DM that would fall on it waits for the next working moment exactly as working hours do.
 * - Who is concerned by a channel's days off: the channel's rituals; reminders about delegations given
 *   in that channel (to the person who holds them) and about the support promises made with them. A
 *   promise made on its own (`/commit`) and the weekly leader note belong to no channel: only workspace
 *   days off quiet them.
 * - Rituals due on a day off are skipped, not moved: a retro the day after a holiday would cover a week
 *   nobody worked on, and the next regular occurrence comes anyway.
 * - A range lasts at most a year, and may not end in the past (it could never change anything).
 */
import type { DayOff } from '../../domain/days-off';
import { fail, ok, type Result } from '../parse/result';
import { cleanText, quote } from '../parse/text';
import { isoDate, localDateOf, parseIsoDate, resolveZone } from './local-time';
import type { WorkingHours } from './working-hours';

export const MAX_DAYS_OFF_SPAN = 366;
export const MAX_LABEL_LENGTH = 80;

export const HOLIDAYS_USAGE = [
  'Here is how to set team days off (calendar dates, in everyone’s own time zone):',
  '• `/ritual holidays add 2026-12-24 2026-12-26 "Winter break"` — one date or a range, with an optional label',
  '• `/ritual holidays add 2026-12-31 workspace` — for the whole workspace (workspace admins)',
  '• `/ritual holidays list` — what is set for this channel and the workspace',
  '• `/ritual holidays remove 2026-12-24` — by a date, a label or its number',
].join('\n');

export type HolidaysCommand =
  | { kind: 'list' }
  | { kind: 'add'; from: string; until: string; label: string | null; workspace: boolean }
  | { kind: 'remove'; target: string };

/** Reads the text after `/ritual holidays`. `today` is the typist's local date (YYYY-MM-DD). */
export function parseHolidays(text: string, today: string): Result<HolidaysCommand, 'usage'> {
  const typed = cleanText(text).replace(/[“”]/gu, '"');
  const [, word = '', rest = ''] = /^(\S*)\s*(.*)$/su.exec(typed) ?? [];
  const w = word.toLowerCase();
  if (w === '' || w === 'list' || w === 'show') return ok({ kind: 'list' });
  if (w === 'remove' || w === 'delete' || w === 'rm') {
    const target = rest.replace(/^"(.*)"$/su, '$1').trim();
    if (!target) return fail('usage', `Which day off should I remove?\n${HOLIDAYS_USAGE}`);
    return ok({ kind: 'remove', target });
  }
  if (w !== 'add') return fail('usage', `I don’t know ${quote(word)} for days off.\n${HOLIDAYS_USAGE}`);

  let label: string | null = null;
  let remaining = rest;
  const quoted = /"([^"]*)"/u.exec(remaining);
  if (quoted) {
    label = quoted[1].trim() || null;
    remaining = remaining.replace(quoted[0], ' ');
  }
  const words = remaining.split(/\s+/u).filter(Boolean);
  let workspace = false;
  const dates: string[] = [];
  const other: string[] = [];
  for (const token of words) {
    if (/^workspace$/iu.test(token)) workspace = true;
    else if (/^(?:to|until|-|–|—)$/iu.test(token)) continue;
    else if (/^\d{4}-\d{2}-\d{2}$/u.test(token)) dates.push(token);
    else other.push(token);
  }
  if (!label && other.length > 0) label = other.join(' ');
  else if (other.length > 0)
    return fail('usage', `I couldn’t read ${quote(other.join(' '))}.\n${HOLIDAYS_USAGE}`);
  if (dates.length === 0 || dates.length > 2)
    return fail('usage', `Which dates? Write them as YYYY-MM-DD.\n${HOLIDAYS_USAGE}`);
  for (const d of dates)
    if (!parseIsoDate(d))
      return fail('usage', `${quote(d)} isn’t a date on the calendar.\n${HOLIDAYS_USAGE}`);
  const [from, until = from] = dates;
  if (until < from)
    return fail('usage', `${until} comes before ${from} — write the first day first.\n${HOLIDAYS_USAGE}`);
  if (until < today)
    return fail(
      'usage',
      `${until} has already passed, so it could never change anything.\n${HOLIDAYS_USAGE}`,
    );
  const span = parseIsoDate(until)!.diff(parseIsoDate(from)!, 'days').days;
  if (span >= MAX_DAYS_OFF_SPAN)
    return fail('usage', `That is more than a year of days off — split it up?\n${HOLIDAYS_USAGE}`);
  if (label && label.length > MAX_LABEL_LENGTH)
    return fail(
      'usage',
      `That label is long — ${MAX_LABEL_LENGTH} characters at most, please.\n${HOLIDAYS_USAGE}`,
    );
  return ok({ kind: 'add', from, until, label, workspace });
}

/** Which of `days` a remove target names: an id ("3" or "#3"), a date inside it, or its label. */
export function matchDaysOff(days: DayOff[], target: string): DayOff[] {
  const t = target.trim().toLowerCase();
  const id = /^#?(\d+)$/u.exec(t);
  if (id) return days.filter((d) => d.id === Number(id[1]));
  if (/^\d{4}-\d{2}-\d{2}$/u.test(t)) return days.filter((d) => d.from <= t && t <= d.until);
  return days.filter((d) => (d.label ?? '').toLowerCase() === t);
}

/** Every date (YYYY-MM-DD) these days off cover, at most a year each (what the gates add as quiet dates). */
export function datesOf(days: readonly DayOff[]): string[] {
  const out: string[] = [];
  for (const d of days) {
    let date = parseIsoDate(d.from);
    if (!date) continue;
    for (let i = 0; i < MAX_DAYS_OFF_SPAN && isoDate(date) <= d.until; i++) {
      out.push(isoDate(date));
      date = date.plus({ days: 1 });
    }
  }
  return out;
}

/** The days off that concern something in `channelId` (null: no channel — workspace days off only). */
export function daysOffFor(days: readonly DayOff[], channelId: string | null): DayOff[] {
  return days.filter((d) => d.channelId === null || (channelId !== null && d.channelId === channelId));
}

/** A person's working hours with these days off added to their quiet dates. */
export function withDaysOff(hours: WorkingHours, days: readonly DayOff[]): WorkingHours {
  if (days.length === 0) return hours;
  return { ...hours, quietDates: [...(hours.quietDates ?? []), ...datesOf(days)] };
}

/** The day off `at` falls on in `tz`, if any. */
export function dayOffAt(days: readonly DayOff[], at: Date, tz: string): DayOff | null {
  const iso = isoDate(localDateOf(at, resolveZone(tz)));
  return days.find((d) => d.from <= iso && iso <= d.until) ?? null;
}
