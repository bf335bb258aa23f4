import { acceptDelegation } from '../../services/delegations/respond';
import { acceptedReply } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { blockAction, refIn } from '../kit';

/** "Accept" in the assignee's DM: once; a second click is told when it was accepted. */
export const acceptAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'delegation_accept',
    needsRef: true,
    run: async (a) => {
      const r = await acceptDelegation(deps, a.teamId, a.userId, refIn(a)!.ref);
      return { view: acceptedReply(r.delegation, r.already, r.tz) };
    },
  });
