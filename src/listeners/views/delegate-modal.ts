import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { AppError } from '../../errors';
import { delegate, LIMITS } from '../../services/delegations';
import { memberOf } from '../../services/members';
import { extractDueClause } from '../../services/parse/when';
import { END_OF_WORKING_DAY_HOUR, resolveZone } from '../../services/parse/due';
import { STAKES, type Stakes } from '../../services/trust-ladder';
import { DelegateFields } from '../../slack/ids';
import { delegateConfirmation } from '../../views/delegation';
import { escapeMrkdwn } from '../../views/format';
import { failureView } from '../answer';
import type { AppDeps } from '../deps';
import { parseMetadata, teamOf } from '../payloads';
import { field, textOf, ViewSubmission } from './state';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

const Meta = z.object({ channelId: z.string().min(1), responseUrl: z.string().optional() });

/** A date picked in the modal means 17:00 on that day in the leader's own time zone. */
export function dueFromPicker(date: string, tz: string): Date | null {
  const d = DateTime.fromISO(date, { zone: resolveZone(tz) });
  return d.isValid
    ? d.set({ hour: END_OF_WORKING_DAY_HOUR, minute: 0, second: 0, millisecond: 0 }).toJSDate()
    : null;
}

/** Submitting the /delegate form: field errors keep it open (response_action: errors), as Slack modals do. */
export const delegateModalSubmit =
  (deps: AppDeps) =>
  async ({ ack, body, client }: Args): Promise<void> => {
    const log = deps.log.child({ module: 'delegate_modal' });
    const parsed = ViewSubmission.safeParse(body);
    const teamId = teamOf(body);
    const meta = parseMetadata(Meta, body.view.private_metadata);
    if (!parsed.success || !teamId || !meta) {
      await ack({
        response_action: 'errors',
        errors: {
          [DelegateFields.task]:
            'Something in this form got lost on the way. Please close it and type /delegate again.',
        },
      });
      return;
    }
    const state = parsed.data.view.state;
    const leaderId = parsed.data.user.id;
    const where = { teamId, user: leaderId, modal: 'delegate' };
    const errors: Record<string, string> = {};

    const assignee = field(state, DelegateFields.person)?.selected_user ?? null;
    const task = textOf(state, DelegateFields.task);
    const success = textOf(state, DelegateFields.success);
    const buffer = textOf(state, DelegateFields.buffer);
    const promisesText = textOf(state, DelegateFields.promises);
    const stakesValue = field(state, DelegateFields.stakes)?.selected_option?.value ?? 'small';
    const dateValue = field(state, DelegateFields.due)?.selected_date ?? null;

    if (!assignee) errors[DelegateFields.person] = 'Pick the person you’re trusting with this.';
    if (!task) errors[DelegateFields.task] = 'Say what the work is, in a line.';
    else if ([...task].length > LIMITS.title)
      errors[DelegateFields.task] = `Keep it under ${LIMITS.title} characters — link a doc for the details.`;
    if ([...success].length > LIMITS.success)
      errors[DelegateFields.success] = `Keep it under ${LIMITS.success} characters.`;
    if ([...buffer].length > LIMITS.buffer)
      errors[DelegateFields.buffer] = `Keep it under ${LIMITS.buffer} characters.`;
    if (!(STAKES as readonly string[]).includes(stakesValue))
      errors[DelegateFields.stakes] = 'Pick small, medium or large.';

    try {
      const me = await memberOf(deps, teamId, leaderId);
      const now = deps.clock.now();
      const due = dateValue ? dueFromPicker(dateValue, me.tz) : null;
      if (!due) errors[DelegateFields.due] = 'Pick a due date.';
      else if (due.getTime() <= now.getTime())
        errors[DelegateFields.due] = 'That day has already ended (due at 17:00 your time). Pick a later one.';

      const promises: { text: string; due: Date | null }[] = [];
      for (const line of promisesText
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .slice(0, 10)) {
        const clause = extractDueClause(line, now, me.tz, { trailingDate: true });
        if (!clause.ok) {
          errors[DelegateFields.promises] = `“${line.slice(0, 60)}”: ${clause.error.message}`;
          break;
        }
        const text = (clause.value?.rest ?? line).replace(/^I(?:['’]ll|\s+will)\s+/i, '').trim();
        if ([...text].length > LIMITS.promise) {
          errors[DelegateFields.promises] = `Keep each promise under ${LIMITS.promise} characters.`;
          break;
        }
        promises.push({ text: escapeMrkdwn(text || line), due: clause.value?.due ?? null });
      }
      if (Object.keys(errors).length > 0) {
        await ack({ response_action: 'errors', errors });
        return;
      }
      const result = await delegate(deps, {
        teamId,
        leaderId,
        channelId: meta.channelId,
        assignee: { kind: 'id', userId: assignee! },
        title: escapeMrkdwn(task),
        success: success ? escapeMrkdwn(success) : null,
        buffer: buffer ? escapeMrkdwn(buffer) : null,
        stakes: stakesValue as Stakes,
        due: due!,
        dueWasDefault: false,
        promises,
        requireBufferOnJump: true,
      });
      await ack();
      const view = delegateConfirmation({ ...result, dueWasDefault: false });
      await sendConfirmation(view, meta.responseUrl, client, leaderId, log, where);
    } catch (err) {
      if (err instanceof AppError && err.field) {
        await ack({ response_action: 'errors', errors: { [err.field]: stripMrkdwn(err.userMessage) } });
        return;
      }
      const view = failureView(err, log, where);
      await ack({ response_action: 'errors', errors: { [DelegateFields.task]: stripMrkdwn(view.text) } });
    }
  };

/** Field errors are plain text in Slack. */
export const stripMrkdwn = (text: string): string =>
  text.replace(/[*_`]/g, '').replace(/<@([A-Z0-9]+)>/g, 'them');

/**
 * The confirmation goes back where the person typed the command (its response_url, kept in the modal);
 * when that is not available, by DM.
 */
export async function sendConfirmation(
  view: { text: string; blocks: unknown[] },
  responseUrl: string | undefined,
  client: Args['client'],
  userId: string,
  log: AppDeps['log'],
  where: Record<string, unknown>,
): Promise<void> {
  try {
    if (responseUrl) {
      const res = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', text: view.text, blocks: view.blocks }),
      });
      if (res.ok) return;
    }
    await client.chat.postMessage({ channel: userId, text: view.text, blocks: view.blocks as never });
  } catch (err) {
    log.warn({ ...where, err }, 'could not send the confirmation');
  }
}
