import { z } from 'zod';
import { requestChange } from '../../services/delegations/respond';
import { ChangeRequestFields } from '../../slack/ids';
import { changeRequestSent } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';
import { textOf } from './state';

const Meta = z.object({ ref: z.number().int().positive() });

/** "Ask for a change": the note goes to the leader as a DM. */
export const changeRequestSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'change_request_modal',
    meta: Meta,
    mainField: ChangeRequestFields.note,
    lost: 'Something got lost on the way. Please close this and try again.',
    submit: async ({ teamId, userId, viewId, state, meta }) => {
      const r = await requestChange(deps, {
        teamId,
        actorId: userId,
        ref: meta.ref,
        note: textOf(state, ChangeRequestFields.note),
        requestKey: `change:${viewId}`,
      });
      if ('kind' in r) return { errors: { [ChangeRequestFields.note]: r.errors.note } };
      return { update: changeRequestSent() };
    },
  });
