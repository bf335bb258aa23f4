import { z } from 'zod';
import { snoozeReminders, SNOOZE_CHOICES } from '../../services/nudges';
import { notice } from '../../views/message';
import { snoozedReply } from '../../views/nudges';
import type { AppDeps } from '../deps';
import { blockAction } from '../kit';

const SnoozeChoice = z.enum(SNOOZE_CHOICES);
const BundleBlock = z
  .string()
  .regex(/^nudge_snooze_\d{1,12}$/)
  .transform((b) => Number(b.slice('nudge_snooze_'.length)));

/** Snooze on a reminder: 1 h, tomorrow morning, next Monday. Not a renegotiation. */
export const snoozeAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'nudge_snooze',
    run: async (a) => {
      const choice = SnoozeChoice.safeParse(a.value);
      const bundleId = BundleBlock.safeParse(a.blockId);
      if (!choice.success || !bundleId.success)
        return { view: notice('I couldn’t read that choice. Please try again.') };
      const s = await snoozeReminders(deps, a.teamId, a.userId, choice.data, bundleId.data);
      return { view: snoozedReply(s.until, s.tz), replaceOriginal: true };
    },
  });
