import { outcomeFromCommand } from '../../services/outcome-command';
import { commitmentClosedReply } from '../../views/commitment';
import { lossNeedsLesson, openDelegationsList, outcomeRecorded, OUTCOME_USAGE } from '../../views/delegation';
import { channelMention } from '../../views/format';
import { notice } from '../../views/message';
import type { AppDeps } from '../deps';
import { commandListener } from '../kit';

/** `/outcome D-12 win|loss lesson`, `/outcome C-7 kept|missed note`, or `/outcome` to list what is open. */
export const outcomeCommand = (deps: AppDeps) =>
  commandListener(deps, {
    name: '/outcome',
    usage: OUTCOME_USAGE,
    answer: async (c) => {
      const r = await outcomeFromCommand(deps, { teamId: c.teamId, userId: c.userId, text: c.text });
      switch (r.kind) {
        case 'usage':
          return notice(r.message);
        case 'open_list':
          return openDelegationsList(c.userId, r.items, r.tz);
        case 'commitment':
          return commitmentClosedReply(r.result);
        case 'delegation':
          return r.result.kind === 'needs_lesson'
            ? lossNeedsLesson(r.result.delegation.ref, r.result.delegation.title)
            : outcomeRecorded(r.result.delegation, channelMention(r.result.delegation.channelId));
      }
    },
  });
