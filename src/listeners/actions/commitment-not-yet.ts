import type { AppDeps } from '../deps';
import { commitmentAnswerAction } from './commitment-answer';

/** "Not yet" on a confirmation request: it opens again. */
export const commitmentNotYetAction = (deps: AppDeps) => commitmentAnswerAction(deps, 'not_yet');
