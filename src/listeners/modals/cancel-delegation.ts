import { z } from 'zod';
import { cancelDelegation } from '../../services/delegations/change';
import { CancelFields } from '../../slack/ids';
import { cancelledReply } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';
import { textOf } from './state';

const Meta = z.object({ ref: z.number().int().positive(), responseUrl: z.string().optional() });

/** Cancel, with an optional reason: not a loss, and the assignee is told. */
export const cancelDelegationSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'cancel_delegation_modal',
    meta: Meta,
    mainField: CancelFields.reason,
    lost: 'Something got lost on the way. Please close this and try again.',
    submit: async ({ teamId, userId, state, meta }) => {
      const d = await cancelDelegation(deps, {
        teamId,
        actorId: userId,
        ref: meta.ref,
        reason: textOf(state, CancelFields.reason),
      });
      return { close: true, confirm: { view: cancelledReply(d), responseUrl: meta.responseUrl } };
    },
  });
