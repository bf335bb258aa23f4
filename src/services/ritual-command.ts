/**
 * `/ritual retro every Friday 16:00`, `/ritual list|pause|resume|off <kind>`, `/ritual me …`: reads the
 * words and calls the use case they name.
 */
import type { Ritual, RitualKind } from '../domain/ritual';
import { memberOf } from './members';
import type { ServiceDeps } from './ports';
import { changeRitual, configureRitual, ritualsIn, type RitualChanged } from './rituals';
import { parseMySettings } from './schedule/personal-hours';
import { parseRitualSchedule } from './schedule/ritual-schedule';
import { applyMySettings, type SettingsResult } from './settings';
import type { ReminderSetting } from '../domain/days-off';
import { holidays, myReminders, type HolidaysResult } from './days-off';
import { parseReminders } from './reminder-preferences';
import { parseHolidays } from './schedule/days-off';
import { isoDate, localDateOf, resolveZone } from './schedule/local-time';

const KINDS = ['retro', 'digest'] as const;
const isKind = (w: string | undefined): w is RitualKind => (KINDS as readonly string[]).includes(w ?? '');

export type RitualCommandResult =
  | { kind: 'help' }
  | { kind: 'usage'; message: string }
  | { kind: 'unknown'; word: string }
  | { kind: 'list'; rituals: Ritual[]; channelId: string }
  | { kind: 'settings'; result: SettingsResult }
  | { kind: 'holidays'; result: HolidaysResult }
  | { kind: 'reminders'; off: ReminderSetting[]; changed: { setting: ReminderSetting; on: boolean } | null }
  | { kind: 'changed'; change: RitualChanged }
  | { kind: 'configured'; ritual: Ritual; next: Date; tz: string };

export async function ritualFromCommand(
  deps: ServiceDeps,
  c: { teamId: string; channelId: string; userId: string; text: string },
): Promise<RitualCommandResult> {
  const text = c.text.trim();
  const [first, second, ...rest] = text.split(/\s+/);
  const word = (first ?? '').toLowerCase();
  const after = [second, ...rest].filter(Boolean).join(' ');
  if (text === '' || word === 'help') return { kind: 'help' };
  if (word === 'list')
    return { kind: 'list', rituals: await ritualsIn(deps, c.teamId, c.channelId), channelId: c.channelId };
  if (word === 'holidays' || word === 'holiday' || word === 'daysoff') {
    const me = await memberOf(deps, c.teamId, c.userId);
    const today = isoDate(localDateOf(deps.clock.now(), resolveZone(me.tz)));
    const parsed = parseHolidays(after, today);
    if (!parsed.ok) return { kind: 'usage', message: parsed.error.message };
    return { kind: 'holidays', result: await holidays(deps, c, parsed.value) };
  }
  if (word === 'me' && /^reminders?\b/iu.test(after)) {
    const parsed = parseReminders(after.replace(/^reminders?/iu, ''));
    if (!parsed.ok) return { kind: 'usage', message: parsed.error.message };
    const changed =
      parsed.value.kind === 'set' ? { setting: parsed.value.setting, on: parsed.value.on } : null;
    return {
      kind: 'reminders',
      off: await myReminders(deps, c.teamId, c.userId, changed ?? undefined),
      changed,
    };
  }
  if (word === 'me') {
    const me = await memberOf(deps, c.teamId, c.userId);
    const parsed = parseMySettings(after, deps.clock.now(), me.tz);
    if (!parsed.ok) return { kind: 'usage', message: parsed.error.message };
    return { kind: 'settings', result: await applyMySettings(deps, c.teamId, c.userId, parsed.value) };
  }
  if (['pause', 'resume', 'off', 'stop'].includes(word)) {
    const kind = (second ?? '').toLowerCase();
    if (!isKind(kind))
      return {
        kind: 'usage',
        message: `Which ritual — \`retro\` or \`digest\`? For example \`/ritual ${word === 'stop' ? 'off' : word} retro\`.`,
      };
    const change = await changeRitual(deps, {
      teamId: c.teamId,
      channelId: c.channelId,
      userId: c.userId,
      kind,
      action: word === 'stop' ? 'off' : (word as 'pause' | 'resume' | 'off'),
    });
    return { kind: 'changed', change };
  }
  if (isKind(word)) {
    const me = await memberOf(deps, c.teamId, c.userId);
    const parsed = parseRitualSchedule(after, deps.clock.now(), me.tz);
    if (!parsed.ok) return { kind: 'usage', message: parsed.error.message };
    const configured = await configureRitual(deps, {
      teamId: c.teamId,
      channelId: c.channelId,
      userId: c.userId,
      kind: word,
      schedule: parsed.value,
    });
    return { kind: 'configured', ...configured };
  }
  return { kind: 'unknown', word: first ?? '' };
}
