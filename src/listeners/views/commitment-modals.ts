import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { AppError } from '../../errors';
import { makeCommitment, moveCommitment } from '../../services/commitments';
import { LIMITS } from '../../services/delegations';
import { memberOf } from '../../services/members';
import { parseDue } from '../../services/parse/due';
import { commitConfirmation, movedReply } from '../../views/commitment';
import { escapeMrkdwn } from '../../views/format';
import { failureView } from '../answer';
import type { AppDeps } from '../deps';
import { parseMetadata, teamOf } from '../payloads';
import { dueFromPicker, sendConfirmation, stripMrkdwn } from './delegate-modal';
import { field, textOf, ViewSubmission } from './state';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

const CommitMeta = z.object({ responseUrl: z.string().optional() });

/** The /commit form. */
export const commitModalSubmit =
  (deps: AppDeps) =>
  async ({ ack, body, client }: Args): Promise<void> => {
    const log = deps.log.child({ module: 'commit_modal' });
    const parsed = ViewSubmission.safeParse(body);
    const teamId = teamOf(body);
    if (!parsed.success || !teamId) {
      await ack({
        response_action: 'errors',
        errors: { what: 'Something got lost on the way. Please close this and type /commit again.' },
      });
      return;
    }
    const meta = parseMetadata(CommitMeta, body.view.private_metadata) ?? {};
    const state = parsed.data.view.state;
    const userId = parsed.data.user.id;
    const where = { teamId, user: userId, modal: 'commit' };
    const what = textOf(state, 'what');
    const person = field(state, 'person')?.selected_user ?? null;
    const date = field(state, 'due')?.selected_date ?? null;
    const errors: Record<string, string> = {};
    if (!what) errors.what = 'Say what you’ll do, in a line.';
    else if ([...what].length > LIMITS.promise) errors.what = `Keep it under ${LIMITS.promise} characters.`;
    try {
      const me = await memberOf(deps, teamId, userId);
      const due = date ? dueFromPicker(date, me.tz) : null;
      if (!due) errors.due = 'A promise needs a date — pick one.';
      else if (due.getTime() <= deps.clock.now().getTime())
        errors.due = 'That day has already ended (due at 17:00 your time). Pick a later one.';
      if (Object.keys(errors).length > 0) {
        await ack({ response_action: 'errors', errors });
        return;
      }
      const r = await makeCommitment(deps, {
        teamId,
        ownerId: userId,
        counterpart: person ? { kind: 'id', userId: person } : null,
        text: escapeMrkdwn(what),
        due: due!,
      });
      await ack();
      await sendConfirmation(
        commitConfirmation(r.commitment, r.ownerTz, r.counterpartName),
        meta.responseUrl,
        client,
        userId,
        log,
        where,
      );
    } catch (err) {
      const key = err instanceof AppError && err.field ? err.field : 'what';
      await ack({
        response_action: 'errors',
        errors: {
          [key]: stripMrkdwn(err instanceof AppError ? err.userMessage : failureView(err, log, where).text),
        },
      });
    }
  };

const MoveMeta = z.object({ ref: z.number().int().positive() });

/** The Move form: a new date in the person's own words, parsed in their time zone. */
export const moveModalSubmit =
  (deps: AppDeps) =>
  async ({ ack, body, client }: Args): Promise<void> => {
    const log = deps.log.child({ module: 'move_modal' });
    const parsed = ViewSubmission.safeParse(body);
    const teamId = teamOf(body);
    const meta = parseMetadata(MoveMeta, body.view.private_metadata);
    if (!parsed.success || !teamId || !meta) {
      await ack({
        response_action: 'errors',
        errors: { when: 'Something got lost on the way. Please close this and try again.' },
      });
      return;
    }
    const userId = parsed.data.user.id;
    const where = { teamId, user: userId, ref: `C-${meta.ref}` };
    const when = textOf(parsed.data.view.state, 'when');
    const reason = textOf(parsed.data.view.state, 'reason');
    try {
      const me = await memberOf(deps, teamId, userId);
      const due = parseDue(when, deps.clock.now(), me.tz);
      if (!due.ok) {
        await ack({ response_action: 'errors', errors: { when: stripMrkdwn(due.error.message) } });
        return;
      }
      const r = await moveCommitment(deps, {
        teamId,
        actorId: userId,
        ref: meta.ref,
        actionKey: `move:${parsed.data.view.id}`,
        newDue: due.value.due,
        reason: reason ? escapeMrkdwn(reason.slice(0, 500)) : null,
      });
      await ack();
      if (r.kind === 'applied')
        await sendConfirmation(movedReply(r.commitment, me.tz), undefined, client, userId, log, where);
    } catch (err) {
      await ack({
        response_action: 'errors',
        errors: {
          when: stripMrkdwn(err instanceof AppError ? err.userMessage : failureView(err, log, where).text),
        },
      });
    }
  };
