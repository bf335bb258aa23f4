import { z } from 'zod';
import { reassignDelegation } from '../../services/delegations/change';
import { ReassignFields } from '../../slack/ids';
import { reassignedReply } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';
import { field } from './state';

const Meta = z.object({ ref: z.number().int().positive(), responseUrl: z.string().optional() });

/** Reassign: the first person is told kindly, the new one gets the DM. */
export const reassignSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'reassign_modal',
    meta: Meta,
    mainField: ReassignFields.person,
    lost: 'Something got lost on the way. Please close this and try again.',
    submit: async ({ teamId, userId, state, meta }) => {
      const to = field(state, ReassignFields.person)?.selected_user ?? null;
      const r = await reassignDelegation(deps, {
        teamId,
        actorId: userId,
        ref: meta.ref,
        to: to ? { kind: 'id', userId: to } : null,
      });
      if (r.kind === 'errors') return { errors: r.errors };
      return { close: true, confirm: { view: reassignedReply(r.after), responseUrl: meta.responseUrl } };
    },
  });
