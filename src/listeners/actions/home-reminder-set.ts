import { z } from 'zod';
import { REMINDER_SETTINGS } from '../../domain/days-off';
import { setReminderFromHome } from '../../services/days-off';
import { notice } from '../../views/message';
import type { AppDeps } from '../deps';
import { blockAction } from '../kit';

/** The Home tab's "Stop …" / "Bring back …" buttons carry `<kind>:off` or `<kind>:on`. */
const ReminderChange = z
  .string()
  .regex(new RegExp(`^(${REMINDER_SETTINGS.join('|')}):(on|off)$`))
  .transform((v) => {
    const [setting, state] = v.split(':') as [(typeof REMINDER_SETTINGS)[number], 'on' | 'off'];
    return { setting, on: state === 'on' };
  });

/** A reminder kind turned off or back on from the Home tab; the tab itself shows the result. */
export const homeReminderSetAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'home_reminder_set',
    run: async (a) => {
      const change = ReminderChange.safeParse(a.value ?? '');
      if (!change.success) return { view: notice('I couldn’t read that button. Please try again.') };
      await setReminderFromHome(deps, a.teamId, a.userId, change.data);
      return undefined; // the Home tab, published again, is the answer
    },
  });
