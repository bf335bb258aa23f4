import { z } from 'zod';
import { forget } from '../../services/forget-me';
import { forgottenView } from '../../views/privacy';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';

const Meta = z.object({ personId: z.string().min(1) });

/** The forget-me confirmation: one audited erasure; a second press finds nothing left. */
export const forgetMeSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'forget_me_modal',
    meta: Meta,
    mainField: 'forget',
    lost: 'Something got lost on the way. Please close this and type /ledger forget-me again.',
    submit: async ({ teamId, userId, meta }) => {
      const r = await forget(deps, { teamId, actorId: userId, personId: meta.personId });
      return { update: forgottenView(r.erased, meta.personId === userId) };
    },
  });
