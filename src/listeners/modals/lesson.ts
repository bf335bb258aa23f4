import { z } from 'zod';
import { closeFromForm, openDelegationsFor } from '../../services/delegations/close';
import { LessonFields } from '../../slack/ids';
import { openDelegationsList, outcomeRecorded, withRemainingList } from '../../views/delegation';
import { channelMention } from '../../views/format';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';
import { textOf } from './state';

const Meta = z.object({
  ref: z.number().int().positive(),
  result: z.enum(['win', 'loss']),
  responseUrl: z.string().optional(),
  fromList: z.boolean().optional(),
});

/** The lesson form from the Win / Loss buttons: closes the delegation and celebrates it. */
export const lessonModalSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'lesson_modal',
    meta: Meta,
    mainField: LessonFields.lesson,
    lost: 'Something got lost on the way. Please close this and try /outcome again.',
    submit: async ({ teamId, userId, state, meta }) => {
      const r = await closeFromForm(deps, {
        teamId,
        actorId: userId,
        ref: meta.ref,
        result: meta.result,
        lesson: textOf(state, LessonFields.lesson),
      });
      if (r.kind === 'errors') return { errors: { [LessonFields.lesson]: r.errors.lesson } };
      if (r.kind === 'needs_lesson') return { close: true };
      const recorded = outcomeRecorded(r.delegation, channelMention(r.delegation.channelId));
      if (!meta.fromList) return { close: true, confirm: { view: recorded, responseUrl: meta.responseUrl } };
      // from the /outcome list: the list gives way to the confirmation and what is still open
      const open = await openDelegationsFor(deps, teamId, userId);
      const view = withRemainingList(
        recorded,
        open.items.length > 0 ? openDelegationsList(userId, open.items, open.tz) : null,
      );
      return { close: true, confirm: { view, responseUrl: meta.responseUrl, replaceOriginal: true } };
    },
  });
