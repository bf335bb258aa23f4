import { z } from 'zod';
import { addRetroLesson } from '../../services/rituals';
import { RetroLessonFields } from '../../slack/ids';
import type { AppDeps } from '../deps';
import { modalSubmission } from '../kit';
import { textOf } from './state';

const Meta = z.object({ channel: z.string().min(1), ts: z.string().min(1) });

/** A lesson added to a retro, posted in its thread. */
export const retroLessonSubmit = (deps: AppDeps) =>
  modalSubmission(deps, {
    name: 'retro_lesson_modal',
    meta: Meta,
    mainField: RetroLessonFields.lesson,
    lost: 'Something got lost on the way. Please close this and try again.',
    submit: async ({ teamId, userId, viewId, state, meta }) => {
      const r = await addRetroLesson(deps, {
        teamId,
        userId,
        retro: meta,
        lesson: textOf(state, RetroLessonFields.lesson),
        submissionKey: viewId,
      });
      if (r.kind === 'errors') return { errors: { [RetroLessonFields.lesson]: r.errors.lesson } };
      return { close: true };
    },
  });
