import { memberOf } from '../../services/members';
import { commitModal } from '../../views/commitment';
import { delegateModal } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { shortcutListener, formDateIn } from '../kit';

/** "New delegation" from the lightning menu, anywhere: the form asks where to celebrate it. */
export const newDelegationShortcut = (deps: AppDeps) =>
  shortcutListener(deps, {
    name: 'new_delegation',
    run: async (s) => {
      const me = await memberOf(deps, s.teamId, s.userId);
      const inAWeek = formDateIn(deps.clock.now(), me.tz, 7);
      await s.openModal(delegateModal({}, inAWeek));
    },
  });

/** "New promise" from the lightning menu, anywhere. */
export const newPromiseShortcut = (deps: AppDeps) =>
  shortcutListener(deps, {
    name: 'new_promise',
    run: async (s) => {
      const me = await memberOf(deps, s.teamId, s.userId);
      const tomorrow = formDateIn(deps.clock.now(), me.tz, 1);
      await s.openModal(commitModal(tomorrow));
    },
  });
