import { decideFailure } from '../../../src/jobs/delivery-policy';
import { SlackCallError } from '../../../src/jobs/slack-api';
import { NotFoundError } from '../../../src/errors';
import { UnreadableMessageError } from '../../../src/messages/render';

const NOW = new Date('2026-11-25T10:00:00Z');
const policy = { maxAttempts: 20, backoff: (attempt: number) => 1000 * attempt };
const row = (
  over: Partial<{
    attempts: number;
    channel_key: string;
    fallback_dm_to: string[] | null;
    method: string;
  }> = {},
) => ({
  attempts: 1,
  channel_key: 'C0TEAM',
  fallback_dm_to: null,
  method: 'chat.postMessage',
  ...over,
});
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('what delivery does about a message that failed', () => {
  it.each([
    [
      'Slack rate limited it: waits out Retry-After, attempt not counted',
      row(),
      new SlackCallError('ratelimited', 'ratelimited', 7000),
      { kind: 'ratelimited', until: later(7000) },
    ],
    [
      'rate limited without a Retry-After: a second',
      row(),
      new SlackCallError('ratelimited', 'ratelimited'),
      { kind: 'ratelimited', until: later(1000) },
    ],
    [
      'a private channel without the bot, with people to tell: a DM to them instead',
      row({ fallback_dm_to: ['U1', 'U2'] }),
      new SlackCallError('permanent', 'not_in_channel'),
      { kind: 'fallback', channel: 'C0TEAM', reason: 'not_in_channel' },
    ],
    [
      'an archived channel, with people to tell',
      row({ fallback_dm_to: ['U1'] }),
      new SlackCallError('permanent', 'is_archived'),
      { kind: 'fallback', channel: 'C0TEAM', reason: 'is_archived' },
    ],
    [
      'a revoked token (uninstalled): the workspace stops, nothing retried',
      row({ fallback_dm_to: ['U1'] }),
      new SlackCallError('permanent', 'token_revoked'),
      { kind: 'workspace_gone', reason: 'token_revoked' },
    ],
    [
      'a token Slack does not know any more',
      row({ method: 'chat.update' }),
      new SlackCallError('permanent', 'invalid_auth'),
      { kind: 'workspace_gone', reason: 'invalid_auth' },
    ],
    [
      'a deactivated workspace or bot',
      row({ method: 'views.publish' }),
      new SlackCallError('permanent', 'account_inactive'),
      { kind: 'workspace_gone', reason: 'account_inactive' },
    ],
    [
      'a workspace Trustloop does not serve (no installation)',
      row({ attempts: 20 }),
      new SlackCallError('permanent', 'not_installed'),
      { kind: 'workspace_gone', reason: 'not_installed' },
    ],
    [
      'a refresh token Slack refused (rotation, installation gone)',
      row(),
      new SlackCallError('permanent', 'invalid_refresh_token'),
      { kind: 'workspace_gone', reason: 'invalid_refresh_token' },
    ],
    [
      'an unreachable channel with nobody to tell: failed for good',
      row(),
      new SlackCallError('permanent', 'channel_not_found'),
      { kind: 'failed', reason: 'channel_not_found' },
    ],
    [
      'any other permanent refusal: failed, with Slack’s reason',
      row({ fallback_dm_to: ['U1'] }),
      new SlackCallError('permanent', 'invalid_blocks'),
      { kind: 'failed', reason: 'invalid_blocks' },
    ],
    [
      'a subject that does not exist (a Home tab for someone unknown): failed at once',
      row(),
      new NotFoundError('unknown_person', 'x'),
      { kind: 'failed', reason: 'unknown_person' },
    ],
    [
      'stored facts that cannot be read: failed at once',
      row(),
      new UnreadableMessageError('x'),
      { kind: 'failed', reason: 'unreadable_message' },
    ],
    [
      'a 500 from Slack: retried after the backoff for this attempt',
      row({ attempts: 3 }),
      new SlackCallError('transient', 'http_500'),
      { kind: 'retry', at: later(3000), reason: 'http_500' },
    ],
    [
      'a failure while preparing it (the database, a bug): retried like a failed send',
      row({ attempts: 2 }),
      new Error('connection reset'),
      { kind: 'retry', at: later(2000), reason: 'connection reset' },
    ],
    [
      'an update of a message that was deleted: left alone, never retried',
      row({ method: 'chat.update' }),
      new SlackCallError('permanent', 'message_not_found'),
      { kind: 'dropped', reason: 'message_not_found' },
    ],
    [
      'an update Slack will no longer take: left alone',
      row({ method: 'chat.update' }),
      new SlackCallError('permanent', 'cant_update_message'),
      { kind: 'dropped', reason: 'cant_update_message' },
    ],
    [
      'the last attempt allowed: given up, saying after how many',
      row({ attempts: 20 }),
      new SlackCallError('transient', 'http_503'),
      { kind: 'failed', reason: 'gave up after 20 attempts: http_503' },
    ],
  ])('%s', (_what, r, err, decision) => {
    expect(decideFailure(r, err, NOW, policy)).toEqual(decision);
  });
});
