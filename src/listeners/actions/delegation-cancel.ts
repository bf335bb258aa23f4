import type { AppDeps } from '../deps';
import { leaderChangeAction } from './delegation-leader-change';

/** "Cancel it" on open work the person delegated. */
export const delegationCancelAction = (deps: AppDeps) =>
  leaderChangeAction(deps, 'delegation_cancel', 'cancel');
