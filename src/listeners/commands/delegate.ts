import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { DateTime } from 'luxon';
import { delegate } from '../../services/delegations';
import { memberOf } from '../../services/members';
import { parseDelegateCommand } from '../../services/parse/delegate';
import { delegateConfirmation, delegateModal, DELEGATE_USAGE } from '../../views/delegation';
import { notice } from '../../views/message';
import { answerCommand, failureView } from '../answer';
import type { AppDeps } from '../deps';
import { CommandPayload } from '../payloads';

type Args = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** `/delegate @ana Draft the survey by Friday stakes medium; I'll review your outline by Wednesday` */
export const delegateCommand =
  (deps: AppDeps) =>
  async ({ ack, command, respond, client }: Args): Promise<void> => {
    const payload = CommandPayload.safeParse(command);
    if (!payload.success) {
      await ack({ response_type: 'ephemeral', text: `I couldn't read that command. ${DELEGATE_USAGE}` });
      return;
    }
    const c = payload.data;
    const where = { teamId: c.team_id, user: c.user_id, command: '/delegate' };
    const log = deps.log.child({ module: 'delegate' });

    if (c.text.trim() === '') {
      // No text: the form with every field. The modal must open within 3 s of the trigger.
      await ack();
      try {
        const me = await memberOf(deps, c.team_id, c.user_id);
        const inAWeek =
          DateTime.fromJSDate(deps.clock.now(), { zone: me.tz }).plus({ days: 7 }).toISODate() ?? undefined;
        await client.views.open({
          trigger_id: c.trigger_id,
          view: delegateModal(
            { channelId: c.channel_id, responseUrl: c.response_url },
            inAWeek ?? '2030-01-01',
          ),
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
      const parsed = parseDelegateCommand(c.text, deps.clock.now(), me.tz);
      if (!parsed.ok) return notice(parsed.error.message);
      const p = parsed.value;
      const result = await delegate(deps, {
        teamId: c.team_id,
        leaderId: c.user_id,
        channelId: c.channel_id,
        assignee: p.person,
        title: p.task,
        success: null,
        buffer: null,
        stakes: p.stakes,
        due: p.due,
        dueWasDefault: p.dueWasDefault,
        promises: p.promises.map((x) => ({ text: x.text, due: x.due })),
        requireBufferOnJump: false,
        leader: me,
      });
      return delegateConfirmation({ ...result, dueWasDefault: p.dueWasDefault });
    });
  };
