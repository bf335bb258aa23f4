import { ErrorCode, WebClient, type WebAPICallResult } from '@slack/web-api';
import type { MemberProfile } from '../domain/member';
import { SlackCallError, TRANSIENT_PLATFORM_ERRORS, type SlackApi } from '../jobs/slack-api';
import { postable, postWebApi, type PostTarget } from './web-api-post';
import type { SlackDirectory } from '../services/ports';
import { z } from 'zod';

/**
 * Web API clients. Our own retries live in the outbox (persisted, visible, bounded), so the client
 * never retries by itself: its default retries for about 30 minutes, holding a request open.
 */
export function createWebClient(
  token: string,
  apiUrl: string,
  timeoutMs = 10_000,
  teamId?: string,
): WebClient {
  // With an org-wide token, calls say which of the org's workspaces they are for.
  const orgTeam = teamId && /^T/.test(teamId) ? teamId : undefined;
  const client = new WebClient(token, {
    slackApiUrl: apiUrl,
    ...(orgTeam ? { teamId: orgTeam } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
  });
  targets.set(client, {
    token,
    apiUrl: client.slackApiUrl,
    timeoutMs,
    ...(orgTeam ? { teamId: orgTeam } : {}),
  });
  return client;
}

/** What each client was made with: the delivery loop's ordinary calls are posted directly (web-api-post.ts). */
const targets = new WeakMap<WebClient, PostTarget>();

interface SlackishError {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
  original?: { message?: string };
  message?: string;
}

/** Sorts a WebClient error into what the outbox should do about it. */
export function classifySlackError(err: unknown): SlackCallError {
  const e = (err ?? {}) as SlackishError;
  // Not served, or a refresh token Slack refused (the installation is gone): the workspace stops.
  if (e.code === NOT_INSTALLED || e.code === 'invalid_refresh_token')
    return new SlackCallError('permanent', e.code);
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return new SlackCallError('ratelimited', 'ratelimited', Math.max(1, e.retryAfter ?? 1) * 1000);
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return new SlackCallError(TRANSIENT_PLATFORM_ERRORS.has(code) ? 'transient' : 'permanent', code);
    }
    case ErrorCode.HTTPError:
      return new SlackCallError('transient', `http_${e.statusCode ?? 'error'}`);
    case ErrorCode.RequestError:
      return new SlackCallError(
        'transient',
        `request_error: ${e.original?.message ?? e.message ?? 'unknown'}`,
      );
    default:
      return new SlackCallError('transient', e.message ?? String(err));
  }
}

/**
 * A file into a person's DM (an export): files.uploadV2 is the client's three-step helper, not a Web
 * API method, and it shares to a conversation id — so a user id is first opened as their DM.
 */
const UploadArgs = z.object({
  channel_id: z.string(),
  filename: z.string(),
  title: z.string(),
  content: z.string(),
  initial_comment: z.string(),
});

/**
 * A picture for a view (the Home chart): uploaded, completed and shared nowhere — an `image` block
 * shows it by `slack_file: {id}` to whoever sees the view.
 */
const ImageUploadArgs = z.object({
  file: z.instanceof(Uint8Array),
  filename: z.string(),
  title: z.string(),
  alt_text: z.string().optional(),
});

async function uploadFile(client: WebClient, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (!('channel_id' in raw)) {
    const image = ImageUploadArgs.parse(raw);
    const res = await client.filesUploadV2({ ...image, file: Buffer.from(image.file) });
    return res as unknown as Record<string, unknown>;
  }
  const args = UploadArgs.parse(raw);
  let channel = args.channel_id;
  if (/^[UW]/.test(channel)) {
    const opened = await client.conversations.open({ users: channel });
    channel = opened.channel?.id ?? channel;
  }
  const res = await client.filesUploadV2({ ...args, channel_id: channel });
  return res as unknown as Record<string, unknown>;
}

/** A client, or how to find the client of the workspace a call is for (its own token). */
export type ClientFor = WebClient | ((teamId: string) => Promise<WebClient>);

const resolve = async (c: ClientFor, teamId: string): Promise<WebClient> =>
  c instanceof WebClient ? c : c(teamId);

/** A workspace Trustloop does not serve: never retried. */
const NOT_INSTALLED = 'not_installed';

/**
 * A Workflow Builder step's completion (messages/steps.ts), made with the execution's own token. When an
 * output is a link to a message the delivery loop has just posted, its permalink is asked for first,
 * with the workspace's own token; a message that cannot be linked leaves that (optional) output out.
 */
