import { DateTime } from 'luxon';
import { memberOf } from '../../services/members';
import { commitModal } from '../../views/commitment';
import type { AppDeps } from '../deps';
import { blockAction } from '../kit';

/** "Make a promise" on the Home tab. */
export const openCommitModalAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'open_commit_modal',
    run: async (a, { openModal }) => {
      const me = await memberOf(deps, a.teamId, a.userId);
      const tomorrow =
        DateTime.fromJSDate(deps.clock.now(), { zone: me.tz }).plus({ days: 1 }).toISODate() ?? '2030-01-01';
      await openModal(commitModal(tomorrow));
    },
  });
