/**
 * What delivery does about a message that failed, as one pure decision (table-tested in
 * test/unit/rules/delivery-policy.test.ts). The loop in deliver.ts only carries it out.
 */
import type { OutboxRow } from '../db/outbox';
import { NotFoundError } from '../errors';
import { UnreadableMessageError } from '../messages/render';
import { CHANNEL_UNREACHABLE, SlackCallError, WORKSPACE_GONE } from './slack-api';

export type FailureDecision =
  /** Slack asked us to slow down: not the message's fault, so the attempt is not counted. */
  | { kind: 'ratelimited'; until: Date }
  /** The channel cannot receive it: the people involved get it by DM instead. */
  | { kind: 'fallback'; channel: string; reason: string }
  /** It will never succeed: recorded with why. */
  | { kind: 'failed'; reason: string }
  /** A message to update is gone or can no longer be edited: it is left alone, nothing is retried. */
  | { kind: 'dropped'; reason: string }
  /**
   * Slack no longer accepts the workspace's token (invalid_auth, token_revoked, account_inactive …):
   * the whole workspace stops — this and its other pending messages dropped, nothing more queued.
   */
  | { kind: 'workspace_gone'; reason: string }
  /** Tried again after a backoff. */
  | { kind: 'retry'; at: Date; reason: string };

export interface FailurePolicy {
  maxAttempts: number;
  /** Delay before retry number `attempt`. */
  backoff(attempt: number): number;
}

/**
 * Sorts any failure into what Slack's answer means. A message that cannot be prepared because its
 * subject does not exist (a Home tab for someone Slack does not know) or whose stored facts cannot be
 * read will never succeed either: permanent, not 20 retries over hours.
 */
export function classify(err: unknown): SlackCallError {
  if (err instanceof SlackCallError) return err;
  if (err instanceof NotFoundError) return new SlackCallError('permanent', err.code);
  if (err instanceof UnreadableMessageError) return new SlackCallError('permanent', err.code);
  return new SlackCallError('transient', err instanceof Error ? err.message : String(err));
}

/** Slack's answers to an update of a message that is gone or can no longer be edited. */
const UPDATE_GONE = new Set([
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'channel_not_found',
  'is_archived',
  'not_in_channel',
]);

export function decideFailure(
  row: Pick<OutboxRow, 'attempts' | 'channel_key' | 'fallback_dm_to' | 'method'>,
  err: unknown,
  now: Date,
  policy: FailurePolicy,
): FailureDecision {
  const e = classify(err);
  if (e.kind === 'ratelimited')
    return { kind: 'ratelimited', until: new Date(now.getTime() + (e.retryAfterMs ?? 1000)) };
  if (e.kind === 'permanent') {
    if (WORKSPACE_GONE.has(e.slackError)) return { kind: 'workspace_gone', reason: e.slackError };
    if (row.method === 'chat.update' && UPDATE_GONE.has(e.slackError))
      return { kind: 'dropped', reason: e.slackError };
    if (CHANNEL_UNREACHABLE.has(e.slackError) && (row.fallback_dm_to?.length ?? 0) > 0)
      return { kind: 'fallback', channel: row.channel_key, reason: e.slackError };
    return { kind: 'failed', reason: e.slackError };
  }
  if (row.attempts >= policy.maxAttempts)
    return { kind: 'failed', reason: `gave up after ${row.attempts} attempts: ${e.slackError}` };
  return { kind: 'retry', at: new Date(now.getTime() + policy.backoff(row.attempts)), reason: e.slackError };
}
