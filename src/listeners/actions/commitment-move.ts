import { checkMovable } from '../../services/commitments';
import { moveModal } from '../../views/commitment';
import type { AppDeps } from '../deps';
import { blockAction, refIn } from '../kit';

/** Move: a form asking for the new date (a renegotiation, only before the due time), for the owner only. */
export const moveButtonAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'commitment_move',
    needsRef: true,
    run: async (a, { openModal }) => {
      const { commitment, tz } = await checkMovable(deps, a.teamId, a.userId, refIn(a)!.ref);
      await openModal(moveModal(commitment, tz));
    },
  });
