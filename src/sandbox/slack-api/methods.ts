/**
 * Web API method handlers. Each takes decoded arguments and answers like Slack: HTTP 200 with
 * `{ok:true,…}` or `{ok:false,error}`. Error names and response shapes follow the method pages scraped
 * in slack-ruby/slack-api-ref (`docs.slack.dev/methods/<method>.json`), see slack-platform.md §5.
 */
import { z } from 'zod';
import { formatIssue, validateView } from './blockKitLimits';
import { parseMessageContent, withWarnings } from './content';
import { formatId, randomToken } from './ids';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from './json';
import type { TokenInfo } from './tokens';
import type { FunctionExecution, SlackConversation, SlackMessage, SlackUser, StoredFile } from './types';
import type { Workspace } from './workspace';
import { permalinkFor } from './workspaceView';

export interface ApiResult {
  status: number;
  body: JsonObject;
  headers?: Record<string, string>;
}

export interface MethodContext {
  ws: Workspace;
  /** Seconds to wait if posting to this channel now would exceed the channel rate limit, else undefined. */
  channelRateLimit(channelId: string): number | undefined;
  /** The token the call carried, when the stand-in issued it (undefined: a made-up single-workspace token). */
  token?: TokenInfo;
  /** `http://127.0.0.1:PORT`, for URLs the stand-in hands out (file uploads, file downloads). */
  baseUrl: string;
  /** Custom step runs, by function_execution_id. */
  functions: Map<string, FunctionExecution>;
  /** Reports a state change that is not a workspace's own (file shares, completed steps). */
  onFunctionCompleted(execution: FunctionExecution): void;
}

type Handler = (args: Record<string, unknown>, ctx: MethodContext) => ApiResult;

/** Views over 250 kB are refused (REF views.open `view_too_large`). */
const MAX_VIEW_BYTES = 250 * 1024;

export function ok(body: JsonObject = {}): ApiResult {
  return { status: 200, body: { ok: true, ...body } };
}

export function fail(error: string, extra: JsonObject = {}): ApiResult {
  return { status: 200, body: { ok: false, error, ...extra } };
}

export function ratelimited(retryAfterSec: number): ApiResult {
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfterSec) },
    body: { ok: false, error: 'ratelimited' },
  };
}

function invalidArguments(messages: string[]): ApiResult {
  return fail('invalid_arguments', { response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } });
}

// Form bodies carry every value as a string; JSON bodies carry real types. Accept both.
const str = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
const bool = z.preprocess((v) => {
  if (v === 'true' || v === '1' || v === 1) return true;
  if (v === 'false' || v === '0' || v === 0 || v === '') return false;
  return v;
}, z.boolean());
const int = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number().int());

function parseArgs<S extends z.ZodType>(
  schema: S,
  args: Record<string, unknown>,
): { ok: true; data: z.infer<S> } | { ok: false; result: ApiResult } {
  const parsed = schema.safeParse(args);
  if (parsed.success) return { ok: true, data: parsed.data };
  const messages = parsed.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    return args[String(issue.path[0])] === undefined
      ? `missing required field: ${key}`
      : `invalid \`${key}\``;
  });
  return { ok: false, result: invalidArguments(messages) };
}

// ------------------------------------------------------------------ JSON shapes

function userJson(ws: Workspace, u: SlackUser): JsonObject {
  const profile: JsonObject = {
    real_name: u.real_name,
    real_name_normalized: u.real_name,
    display_name: u.name,
    display_name_normalized: u.name,
    team: u.team_id ?? ws.cfg.teamId,
  };
  if (u.email !== undefined) profile.email = u.email;
  if (u.is_bot) profile.bot_id = ws.cfg.botId;
  const out: JsonObject = {
    id: u.id,
    team_id: u.team_id ?? ws.cfg.teamId,
    name: u.name,
    deleted: u.deleted,
    real_name: u.real_name,
    tz: u.tz,
    tz_label: u.tz_label,
    tz_offset: u.tz_offset,
    profile,
    is_admin: u.is_admin ?? false,
    is_owner: u.is_owner ?? false,
    is_primary_owner: u.is_primary_owner ?? false,
    is_restricted: u.is_restricted ?? false,
    is_ultra_restricted: u.is_ultra_restricted ?? false,
    is_bot: u.is_bot,
    is_app_user: u.is_app_user ?? false,
    updated: 1700000000,
  };
  // Slack only sends these when they apply: a Slack Connect stranger, an Enterprise Grid member.
  if (u.is_stranger !== undefined) out.is_stranger = u.is_stranger;
  if (u.enterprise_user !== undefined) out.enterprise_user = cloneJson(u.enterprise_user);
  return out;
}

