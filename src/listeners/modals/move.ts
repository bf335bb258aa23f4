import { z } from 'zod';
import { moveFromForm } from '../../services/commitments';
import { MoveFields } from '../../slack/ids';
import { movedReply } from '../../views/commitment';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';
import { textOf } from './state';

const Meta = z.object({ ref: z.number().int().positive() });

/** The Move form: a new date in the person's own words, read in their time zone. */
export const moveModalSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'move_modal',
    meta: Meta,
    mainField: MoveFields.when,
    lost: 'Something got lost on the way. Please close this and try again.',
    submit: async ({ teamId, userId, viewId, state, meta }) => {
      const r = await moveFromForm(deps, {
        teamId,
        actorId: userId,
        ref: meta.ref,
        actionKey: `move:${viewId}`,
        when: textOf(state, MoveFields.when),
        reason: textOf(state, MoveFields.reason),
      });
      if (r.kind === 'errors') return { errors: { [MoveFields.when]: r.errors.when } };
      if (r.result.kind !== 'applied') return { close: true };
      return { close: true, confirm: { view: movedReply(r.result.commitment, r.tz) } };
    },
  });
