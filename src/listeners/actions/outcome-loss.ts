import type { AppDeps } from '../deps';
import { lessonFormAction } from './lesson-form';

/** "Loss" on an open delegation (the `/outcome` list, a reminder). */
export const outcomeLossAction = (deps: AppDeps) => lessonFormAction(deps, 'outcome_loss', 'loss');
