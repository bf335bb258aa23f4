import { z } from 'zod';
import { editFromForm } from '../../services/delegations/change';
import { EditFields } from '../../slack/ids';
import { editedReply, unchangedReply } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';
import { field, textOf } from './state';

const Meta = z.object({ ref: z.number().int().positive(), responseUrl: z.string().optional() });

/** The edit form: the new version goes to the assignee, with what changed. */
export const editDelegationSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'edit_delegation_modal',
    meta: Meta,
    mainField: EditFields.task,
    lost: 'Something got lost on the way. Please close this and try again.',
    submit: async ({ teamId, userId, state, meta }) => {
      const r = await editFromForm(deps, {
        teamId,
        actorId: userId,
        ref: meta.ref,
        form: {
          task: textOf(state, EditFields.task),
          success: textOf(state, EditFields.success),
          buffer: textOf(state, EditFields.buffer),
          stakes: field(state, EditFields.stakes)?.selected_option?.value ?? '',
          date: field(state, EditFields.due)?.selected_date ?? null,
          promises: textOf(state, EditFields.promises),
        },
      });
      if (r.kind === 'errors') return { errors: r.errors };
      const view =
        r.kind === 'unchanged'
          ? unchangedReply(r.delegation)
          : editedReply(r.before, r.after, r.leaderTz, r.assigneeTz);
      return { close: true, confirm: { view, responseUrl: meta.responseUrl } };
    },
  });
