/**
 * Web API method handlers. Each takes decoded arguments and answers like Slack: HTTP 200 with
 * `{ok:true,…}` or `{ok:false,error}`. Error names and response shapes follow the method pages scraped
 * in slack-ruby/slack-api-ref (`docs.slack.dev/methods/<method>.json`), see slack-platform.md §5.
 */
import { z } from 'zod';
import { formatIssue, validateView } from './blockKitLimits';
import { parseMessageContent, withWarnings } from './content';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from './json';
import type { SlackConversation, SlackMessage, SlackUser } from './types';
import type { Workspace } from './workspace';

export interface ApiResult {
  status: number;
  body: JsonObject;
  headers?: Record<string, string>;
}

export interface MethodContext {
  ws: Workspace;
  /** Seconds to wait if posting to this channel now would exceed the channel rate limit, else undefined. */
  channelRateLimit(channelId: string): number | undefined;
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
    team: ws.cfg.teamId,
  };
  if (u.email !== undefined) profile.email = u.email;
  if (u.is_bot) profile.bot_id = ws.cfg.botId;
  return {
    id: u.id,
    team_id: ws.cfg.teamId,
    name: u.name,
    deleted: u.deleted,
    real_name: u.real_name,
    tz: u.tz,
    tz_label: u.tz_label,
    tz_offset: u.tz_offset,
    profile,
    is_admin: u.is_admin ?? false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: u.is_bot,
    is_app_user: false,
    updated: 1700000000,
  };
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

const authTest: Handler = (_args, { ws }) =>
  ok({
    url: `https://${ws.cfg.teamDomain}.slack.com/`,
    team: ws.cfg.teamName,
    user: ws.cfg.botName,
    team_id: ws.cfg.teamId,
    user_id: ws.cfg.botUserId,
    bot_id: ws.cfg.botId,
    is_enterprise_install: false,
  });

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

/** Common checks of a `view` argument: present, JSON, ≤ 250 kB, Block Kit limits. */
function checkViewArg(
  view: unknown,
  expectedType?: 'modal' | 'home',
): { ok: true; view: JsonObject } | { ok: false; result: ApiResult } {
  if (view === undefined || view === null || view === '') {
    return { ok: false, result: invalidArguments(['missing required field: view']) };
  }
  if (!isJsonObject(view)) return { ok: false, result: invalidArguments(['invalid `view`']) };
  if (Buffer.byteLength(JSON.stringify(view)) > MAX_VIEW_BYTES)
    return { ok: false, result: fail('view_too_large') };
  const issues = validateView(view, { expectedType });
  if (issues.length > 0) return { ok: false, result: invalidArguments(issues.map(formatIssue)) };
  return { ok: true, view };
}

function triggerArg(args: Record<string, unknown>): string | undefined {
  const t = args.trigger_id ?? args.interactivity_pointer;
  return typeof t === 'string' && t !== '' ? t : undefined;
}

const viewsOpen: Handler = (args, { ws }) => {
  const trigger = triggerArg(args);
  if (!trigger) return invalidArguments(['missing required field: trigger_id']);
  const v = checkViewArg(args.view, 'modal');
  if (!v.ok) return v.result;
  const user = ws.exchangeTrigger(trigger);
  if (!user.ok) return fail(user.error);
  const opened = ws.openModal(user.value, v.view);
  return opened.ok ? ok({ view: viewJson(opened.value) }) : fail(opened.error);
};

const viewsPush: Handler = (args, { ws }) => {
  const trigger = triggerArg(args);
  if (!trigger) return invalidArguments(['missing required field: trigger_id']);
  const v = checkViewArg(args.view, 'modal');
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
  const v = checkViewArg(args.view, target?.surface);
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
  const v = checkViewArg(args.view, 'home');
  if (!v.ok) return v.result;
  const published = ws.publishHome(user.id, v.view, p.data.hash);
  return published.ok ? ok({ view: viewJson(published.value) }) : fail(published.error);
};

export const METHODS: Readonly<Record<string, Handler>> = {
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
