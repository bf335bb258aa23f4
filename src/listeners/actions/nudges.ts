import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { ForbiddenError } from '../../errors';
import { snoozeReminders, SNOOZE_CHOICES } from '../../services/nudges';
import { findDelegation } from '../../services/delegations';
import { movePromisesPastAway } from '../../services/settings';
import { notice } from '../../views/message';
import { ackModal, retroLessonModal } from '../../views/rituals';
import { failureView, replyVia } from '../answer';
import type { AppDeps } from '../deps';
import { actionInput } from './delegation';
import { actionKeyOf } from './commitment';
import { teamOf } from '../payloads';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;

const SnoozeChoice = z.enum(SNOOZE_CHOICES);

/** Snooze on a reminder: 1 h, tomorrow morning, next Monday. Not a renegotiation. */
export const snoozeAction =
  (deps: AppDeps) =>
  async ({ ack, body, action, respond }: Args): Promise<void> => {
    await ack();
    const log = deps.log.child({ module: 'nudge_snooze' });
    const teamId = teamOf(body);
    const choice = SnoozeChoice.safeParse(
      'selected_option' in action ? action.selected_option?.value : undefined,
    );
    const bundleId = Number(/^nudge_snooze_(\d+)$/.exec(action.block_id)?.[1]);
    const where = { teamId, user: body.user.id };
    if (!teamId || !choice.success || !Number.isInteger(bundleId))
      return replyVia(respond, notice('I couldn’t read that choice. Please try again.'), log, where);
    try {
      const view = await snoozeReminders(deps, teamId, body.user.id, choice.data, bundleId);
      await replyVia(respond, view, log, where, { replaceOriginal: true });
    } catch (err) {
      await replyVia(respond, failureView(err, log, where), log, where);
    }
  };

/** "Write a note" on an outcome nudge: a short modal; the note goes into the celebration's thread. */
export const acknowledgeAction =
  (deps: AppDeps) =>
  async ({ ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    const log = deps.log.child({ module: 'outcome_acknowledge' });
    const input = actionInput(body, 'value' in action ? action.value : undefined);
    if (!input) return replyVia(respond, notice('I couldn’t read that button. Please try again.'), log, {});
    const where = { teamId: input.teamId, user: input.userId, ref: `D-${input.ref}` };
    try {
      const d = await findDelegation(deps, input.teamId, input.ref);
      if (d.leaderId !== input.userId)
        throw new ForbiddenError('not_yours', `Only <@${d.leaderId}> acknowledges *D-${d.ref}*.`);
      await client.views.open({ trigger_id: input.triggerId, view: ackModal(d.ref, d.status === 'won') });
    } catch (err) {
      await replyVia(respond, failureView(err, log, where), log, where);
    }
  };

/** "Add a lesson" on a retro post: a modal; the lesson goes into the retro's thread. */
export const retroLessonAction =
  (deps: AppDeps) =>
  async ({ ack, body, client }: Args): Promise<void> => {
    await ack();
    const log = deps.log.child({ module: 'retro_add_lesson' });
    const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
    const channel = container?.channel_id ?? body.channel?.id;
    const ts = container?.message_ts ?? body.message?.ts;
    if (!channel || !ts) return;
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: retroLessonModal({ channel, ts }) });
    } catch (err) {
      failureView(err, log, { user: body.user.id });
    }
  };

/** Out of office: move the promises that fall due while away. */
export const awayMoveAction =
  (deps: AppDeps) =>
  async ({ ack, body, respond }: Args): Promise<void> => {
    await ack();
    const log = deps.log.child({ module: 'away_move_promises' });
    const teamId = teamOf(body);
    const where = { teamId, user: body.user.id };
    if (!teamId) return;
    try {
      const text = await movePromisesPastAway(deps, teamId, body.user.id, actionKeyOf(body, 'away_move', 0));
      await replyVia(respond, notice(text), log, where, { replaceOriginal: true });
    } catch (err) {
      await replyVia(respond, failureView(err, log, where), log, where);
    }
  };
