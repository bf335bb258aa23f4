import { commitFromCommand } from '../../services/commitments';
import { memberOf } from '../../services/members';
import {
  commitConfirmation,
  commitModal,
  COMMIT_USAGE,
  commitmentClosedReply,
  movedReply,
} from '../../views/commitment';
import { notice } from '../../views/message';
import type { AppDeps } from '../deps';
import { commandListener, formDateIn } from '../kit';

/** `/commit what by when`, `/commit @ana what by when`, `/commit C-7 by next Monday because…`, or the form. */
export const commitCommand = (deps: AppDeps) =>
  commandListener(deps, {
    name: '/commit',
    usage: COMMIT_USAGE,
    onEmpty: async (c, client) => {
      const me = await memberOf(deps, c.teamId, c.userId);
      const tomorrow = formDateIn(deps.clock.now(), me.tz, 1);
      await client.views.open({
        trigger_id: c.triggerId,
        view: commitModal(tomorrow, { responseUrl: c.responseUrl }),
      });
    },
    answer: async (c) => {
      const r = await commitFromCommand(deps, { teamId: c.teamId, userId: c.userId, text: c.text });
      if (r.kind === 'usage') return notice(r.message);
      if (r.kind === 'moved')
        return r.result.kind === 'applied'
          ? movedReply(r.result.commitment, r.tz)
          : commitmentClosedReply(r.result);
      return commitConfirmation(r.result.commitment, r.result.ownerTz, r.result.counterpartName);
    },
  });
