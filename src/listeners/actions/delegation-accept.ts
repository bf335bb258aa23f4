import { acceptDelegation } from '../../services/delegations/respond';
import { acceptedReply } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { blockAction, refIn } from '../kit';

/** "Accept" in the assignee's DM. */
export const acceptAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'delegation_accept',
    needsRef: true,
    run: async (a) => ({
      view: acceptedReply(await acceptDelegation(deps, a.teamId, a.userId, refIn(a)!.ref)),
    }),
  });
