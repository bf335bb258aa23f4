import type { AppDeps } from '../deps';
import { leaderChangeAction } from './delegation-leader-change';

/** "Edit" on open work the person delegated. */
export const delegationEditAction = (deps: AppDeps) => leaderChangeAction(deps, 'delegation_edit', 'change');
