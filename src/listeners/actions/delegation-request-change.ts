import { checkChangeable } from '../../services/delegations/respond';
import { changeRequestModal } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { blockAction, refIn } from '../kit';

/** "Ask for a change": opens a short note form, for the assignee only; the note goes to the leader. */
export const requestChangeAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'delegation_request_change',
    needsRef: true,
    run: async (a, { openModal }) => {
      const d = await checkChangeable(deps, a.teamId, a.userId, refIn(a)!.ref);
      await openModal(changeRequestModal(d.ref, d.title));
    },
  });
