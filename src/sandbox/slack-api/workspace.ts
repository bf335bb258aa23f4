/**
 * The stand-in's in-memory workspace: people, conversations, messages, ephemeral messages, views,
 * triggers and response URLs, with the rules Slack applies to them. No HTTP here: the server and the
 * signed sender both act on this model, and every change is reported through `emit`.
 */
import { z } from 'zod';
import { cloneJson, isJsonObject, type JsonObject } from './json';
import { formatId, formatTriggerId, formatTs, randomToken, shortId, teamNumber } from './ids';
import type { Outcome } from './content';
import type {
  ChangeEvent,
  MessageUpdate,
  StoredFile,
  ResponseUrlOptions,
  ResponseUrlRecord,
  SeedChannel,
  SeedUser,
  SlackConversation,
  SlackEphemeral,
  SlackMessage,
  SlackUser,
  SlackView,
  StandInSnapshot,
  ViewStateValues,
  ViewSubmissionOutcome,
} from './types';
import { validateView } from './blockKitLimits';

export interface WorkspaceConfig {
  teamId: string;
  teamDomain: string;
  teamName: string;
  botUserId: string;
  botId: string;
  appId: string;
  botName: string;
  /** Enterprise Grid org the workspace belongs to, if any. */
  enterpriseId: string | null;
  enterpriseName: string | null;
  now: () => number;
  overlongText: 'truncate' | 'reject';
  chatWritePublic: boolean;
  homeTabEnabled: boolean;
}

/** views.open trigger_ids expire after 3 s and can be exchanged once (bolt-js docs; REF views.open). */
export const TRIGGER_TTL_MS = 3000;
/** response_url: up to 5 uses within 30 minutes (LEGACY slash commands doc; docs.slack.dev). */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
/** views.push: "the limit is 3" views in a stack (REF views.push push_limit_reached). */
export const VIEW_STACK_LIMIT = 3;

export const DEFAULT_USERS: SeedUser[] = [
  {
    id: 'U0ALICE01',
    name: 'alice',
    real_name: 'Alice Archer',
    tz: 'Europe/Berlin',
    tz_label: 'Central European Time',
    tz_offset: 3600,
    is_admin: true,
  },
  {
    id: 'U0BOB0001',
    name: 'bob',
    real_name: 'Bob Baker',
    tz: 'America/New_York',
    tz_label: 'Eastern Standard Time',
    tz_offset: -18000,
  },
  {
    id: 'U0CAROL01',
    name: 'carol',
    real_name: 'Carol Chen',
    tz: 'Asia/Tokyo',
    tz_label: 'Japan Standard Time',
    tz_offset: 32400,
  },
];

export const DEFAULT_CHANNELS: SeedChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: ['U0ALICE01', 'U0BOB0001', 'U0CAROL01'] },
  { id: 'C0RANDOM1', name: 'random', members: ['U0ALICE01', 'U0BOB0001'], botIsMember: false },
  {
    id: 'G0SECRET1',
    name: 'leads',
    is_private: true,
    members: ['U0ALICE01', 'U0CAROL01'],
    botIsMember: false,
  },
];

interface Trigger {
  user: string;
  issuedAt: number;
  used: boolean;
}

type Located = { view: SlackView; user: string; surface: 'modal' | 'home' };

export class Workspace {
  readonly users = new Map<string, SlackUser>();
  readonly conversations = new Map<string, SlackConversation>();
  readonly messages = new Map<string, SlackMessage[]>();
  ephemerals: SlackEphemeral[] = [];
  readonly modals = new Map<string, SlackView[]>();
  readonly homes = new Map<string, SlackView>();
  readonly viewErrors = new Map<string, Record<string, string>>();
  readonly triggers = new Map<string, Trigger>();
  readonly responseUrls = new Map<string, ResponseUrlRecord>();
  readonly files = new Map<string, StoredFile>();
  /** The secret part of each file's upload URL (files.getUploadURLExternal). */
  readonly uploadSecrets = new Map<string, string>();
  /** Every chat.update / response_url replacement, oldest first (tests assert on in-place updates). */
  readonly updates: MessageUpdate[] = [];
  private lastTsMicros = 0;
  private counter: number;

