import type { AppDeps } from '../deps';
import { lessonFormAction } from './lesson-form';

/** "Add the lesson" after `/outcome D-n loss` without one. */
export const addLessonAction = (deps: AppDeps) => lessonFormAction(deps, 'outcome_add_lesson', 'from_value');
