import type { AppDeps } from '../deps';
import { commitmentAnswerAction } from './commitment-answer';

/** "Yes, done" on a confirmation request. */
export const commitmentConfirmAction = (deps: AppDeps) => commitmentAnswerAction(deps, 'confirm');