  /**
   * `counterStart` keeps ids of a second workspace (views, DMs, files) apart from the first one's: Slack
   * ids are unique across workspaces, and an org-wide token is resolved to a workspace by them.
   */
  constructor(
    readonly cfg: WorkspaceConfig,
    private readonly emit: (event: ChangeEvent) => void,
    counterStart = 0,
  ) {
    this.counter = counterStart;
  }

  // ---------------------------------------------------------------- setup

  seed(users: SeedUser[], channels: SeedChannel[]): void {
    this.addUser({
      id: this.cfg.botUserId,
      name: this.cfg.botName,
      real_name: this.cfg.botName,
      is_bot: true,
    });
    for (const u of users) this.addUser(u);
    for (const c of channels) this.addChannel(c);
  }

  addUser(seed: SeedUser): SlackUser {
    const user: SlackUser = {
      id: seed.id,
      name: seed.name,
      real_name: seed.real_name ?? seed.name,
      tz: seed.tz ?? 'UTC',
      tz_label: seed.tz_label ?? 'Coordinated Universal Time',
      tz_offset: seed.tz_offset ?? 0,
      is_bot: seed.is_bot ?? false,
      deleted: seed.deleted ?? false,
      ...(seed.is_admin !== undefined ? { is_admin: seed.is_admin } : {}),
      ...(seed.email !== undefined ? { email: seed.email } : {}),
      ...pickDefined(seed, USER_FLAGS),
    };
    this.users.set(user.id, user);
    return user;
  }

  /** Changes a person's profile or roles (e.g. made an admin, deactivated) as Slack admins would. */
  updateUser(userId: string, patch: Partial<Omit<SeedUser, 'id'>>): SlackUser | undefined {
    const user = this.users.get(userId);
    if (!user) return undefined;
    Object.assign(user, pickDefined(patch, [...USER_FLAGS, 'name', 'real_name', 'tz', 'tz_label', 'tz_offset', 'is_bot', 'deleted', 'is_admin', 'email']));
    return user;
  }

  addChannel(seed: SeedChannel): SlackConversation {
    const members = [...(seed.members ?? [])];
    if (seed.botIsMember ?? true) members.push(this.cfg.botUserId);
    const conv: SlackConversation = {
      id: seed.id,
      name: seed.name,
      is_im: false,
      is_private: seed.is_private ?? false,
      is_archived: seed.is_archived ?? false,
      members: [...new Set(members)],
      created: Math.floor(this.cfg.now() / 1000),
    };
    this.conversations.set(conv.id, conv);
    return conv;
  }

  // ---------------------------------------------------------------- ids and time

  nextCounter(): number {
    return ++this.counter;
  }

