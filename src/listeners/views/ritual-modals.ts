import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { AppError } from '../../errors';
import { acknowledgeOutcome } from '../../services/delegations';
import { addRetroLesson } from '../../services/rituals';
import { escapeMrkdwn } from '../../views/format';
import { failureView } from '../answer';
import type { AppDeps } from '../deps';
import { parseMetadata, teamOf } from '../payloads';
import { stripMrkdwn } from './delegate-modal';
import { textOf, ViewSubmission } from './state';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

const AckMeta = z.object({ ref: z.number().int().positive() });

/** The leader's note on an outcome. */
export const acknowledgeSubmit =
  (deps: AppDeps) =>
  async ({ ack, body }: Args): Promise<void> => {
    const log = deps.log.child({ module: 'acknowledge_modal' });
    const parsed = ViewSubmission.safeParse(body);
    const teamId = teamOf(body);
    const meta = parseMetadata(AckMeta, body.view.private_metadata);
    if (!parsed.success || !teamId || !meta) {
      await ack({
        response_action: 'errors',
        errors: { note: 'Something got lost on the way. Please close this and try again.' },
      });
      return;
    }
    const note = textOf(parsed.data.view.state, 'note');
    if (!note) {
      await ack({ response_action: 'errors', errors: { note: 'A line is plenty.' } });
      return;
    }
    const where = { teamId, user: parsed.data.user.id, ref: `D-${meta.ref}` };
    try {
      await acknowledgeOutcome(
        deps,
        teamId,
        parsed.data.user.id,
        meta.ref,
        escapeMrkdwn(note.slice(0, 1000)),
      );
      await ack();
    } catch (err) {
      await ack({
        response_action: 'errors',
        errors: {
          note: stripMrkdwn(err instanceof AppError ? err.userMessage : failureView(err, log, where).text),
        },
      });
    }
  };

const RetroMeta = z.object({ channel: z.string().min(1), ts: z.string().min(1) });

/** A lesson added to a retro, posted in its thread. */
export const retroLessonSubmit =
  (deps: AppDeps) =>
  async ({ ack, body }: Args): Promise<void> => {
    const log = deps.log.child({ module: 'retro_lesson_modal' });
    const parsed = ViewSubmission.safeParse(body);
    const teamId = teamOf(body);
    const meta = parseMetadata(RetroMeta, body.view.private_metadata);
    if (!parsed.success || !teamId || !meta) {
      await ack({
        response_action: 'errors',
        errors: { lesson: 'Something got lost on the way. Please close this and try again.' },
      });
      return;
    }
    const lesson = textOf(parsed.data.view.state, 'lesson');
    if (!lesson) {
      await ack({
        response_action: 'errors',
        errors: { lesson: 'What did you try, and what did you learn?' },
      });
      return;
    }
    try {
      await addRetroLesson(
        deps,
        teamId,
        parsed.data.user.id,
        meta,
        escapeMrkdwn(lesson.slice(0, 1000)),
        parsed.data.view.id,
      );
      await ack();
    } catch (err) {
      await ack({
        response_action: 'errors',
        errors: { lesson: stripMrkdwn(failureView(err, log, { teamId, user: parsed.data.user.id }).text) },
      });
    }
  };
