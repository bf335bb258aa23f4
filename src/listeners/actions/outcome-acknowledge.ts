import { checkAcknowledgeable } from '../../services/delegations/acknowledge';
import { ackModal } from '../../views/rituals';
import type { AppDeps } from '../deps';
import { blockAction, refIn } from '../kit';

/** "Write a note" on an outcome nudge: a short form, for the leader; the note goes into the celebration's thread. */
export const acknowledgeAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'outcome_acknowledge',
    needsRef: true,
    run: async (a, { openModal }) => {
      const d = await checkAcknowledgeable(deps, a.teamId, a.userId, refIn(a)!.ref);
      await openModal(ackModal(d.ref, d.status === 'won'));
    },
  });