function conversationJson(ws: Workspace, c: SlackConversation, numMembers: boolean): JsonObject {
  if (c.is_im) {
    return {
      id: c.id,
      created: c.created,
      is_im: true,
      is_org_shared: false,
      user: c.user ?? '',
      is_open: true,
      priority: 0,
      ...(numMembers ? { num_members: c.members.length } : {}),
    };
  }
  const name = c.name ?? c.id;
  return {
    id: c.id,
    name,
    is_channel: !c.is_private,
    is_group: c.is_private,
    is_im: false,
    is_mpim: false,
    is_private: c.is_private,
    created: c.created,
    is_archived: c.is_archived,
    is_general: name === 'general',
    name_normalized: name,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: c.members.includes(ws.cfg.botUserId),
    context_team_id: ws.cfg.teamId,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
    ...(numMembers ? { num_members: c.members.length } : {}),
  };
}

/** The message object Slack returns from chat.postMessage (no `channel` inside; bot_profile for apps). */
function messageJson(ws: Workspace, m: SlackMessage): JsonObject {
  const out = cloneJson(m) as unknown as JsonObject;
  delete out.channel;
  if (m.bot_id) {
    out.bot_profile = {
      id: ws.cfg.botId,
      app_id: ws.cfg.appId,
      name: ws.cfg.botName,
      team_id: ws.cfg.teamId,
      deleted: false,
    };
  }
  return out;
}

function viewJson(v: unknown): JsonValue {
  return cloneJson(v) as JsonValue;
}

// ------------------------------------------------------------------ handlers

/**
 * auth.test answers for the token it was called with (docs.slack.dev auth.test): a bot token names the
 * bot user and `bot_id`, a user token the person; an org-wide token answers for the org (`team_id` is
 * the enterprise id and `url` its `*.enterprise.slack.com` address, which InstallProvider stores as
 * `enterpriseUrl`).
 */
const authTest: Handler = (_args, { ws, token }) => {
  const enterprise: JsonObject = ws.cfg.enterpriseId ? { enterprise_id: ws.cfg.enterpriseId } : {};
  if (token?.isEnterpriseInstall && ws.cfg.enterpriseId) {
    const user = ws.users.get(token.userId);
    return ok({
      url: `https://${ws.cfg.enterpriseId.toLowerCase()}.enterprise.slack.com/`,
      team: ws.cfg.enterpriseName ?? ws.cfg.enterpriseId,
      user: token.kind === 'user' ? (user?.name ?? token.userId) : ws.cfg.botName,
      team_id: ws.cfg.enterpriseId,
      user_id: token.userId,
      ...(token.kind === 'user' ? {} : { bot_id: token.botId ?? ws.cfg.botId }),
      enterprise_id: ws.cfg.enterpriseId,
      is_enterprise_install: true,
    });
  }
  if (token?.kind === 'user') {
    return ok({
      url: `https://${ws.cfg.teamDomain}.slack.com/`,
      team: ws.cfg.teamName,
      user: ws.users.get(token.userId)?.name ?? token.userId,
      team_id: ws.cfg.teamId,
      user_id: token.userId,
      ...enterprise,
      is_enterprise_install: false,
    });
  }
  return ok({
    url: `https://${ws.cfg.teamDomain}.slack.com/`,
    team: ws.cfg.teamName,
    user: ws.cfg.botName,
    team_id: ws.cfg.teamId,
    user_id: ws.cfg.botUserId,
    bot_id: ws.cfg.botId,
    ...enterprise,
    is_enterprise_install: false,
  });
};

