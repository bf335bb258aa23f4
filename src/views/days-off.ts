import type { DayOff, ReminderSetting } from '../domain/days-off';
import type { HolidaysResult } from '../services/days-off';
import { offSummary, REMINDER_SETTING_NAMES } from '../services/reminder-preferences';
import { HOLIDAYS_USAGE } from '../services/schedule/days-off';
import { neutralise } from './neutralise';
import { context, notice, section, type MessageView } from './message';

/** "Dec 24" or "Dec 24 – Dec 26" from calendar dates (no zone: a day off is the same date everywhere). */
export function dayOffDates(d: Pick<DayOff, 'from' | 'until'>): string {
  const fmt = (iso: string) =>
    new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', {
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    });
  const year = d.until.slice(0, 4);
  const y = d.from.slice(0, 4) === year ? '' : ` ${d.from.slice(0, 4)}`;
  return d.from === d.until ? `${fmt(d.from)} ${year}` : `${fmt(d.from)}${y} – ${fmt(d.until)} ${year}`;
}

const line = (d: DayOff) =>
  `• \`#${d.id}\` ${dayOffDates(d)}${d.label ? ` — ${neutralise(d.label)}` : ''}${d.channelId ? '' : ' · _whole workspace_'}`;

export function holidaysAnswer(r: HolidaysResult): MessageView {
  switch (r.kind) {
    case 'list':
      if (r.days.length === 0)
        return notice(`No days off set for <#${r.channelId}> or the workspace.\n${HOLIDAYS_USAGE}`);
      return {
        text: 'Days off',
        blocks: [
          section(`*Days off for <#${r.channelId}>*\n${r.days.map(line).join('\n')}`),
          context(
            'On these days no reminders, rituals or leader notes go out; they wait for the next working day.',
          ),
        ],
      };
    case 'added': {
      const where = r.day.channelId ? `for <#${r.day.channelId}>` : 'for the whole workspace';
      return notice(
        `:calendar: Day off set ${where}: *${dayOffDates(r.day)}*${r.day.label ? ` — ${neutralise(r.day.label)}` : ''}. Reminders and rituals will rest then (in everyone’s own time zone).`,
      );
    }
    case 'removed':
      return notice(
        `Removed: ${r.days.map((d) => `${dayOffDates(d)}${d.label ? ` (${neutralise(d.label)})` : ''}`).join(', ')}.`,
      );
    case 'not_found':
      return notice(
        `I couldn’t find a day off matching “${neutralise(r.target)}”.${r.days.length ? `\nSet now:\n${r.days.map(line).join('\n')}` : ''}\n${HOLIDAYS_USAGE}`,
      );
  }
}

export function remindersAnswer(
  off: ReminderSetting[],
  changed: { setting: ReminderSetting; on: boolean } | null,
): MessageView {
  const head = changed
    ? `${changed.on ? 'Back on' : 'Off'}: ${REMINDER_SETTING_NAMES[changed.setting]}.`
    : 'Your reminders:';
  return notice(
    `${head} ${offSummary(off) ?? 'You get every kind of reminder.'}\nChange one with \`/ritual me reminders overdue off\` (or \`on\`).`,
  );
}
