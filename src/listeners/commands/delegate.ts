import { DateTime } from 'luxon';
import { delegateFromCommand } from '../../services/delegations/delegate';
import { memberOf } from '../../services/members';
import { delegateConfirmation, delegateModal, DELEGATE_USAGE } from '../../views/delegation';
import { notice } from '../../views/message';
import type { AppDeps } from '../deps';
import { commandListener } from '../kit';

/** `/delegate @ana Draft the survey by Friday stakes medium; I'll review your outline by Wednesday`, or the form. */
export const delegateCommand = (deps: AppDeps) =>
  commandListener(deps, {
    name: '/delegate',
    usage: DELEGATE_USAGE,
    onEmpty: async (c, client) => {
      const me = await memberOf(deps, c.teamId, c.userId);
      const inAWeek =
        DateTime.fromJSDate(deps.clock.now(), { zone: me.tz }).plus({ days: 7 }).toISODate() ?? '2030-01-01';
      await client.views.open({
        trigger_id: c.triggerId,
        view: delegateModal({ channelId: c.channelId, responseUrl: c.responseUrl }, inAWeek),
      });
    },
    answer: async (c) => {
      const r = await delegateFromCommand(deps, {
        teamId: c.teamId,
        leaderId: c.userId,
        channelId: c.channelId,
        text: c.text,
      });
      return r.kind === 'usage' ? notice(r.message) : delegateConfirmation(r.result);
    },
  });
