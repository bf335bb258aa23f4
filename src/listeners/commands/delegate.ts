import { cancelDelegation, reassignDelegation } from '../../services/delegations/change';
import { delegateFromCommand } from '../../services/delegations/command';
import { memberOf } from '../../services/members';
import {
  cancelledReply,
  delegateConfirmation,
  delegateModal,
  DELEGATE_USAGE,
  editDelegationModal,
  reassignedReply,
} from '../../views/delegation';
import { notice } from '../../views/message';
import type { AppDeps } from '../deps';
import { commandListener, formDateIn } from '../kit';

/**
 * `/delegate @ana Draft the survey by Friday stakes medium; I'll review your outline by Wednesday`,
 * the form, or `/delegate D-3 edit|reassign @person|cancel why` for work already given.
 */
export const delegateCommand = (deps: AppDeps) =>
  commandListener(deps, {
    name: '/delegate',
    usage: DELEGATE_USAGE,
    onEmpty: async (c, client) => {
      const me = await memberOf(deps, c.teamId, c.userId);
      const inAWeek = formDateIn(deps.clock.now(), me.tz, 7);
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
      switch (r.kind) {
        case 'usage':
          return notice(r.message);
        case 'delegated':
          return delegateConfirmation(r.result);
        case 'edit_form':
          await c.openModal(
            editDelegationModal(r.delegation, r.leaderTz, r.promises, {
              ref: r.delegation.ref,
              responseUrl: c.responseUrl,
            }),
          );
          return null;
        case 'cancel':
          return cancelledReply(
            await cancelDelegation(deps, {
              teamId: c.teamId,
              actorId: c.userId,
              ref: r.ref,
              reason: r.reason,
            }),
          );
        case 'reassign': {
          const done = await reassignDelegation(deps, {
            teamId: c.teamId,
            actorId: c.userId,
            ref: r.ref,
            to: r.to,
          });
          return done.kind === 'errors' ? notice(done.errors.person) : reassignedReply(done.after);
        }
      }
    },
  });