  /** Strictly increasing message ts derived from the wall clock (Slack ts are unique per channel). */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.cfg.now() * 1000), this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return formatTs(micros);
  }

  private newHash(): string {
    return `${Math.floor(this.cfg.now() / 1000)}.${this.nextCounter().toString(16).padStart(8, '0')}`;
  }

  // ---------------------------------------------------------------- conversations

  /** The app's DM with a person, created on first use (as conversations.open / posting to a user id do). */
  dmWith(userId: string): SlackConversation {
    for (const c of this.conversations.values()) if (c.is_im && c.user === userId) return c;
    const conv: SlackConversation = {
      id: formatId('D', this.nextCounter()),
      is_im: true,
      is_private: true,
      is_archived: false,
      user: userId,
      members: [userId, this.cfg.botUserId],
      created: Math.floor(this.cfg.now() / 1000),
    };
    this.conversations.set(conv.id, conv);
    return conv;
  }

  findDm(userId: string): SlackConversation | undefined {
    for (const c of this.conversations.values()) if (c.is_im && c.user === userId) return c;
    return undefined;
  }

  /**
   * Resolves a `channel` argument: a conversation id, a channel name (`#general` or `general`), or a
   * user id — chat.postMessage with a user id posts into the app's DM with that person.
   */
  resolveChannel(arg: string, opts: { userIdMeansDm: boolean }): SlackConversation | undefined {
    const direct = this.conversations.get(arg);
    if (direct) return direct;
    if (opts.userIdMeansDm && /^[UW]/.test(arg)) {
      const user = this.users.get(arg);
      if (user && !user.deleted && !user.is_bot) return this.dmWith(arg);
      return undefined;
    }
    const name = arg.startsWith('#') ? arg.slice(1) : arg;
    for (const c of this.conversations.values()) if (!c.is_im && c.name === name) return c;
    return undefined;
  }

  /**
   * Whether the bot may post here. A private channel the bot is not in is invisible to it, so Slack
   * answers `channel_not_found`; a public channel needs `chat:write.public` or membership
   * (`not_in_channel`), per docs.slack.dev/reference/scopes/chat.write.public.
   */
  postingError(conv: SlackConversation): string | undefined {
    if (conv.is_archived) return 'is_archived';
    if (conv.members.includes(this.cfg.botUserId)) return undefined;
    if (conv.is_private) return 'channel_not_found';
    return this.cfg.chatWritePublic ? undefined : 'not_in_channel';
  }

  /** Whether the bot can see a conversation at all (conversations.info, chat.update …). */
  botCanSee(conv: SlackConversation): boolean {
    return !conv.is_private || conv.members.includes(this.cfg.botUserId);
  }

  listMessages(channel: string): SlackMessage[] {
    let list = this.messages.get(channel);
    if (!list) {
      list = [];
      this.messages.set(channel, list);
    }
    return list;
  }

  findMessage(channel: string, ts: string): SlackMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  // ---------------------------------------------------------------- messages

  postBotMessage(
    channel: string,
    content: {
      text: string;
      blocks?: JsonObject[];
      attachments?: JsonObject[];
      metadata?: JsonObject;
      thread_ts?: string;
      files?: JsonObject[];
    },
  ): SlackMessage {
    const message: SlackMessage = {
      type: 'message',
      ts: this.nextTs(),
      channel,
      text: content.text,
      user: this.cfg.botUserId,
      bot_id: this.cfg.botId,
      app_id: this.cfg.appId,
      team: this.cfg.teamId,
      ...(content.blocks
        ? { blocks: fillBlockIds(cloneJson(content.blocks), () => this.nextCounter()) }
        : {}),
      ...(content.attachments ? { attachments: cloneJson(content.attachments) } : {}),
      ...(content.metadata ? { metadata: cloneJson(content.metadata) } : {}),
      ...(content.thread_ts ? { thread_ts: content.thread_ts } : {}),
      ...(content.files ? { files: cloneJson(content.files), upload: true } : {}),
    };
    this.append(message);
    return message;
  }

  postUserMessage(args: { channel: string; user: string; text: string; thread_ts?: string }): SlackMessage {
    const conv = this.resolveChannel(args.channel, { userIdMeansDm: true });
    const channel = conv?.id ?? args.channel;
    const message: SlackMessage = {
      type: 'message',
      ts: this.nextTs(),
      channel,
      text: args.text,
      user: args.user,
      team: this.cfg.teamId,
      ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
    };
    this.append(message);
    return message;
  }

  private append(message: SlackMessage): void {
    const list = this.listMessages(message.channel);
    list.push(message);
    if (message.thread_ts && message.thread_ts !== message.ts) {
      const parent = list.find((m) => m.ts === message.thread_ts);
      if (parent) {
        const before = cloneJson(parent);
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        this.emit({
          type: 'message_changed',
          channel: message.channel,
          message: cloneJson(parent),
          previous: before,
        });
      }
    }
    this.emit({ type: 'message', channel: message.channel, message: cloneJson(message) });
  }

  updateMessage(
    message: SlackMessage,
    content: { text?: string; blocks?: JsonObject[]; attachments?: JsonObject[]; metadata?: JsonObject },
  ): SlackMessage {
    const previous = cloneJson(message);
    if (content.text !== undefined) message.text = content.text;
    // Fields left out are kept (docs.slack.dev chat.update: "If you don't include this field, the
    // message's previous attachments/metadata will be retained"); an empty array removes them.
    if (content.blocks !== undefined) {
      if (content.blocks.length === 0) delete message.blocks;
      else message.blocks = fillBlockIds(cloneJson(content.blocks), () => this.nextCounter());
    }
    if (content.attachments !== undefined) {
      if (content.attachments.length === 0) delete message.attachments;
      else message.attachments = cloneJson(content.attachments);
    }
    if (content.metadata !== undefined) message.metadata = cloneJson(content.metadata);
    message.edited = { user: this.cfg.botUserId, ts: this.nextTs() };
    this.updates.push({ channel: message.channel, ts: message.ts, at: this.cfg.now(), previous, message: cloneJson(message) });
    this.emit({ type: 'message_changed', channel: message.channel, message: cloneJson(message), previous });
    return message;
  }

  deleteMessage(channel: string, ts: string): boolean {
    const list = this.messages.get(channel);
    const i = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    this.emit({ type: 'message_deleted', channel, ts });
    return true;
  }

  addReaction(message: SlackMessage, name: string, user: string): Outcome<null> {
    const reactions = (message.reactions ??= []);
    let r = reactions.find((x) => x.name === name);
    if (r?.users.includes(user)) return { ok: false, error: 'already_reacted' };
    if (!r) {
      r = { name, users: [], count: 0 };
      reactions.push(r);
    }
    r.users.push(user);
    r.count = r.users.length;
    this.emit({ type: 'reaction_added', channel: message.channel, ts: message.ts, name, user });
    return { ok: true, value: null };
  }

  postEphemeral(content: {
    channel: string;
    user: string;
    text: string;
    blocks?: JsonObject[];
    thread_ts?: string;
  }) {
    const message: SlackEphemeral = {
      message_ts: this.nextTs(),
      channel: content.channel,
      user: content.user,
      text: content.text,
      bot_id: this.cfg.botId,
      ...(content.blocks
        ? { blocks: fillBlockIds(cloneJson(content.blocks), () => this.nextCounter()) }
        : {}),
      ...(content.thread_ts ? { thread_ts: content.thread_ts } : {}),
    };
    this.ephemerals.push(message);
    this.emit({
      type: 'ephemeral',
      channel: message.channel,
      user: message.user,
      message: cloneJson(message),
    });
    return message;
  }

  replaceEphemeral(target: SlackEphemeral, content: { text: string; blocks?: JsonObject[] }): void {
    target.text = content.text;
    if (content.blocks) target.blocks = fillBlockIds(cloneJson(content.blocks), () => this.nextCounter());
    else delete target.blocks;
    this.emit({
      type: 'ephemeral_changed',
      channel: target.channel,
      user: target.user,
      message: cloneJson(target),
    });
  }

  deleteEphemeral(target: SlackEphemeral): void {
    this.ephemerals = this.ephemerals.filter((e) => e !== target);
    this.emit({
      type: 'ephemeral_deleted',
      channel: target.channel,
      user: target.user,
      message_ts: target.message_ts,
    });
  }

  // ---------------------------------------------------------------- triggers

  newTrigger(user: string): string {
    const id = formatTriggerId(this.nextCounter(), teamNumber(this.cfg.teamId));
    this.triggers.set(id, { user, issuedAt: this.cfg.now(), used: false });
    return id;
  }

  /** Exchanges a trigger_id once, within 3 s: REF views.open errors invalid/exchanged/expired_trigger_id. */
  exchangeTrigger(id: string): Outcome<string> {
    const t = this.triggers.get(id);
    if (!t) return { ok: false, error: 'invalid_trigger_id' };
    if (t.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (this.cfg.now() - t.issuedAt > TRIGGER_TTL_MS) return { ok: false, error: 'expired_trigger_id' };
    t.used = true;
    return { ok: true, value: t.user };
  }

  // ---------------------------------------------------------------- views

  locateView(idOrExternal: { viewId?: string; externalId?: string }): Located | undefined {
    const match = (v: SlackView) =>
      idOrExternal.viewId !== undefined
        ? v.id === idOrExternal.viewId
        : v.external_id === idOrExternal.externalId;
    for (const [user, stack] of this.modals) {
      const view = stack.find(match);
      if (view) return { view, user, surface: 'modal' };
    }
    for (const [user, view] of this.homes) if (match(view)) return { view, user, surface: 'home' };
    return undefined;
  }

  private externalIdTaken(externalId: string, exceptViewId?: string): boolean {
    if (!externalId) return false;
    const found = this.locateView({ externalId });
    return found !== undefined && found.view.id !== exceptViewId;
  }

  /** Builds the stored view the way Slack echoes it back (defaults filled, ids generated). */
  private buildView(
    input: JsonObject,
    base: { id: string; root_view_id?: string; previous_view_id?: string | null; state?: ViewStateValues },
  ): SlackView {
    const str = (k: string) => (typeof input[k] === 'string' ? input[k] : '');
    const obj = (k: string) => (isJsonObject(input[k]) ? cloneJson(input[k]) : null);
    const blocks = Array.isArray(input.blocks) ? input.blocks.filter(isJsonObject) : [];
    return {
      id: base.id,
      team_id: this.cfg.teamId,
      type: input.type === 'home' ? 'home' : 'modal',
      title: obj('title'),
      submit: obj('submit'),
      close: obj('close'),
      blocks: fillBlockIds(cloneJson(blocks), () => this.nextCounter()),
      private_metadata: str('private_metadata'),
      callback_id: str('callback_id'),
      external_id: str('external_id'),
      state: { values: base.state ?? {} },
      hash: this.newHash(),
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      root_view_id: base.root_view_id ?? base.id,
      previous_view_id: base.previous_view_id ?? null,
      app_id: this.cfg.appId,
      app_installed_team_id: this.cfg.teamId,
      bot_id: this.cfg.botId,
    };
  }

  /** views.open: a new root modal; whatever the user had open is replaced. */
  openModal(user: string, input: JsonObject): Outcome<SlackView> {
    if (this.externalIdTaken(typeof input.external_id === 'string' ? input.external_id : '')) {
      return { ok: false, error: 'duplicate_external_id' };
    }
    const old = this.modals.get(user) ?? [];
    for (const v of old) this.emit({ type: 'view_closed', user, view_id: v.id, reason: 'replaced' });
    const view = this.buildView(input, { id: formatId('V', this.nextCounter()) });
    this.modals.set(user, [view]);
    this.emit({ type: 'view_opened', user, view: cloneJson(view), via: 'open' });
    return { ok: true, value: view };
  }

  pushModal(user: string, input: JsonObject): Outcome<SlackView> {
    const stack = this.modals.get(user);
    if (!stack || stack.length === 0) return { ok: false, error: 'not_found' };
    if (stack.length >= VIEW_STACK_LIMIT) return { ok: false, error: 'push_limit_reached' };
    if (this.externalIdTaken(typeof input.external_id === 'string' ? input.external_id : '')) {
      return { ok: false, error: 'duplicate_external_id' };
    }
    const top = stack[stack.length - 1];
    const view = this.buildView(input, {
      id: formatId('V', this.nextCounter()),
      root_view_id: stack[0].id,
      previous_view_id: top.id,
    });
    stack.push(view);
    this.emit({ type: 'view_opened', user, view: cloneJson(view), via: 'push' });
    return { ok: true, value: view };
  }

  /** views.update (and `response_action: update`): same id, new content, new hash. */
  updateView(target: Located, input: JsonObject, hash?: string): Outcome<SlackView> {
    if (hash !== undefined && hash !== '' && hash !== target.view.hash)
      return { ok: false, error: 'hash_conflict' };
    const externalId = typeof input.external_id === 'string' ? input.external_id : '';
    if (this.externalIdTaken(externalId, target.view.id))
      return { ok: false, error: 'duplicate_external_id' };
    const next = this.buildView(input, {
      id: target.view.id,
      root_view_id: target.view.root_view_id,
      previous_view_id: target.view.previous_view_id,
      state: target.view.state.values,
    });
    if (target.surface === 'home') {
      next.type = 'home';
      this.homes.set(target.user, next);
      this.emit({ type: 'home_published', user: target.user, view: cloneJson(next) });
    } else {
      const stack = this.modals.get(target.user) ?? [];
      const i = stack.findIndex((v) => v.id === target.view.id);
      if (i >= 0) stack[i] = next;
      this.viewErrors.delete(next.id);
      this.emit({ type: 'view_updated', user: target.user, view: cloneJson(next) });
    }
    return { ok: true, value: next };
  }

  /** views.publish: the user's Home tab is replaced entirely (the view id stays). */
  publishHome(user: string, input: JsonObject, hash?: string): Outcome<SlackView> {
    const current = this.homes.get(user);
    if (hash !== undefined && hash !== '' && current && hash !== current.hash) {
      return { ok: false, error: 'hash_conflict' };
    }
    const externalId = typeof input.external_id === 'string' ? input.external_id : '';
    if (this.externalIdTaken(externalId, current?.id)) return { ok: false, error: 'duplicate_external_id' };
    const view = this.buildView(input, { id: current?.id ?? formatId('V', this.nextCounter()) });
    view.type = 'home';
    this.homes.set(user, view);
    this.emit({ type: 'home_published', user, view: cloneJson(view) });
    return { ok: true, value: view };
  }

  setViewState(viewId: string, values: ViewStateValues): void {
    const found = this.locateView({ viewId });
    if (found) found.view.state = { values: cloneJson(values) };
  }

  /** Closes the top view (the user pressed Close / the app answered an empty 200), or the whole stack. */
  closeView(
    user: string,
    viewId: string,
    opts: { clearAll?: boolean; reason?: 'submitted' | 'closed' } = {},
  ): void {
    const stack = this.modals.get(user);
    if (!stack) return;
    if (opts.clearAll) {
      for (const v of [...stack].reverse()) {
        this.viewErrors.delete(v.id);
        this.emit({ type: 'view_closed', user, view_id: v.id, reason: 'cleared' });
      }
      this.modals.delete(user);
      return;
    }
    const i = stack.findIndex((v) => v.id === viewId);
    if (i < 0) return;
    stack.splice(i, 1);
    this.viewErrors.delete(viewId);
    if (stack.length === 0) this.modals.delete(user);
    this.emit({ type: 'view_closed', user, view_id: viewId, reason: opts.reason ?? 'closed' });
  }

  /**
   * What Slack's client does with the app's answer to view_submission (docs.slack.dev "Modals":
   * empty 200 closes the submitted view; `response_action` errors | update | push | clear).
   */
  applyViewSubmissionAck(user: string, viewId: string, status: number, body: unknown): ViewSubmissionOutcome {
    const stack = this.modals.get(user) ?? [];
    const top = stack[stack.length - 1];
    if (!top || top.id !== viewId) return { kind: 'rejected', reason: 'view_not_open' };
    if (status !== 200) return this.reject(user, viewId, status === 0 ? 'no_response' : `http_${status}`);
    if (
      body === undefined ||
      body === null ||
      body === '' ||
      (isJsonObject(body) && Object.keys(body).length === 0)
    ) {
      this.closeView(user, viewId, { reason: 'submitted' });
      return { kind: 'closed' };
    }
    const parsed = ackSchema.safeParse(body);
    if (!parsed.success) return this.reject(user, viewId, 'invalid_response_action');
    const ack = parsed.data;
    switch (ack.response_action) {
      case 'errors': {
        const errors = ack.errors ?? {};
        this.viewErrors.set(viewId, { ...errors });
        this.emit({ type: 'view_errors', user, view_id: viewId, errors: { ...errors } });
        return { kind: 'errors', errors };
      }
      case 'clear':
        this.closeView(user, viewId, { clearAll: true });
        return { kind: 'cleared' };
      case 'update':
      case 'push': {
        if (!isJsonObject(ack.view) || validateView(ack.view, { expectedType: 'modal' }).length > 0) {
          return this.reject(user, viewId, 'invalid_view');
        }
        const result =
          ack.response_action === 'update'
            ? this.updateView({ view: top, user, surface: 'modal' }, ack.view)
            : this.pushModal(user, ack.view);
        if (!result.ok) return this.reject(user, viewId, result.error);
        return ack.response_action === 'update'
          ? { kind: 'updated', view: cloneJson(result.value) }
          : { kind: 'pushed', view: cloneJson(result.value) };
      }
    }
  }

  private reject(user: string, viewId: string, reason: string): ViewSubmissionOutcome {
    // Slack shows a generic error at the top of the modal and keeps it open.
    this.emit({
      type: 'view_errors',
      user,
      view_id: viewId,
      errors: { '': `We had some trouble connecting (${reason})` },
    });
    return { kind: 'rejected', reason };
  }

  // ---------------------------------------------------------------- response URLs

  newResponseUrl(opts: ResponseUrlOptions): ResponseUrlRecord {
    const record: ResponseUrlRecord = {
      ...opts,
      id: `${this.cfg.teamId}/${this.nextCounter()}/${randomToken(12)}`,
      createdAt: this.cfg.now(),
      uses: 0,
    };
    this.responseUrls.set(record.id, record);
    return record;
  }

  // ---------------------------------------------------------------- persistence

  toSnapshot(): StandInSnapshot {
    return cloneJson({
      version: 1 as const,
      teamId: this.cfg.teamId,
      users: [...this.users.values()],
      conversations: [...this.conversations.values()],
      messages: Object.fromEntries(this.messages),
      ephemerals: this.ephemerals,
      modals: Object.fromEntries(this.modals),
      homes: Object.fromEntries(this.homes),
      responseUrls: [...this.responseUrls.values()],
      lastTsMicros: this.lastTsMicros,
      counter: this.counter,
    });
  }

  load(snapshot: StandInSnapshot): void {
    this.clear();
    for (const u of snapshot.users) this.users.set(u.id, u);
    for (const c of snapshot.conversations) this.conversations.set(c.id, c);
    for (const [k, v] of Object.entries(snapshot.messages)) this.messages.set(k, v);
    this.ephemerals = snapshot.ephemerals;
    for (const [k, v] of Object.entries(snapshot.modals)) this.modals.set(k, v);
    for (const [k, v] of Object.entries(snapshot.homes)) this.homes.set(k, v);
    for (const r of snapshot.responseUrls) this.responseUrls.set(r.id, r);
    this.lastTsMicros = snapshot.lastTsMicros;
    this.counter = snapshot.counter;
  }

  clear(): void {
    this.users.clear();
    this.conversations.clear();
    this.messages.clear();
    this.ephemerals = [];
    this.modals.clear();
    this.homes.clear();
    this.viewErrors.clear();
    this.triggers.clear();
    this.responseUrls.clear();
    this.files.clear();
    this.uploadSecrets.clear();
    this.updates.length = 0;
  }
}

