import { memberOf } from '../../services/members';
import { commitModal } from '../../views/commitment';
import type { AppDeps } from '../deps';
import { blockAction, formDateIn } from '../kit';

/** "Make a promise" on the Home tab. */
export const openCommitModalAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'open_commit_modal',
    run: async (a, { openModal }) => {
      const me = await memberOf(deps, a.teamId, a.userId);
      const tomorrow = formDateIn(deps.clock.now(), me.tz, 1);
      await openModal(commitModal(tomorrow));
    },
  });
