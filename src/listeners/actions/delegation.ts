import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { acceptDelegation, checkClosable, displayName, findDelegation } from '../../services/delegations';
import { memberOf } from '../../services/members';
import { acceptedReply, addBufferModal, changeRequestModal, lessonModal } from '../../views/delegation';
import { notice } from '../../views/message';
import { failureView, replyVia } from '../answer';
import type { AppDeps } from '../deps';
import { ActionPayload, RefValue, teamOf } from '../payloads';
import { ForbiddenError, NotFoundError } from '../../errors';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;

/** Reads who clicked which reference; answers the person and returns null when the payload is unusable. */
export function actionInput(body: BlockAction, value: string | undefined) {
  const payload = ActionPayload.safeParse(body);
  const ref = RefValue.safeParse(value ?? '');
  const teamId = teamOf(body);
  if (!payload.success || !ref.success || !teamId) return null;
  return {
    teamId,
    userId: payload.data.user.id,
    triggerId: payload.data.trigger_id,
    ref: ref.data.ref,
    extra: ref.data.extra,
    responseUrl: payload.data.response_url,
  };
}

const valueOf = (action: BlockAction['actions'][number]): string | undefined =>
  'value' in action ? action.value : undefined;

/** "Accept" in the assignee's DM. */
export const acceptAction =
  (deps: AppDeps) =>
  async ({ ack, body, action, respond }: Args): Promise<void> => {
    await ack();
    const input = actionInput(body, valueOf(action));
    const log = deps.log.child({ module: 'delegation_accept' });
    if (!input) return replyVia(respond, notice('I couldn’t read that button. Please try again.'), log, {});
    const where = { teamId: input.teamId, user: input.userId, ref: `D-${input.ref}` };
    try {
      const d = await acceptDelegation(deps, input.teamId, input.userId, input.ref);
      await replyVia(respond, acceptedReply(d), log, where);
    } catch (err) {
      await replyVia(respond, failureView(err, log, where), log, where);
    }
  };

/** "Ask for a change": opens a short note modal; the note goes to the leader. */
export const requestChangeAction =
  (deps: AppDeps) =>
  async ({ ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    const input = actionInput(body, valueOf(action));
    const log = deps.log.child({ module: 'delegation_request_change' });
    if (!input) return replyVia(respond, notice('I couldn’t read that button. Please try again.'), log, {});
    const where = { teamId: input.teamId, user: input.userId, ref: `D-${input.ref}` };
    try {
      const d = await findDelegation(deps, input.teamId, input.ref);
      if (d.status !== 'open')
        throw new NotFoundError(
          'not_open',
          `*D-${input.ref}* isn’t open any more, so there’s nothing to change.`,
        );
      await client.views.open({ trigger_id: input.triggerId, view: changeRequestModal(d.ref, d.title) });
    } catch (err) {
      await replyVia(respond, failureView(err, log, where), log, where);
    }
  };

/** Win / Loss in the `/outcome` list, and "Add the lesson": a short lesson modal. */
export const outcomeButtonAction =
  (deps: AppDeps, result: 'win' | 'loss' | 'from_value') =>
  async ({ ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    const input = actionInput(body, valueOf(action));
    const log = deps.log.child({ module: 'outcome_button' });
    if (!input) return replyVia(respond, notice('I couldn’t read that button. Please try again.'), log, {});
    const where = { teamId: input.teamId, user: input.userId, ref: `D-${input.ref}` };
    const chosen = result === 'from_value' ? (input.extra === 'win' ? 'win' : 'loss') : result;
    try {
      const d = await checkClosable(deps, input.teamId, input.userId, input.ref);
      await client.views.open({
        trigger_id: input.triggerId,
        view: lessonModal(d.ref, d.title, chosen, {
          ref: d.ref,
          result: chosen,
          responseUrl: input.responseUrl,
        }),
      });
    } catch (err) {
      await replyVia(respond, failureView(err, log, where), log, where);
    }
  };

/** "Add a safety net" on the step-up note: a modal for the buffer. */
export const addBufferAction =
  (deps: AppDeps) =>
  async ({ ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    const input = actionInput(body, valueOf(action));
    const log = deps.log.child({ module: 'delegation_add_buffer' });
    if (!input) return replyVia(respond, notice('I couldn’t read that button. Please try again.'), log, {});
    const where = { teamId: input.teamId, user: input.userId, ref: `D-${input.ref}` };
    try {
      const d = await findDelegation(deps, input.teamId, input.ref);
      if (d.status !== 'open') throw new NotFoundError('not_open', `*D-${input.ref}* isn’t open any more.`);
      if (d.leaderId !== input.userId)
        throw new ForbiddenError(
          'not_yours',
          `Only <@${d.leaderId}> can set the safety net of *D-${d.ref}*.`,
        );
      const assignee = await memberOf(deps, input.teamId, d.assigneeId);
      await client.views.open({
        trigger_id: input.triggerId,
        view: addBufferModal(d.ref, d.title, displayName(assignee)),
      });
    } catch (err) {
      await replyVia(respond, failureView(err, log, where), log, where);
    }
  };