const StepCompletionArgs = z.object({
  token: z.string().min(1),
  function_execution_id: z.string().min(1),
  outputs: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
  permalink: z.object({ output: z.string(), channel: z.string(), ts: z.string() }).optional(),
});

/**
 * Called once a step's run is over for Slack: its completion was accepted (with these outputs), or
 * refused for good (null: the run ended, timed out). Either way its token can be forgotten.
 */
export type StepCompleted = (
  teamId: string,
  executionId: string,
  outputs: Record<string, unknown> | null,
) => Promise<void>;

async function completeStep(
  client: WebClient,
  method: string,
  raw: Record<string, unknown>,
  settled: (executionId: string, outputs: Record<string, unknown> | null) => Promise<void>,
): Promise<Record<string, unknown>> {
  const { token, function_execution_id, permalink, ...rest } = StepCompletionArgs.parse(raw);
  const outputs = { ...(rest.outputs ?? {}) };
  if (permalink) {
    const link = await client.chat
      .getPermalink({ channel: permalink.channel, message_ts: permalink.ts })
      .catch((err: unknown) => {
        const e = classifySlackError(err);
        if (e.kind === 'permanent') return null; // the message is gone: no link, the step still completes
        throw err;
      });
    if (link?.permalink) outputs[permalink.output] = link.permalink;
  }
  const args =
    method === 'functions.completeSuccess'
      ? { token, function_execution_id, outputs }
      : { token, function_execution_id, error: rest.error ?? '' };
  try {
    const res = (await client.apiCall(method, args)) as unknown as Record<string, unknown>;
    await settled(function_execution_id, method === 'functions.completeSuccess' ? outputs : null);
    return res;
  } catch (err) {
    if (err instanceof SlackCallError) throw err;
    const e = classifySlackError(err);
    // The execution's token, not the workspace's: its refusal (the execution ended, timed out) never
    // stops the workspace.
    if (e.kind === 'permanent') {
      await settled(function_execution_id, null);
      throw new SlackCallError('permanent', `step_${e.slackError}`);
    }
    throw e;
  }
}

export function slackApiOver(clientFor: ClientFor, opts: { onStepCompleted?: StepCompleted } = {}): SlackApi {
  return {
    async call(method, args, teamId) {
      try {
        const client = await resolve(clientFor, teamId);
        if (method === 'files.uploadV2') return await uploadFile(client, args);
        if (
          (method === 'functions.completeSuccess' || method === 'functions.completeError') &&
          'token' in args
        ) {
          // the run's record failing to update must not make a sent completion look unsent
          return await completeStep(client, method, args, (id, outputs) =>
            (opts.onStepCompleted?.(teamId, id, outputs) ?? Promise.resolve()).catch(() => undefined),
          );
        }
        const target = targets.get(client);
        if (target && postable(method, args)) return await postWebApi(target, method, args);
        const res: WebAPICallResult = await client.apiCall(method, args);
        return res as unknown as Record<string, unknown>;
      } catch (err) {
        throw err instanceof SlackCallError ? err : classifySlackError(err);
      }
    },
  };
}

interface SlackUser {
  id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_bot?: boolean;
  deleted?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  profile?: { real_name?: string; display_name?: string };
}

const toProfile = (u: SlackUser): MemberProfile => ({
  userId: u.id,
  name: u.profile?.display_name || u.name || '',
  realName: u.real_name || u.profile?.real_name || '',
  tz: u.tz || 'UTC',
  isBot: Boolean(u.is_bot) || u.id === 'USLACKBOT',
  deleted: Boolean(u.deleted),
  isAdmin: Boolean(u.is_admin),
  isOwner: Boolean(u.is_owner),
});

/** users.info / users.list over the Web API (scope users:read), with the workspace's own token. */
export function slackDirectoryOver(clientFor: ClientFor): SlackDirectory {
  return {
    async userInfo(teamId, userId) {
      const client = await resolve(clientFor, teamId);
      try {
        const res = await client.users.info({ user: userId });
        return res.user ? toProfile(res.user as SlackUser) : null;
      } catch (err) {
        if ((err as SlackishError).data?.error === 'user_not_found') return null;
        throw err;
      }
    },
    async listUsers(teamId) {
      const client = await resolve(clientFor, teamId);
      const out: MemberProfile[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const res = await client.users.list({ limit: 200, cursor });
        for (const u of (res.members ?? []) as SlackUser[]) out.push(toProfile(u));
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
      return out;
    },
  };
}
