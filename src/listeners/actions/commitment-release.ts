import type { AppDeps } from '../deps';
import { commitmentAnswerAction } from './commitment-answer';

/** "Let them off" on a promise made to you. */
export const commitmentReleaseAction = (deps: AppDeps) => commitmentAnswerAction(deps, 'release');