const usersInfo: Handler = (args, { ws }) => {
  const user = typeof args.user === 'string' ? ws.users.get(args.user) : undefined;
  if (!user) return fail('user_not_found');
  return ok({ user: userJson(ws, user) });
};

const usersListArgs = z.looseObject({ cursor: str.optional(), limit: int.optional() });

/** users.list: cursor pagination like Slack's (`next_cursor` is base64 of `user:<id>`, '' at the end). */
const usersList: Handler = (args, { ws }) => {
  const p = parseArgs(usersListArgs, args);
  if (!p.ok) return p.result;
  const all = [...ws.users.values()];
  let start = 0;
  if (p.data.cursor) {
    const decoded = Buffer.from(p.data.cursor, 'base64').toString('utf8');
    const id = decoded.startsWith('user:') ? decoded.slice(5) : '';
    start = all.findIndex((u) => u.id === id);
    if (start < 0) return fail('invalid_cursor');
  }
  const limit = p.data.limit && p.data.limit > 0 ? p.data.limit : all.length;
  const page = all.slice(start, start + limit);
  const next = all[start + limit];
  return ok({
    members: page.map((u) => userJson(ws, u)),
    cache_ts: Math.floor(ws.cfg.now() / 1000),
    response_metadata: { next_cursor: next ? Buffer.from(`user:${next.id}`).toString('base64') : '' },
  });
};

const conversationsOpenArgs = z.looseObject({
  users: str.optional(),
  channel: str.optional(),
  return_im: bool.optional(),
});

const conversationsOpen: Handler = (args, { ws }) => {
  const p = parseArgs(conversationsOpenArgs, args);
  if (!p.ok) return p.result;
  const { users, channel, return_im } = p.data;
  let conv: SlackConversation | undefined;
  let existed = false;
  if (channel) {
    conv = ws.conversations.get(channel);
    if (!conv) return fail('channel_not_found');
    if (!conv.is_im) return fail('method_not_supported_for_channel_type');
    existed = true;
  } else {
    const ids = (users ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '' && s !== ws.cfg.botUserId);
    if (ids.length === 0) return fail('users_list_not_supplied');
    // Group DMs (mpim) are not modelled: Trustloop only talks to people one to one.
    if (ids.length > 1)
      return fail('not_supported_by_stand_in', { detail: 'multi-person DMs are not emulated' });
    const user = ws.users.get(ids[0]);
    if (!user) return fail('user_not_found');
    if (user.deleted) return fail('user_disabled');
    existed = ws.findDm(user.id) !== undefined;
    conv = ws.dmWith(user.id);
  }
  const body: JsonObject = { channel: return_im ? conversationJson(ws, conv, false) : { id: conv.id } };
  if (existed) Object.assign(body, { no_op: true, already_open: true });
  return ok(body);
};

const conversationsInfoArgs = z.looseObject({ channel: str, include_num_members: bool.optional() });

const conversationsInfo: Handler = (args, { ws }) => {
  if (args.channel === undefined) return fail('channel_not_found');
  const p = parseArgs(conversationsInfoArgs, args);
  if (!p.ok) return p.result;
  const conv = ws.conversations.get(p.data.channel);
  if (!conv || !ws.botCanSee(conv)) return fail('channel_not_found');
  return ok({ channel: conversationJson(ws, conv, p.data.include_num_members ?? false) });
};

const postMessageArgs = z.looseObject({
  channel: str,
  text: str.optional(),
  thread_ts: str.optional(),
  reply_broadcast: bool.optional(),
  mrkdwn: bool.optional(),
  unfurl_links: bool.optional(),
  unfurl_media: bool.optional(),
});

