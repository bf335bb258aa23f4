/**
 * response_url behaviour and the immediate answer (ack body) to a slash command.
 *
 * Slack: a response_url takes JSON `{text, blocks, response_type, replace_original, delete_original,
 * thread_ts}`, works up to 5 times within 30 minutes (LEGACY slash-commands doc; docs.slack.dev
 * "Implementing slash commands"), defaults to an ephemeral reply, and a delayed `in_channel` reply does
 * not echo the command. It answers like an incoming webhook: `200 ok`, or a plain-text error
 * (`400 no_text`, `400 invalid_blocks`, `404 no_service` for an unknown URL). What Slack answers after
 * the 5th use or the 30 minutes is not documented; the stand-in answers `404 used_url` / `404 expired_url`.
 */
import { parseMessageContent } from './content';
import { isJsonObject, type JsonObject } from './json';
import type { ResponseUrlOptions, ResponseUrlRecord } from './types';
import { RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS, type Workspace } from './workspace';

export interface WebhookAnswer {
  status: number;
  /** Plain-text body: `ok` or an error code. */
  text: string;
}

const OK: WebhookAnswer = { status: 200, text: 'ok' };

/** Checks a response_url's budget (and spends one use if it is still valid). */
export function spendResponseUrl(
  ws: Workspace,
  record: ResponseUrlRecord | undefined,
): WebhookAnswer | undefined {
  if (!record) return { status: 404, text: 'no_service' };
  if (ws.cfg.now() - record.createdAt > RESPONSE_URL_TTL_MS) return { status: 404, text: 'expired_url' };
  if (record.uses >= RESPONSE_URL_MAX_USES) return { status: 404, text: 'used_url' };
  record.uses += 1;
  return undefined;
}

/** Applies a message posted to a response_url (after the URL's budget was checked). */
export function applyResponse(ws: Workspace, origin: ResponseUrlOptions, body: unknown): WebhookAnswer {
  if (!isJsonObject(body)) return { status: 400, text: 'invalid_payload' };
  if (body.delete_original === true) {
    deleteOriginal(ws, origin);
    return OK;
  }
  const content = parseMessageContent(body, { overlong: 'reject' });
  if (!content.ok) return { status: 400, text: content.error };
  const { text, blocks, attachments } = content.value;
  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;

  if (body.replace_original === true && origin.messageTs) {
    if (origin.isEphemeral) {
      const target = ws.ephemerals.find((e) => e.message_ts === origin.messageTs && e.user === origin.user);
      if (target) {
        ws.replaceEphemeral(target, { text, blocks });
        return OK;
      }
    } else {
      const target = ws.findMessage(origin.channel, origin.messageTs);
      if (target) {
        ws.updateMessage(target, { text, blocks: blocks ?? [], attachments });
        return OK;
      }
    }
    // Nothing left to replace: fall through and post a new message, as the original is gone.
  }
  if (body.response_type === 'in_channel') {
    // A response_url posts as the app even where the bot is not a member (that is its point).
    ws.postBotMessage(origin.channel, { text, blocks, attachments, thread_ts: threadTs });
  } else {
    ws.postEphemeral({ channel: origin.channel, user: origin.user, text, blocks, thread_ts: threadTs });
  }
  return OK;
}

function deleteOriginal(ws: Workspace, origin: ResponseUrlOptions): void {
  if (!origin.messageTs) return;
  if (origin.isEphemeral) {
    const target = ws.ephemerals.find((e) => e.message_ts === origin.messageTs && e.user === origin.user);
    if (target) ws.deleteEphemeral(target);
  } else {
    ws.deleteMessage(origin.channel, origin.messageTs);
  }
}

/**
 * The app's synchronous answer to a slash command (Bolt `ack(…)`): plain text is shown to the invoker
 * only; a JSON message follows `response_type`, and an immediate `in_channel` answer shows the
 * invocation itself too (LEGACY slash-commands doc, "in_channel").
 */
export function applyCommandAck(ws: Workspace, origin: ResponseUrlOptions, body: unknown): void {
  if (body === undefined || body === null || body === '') return;
  if (typeof body === 'string') {
    ws.postEphemeral({ channel: origin.channel, user: origin.user, text: body });
    return;
  }
  if (!isJsonObject(body)) return;
  const message: JsonObject = { ...body, replace_original: false, delete_original: false };
  const hasContent = ['text', 'blocks', 'attachments'].some(
    (k) => message[k] !== undefined && message[k] !== '',
  );
  if (body.response_type === 'in_channel' && origin.command) {
    ws.postUserMessage({ channel: origin.channel, user: origin.user, text: origin.command });
  }
  if (hasContent) applyResponse(ws, origin, message);
}
