import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { DateTime } from 'luxon';
import {
  answerConfirmation,
  closeCommitmentByOwner,
  getOwnCommitment,
  releaseCommitment,
} from '../../services/commitments';
import { memberOf } from '../../services/members';
import { ForbiddenError, InputError } from '../../errors';
import { commitModal, commitmentClosedReply, moveModal } from '../../views/commitment';
import { notice } from '../../views/message';
import { failureView, replyVia } from '../answer';
import type { AppDeps } from '../deps';
import { actionInput } from './delegation';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;

const valueOf = (action: BlockAction['actions'][number]): string | undefined =>
  'value' in action ? action.value : undefined;

/**
 * The idempotency key of a click: the same button on the same message (a double click, a retry) is one
 * action; Home-tab buttons are re-rendered after every change, so there each click's own timestamp counts.
 */
export function actionKeyOf(body: BlockAction, actionId: string, ref: number): string {
  const container = body.container as { message_ts?: string; view_id?: string } | undefined;
  const action = body.actions[0] as { action_ts?: string } | undefined;
  const where = container?.message_ts ?? action?.action_ts ?? container?.view_id ?? 'unknown';
  return `${actionId}:${ref}:${body.user.id}:${where}`;
}

/** Done / Yes / Not yet / Let them off. */
export const commitmentButtonAction =
  (deps: AppDeps, kind: 'done' | 'confirm' | 'not_yet' | 'release') =>
  async ({ ack, body, action, respond }: Args): Promise<void> => {
    await ack();
    const log = deps.log.child({ module: `commitment_${kind}` });
    const input = actionInput(body, valueOf(action));
    if (!input) return replyVia(respond, notice('I couldn’t read that button. Please try again.'), log, {});
    const where = { teamId: input.teamId, user: input.userId, ref: `C-${input.ref}` };
    const req = {
      teamId: input.teamId,
      actorId: input.userId,
      ref: input.ref,
      actionKey: actionKeyOf(body, kind, input.ref),
    };
    try {
      const result =
        kind === 'done'
          ? await closeCommitmentByOwner(deps, { ...req, result: 'kept', note: null })
          : kind === 'release'
            ? await releaseCommitment(deps, req)
            : await answerConfirmation(deps, { ...req, answer: kind === 'confirm' ? 'yes' : 'not_yet' });
      await replyVia(respond, commitmentClosedReply(result), log, where, {
        replaceOriginal: kind === 'confirm' || kind === 'not_yet',
      });
    } catch (err) {
      await replyVia(respond, failureView(err, log, where), log, where);
    }
  };

/** Move: a modal asking for the new date (a renegotiation, only before the due time). */
export const moveButtonAction =
  (deps: AppDeps) =>
  async ({ ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    const log = deps.log.child({ module: 'commitment_move' });
    const input = actionInput(body, valueOf(action));
    if (!input) return replyVia(respond, notice('I couldn’t read that button. Please try again.'), log, {});
    const where = { teamId: input.teamId, user: input.userId, ref: `C-${input.ref}` };
    try {
      const c = await getOwnCommitment(deps, input.teamId, input.ref);
      if (c.ownerId !== input.userId)
        throw new ForbiddenError(
          'not_yours',
          `Only <@${c.ownerId}> can move *C-${c.ref}* — it’s their promise.`,
        );
      if (c.status !== 'open')
        throw new InputError(
          'already_closed',
          `*C-${c.ref}* is already ${c.status}; there’s nothing to move.`,
        );
      const me = await memberOf(deps, input.teamId, input.userId);
      await client.views.open({ trigger_id: input.triggerId, view: moveModal(c, me.tz) });
    } catch (err) {
      await replyVia(respond, failureView(err, log, where), log, where);
    }
  };

/** "Make a promise" on the Home tab. */
export const openCommitModalAction =
  (deps: AppDeps) =>
  async ({ ack, body, client }: Args): Promise<void> => {
    await ack();
    const log = deps.log.child({ module: 'open_commit_modal' });
    try {
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const me = await memberOf(deps, teamId, body.user.id);
      const tomorrow =
        DateTime.fromJSDate(deps.clock.now(), { zone: me.tz }).plus({ days: 1 }).toISODate() ?? '2030-01-01';
      await client.views.open({ trigger_id: body.trigger_id, view: commitModal(tomorrow) });
    } catch (err) {
      failureView(err, log, { user: body.user.id });
    }
  };