const chatPostMessage: Handler = (args, ctx) => {
  const { ws } = ctx;
  if (args.channel === undefined || args.channel === '') return fail('channel_not_found');
  const p = parseArgs(postMessageArgs, args);
  if (!p.ok) return p.result;
  const conv = ws.resolveChannel(p.data.channel, { userIdMeansDm: true });
  if (!conv) return fail('channel_not_found');
  const denied = ws.postingError(conv);
  if (denied) return fail(denied);
  const content = parseMessageContent(args, { overlong: ws.cfg.overlongText });
  if (!content.ok) return fail(content.error, content.extra);
  // Slack's documented posting limit is ~1 message per second per channel (docs.slack.dev rate limits).
  const retryAfter = ctx.channelRateLimit(conv.id);
  if (retryAfter !== undefined) return ratelimited(retryAfter);
  const message = ws.postBotMessage(conv.id, { ...content.value, thread_ts: p.data.thread_ts });
  return {
    status: 200,
    body: withWarnings(
      { ok: true, channel: conv.id, ts: message.ts, message: messageJson(ws, message) },
      content.value.warnings,
    ),
  };
};

const postEphemeralArgs = z.looseObject({
  channel: str,
  user: str,
  text: str.optional(),
  thread_ts: str.optional(),
});

const chatPostEphemeral: Handler = (args, { ws }) => {
  if (args.channel === undefined || args.channel === '') return fail('channel_not_found');
  if (args.user === undefined || args.user === '') return fail('user_not_in_channel');
  const p = parseArgs(postEphemeralArgs, args);
  if (!p.ok) return p.result;
  const conv = ws.resolveChannel(p.data.channel, { userIdMeansDm: true });
  if (!conv) return fail('channel_not_found');
  const denied = ws.postingError(conv);
  if (denied) return fail(denied);
  const user = ws.users.get(p.data.user);
  if (!user) return fail('user_not_found');
  if (!conv.members.includes(user.id)) return fail('user_not_in_channel');
  // postEphemeral lists msg_too_long and no truncation warning: over-long text is refused.
  const content = parseMessageContent(args, { overlong: 'reject' });
  if (!content.ok) return fail(content.error, content.extra);
  const message = ws.postEphemeral({
    channel: conv.id,
    user: user.id,
    text: content.value.text,
    blocks: content.value.blocks,
    thread_ts: p.data.thread_ts,
  });
  return ok({ message_ts: message.message_ts });
};

const updateArgs = z.looseObject({ channel: str, ts: str, text: str.optional() });

const chatUpdate: Handler = (args, { ws }) => {
  if (args.channel === undefined || args.channel === '') return fail('channel_not_found');
  if (args.ts === undefined || args.ts === '') return fail('message_not_found');
  const p = parseArgs(updateArgs, args);
  if (!p.ok) return p.result;
  // chat.update wants a conversation id (a DM's D… id, not the user id: docs.slack.dev chat.update).
  const conv = ws.resolveChannel(p.data.channel, { userIdMeansDm: false });
  if (!conv || !ws.botCanSee(conv)) return fail('channel_not_found');
  const message = ws.findMessage(conv.id, p.data.ts);
  if (!message) return fail('message_not_found');
  if (message.bot_id !== ws.cfg.botId) return fail('cant_update_message');
  const content = parseMessageContent(args, { overlong: ws.cfg.overlongText });
  if (!content.ok) return fail(content.error, content.extra);
  const updated = ws.updateMessage(message, {
    text: p.data.text === undefined ? undefined : content.value.text,
    blocks: args.blocks === undefined ? undefined : (content.value.blocks ?? []),
    attachments: args.attachments === undefined ? undefined : (content.value.attachments ?? []),
    metadata: content.value.metadata,
  });
  return {
    status: 200,
    body: withWarnings(
      { ok: true, channel: conv.id, ts: updated.ts, text: updated.text, message: messageJson(ws, updated) },
      content.value.warnings,
    ),
  };
};

const deleteArgs = z.looseObject({ channel: str, ts: str });

const chatDelete: Handler = (args, { ws }) => {
  if (args.channel === undefined || args.channel === '') return fail('channel_not_found');
  if (args.ts === undefined || args.ts === '') return fail('message_not_found');
  const p = parseArgs(deleteArgs, args);
  if (!p.ok) return p.result;
  const conv = ws.resolveChannel(p.data.channel, { userIdMeansDm: false });
  if (!conv || !ws.botCanSee(conv)) return fail('channel_not_found');
  const message = ws.findMessage(conv.id, p.data.ts);
  if (!message) return fail('message_not_found');
  if (message.bot_id !== ws.cfg.botId) return fail('cant_delete_message');
  ws.deleteMessage(conv.id, message.ts);
  return ok({ channel: conv.id, ts: message.ts });
};

