import { retroLessonModal } from '../../views/rituals';
import type { AppDeps } from '../deps';
import { blockAction } from '../kit';

/** "Add a lesson" on a retro post: a form; the lesson goes into the retro's thread. */
export const retroLessonAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'retro_add_lesson',
    run: async (a, { openModal }) => {
      if (!a.message) return;
      await openModal(retroLessonModal(a.message));
    },
  });