/** Optional user fields a test may set (roles, guests, Slack Connect), copied only when given. */
const USER_FLAGS = [
  'is_owner',
  'is_primary_owner',
  'is_restricted',
  'is_ultra_restricted',
  'is_stranger',
  'is_app_user',
  'team_id',
  'enterprise_user',
] as const;

function pickDefined<T extends object>(source: T, keys: readonly string[]): Partial<SlackUser> {
  const out: Partial<Record<string, unknown>> = {};
  for (const k of keys) {
    const v = (source as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const ackSchema = z.looseObject({
  response_action: z.enum(['errors', 'update', 'push', 'clear']),
  errors: z.record(z.string(), z.string()).optional(),
  view: z.unknown().optional(),
});

/**
 * Slack fills in `block_id` (and `action_id` on interactive elements) when the app leaves them out, and
 * returns them in the stored message/view; apps then see those ids in interaction payloads.
 */
export function fillBlockIds(blocks: JsonObject[], next: () => number): JsonObject[] {
  for (const block of blocks) {
    if (typeof block.block_id !== 'string') block.block_id = shortId(next());
    const elements: unknown[] = [];
    if (Array.isArray(block.elements) && block.type === 'actions') elements.push(...block.elements);
    if (isJsonObject(block.accessory)) elements.push(block.accessory);
    if (isJsonObject(block.element)) elements.push(block.element);
    for (const el of elements) {
      if (isJsonObject(el) && typeof el.type === 'string' && typeof el.action_id !== 'string') {
        el.action_id = shortId(next());
      }
    }
  }
  return blocks;
}
