import { checkBufferable } from '../../services/delegations/buffer';
import { addBufferModal } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { blockAction, refIn } from '../kit';

/** "Add a safety net" on the step-up note: a form for the buffer, for the leader only. */
export const addBufferAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'delegation_add_buffer',
    needsRef: true,
    run: async (a, { openModal }) => {
      const { delegation: d, assigneeName } = await checkBufferable(deps, a.teamId, a.userId, refIn(a)!.ref);
      await openModal(addBufferModal(d.ref, d.title, assigneeName));
    },
  });
