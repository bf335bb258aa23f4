/**
 * Quieter when asked: each person can turn reminder kinds off ("never"). Pure rules.
 *
 *   /ritual me reminders                 (shows what is on and off)
 *   /ritual me reminders overdue off     /ritual me reminders overdue on
 *   kinds: before (the morning-of note, and the halfway check-in: both come ahead of the due date),
 *          due (the due-time note), overdue, weekly (the Monday leader note)
 *
 * A kind that is off is never sent to that person — not later, not bundled. Turning it back on brings
 * no backlog burst: bundling names each item once, with its latest point.
 */
import { REMINDER_SETTINGS, type ReminderSetting } from '../domain/days-off';
import type { ReminderKind } from '../domain/reminders';
import { fail, ok, type Result } from './parse/result';
import { cleanText, quote } from './parse/text';

export const REMINDER_SETTING_NAMES: Record<ReminderSetting, string> = {
  before: 'morning-of notes',
  due: 'due-time notes',
  overdue: 'overdue notes',
  weekly: 'the Monday leader note',
};

export const REMINDERS_USAGE = [
  'Here is how to choose your reminders:',
  '• `/ritual me reminders` — what you get now',
  '• `/ritual me reminders overdue off` — never get that kind (`on` brings it back)',
  'Kinds: `before` (the morning-of note and halfway check-ins), `due`, `overdue`, `weekly` (the Monday note).',
].join('\n');

/** Which setting governs a planned reminder point. */
export function settingOf(kind: ReminderKind): ReminderSetting {
  return kind === 'halfway' ? 'before' : kind;
}

/** Whether a person with these kinds off gets this point. */
export function wants(off: ReadonlySet<string> | undefined, kind: ReminderKind | 'weekly'): boolean {
  if (!off || off.size === 0) return true;
  return !off.has(kind === 'weekly' ? 'weekly' : settingOf(kind));
}

export type RemindersCommand = { kind: 'show' } | { kind: 'set'; setting: ReminderSetting; on: boolean };

const isSetting = (w: string): w is ReminderSetting => (REMINDER_SETTINGS as readonly string[]).includes(w);
const ALIASES: Record<string, ReminderSetting> = {
  morning: 'before',
  halfway: 'before',
  'due-time': 'due',
  late: 'overdue',
  leader: 'weekly',
  monday: 'weekly',
};

/** Reads the text after `/ritual me reminders`. */
export function parseReminders(text: string): Result<RemindersCommand, 'usage'> {
  const words = cleanText(text).toLowerCase().split(/\s+/u).filter(Boolean);
  if (words.length === 0 || (words.length === 1 && words[0] === 'show')) return ok({ kind: 'show' });
  if (words.length !== 2) return fail('usage', REMINDERS_USAGE);
  const [k, v] = words;
  const setting = isSetting(k) ? k : ALIASES[k];
  if (!setting) return fail('usage', `I don’t know the reminder kind ${quote(k)}.\n${REMINDERS_USAGE}`);
  if (['off', 'never', 'none', 'no'].includes(v)) return ok({ kind: 'set', setting, on: false });
  if (['on', 'yes', 'back'].includes(v)) return ok({ kind: 'set', setting, on: true });
  return fail('usage', `${quote(v)} — should it be \`on\` or \`off\`?\n${REMINDERS_USAGE}`);
}

/** "You won't get: overdue notes, the Monday leader note" — or null when everything is on. */
export function offSummary(off: readonly string[]): string | null {
  const names = REMINDER_SETTINGS.filter((s) => off.includes(s)).map((s) => REMINDER_SETTING_NAMES[s]);
  return names.length === 0 ? null : `You won’t get: ${names.join(', ')}.`;
}
