import { checkChangeableByLeader } from '../../services/delegations/change';
import { cancelDelegationModal, editDelegationModal, reassignModal } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { blockAction, refIn } from '../kit';

type What = 'change' | 'reassign' | 'cancel';

/** Edit / Reassign / Cancel (the change request DM, the Home tab): the form, for the leader only. */
export const leaderChangeAction = (deps: AppDeps, name: string, what: What) =>
  blockAction(deps, {
    name,
    needsRef: true,
    run: async (a, { openModal }) => {
      const { delegation, leaderTz, assigneeTz, promises } = await checkChangeableByLeader(
        deps,
        a.teamId,
        a.userId,
        refIn(a)!.ref,
        what,
      );
      const meta = { ref: delegation.ref };
      await openModal(
        what === 'change'
          ? editDelegationModal(delegation, leaderTz, promises, meta, assigneeTz)
          : what === 'reassign'
            ? reassignModal(delegation, meta)
            : cancelDelegationModal(delegation, meta),
      );
    },
  });
