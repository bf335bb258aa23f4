import { z } from 'zod';
import { commitFromForm } from '../../services/commitments';
import { CommitFields } from '../../slack/ids';
import { commitConfirmation } from '../../views/commitment';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';
import { field, textOf } from './state';

const Meta = z.object({ responseUrl: z.string().optional() });

/** The /commit form. */
export const commitModalSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'commit_modal',
    meta: Meta,
    mainField: CommitFields.what,
    lost: 'Something got lost on the way. Please close this and type /commit again.',
    submit: async ({ teamId, userId, state, meta }) => {
      const r = await commitFromForm(deps, {
        teamId,
        ownerId: userId,
        form: {
          what: textOf(state, CommitFields.what),
          counterpartId: field(state, CommitFields.person)?.selected_user ?? null,
          date: field(state, CommitFields.due)?.selected_date ?? null,
        },
      });
      if (r.kind === 'errors') return { errors: r.errors };
      const m = r.result;
      return {
        close: true,
        confirm: {
          view: commitConfirmation(m.commitment, m.ownerTz, m.counterpartName),
          responseUrl: meta.responseUrl,
        },
      };
    },
  });
