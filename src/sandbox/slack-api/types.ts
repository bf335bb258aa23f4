/**
 * Public types of the Slack stand-in. Shapes of stored objects follow what Slack returns on the wire
 * (snake_case), so a browser page or a test can compare them with real payloads directly.
 */
import type { EventEmitter } from 'node:events';
import type { JsonObject } from './json';

export interface SlackUser {
  id: string;
  name: string;
  real_name: string;
  tz: string;
  tz_label: string;
  /** Seconds east of UTC, as Slack's `tz_offset`. */
  tz_offset: number;
  is_bot: boolean;
  deleted: boolean;
  is_admin?: boolean;
  email?: string;
}

export interface SlackConversation {
  id: string;
  /** Channel name without `#`; IMs have none. */
  name?: string;
  is_im: boolean;
  is_private: boolean;
  is_archived: boolean;
  /** For IMs: the human on the other side of the app's DM. */
  user?: string;
  members: string[];
  created: number;
}

export interface SlackMessage {
  type: 'message';
  ts: string;
  channel: string;
  text: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  team?: string;
  blocks?: JsonObject[];
  attachments?: JsonObject[];
  metadata?: JsonObject;
  thread_ts?: string;
  reply_count?: number;
  edited?: { user: string; ts: string };
  reactions?: { name: string; users: string[]; count: number }[];
}

export interface SlackEphemeral {
  message_ts: string;
  channel: string;
  /** The only user who sees it. */
  user: string;
  text: string;
  blocks?: JsonObject[];
  thread_ts?: string;
  bot_id?: string;
}

/** A view as Slack returns it from views.open / views.publish (and sends in interaction payloads). */
export interface SlackView {
  id: string;
  team_id: string;
  type: 'modal' | 'home';
  title?: JsonObject | null;
  submit?: JsonObject | null;
  close?: JsonObject | null;
  blocks: JsonObject[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: ViewStateValues };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
}

/** `state.values[block_id][action_id]` as Slack sends it in view_submission / block_actions. */
export type ViewStateValues = Record<string, Record<string, ViewStateValue>>;
export interface ViewStateValue {
  type: string;
  value?: string | null;
  selected_option?: JsonObject | null;
  selected_options?: JsonObject[];
  selected_user?: string | null;
  selected_users?: string[];
  selected_conversation?: string | null;
  selected_channel?: string | null;
  selected_date?: string | null;
  selected_time?: string | null;
}

export type Fault =
  /** Answer with this HTTP status (WebClient retries non-200s per its retryConfig). */
  | { status: number }
  /** HTTP 429 + `Retry-After: seconds` + `{ok:false,error:'ratelimited'}`. */
  | { ratelimitedFor: number }
  /** HTTP 200 `{ok:false,error}`, e.g. `account_inactive`, `token_revoked`, `fatal_error`. */
  | { error: string }
  /** Never answer (until `close()`), to drill timeouts. */
  | { hang: true };

export interface RecordedCall {
  method: string;
  /** Decoded arguments (JSON fields parsed), without the token. */
  args: Record<string, unknown>;
  /** `now()` when the call arrived (ms). */
  at: number;
  ok: boolean;
  error?: string;
  status: number;
  /** What the fault injector did to this call, if anything. */
  fault?: Fault;
}

export interface RecordedResponsePost {
  id: string;
  url: string;
  body: unknown;
  at: number;
  status: number;
  /** `ok`, or Slack-style error text such as `used_url`, `expired_url`, `no_text`, `invalid_blocks`. */
  result: string;
}

export type ViewCloseReason = 'submitted' | 'cleared' | 'closed' | 'replaced';

export type ChangeEvent =
  | { type: 'message'; channel: string; message: SlackMessage }
  | { type: 'message_changed'; channel: string; message: SlackMessage; previous: SlackMessage }
  | { type: 'message_deleted'; channel: string; ts: string }
  | { type: 'reaction_added'; channel: string; ts: string; name: string; user: string }
  | { type: 'ephemeral'; channel: string; user: string; message: SlackEphemeral }
  | { type: 'ephemeral_changed'; channel: string; user: string; message: SlackEphemeral }
  | { type: 'ephemeral_deleted'; channel: string; user: string; message_ts: string }
  | { type: 'view_opened'; user: string; view: SlackView; via: 'open' | 'push' }
  | { type: 'view_updated'; user: string; view: SlackView }
  | { type: 'view_closed'; user: string; view_id: string; reason: ViewCloseReason }
  | { type: 'view_errors'; user: string; view_id: string; errors: Record<string, string> }
  | { type: 'home_published'; user: string; view: SlackView }
  | { type: 'response'; post: RecordedResponsePost }
  | { type: 'reset' }
  | { type: 'loaded' };

export interface SeedUser {
  id: string;
  name: string;
  real_name?: string;
  tz?: string;
  tz_label?: string;
  tz_offset?: number;
  is_bot?: boolean;
  deleted?: boolean;
  is_admin?: boolean;
  email?: string;
}

export interface SeedChannel {
  id: string;
  name: string;
  is_private?: boolean;
  is_archived?: boolean;
  /** Human members; the bot is added when `botIsMember` (default true). */
  members?: string[];
  botIsMember?: boolean;
}

