import { z } from 'zod';
import { acknowledgeOutcome } from '../../services/delegations/acknowledge';
import { AckFields } from '../../slack/ids';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';
import { textOf } from './state';

const Meta = z.object({ ref: z.number().int().positive() });

/** The leader's note on an outcome. */
export const acknowledgeSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'acknowledge_modal',
    meta: Meta,
    mainField: AckFields.note,
    lost: 'Something got lost on the way. Please close this and try again.',
    submit: async ({ teamId, userId, state, meta }) => {
      const r = await acknowledgeOutcome(deps, {
        teamId,
        actorId: userId,
        ref: meta.ref,
        note: textOf(state, AckFields.note),
      });
      if ('kind' in r) return { errors: { [AckFields.note]: r.errors.note } };
      return { close: true };
    },
  });
