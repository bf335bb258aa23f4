import type { DelegationResult } from '../../domain/delegation';
import { checkClosable } from '../../services/delegations/close';
import { lessonModal } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { blockAction, refIn } from '../kit';

/**
 * Win / Loss in the `/outcome` list and in reminders, and "Add the lesson": each opens the short lesson
 * form, for the assignee or the leader only. `result` is fixed by the button, or read from its value.
 */
export const lessonFormAction = (deps: AppDeps, name: string, result: DelegationResult | 'from_value') =>
  blockAction(deps, {
    name,
    needsRef: true,
    run: async (a, { openModal }) => {
      const { ref, extra } = refIn(a)!;
      const chosen = result === 'from_value' ? (extra === 'win' ? 'win' : 'loss') : result;
      const d = await checkClosable(deps, a.teamId, a.userId, ref);
      await openModal(
        lessonModal(d.ref, d.title, chosen, {
          ref: d.ref,
          result: chosen,
          responseUrl: a.responseUrl,
          ...(a.ephemeral ? { fromList: true } : {}),
        }),
      );
    },
  });
