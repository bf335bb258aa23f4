import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { addBuffer, closeDelegation, LIMITS, requestChange } from '../../services/delegations';
import { ChangeRequestFields, LessonFields } from '../../slack/ids';
import { outcomeRecorded } from '../../views/delegation';
import { channelMention, escapeMrkdwn } from '../../views/format';
import { failureView } from '../answer';
import type { AppDeps } from '../deps';
import { parseMetadata, teamOf } from '../payloads';
import { sendConfirmation, stripMrkdwn } from './delegate-modal';
import { textOf, ViewSubmission } from './state';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

const LessonMeta = z.object({
  ref: z.number().int().positive(),
  result: z.enum(['win', 'loss']),
  responseUrl: z.string().optional(),
});

/** The lesson modal from the Win / Loss buttons: closes the delegation and celebrates it. */
export const lessonModalSubmit =
  (deps: AppDeps) =>
  async ({ ack, body, client }: Args): Promise<void> => {
    const log = deps.log.child({ module: 'lesson_modal' });
    const parsed = ViewSubmission.safeParse(body);
    const teamId = teamOf(body);
    const meta = parseMetadata(LessonMeta, body.view.private_metadata);
    if (!parsed.success || !teamId || !meta) {
      await ack({
        response_action: 'errors',
        errors: {
          [LessonFields.lesson]: 'Something got lost on the way. Please close this and try /outcome again.',
        },
      });
      return;
    }
    const userId = parsed.data.user.id;
    const lesson = textOf(parsed.data.view.state, LessonFields.lesson);
    const where = { teamId, user: userId, ref: `D-${meta.ref}` };
    if (meta.result === 'loss' && !lesson) {
      await ack({
        response_action: 'errors',
        errors: {
          [LessonFields.lesson]:
            'A loss is worth sharing when it comes with a lesson. What would you do differently?',
        },
      });
      return;
    }
    if ([...lesson].length > LIMITS.lesson) {
      await ack({
        response_action: 'errors',
        errors: { [LessonFields.lesson]: `Keep it under ${LIMITS.lesson} characters.` },
      });
      return;
    }
    try {
      const result = await closeDelegation(deps, {
        teamId,
        actorId: userId,
        ref: meta.ref,
        result: meta.result,
        lesson: lesson ? escapeMrkdwn(lesson) : null,
      });
      await ack();
      if (result.kind === 'closed') {
        await sendConfirmation(
          outcomeRecorded(result.delegation, channelMention(result.delegation.channelId)),
          meta.responseUrl,
          client,
          userId,
          log,
          where,
        );
      }
    } catch (err) {
      await ack({
        response_action: 'errors',
        errors: { [LessonFields.lesson]: stripMrkdwn(failureView(err, log, where).text) },
      });
    }
  };

const ChangeMeta = z.object({ ref: z.number().int().positive() });

/** "Ask for a change": the note goes to the leader as a DM. */
export const changeRequestSubmit =
  (deps: AppDeps) =>
  async ({ ack, body }: Args): Promise<void> => {
    const log = deps.log.child({ module: 'change_request_modal' });
    const parsed = ViewSubmission.safeParse(body);
    const teamId = teamOf(body);
    const meta = parseMetadata(ChangeMeta, body.view.private_metadata);
    if (!parsed.success || !teamId || !meta) {
      await ack({
        response_action: 'errors',
        errors: {
          [ChangeRequestFields.note]: 'Something got lost on the way. Please close this and try again.',
        },
      });
      return;
    }
    const note = textOf(parsed.data.view.state, ChangeRequestFields.note);
    if (!note) {
      await ack({
        response_action: 'errors',
        errors: { [ChangeRequestFields.note]: 'Say what you would change.' },
      });
      return;
    }
    const userId = parsed.data.user.id;
    const where = { teamId, user: userId, ref: `D-${meta.ref}` };
    try {
      await requestChange(
        deps,
        teamId,
        userId,
        meta.ref,
        escapeMrkdwn(note.slice(0, LIMITS.note)),
        `change:${parsed.data.view.id}`,
      );
      await ack({
        response_action: 'update',
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: 'Sent' },
          close: { type: 'plain_text', text: 'Close' },
          blocks: [
            {
              type: 'section',
              text: { type: 'mrkdwn', text: 'Your note is on its way to your lead. :speech_balloon:' },
            },
          ],
        },
      });
    } catch (err) {
      await ack({
        response_action: 'errors',
        errors: { [ChangeRequestFields.note]: stripMrkdwn(failureView(err, log, where).text) },
      });
    }
  };

/** The safety net, named after delegating. */
export const addBufferSubmit =
  (deps: AppDeps) =>
  async ({ ack, body }: Args): Promise<void> => {
    const log = deps.log.child({ module: 'add_buffer_modal' });
    const parsed = ViewSubmission.safeParse(body);
    const teamId = teamOf(body);
    const meta = parseMetadata(ChangeMeta, body.view.private_metadata);
    if (!parsed.success || !teamId || !meta) {
      await ack({
        response_action: 'errors',
        errors: { buffer: 'Something got lost on the way. Please close this and try again.' },
      });
      return;
    }
    const buffer = textOf(parsed.data.view.state, 'buffer');
    if (!buffer) {
      await ack({
        response_action: 'errors',
        errors: { buffer: 'Name the safety net: a review, a fallback, slack in the date.' },
      });
      return;
    }
    const where = { teamId, user: parsed.data.user.id, ref: `D-${meta.ref}` };
    try {
      await addBuffer(
        deps,
        teamId,
        parsed.data.user.id,
        meta.ref,
        escapeMrkdwn(buffer.slice(0, LIMITS.buffer)),
      );
      await ack();
    } catch (err) {
      await ack({
        response_action: 'errors',
        errors: { buffer: stripMrkdwn(failureView(err, log, where).text) },
      });
    }
  };
