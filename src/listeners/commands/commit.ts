import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { DateTime } from 'luxon';
import { makeCommitment, moveCommitment } from '../../services/commitments';
import { memberOf } from '../../services/members';
import { parseCommitCommand } from '../../services/parse/commit';
import {
  commitConfirmation,
  commitModal,
  COMMIT_USAGE,
  commitmentClosedReply,
  movedReply,
} from '../../views/commitment';
import { notice } from '../../views/message';
import { answerCommand, failureView } from '../answer';
import type { AppDeps } from '../deps';
import { CommandPayload } from '../payloads';

type Args = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** `/commit what by when`, `/commit @ana what by when`, `/commit C-7 by next Monday because…`, or `/commit` for a form. */
export const commitCommand =
  (deps: AppDeps) =>
  async ({ ack, command, respond, client }: Args): Promise<void> => {
    const payload = CommandPayload.safeParse(command);
    if (!payload.success) {
      await ack({ response_type: 'ephemeral', text: `I couldn't read that command. ${COMMIT_USAGE}` });
      return;
    }
    const c = payload.data;
    const where = { teamId: c.team_id, user: c.user_id, command: '/commit' };
    const log = deps.log.child({ module: 'commit' });
    if (c.text.trim() === '') {
      await ack();
      try {
        const me = await memberOf(deps, c.team_id, c.user_id);
        const tomorrow =
          DateTime.fromJSDate(deps.clock.now(), { zone: me.tz }).plus({ days: 1 }).toISODate() ??
          '2030-01-01';
        await client.views.open({
          trigger_id: c.trigger_id,
          view: {
            ...commitModal(tomorrow),
            private_metadata: JSON.stringify({ responseUrl: c.response_url }),
          },
        });
      } catch (err) {
        const view = failureView(err, log, where);
        await respond({ response_type: 'ephemeral', text: view.text, blocks: view.blocks }).catch(
          () => undefined,
        );
      }
      return;
    }
    await answerCommand({ ack, respond, log, where }, async () => {
      const me = await memberOf(deps, c.team_id, c.user_id);
      const parsed = parseCommitCommand(c.text, deps.clock.now(), me.tz);
      if (!parsed.ok) return notice(parsed.error.message);
      const p = parsed.value;
      if (p.kind === 'move') {
        const r = await moveCommitment(deps, {
          teamId: c.team_id,
          actorId: c.user_id,
          ref: p.ref,
          actionKey: null,
          newDue: p.due,
          reason: p.reason,
        });
        return r.kind === 'applied' ? movedReply(r.commitment, me.tz) : commitmentClosedReply(r);
      }
      const r = await makeCommitment(deps, {
        teamId: c.team_id,
        ownerId: c.user_id,
        counterpart: p.owedTo,
        text: p.text,
        due: p.due,
      });
      return commitConfirmation(r.commitment, r.ownerTz, r.counterpartName);
    });
  };