const reactionsAddArgs = z.looseObject({ channel: str, timestamp: str, name: str });

const reactionsAdd: Handler = (args, { ws }) => {
  if (!args.channel || !args.timestamp) return fail('no_item_specified');
  if (typeof args.name !== 'string' || !/^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/.test(args.name)) {
    return fail('invalid_name');
  }
  const p = parseArgs(reactionsAddArgs, args);
  if (!p.ok) return p.result;
  const conv = ws.resolveChannel(p.data.channel, { userIdMeansDm: false });
  if (!conv || !ws.botCanSee(conv)) return fail('channel_not_found');
  const message = ws.findMessage(conv.id, p.data.timestamp);
  if (!message) return fail('message_not_found');
  const r = ws.addReaction(message, p.data.name, ws.cfg.botUserId);
  return r.ok ? ok() : fail(r.error);
};

/**
 * An image block's `slack_file` must name a file of this workspace that was uploaded and completed
 * (files.completeUploadExternal) and is an image Slack shows (png, jpg, gif): Slack refuses the view
 * otherwise (docs.slack.dev/reference/block-kit/composition-objects/slack-file-object).
 */
function badSlackFiles(ws: MethodContext['ws'], view: JsonObject): string[] {
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  const issues: string[] = [];
  blocks.forEach((b, i) => {
    if (!isJsonObject(b) || b.type !== 'image' || !isJsonObject(b.slack_file)) return;
    const ref = b.slack_file;
    const id =
      typeof ref.id === 'string'
        ? ref.id
        : typeof ref.url === 'string'
          ? ref.url.split('/').at(-2)
          : undefined;
    const f = id ? ws.files.get(id) : undefined;
    if (!f || !f.completed || !/^image\/(png|jpeg|gif)$/.test(f.mimetype))
      issues.push(`invalid slack file [json-pointer:/view/blocks/${i}/slack_file]`);
  });
  return issues;
}

/** Common checks of a `view` argument: present, JSON, ≤ 250 kB, Block Kit limits, its images' files. */
function checkViewArg(
  view: unknown,
  expectedType?: 'modal' | 'home',
  ws?: MethodContext['ws'],
): { ok: true; view: JsonObject } | { ok: false; result: ApiResult } {
  if (view === undefined || view === null || view === '') {
    return { ok: false, result: invalidArguments(['missing required field: view']) };
  }
  if (!isJsonObject(view)) return { ok: false, result: invalidArguments(['invalid `view`']) };
  if (Buffer.byteLength(JSON.stringify(view)) > MAX_VIEW_BYTES)
    return { ok: false, result: fail('view_too_large') };
  const issues = validateView(view, { expectedType });
  if (issues.length > 0) return { ok: false, result: invalidArguments(issues.map(formatIssue)) };
  const files = ws ? badSlackFiles(ws, view) : [];
  if (files.length > 0) return { ok: false, result: fail('invalid_blocks', { errors: files }) };
  return { ok: true, view };
}

function triggerArg(args: Record<string, unknown>): string | undefined {
  const t = args.trigger_id ?? args.interactivity_pointer;
  return typeof t === 'string' && t !== '' ? t : undefined;
}

const viewsOpen: Handler = (args, { ws }) => {
  const trigger = triggerArg(args);
  if (!trigger) return invalidArguments(['missing required field: trigger_id']);
  const v = checkViewArg(args.view, 'modal', ws);
  if (!v.ok) return v.result;
  const user = ws.exchangeTrigger(trigger);
  if (!user.ok) return fail(user.error);
  const opened = ws.openModal(user.value, v.view);
  return opened.ok ? ok({ view: viewJson(opened.value) }) : fail(opened.error);
};

const viewsPush: Handler = (args, { ws }) => {
  const trigger = triggerArg(args);
  if (!trigger) return invalidArguments(['missing required field: trigger_id']);
  const v = checkViewArg(args.view, 'modal', ws);
  if (!v.ok) return v.result;
  const user = ws.exchangeTrigger(trigger);
  if (!user.ok) return fail(user.error);
  const pushed = ws.pushModal(user.value, v.view);
  return pushed.ok ? ok({ view: viewJson(pushed.value) }) : fail(pushed.error);
};

