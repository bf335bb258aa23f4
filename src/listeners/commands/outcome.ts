import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { closeDelegation, openDelegationsFor } from '../../services/delegations';
import { closeCommitmentByOwner } from '../../services/commitments';
import { parseOutcomeCommand } from '../../services/parse/outcome';
import { lossNeedsLesson, openDelegationsList, outcomeRecorded, OUTCOME_USAGE } from '../../views/delegation';
import { commitmentClosedReply } from '../../views/commitment';
import { channelMention } from '../../views/format';
import { notice } from '../../views/message';
import { answerCommand } from '../answer';
import type { AppDeps } from '../deps';
import { CommandPayload } from '../payloads';

type Args = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** `/outcome D-12 win|loss lesson`, `/outcome C-7 kept|missed note`, or `/outcome` to list what is open. */
export const outcomeCommand =
  (deps: AppDeps) =>
  async ({ ack, command, respond }: Args): Promise<void> => {
    const payload = CommandPayload.safeParse(command);
    if (!payload.success) {
      await ack({ response_type: 'ephemeral', text: `I couldn't read that command. ${OUTCOME_USAGE}` });
      return;
    }
    const c = payload.data;
    const where = { teamId: c.team_id, user: c.user_id, command: '/outcome' };
    const log = deps.log.child({ module: 'outcome' });

    await answerCommand({ ack, respond, log, where }, async () => {
      if (c.text.trim() === '') {
        const { items, tz } = await openDelegationsFor(deps, c.team_id, c.user_id);
        return openDelegationsList(c.user_id, items, tz);
      }
      const parsed = parseOutcomeCommand(c.text);
      if (!parsed.ok) return notice(parsed.error.message);
      const p = parsed.value;
      if (p.kind === 'commitment') {
        const result = await closeCommitmentByOwner(deps, {
          teamId: c.team_id,
          actorId: c.user_id,
          ref: p.ref,
          result: p.result,
          note: p.note,
          actionKey: null,
        });
        return commitmentClosedReply(result);
      }
      const result = await closeDelegation(deps, {
        teamId: c.team_id,
        actorId: c.user_id,
        ref: p.ref,
        result: p.result,
        lesson: p.lesson,
      });
      if (result.kind === 'needs_lesson')
        return lossNeedsLesson(result.delegation.ref, result.delegation.title);
      return outcomeRecorded(result.delegation, channelMention(result.delegation.channelId));
    });
  };
