import { checkOwnable } from '../../services/commitments';
import { ownMissModal } from '../../views/commitment';
import type { AppDeps } from '../deps';
import { blockAction, refIn } from '../kit';

/** Own it, on a promise past its date: a short form for what happened, for the owner only. */
export const ownMissButtonAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'commitment_own_miss',
    needsRef: true,
    run: async (a, { openModal }) => {
      const { commitment } = await checkOwnable(deps, a.teamId, a.userId, refIn(a)!.ref);
      await openModal(ownMissModal(commitment));
    },
  });