const viewsUpdateArgs = z.looseObject({
  view_id: str.optional(),
  external_id: str.optional(),
  hash: str.optional(),
});

const viewsUpdate: Handler = (args, { ws }) => {
  const p = parseArgs(viewsUpdateArgs, args);
  if (!p.ok) return p.result;
  const { view_id, external_id, hash } = p.data;
  if (!view_id && !external_id) return invalidArguments(['missing required field: view_id or external_id']);
  const target = ws.locateView(view_id ? { viewId: view_id } : { externalId: external_id });
  const v = checkViewArg(args.view, target?.surface, ws);
  if (!v.ok) return v.result;
  if (!target) return fail('not_found');
  const updated = ws.updateView(target, v.view, hash);
  return updated.ok ? ok({ view: viewJson(updated.value) }) : fail(updated.error);
};

const viewsPublishArgs = z.looseObject({ user_id: str, hash: str.optional() });

const viewsPublish: Handler = (args, { ws }) => {
  if (!ws.cfg.homeTabEnabled) return fail('not_enabled');
  const p = parseArgs(viewsPublishArgs, args);
  if (!p.ok) return p.result;
  const user = ws.users.get(p.data.user_id);
  if (!user) return invalidArguments(['invalid `user_id`']);
  const v = checkViewArg(args.view, 'home', ws);
  if (!v.ok) return v.result;
  const published = ws.publishHome(user.id, v.view, p.data.hash);
  return published.ok ? ok({ view: viewJson(published.value) }) : fail(published.error);
};

const permalinkArgs = z.looseObject({ channel: str, message_ts: str });

/** chat.getPermalink (REF): `{channel, permalink}`; errors channel_not_found, message_not_found. */
const chatGetPermalink: Handler = (args, { ws }) => {
  if (args.channel === undefined || args.channel === '') return fail('channel_not_found');
  if (args.message_ts === undefined || args.message_ts === '') return fail('message_not_found');
  const p = parseArgs(permalinkArgs, args);
  if (!p.ok) return p.result;
  const conv = ws.resolveChannel(p.data.channel, { userIdMeansDm: false });
  if (!conv || !ws.botCanSee(conv)) return fail('channel_not_found');
  if (!ws.findMessage(conv.id, p.data.message_ts)) return fail('message_not_found');
  return ok({ channel: conv.id, permalink: permalinkFor(ws, conv.id, p.data.message_ts) });
};

// ------------------------------------------------------------------ files (what filesUploadV2 calls)

const MIME_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
  zip: 'application/zip',
  pdf: 'application/pdf',
};

function fileType(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? 'binary' : name.slice(dot + 1).toLowerCase();
}

/** The file object Slack returns (files.info / completeUploadExternal / message `files`), trimmed. */
export function fileJson(ws: Workspace, f: StoredFile, baseUrl: string): JsonObject {
  const url = `${baseUrl}/files/${ws.cfg.teamId}/${f.id}/${encodeURIComponent(f.name)}`;
  return {
    id: f.id,
    created: f.created,
    timestamp: f.created,
    name: f.name,
    title: f.title,
    mimetype: f.mimetype,
    filetype: fileType(f.name),
    user: f.user,
    user_team: ws.cfg.teamId,
    size: f.bytes?.length ?? f.length,
    mode: 'hosted',
    is_external: false,
    is_public: f.channels.some((c) => !(ws.conversations.get(c)?.is_private ?? true)),
    url_private: url,
    url_private_download: `${url}?download=1`,
    permalink: `https://${ws.cfg.teamDomain}.slack.com/files/${f.user}/${f.id}/${encodeURIComponent(f.name)}`,
    ...(f.alt_text !== undefined ? { alt_txt: f.alt_text } : {}),
    channels: f.channels.filter((c) => c.startsWith('C')),
    groups: f.channels.filter((c) => c.startsWith('G')),
    ims: f.channels.filter((c) => c.startsWith('D')),
  };
}

