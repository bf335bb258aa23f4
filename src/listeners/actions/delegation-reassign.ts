import type { AppDeps } from '../deps';
import { leaderChangeAction } from './delegation-leader-change';

/** "Reassign" on open work the person delegated. */
export const delegationReassignAction = (deps: AppDeps) =>
  leaderChangeAction(deps, 'delegation_reassign', 'reassign');
