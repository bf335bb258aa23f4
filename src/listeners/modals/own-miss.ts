import { z } from 'zod';
import { ownMissFromForm } from '../../services/commitments';
import { OwnMissFields } from '../../slack/ids';
import { commitmentClosedReply, ownedMissReply } from '../../views/commitment';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';
import { textOf } from './state';

const Meta = z.object({ ref: z.number().int().positive() });

/** The Own it form: the promise goes on the ledger as missed, with what happened if the owner says. */
export const ownMissModalSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'own_miss_modal',
    meta: Meta,
    mainField: OwnMissFields.note,
    lost: 'Something got lost on the way. Please close this and try again.',
    submit: async ({ teamId, userId, viewId, state, meta }) => {
      const result = await ownMissFromForm(deps, {
        teamId,
        actorId: userId,
        ref: meta.ref,
        actionKey: `own_miss:${viewId}`,
        note: textOf(state, OwnMissFields.note),
      });
      const view =
        result.kind === 'applied' ? ownedMissReply(result.commitment) : commitmentClosedReply(result);
      return { close: true, confirm: { view } };
    },
  });
