import {
  answerConfirmation,
  closeCommitmentByOwner,
  releaseCommitment,
  type CommitmentActionRequest,
} from '../../services/commitments';
import { commitmentClosedReply } from '../../views/commitment';
import type { AppDeps } from '../deps';
import { blockAction, refIn } from '../kit';

type Answer = 'done' | 'confirm' | 'not_yet' | 'release';

/** Done / Yes / Not yet / Let them off: one change to a promise, once per click. */
export const commitmentAnswerAction = (deps: AppDeps, answer: Answer) =>
  blockAction(deps, {
    name: `commitment_${answer}`,
    needsRef: true,
    run: async (a) => {
      const ref = refIn(a)!.ref;
      const req: CommitmentActionRequest = {
        teamId: a.teamId,
        actorId: a.userId,
        ref,
        actionKey: a.actionKey(answer, ref),
      };
      const result =
        answer === 'done'
          ? await closeCommitmentByOwner(deps, { ...req, result: 'kept', note: null })
          : answer === 'release'
            ? await releaseCommitment(deps, req)
            : await answerConfirmation(deps, { ...req, answer: answer === 'confirm' ? 'yes' : 'not_yet' });
      return {
        view: commitmentClosedReply(result),
        // an ephemeral message (the /commit confirmation) can only settle by being replaced
        replaceOriginal: a.ephemeral || answer === 'confirm' || answer === 'not_yet',
      };
    },
  });
