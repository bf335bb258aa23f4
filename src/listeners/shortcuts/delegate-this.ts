import { delegateFormShape } from '../../services/delegations/delegate';
import { fromMessage } from '../../services/from-message';
import { memberOf } from '../../services/members';
import { delegateModal } from '../../views/delegation';
import type { AppDeps } from '../deps';
import { shortcutListener, formDateIn } from '../kit';

/**
 * "Delegate this…" on a message: the delegate form prefilled from it — its first line as the task,
 * the rest as success criteria, its author as the assignee when it isn't you, and a link back to it.
 */
export const delegateThisShortcut = (deps: AppDeps) =>
  shortcutListener(deps, {
    name: 'delegate_this',
    run: async (s) => {
      const m = s.message;
      if (!m) return; // a message shortcut always names its message; anything else is not ours to guess
      const [me, prefill, permalink] = await Promise.all([
        memberOf(deps, s.teamId, s.userId),
        fromMessage(deps, { teamId: s.teamId, userId: s.userId, text: m.text, authorId: m.authorId }),
        s.permalink(),
      ]);
      const shape = await delegateFormShape(deps, {
        teamId: s.teamId,
        leaderId: s.userId,
        assigneeId: prefill.authorId,
        stakes: 'small',
      });
      const inAWeek = formDateIn(deps.clock.now(), me.tz, 7);
      // celebrated where the message was, unless that is a direct message: then the form asks
      const channelId = m.channelId.startsWith('D') ? undefined : m.channelId;
      await s.openModal(
        delegateModal(
          { ...(channelId ? { channelId } : {}), ...(permalink ? { sourcePermalink: permalink } : {}) },
          inAWeek,
          {
            ...shape,
            ...(prefill.authorId ? { personId: prefill.authorId } : {}),
            task: prefill.title,
            success: prefill.rest,
          },
        ),
      );
    },
  });
