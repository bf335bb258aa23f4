/**
 * Message content (`text`, `blocks`, `attachments`) checks shared by chat.postMessage, chat.postEphemeral,
 * chat.update and response_url posts, with Slack's error names (REF docs.slack.dev/methods/chat.*.json).
 */
import { formatIssue, validateMessageBlocks } from './blockKitLimits';
import { isJsonObject, isJsonObjectArray, type JsonObject } from './json';

export const MAX_TEXT = 40_000;
export const MAX_ATTACHMENTS = 100;

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; extra?: JsonObject };

export interface MessageContent {
  text: string;
  blocks?: JsonObject[];
  attachments?: JsonObject[];
  metadata?: JsonObject;
  /** Slack warnings to add to the response (e.g. `message_truncated`). */
  warnings: string[];
}

export interface ContentOptions {
  /** What to do with text over 40,000 characters (see StandInOptions.overlongText). */
  overlong: 'truncate' | 'reject';
  /** chat.update may omit all content fields (keeps the old ones), so "nothing" is not `no_text` there. */
  allowEmpty?: boolean;
}

/** The shape Slack uses for block errors: `errors` plus `[ERROR] …` lines in response_metadata.messages. */
export function invalidBlocks(issues: { pointer: string; message: string }[], error = 'invalid_blocks') {
  const lines = issues.map(formatIssue);
  return {
    ok: false as const,
    error,
    extra: { errors: lines, response_metadata: { messages: lines.map((l) => `[ERROR] ${l}`) } },
  };
}

export function parseMessageContent(
  args: { text?: unknown; blocks?: unknown; attachments?: unknown; metadata?: unknown },
  opts: ContentOptions,
): Outcome<MessageContent> {
  const warnings: string[] = [];
  let blocks: JsonObject[] | undefined;
  if (args.blocks !== undefined && args.blocks !== null && args.blocks !== '') {
    // A string here means the form field was not valid JSON (the decoder keeps it as-is).
    if (!Array.isArray(args.blocks)) return { ok: false, error: 'invalid_blocks_format' };
    const issues = validateMessageBlocks(args.blocks);
    if (issues.length > 0) return invalidBlocks(issues);
    if (!isJsonObjectArray(args.blocks)) return { ok: false, error: 'invalid_blocks_format' };
    blocks = args.blocks;
  }
  let attachments: JsonObject[] | undefined;
  if (args.attachments !== undefined && args.attachments !== null && args.attachments !== '') {
    if (!isJsonObjectArray(args.attachments)) return { ok: false, error: 'invalid_attachments' };
    if (args.attachments.length > MAX_ATTACHMENTS) return { ok: false, error: 'too_many_attachments' };
    attachments = args.attachments;
  }
  let metadata: JsonObject | undefined;
  if (args.metadata !== undefined && args.metadata !== null && args.metadata !== '') {
    if (!isJsonObject(args.metadata)) return { ok: false, error: 'invalid_metadata_format' };
    metadata = args.metadata;
  }
  let text =
    typeof args.text === 'string'
      ? args.text
      : typeof args.text === 'number' || typeof args.text === 'boolean'
        ? String(args.text)
        : '';
  const hasContent = text.length > 0 || (blocks?.length ?? 0) > 0 || (attachments?.length ?? 0) > 0;
  if (!hasContent && !opts.allowEmpty) return { ok: false, error: 'no_text' };
  if (text.length > MAX_TEXT) {
    if (opts.overlong === 'reject') return { ok: false, error: 'msg_too_long' };
    // docs.slack.dev chat.postMessage "warnings": message_truncated; changelog 2018-04.
    text = text.slice(0, MAX_TEXT);
    warnings.push('message_truncated');
  }
  return { ok: true, value: { text, blocks, attachments, metadata, warnings } };
}

/** Adds Slack's warning fields to a success body. */
export function withWarnings(body: JsonObject, warnings: string[]): JsonObject {
  if (warnings.length === 0) return body;
  const messages = warnings.map((w) =>
    w === 'message_truncated'
      ? '[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters.'
      : `[WARN] ${w}`,
  );
  return { ...body, warning: warnings.join(','), response_metadata: { warnings, messages } };
}