const getUploadArgs = z.looseObject({
  filename: str,
  length: int,
  alt_text: str.optional(),
  alt_txt: str.optional(),
  snippet_type: str.optional(),
});

/** files.getUploadURLExternal (REF): `{upload_url, file_id}`; `length` 0 answers missing_argument. */
const filesGetUploadURLExternal: Handler = (args, { ws, token, baseUrl }) => {
  const p = parseArgs(getUploadArgs, args);
  if (!p.ok) return p.result;
  if (p.data.length < 1) return fail('missing_argument');
  const alt = p.data.alt_txt ?? p.data.alt_text;
  if (alt !== undefined && alt.length > 1000) return fail('alt_txt_too_large');
  const id = formatId('F', ws.nextCounter());
  const secret = randomToken(12);
  ws.uploadSecrets.set(id, secret);
  ws.files.set(id, {
    id,
    name: p.data.filename,
    title: p.data.filename,
    length: p.data.length,
    ...(alt !== undefined ? { alt_text: alt } : {}),
    ...(p.data.snippet_type !== undefined ? { snippet_type: p.data.snippet_type } : {}),
    mimetype: MIME_TYPES[fileType(p.data.filename)] ?? 'application/octet-stream',
    user: token?.kind === 'user' ? token.userId : ws.cfg.botUserId,
    created: Math.floor(ws.cfg.now() / 1000),
    completed: false,
    channels: [],
    shares: [],
  });
  return ok({ upload_url: `${baseUrl}/upload/v1/${ws.cfg.teamId}.${id}.${secret}`, file_id: id });
};

const completeUploadArgs = z.looseObject({
  files: z.array(z.looseObject({ id: z.string(), title: z.string().optional() })).min(1),
  channel_id: str.optional(),
  channels: str.optional(),
  initial_comment: str.optional(),
  thread_ts: str.optional(),
});

/**
 * files.completeUploadExternal (REF): finishes uploads and, with `channel_id` / `channels`, shares them
 * there in one message by the app (text = `initial_comment`). Errors: file_not_found (unknown, not
 * uploaded yet, or already completed), channel_not_found, not_in_channel.
 */
const filesCompleteUploadExternal: Handler = (args, { ws, baseUrl }) => {
  const p = parseArgs(completeUploadArgs, args);
  if (!p.ok) return p.result;
  const files: StoredFile[] = [];
  for (const f of p.data.files) {
    const stored = ws.files.get(f.id);
    if (!stored || stored.bytes === undefined || stored.completed) return fail('file_not_found');
    files.push(stored);
  }
  const channelIds = [
    ...(p.data.channel_id ? [p.data.channel_id] : []),
    ...(p.data.channels ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== ''),
  ];
  if (channelIds.length > 100) return fail('channels_limit_exceeded');
  const convs: SlackConversation[] = [];
  for (const id of channelIds) {
    const conv = ws.resolveChannel(id, { userIdMeansDm: false });
    if (!conv) return fail('channel_not_found');
    const denied = ws.postingError(conv);
    if (denied) return fail(denied === 'is_archived' ? 'posting_to_channel_denied' : denied);
    convs.push(conv);
  }
  for (const [i, f] of files.entries()) {
    const title = p.data.files[i].title;
    if (title !== undefined) f.title = title;
    f.completed = true;
    if (p.data.initial_comment !== undefined) f.initial_comment = p.data.initial_comment;
    if (p.data.thread_ts !== undefined) f.thread_ts = p.data.thread_ts;
  }
  for (const conv of convs) {
    for (const f of files) if (!f.channels.includes(conv.id)) f.channels.push(conv.id);
    const message = ws.postBotMessage(conv.id, {
      text: p.data.initial_comment ?? '',
      files: files.map((f) => fileJson(ws, f, baseUrl)),
      thread_ts: p.data.thread_ts,
    });
    for (const f of files) f.shares.push({ channel: conv.id, ts: message.ts });
  }
  return ok({ files: files.map((f) => ({ id: f.id, title: f.title })) });
};

