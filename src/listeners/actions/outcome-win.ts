import type { AppDeps } from '../deps';
import { lessonFormAction } from './lesson-form';

/** "Win" on an open delegation (the `/outcome` list, a reminder). */
export const outcomeWinAction = (deps: AppDeps) => lessonFormAction(deps, 'outcome_win', 'win');
