/**
 * The delivery job's view of Slack's Web API: one call, and errors sorted by what to do about them.
 * Implemented over @slack/web-api in slack/web-api.ts; faked nowhere — tests use the Slack stand-in.
 */
export interface SlackApi {
  /** A Web API call for workspace `teamId`, made with that workspace's own token. */
  call(method: string, args: Record<string, unknown>, teamId: string): Promise<Record<string, unknown>>;
}

export type SlackFailureKind = 'ratelimited' | 'transient' | 'permanent';

export class SlackCallError extends Error {
  override name = 'SlackCallError';
  constructor(
    readonly kind: SlackFailureKind,
    /** Slack's error code (`channel_not_found`), or an HTTP/transport description. */
    readonly slackError: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${kind}: ${slackError}`);
  }
}

/** Errors that mean "the conversation cannot receive this" — worth a fallback to the people involved. */
export const CHANNEL_UNREACHABLE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'restricted_action',
]);

/**
 * Slack no longer accepts the workspace's token (uninstalled, revoked, deactivated), or Trustloop does not
 * serve the workspace: retrying would only call Slack with a dead token, so the workspace is stopped.
 */
export const WORKSPACE_GONE = new Set(['invalid_auth', 'token_revoked', 'account_inactive', 'not_installed', 'team_disabled', 'invalid_refresh_token']);

/** Slack errors that say "try again later" even though they come as ok:false. */
export const TRANSIENT_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);
