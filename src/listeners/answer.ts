import type { RespondFn } from '@slack/bolt';
import { isDatabaseUnavailable } from '../db/errors';
import { AppError, UnavailableError } from '../errors';
import type { Logger } from '../logger';
import { notice, type MessageView } from '../views/message';
import { neutralisePayload } from '../views/neutralise';

/** Slack waits 3 s for an ack; we keep a margin for the network. */
export const ACK_BUDGET_MS = 2500;

const GENERIC_FAILURE =
  'Something went wrong on my side — nothing was changed. Please try again in a moment; if it keeps happening, let your workspace admin know.';

/** Turns any failure into a reply a person can act on. Unexpected ones are logged in full, never shown. */
export function failureView(err: unknown, log: Logger, where: Record<string, unknown>): MessageView {
  if (err instanceof AppError) {
    log.info({ ...where, code: err.code }, 'refused: %s', err.code);
    return notice(err.userMessage);
  }
  if (isDatabaseUnavailable(err)) {
    log.warn({ ...where, err }, 'database unavailable while answering');
    return notice(new UnavailableError().userMessage);
  }
  log.error({ ...where, err }, 'unexpected failure while answering');
  return notice(GENERIC_FAILURE);
}

type CommandAck = (response?: {
  response_type?: 'ephemeral' | 'in_channel';
  text?: string;
  blocks?: MessageView['blocks'];
}) => Promise<void>;

/**
 * Answers a slash command with the result of `work` inside the ack, so the person sees it at once.
 * If the work runs past the budget (a slow database), Slack gets a "working on it" ack in time and the
 * result follows through response_url. Errors become friendly replies; nothing reaches Slack as a 500.
 */
export async function answerCommand(
  a: { ack: CommandAck; respond: RespondFn; log: Logger; where: Record<string, unknown> },
  /** The reply, or null when there is nothing to say (the command opened a form). */
  work: () => Promise<MessageView | null>,
  budgetMs = ACK_BUDGET_MS,
): Promise<void> {
  const result = work()
    .then((v) => v && neutralisePayload(v))
    .catch((err: unknown) => failureView(err, a.log, a.where));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  const first = await Promise.race([result, late]);
  clearTimeout(timer);
  if (first === null) {
    await a.ack();
    return;
  }
  if (first !== 'late') {
    await a.ack({ response_type: 'ephemeral', text: first.text, blocks: first.blocks });
    return;
  }
  await a.ack({ response_type: 'ephemeral', text: ':hourglass_flowing_sand: Working on it…' });
  const view = (await result) ?? notice('Done.');
  await a
    .respond({ response_type: 'ephemeral', replace_original: true, text: view.text, blocks: view.blocks })
    .catch((err: unknown) => a.log.warn({ ...a.where, err }, 'could not send the late reply'));
}

/** For buttons and modals: the reply goes through response_url (already acked). */
export async function replyVia(
  respond: RespondFn | undefined,
  view: MessageView,
  log: Logger,
  where: Record<string, unknown>,
  opts: { replaceOriginal?: boolean } = {},
): Promise<void> {
  if (!respond) return;
  view = neutralisePayload(view);
  await respond({
    response_type: 'ephemeral',
    replace_original: opts.replaceOriginal ?? false,
    text: view.text,
    blocks: view.blocks,
  }).catch((err: unknown) => log.warn({ ...where, err }, 'could not reply through response_url'));
}