export interface StandInOptions {
  host?: string;
  port?: number;
  teamId?: string;
  teamDomain?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** Bot display name (auth.test `user`). */
  botName?: string;
  /** Wall clock in ms: trigger expiry, response_url windows, rate limits, message ts. Default Date.now. */
  now?: () => number;
  /** Tokens answered with `invalid_auth`. */
  invalidTokens?: Iterable<string>;
  /** Workspace to start with; default: a small demo workspace (see DEFAULT_USERS / DEFAULT_CHANNELS). */
  users?: SeedUser[];
  channels?: SeedChannel[];
  /** Start from a persisted snapshot instead (takes precedence over users/channels). */
  snapshot?: StandInSnapshot;
  /**
   * `chat.postMessage` / `chat.update` text over 40,000 characters: Slack truncates and warns
   * (`message_truncated`, changelog 2018-04); `'reject'` answers `msg_too_long` instead.
   */
  overlongText?: 'truncate' | 'reject';
  /** Posting to public channels the bot is not in: allowed with `chat:write.public` (default true). */
  chatWritePublic?: boolean;
  /** Home tab enabled for the app (views.publish answers `not_enabled` otherwise). Default true. */
  homeTabEnabled?: boolean;
}

export interface ResponseUrlOptions {
  channel: string;
  user: string;
  /** The message the interaction came from, for `replace_original` / `delete_original`. */
  messageTs?: string;
  /** The source message is ephemeral (only `user` sees it). */
  isEphemeral?: boolean;
  /** The slash command that produced this URL (recorded for observers). */
  command?: string;
}

/** Outcome of applying an app's answer to a view_submission, as Slack's client would. */
export type ViewSubmissionOutcome =
  | { kind: 'closed' }
  | { kind: 'cleared' }
  | { kind: 'errors'; errors: Record<string, string> }
  | { kind: 'updated'; view: SlackView }
  | { kind: 'pushed'; view: SlackView }
  /** The app answered something Slack would not accept; the modal stays open with a generic error. */
  | { kind: 'rejected'; reason: string };

export interface StandInSnapshot {
  version: 1;
  teamId: string;
  users: SlackUser[];
  conversations: SlackConversation[];
  messages: Record<string, SlackMessage[]>;
  ephemerals: SlackEphemeral[];
  modals: Record<string, SlackView[]>;
  homes: Record<string, SlackView>;
  responseUrls: ResponseUrlRecord[];
  lastTsMicros: number;
  counter: number;
}

export interface ResponseUrlRecord extends ResponseUrlOptions {
  id: string;
  createdAt: number;
  uses: number;
}

export interface SlackStandIn {
  /** Base for `slackApiUrl`, with the trailing slash: `http://127.0.0.1:PORT/api/`. */
  readonly apiUrl: string;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  readonly port: number;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly now: () => number;
  /** Emits `'change'` (ChangeEvent) on every state change and `'call'` (RecordedCall) per API call. */
  readonly events: EventEmitter;
  readonly calls: readonly RecordedCall[];
  readonly responsePosts: readonly RecordedResponsePost[];
  readonly invalidTokens: Set<string>;

  // Observation
  callsTo(method: string): RecordedCall[];
  /** Messages (oldest first, thread replies included) in a conversation; a user id means the app's DM with them. */
  messagesIn(channelOrUserId: string): SlackMessage[];
  dmsTo(userId: string): SlackMessage[];
  ephemeralsFor(userId: string, channel?: string): SlackEphemeral[];
  homeView(userId: string): SlackView | undefined;
  /** The modal on top of the user's stack. */
  openModal(userId: string): SlackView | undefined;
  modalStack(userId: string): SlackView[];
  viewById(viewId: string): { view: SlackView; user: string } | undefined;
  /** Errors the app answered to the last view_submission of this view (`response_action: errors`). */
  viewErrors(viewId: string): Record<string, string> | undefined;
  user(userId: string): SlackUser | undefined;
  conversation(idOrUser: string): SlackConversation | undefined;
  /** Resolves when `predicate(standIn)` returns a truthy value, re-checked on every change and call. */
  waitFor<T>(
    predicate: (standIn: SlackStandIn) => T | undefined | null | false,
    timeoutMs?: number,
  ): Promise<T>;

  // Workspace setup
  addUser(user: SeedUser): SlackUser;
  addChannel(channel: SeedChannel): SlackConversation;
  /** Adds a message written by a person (what the app would see in history). */
  postUserMessage(args: { channel: string; user: string; text: string; thread_ts?: string }): SlackMessage;

  // Platform side, used by the signed sender (slack-client)
  /** The id of the app's DM with this person (created if needed), as in payloads from that DM. */
  dmChannelFor(userId: string): string;
  newTriggerId(userId: string): string;
  newResponseUrl(opts: ResponseUrlOptions): string;
  /** The app's immediate answer (ack body) to a slash command, shown as Slack shows it. */
  applyCommandAck(opts: ResponseUrlOptions, body: unknown): void;
  setViewState(viewId: string, values: ViewStateValues): void;
  applyViewSubmissionAck(
    userId: string,
    viewId: string,
    status: number,
    body: unknown,
  ): ViewSubmissionOutcome;
  closeView(userId: string, viewId: string, opts?: { clearAll?: boolean }): void;

  // Faults
  failNext(method: string, count: number, fault: Fault): void;
  /** Roughly Slack's posting limit: at most `perSecond` chat.postMessage per channel per second; null = off. */
  setChannelRateLimit(perSecond: number | null): void;

  // Lifecycle and persistence
  reset(): void;
  toJSON(): StandInSnapshot;
  fromJSON(snapshot: unknown): void;
  close(): Promise<void>;
}
