/**
 * "Your reminders" on the Home tab: what the person gets, what they turned off, and one button per kind
 * to change it. Said plainly ("You won’t get: overdue notes"), so nobody wonders why a note never came.
 */
import type { KnownBlock } from '@slack/types';
import { REMINDER_SETTINGS, type ReminderSetting } from '../domain/days-off';
import { offSummary, REMINDER_SETTING_NAMES } from '../services/reminder-preferences';
import { Actions } from '../slack/ids';
import { button, context, section } from './message';

const list = (names: string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** Three blocks: the line, the buttons, the hint. */
export function reminderSettingsBlocks(off: readonly ReminderSetting[]): KnownBlock[] {
  const on = REMINDER_SETTINGS.filter((s) => !off.includes(s));
  const line =
    off.length === 0
      ? `You get every reminder: ${list(on.map((s) => REMINDER_SETTING_NAMES[s]))}.`
      : `${offSummary([...off])}${on.length > 0 ? ` You still get ${list(on.map((s) => REMINDER_SETTING_NAMES[s]))}.` : ' Nothing reminds you now — your promises are still in your ledger.'}`;
  return [
    section(`*Your reminders*\n${line}`),
    {
      type: 'actions',
      block_id: 'home_reminders',
      elements: REMINDER_SETTINGS.map((s) => {
        const isOff = off.includes(s);
        return button(
          `${isOff ? 'Bring back' : 'Stop'} ${REMINDER_SETTING_NAMES[s]}`,
          `${Actions.homeReminderSet}_${s}`,
          `${s}:${isOff ? 'on' : 'off'}`,
        );
      }),
    },
    context('Also with `/ritual me reminders` — a kind you stop is never sent, not later, not bundled.'),
  ];
}