const filesInfo: Handler = (args, { ws, baseUrl }) => {
  const f = typeof args.file === 'string' ? ws.files.get(args.file) : undefined;
  if (!f || !f.completed) return fail('file_not_found');
  return ok({ file: fileJson(ws, f, baseUrl) });
};

// ------------------------------------------------------------------ custom workflow steps

/** Values of the output parameter types Trustloop's steps use, as Slack checks them. */
const OUTPUT_TYPES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  'slack#/types/timestamp': (v) => Number.isInteger(v) && (v as number) >= 0,
  'slack#/types/user_id': (v) => typeof v === 'string' && /^[UW][A-Z0-9]+$/.test(v),
  'slack#/types/channel_id': (v) => typeof v === 'string' && /^[CGD][A-Z0-9]+$/.test(v),
};

/**
 * The outputs against the function's output parameters (when the run knows them): every required one
 * present, none unknown, each of its type. Slack answers `parameter_validation_failed` otherwise.
 */
function outputProblems(execution: FunctionExecution, outputs: JsonObject): string[] {
  const params = execution.output_parameters;
  if (!params) return [];
  const problems: string[] = [];
  for (const p of params) {
    const v = outputs[p.name];
    if (v === undefined || v === null) {
      if (p.is_required) problems.push(`missing required output: ${p.name}`);
      continue;
    }
    const check = OUTPUT_TYPES[p.type];
    if (check && !check(v)) problems.push(`output ${p.name} must be of type ${p.type}`);
  }
  for (const name of Object.keys(outputs))
    if (!params.some((p) => p.name === name)) problems.push(`unknown output: ${name}`);
  return problems;
}

/**
 * functions.completeSuccess / completeError (REF): only the `bot_access_token` of the function_executed
 * event may complete its execution (`access_denied` otherwise), once (`execution_not_in_running_state`).
 */
function completeFunction(
  args: Record<string, unknown>,
  ctx: MethodContext,
  outcome: 'completed' | 'failed',
): ApiResult {
  const id = typeof args.function_execution_id === 'string' ? args.function_execution_id : '';
  if (id === '') return invalidArguments(['missing required field: function_execution_id']);
  const execution = ctx.functions.get(id);
  if (!execution) return fail('function_execution_not_found');
  if (ctx.token?.kind !== 'workflow' || ctx.token.functionExecutionId !== id) return fail('access_denied');
  if (execution.state !== 'running') return fail('execution_not_in_running_state');
  if (outcome === 'completed') {
    if (!isJsonObject(args.outputs)) {
      return args.outputs === undefined
        ? invalidArguments(['missing required field: outputs'])
        : fail('parameter_validation_failed');
    }
    const problems = outputProblems(execution, args.outputs);
    if (problems.length > 0)
      return fail('parameter_validation_failed', {
        errors: problems,
        response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
      });
    execution.outputs = cloneJson(args.outputs);
  } else {
    if (typeof args.error !== 'string' || args.error === '')
      return invalidArguments(['missing required field: error']);
    execution.error = args.error;
  }
  execution.state = outcome;
  execution.completed_at = ctx.ws.cfg.now();
  ctx.onFunctionCompleted(cloneJson(execution));
  return ok();
}

export const METHODS: Readonly<Record<string, Handler>> = {
  'chat.getPermalink': chatGetPermalink,
  'files.getUploadURLExternal': filesGetUploadURLExternal,
  'files.completeUploadExternal': filesCompleteUploadExternal,
  'files.info': filesInfo,
  'functions.completeSuccess': (args, ctx) => completeFunction(args, ctx, 'completed'),
  'functions.completeError': (args, ctx) => completeFunction(args, ctx, 'failed'),
  'auth.test': authTest,
  'users.info': usersInfo,
  'users.list': usersList,
  'conversations.open': conversationsOpen,
  'conversations.info': conversationsInfo,
  'chat.postMessage': chatPostMessage,
  'chat.postEphemeral': chatPostEphemeral,
  'chat.update': chatUpdate,
  'chat.delete': chatDelete,
  'reactions.add': reactionsAdd,
  'views.open': viewsOpen,
  'views.push': viewsPush,
  'views.update': viewsUpdate,
  'views.publish': viewsPublish,
};
