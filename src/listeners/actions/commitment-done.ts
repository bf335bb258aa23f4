import type { AppDeps } from '../deps';
import { commitmentAnswerAction } from './commitment-answer';

/** Done on a promise (confirmation, Home tab, reminder). */
export const commitmentDoneAction = (deps: AppDeps) => commitmentAnswerAction(deps, 'done');
