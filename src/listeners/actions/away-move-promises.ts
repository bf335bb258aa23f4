import { movePromisesPastAway } from '../../services/settings';
import { awayMovesReply } from '../../views/rituals';
import type { AppDeps } from '../deps';
import { blockAction } from '../kit';

/** Out of office: move the promises that fall due while away. */
export const awayMoveAction = (deps: AppDeps) =>
  blockAction(deps, {
    name: 'away_move_promises',
    run: async (a) => ({
      view: awayMovesReply(await movePromisesPastAway(deps, a.teamId, a.userId, a.actionKey('away_move', 0))),
      replaceOriginal: true,
    }),
  });
