/**
 * Public types of the Slack stand-in. Shapes of stored objects follow what Slack returns on the wire
 * (snake_case), so a browser page or a test can compare them with real payloads directly.
 */
import type { EventEmitter } from 'node:events';
import type { JsonObject } from './json';
import type { RevokedAnswer, TokenInfo, TokenKind } from './tokens';

export type { RevokedAnswer, TokenInfo, TokenKind } from './tokens';

/** Roles and Slack Connect fields of a person, as users.info returns them (all optional in a seed). */
export interface UserFlags {
  is_owner?: boolean;
  is_primary_owner?: boolean;
  /** Multi-channel guest. */
  is_restricted?: boolean;
  /** Single-channel guest. */
  is_ultra_restricted?: boolean;
  /** A Slack Connect user from another organisation whose profile this workspace cannot see in full. */
  is_stranger?: boolean;
  is_app_user?: boolean;
  /** Home workspace when it is not this one (Slack Connect, or another workspace of the org). */
  team_id?: string;
  enterprise_user?: {
    id: string;
    enterprise_id: string;
    enterprise_name?: string;
    is_admin?: boolean;
    is_owner?: boolean;
    teams?: string[];
  };
}

export interface SlackUser extends UserFlags {
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
  /** Files shared with the message (files.completeUploadExternal with a channel). */
  files?: JsonObject[];
  upload?: boolean;
}

/** One in-place update of a message (chat.update, or a response_url `replace_original`). */
export interface MessageUpdate {
  channel: string;
  ts: string;
  at: number;
  previous: SlackMessage;
  message: SlackMessage;
}

/** A file uploaded the way `WebClient.filesUploadV2` does it (getUploadURLExternal → POST → complete). */
export interface StoredFile {
  id: string;
  name: string;
  title: string;
  /** Declared in files.getUploadURLExternal. */
  length: number;
  alt_text?: string;
  snippet_type?: string;
  /** The uploaded bytes; undefined until the upload POST arrived. */
  bytes?: Buffer;
  mimetype: string;
  /** The token's user (the bot user for bot tokens). */
  user: string;
  created: number;
  /** True once files.completeUploadExternal finished it. */
  completed: boolean;
  /** Conversations it was shared into. */
  channels: string[];
  initial_comment?: string;
  thread_ts?: string;
  /** ts of the message that shared it, per channel. */
  shares: { channel: string; ts: string }[];
}

/** A custom workflow step run (`function_executed`), and how the app completed it. */
export interface FunctionExecution {
  function_execution_id: string;
  workflow_execution_id: string;
  callback_id: string;
  function_id: string;
  team_id: string;
  inputs: JsonObject;
  /** The `bot_access_token` the event carried: only it may complete this execution. */
  bot_access_token: string;
  state: 'running' | 'completed' | 'failed';
  /**
   * The function's output parameters, when the run was started with them (as the manifest defines
   * them): completeSuccess then checks the outputs against them, as Slack does.
   */
  output_parameters?: { name: string; type: string; is_required?: boolean }[];
  outputs?: JsonObject;
  error?: string;
  completed_at?: number;
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
  /** The token the call carried (header or body), so tests can check it was the right workspace's. */
  token?: string;
  /** What kind of token it was; `legacy` = not issued by the stand-in, served by the first workspace. */
  tokenKind?: TokenKind | 'legacy';
  /** Workspace the call acted in (resolved from the token, or `team_id` for org-wide tokens). */
  teamId?: string;
  /** The token's installation: team id, or enterprise id for an org-wide install. */
  installationKey?: string;
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
  | { type: 'file_shared'; team: string; file_id: string; channel: string }
  | { type: 'function_completed'; execution: FunctionExecution }
  | { type: 'installed'; installation: StandInInstallation }
  | { type: 'tokens_revoked'; installationKey: string; tokens: string[] }
  | { type: 'socket_connected'; connectionId: string }
  | { type: 'socket_closed'; connectionId: string }
  | { type: 'reset' }
  | { type: 'loaded' };

export interface SeedUser extends UserFlags {
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
  /** The first workspace's Enterprise Grid org, if any. */
  enterpriseId?: string;
  enterpriseName?: string;
  /**
   * false (default): any well-formed `xox…` token the stand-in did not issue acts as the first
   * workspace's bot (the single-workspace sandbox and tests use made-up tokens). true: only issued
   * tokens work, everything else answers `invalid_auth` — for tests of several workspaces.
   */
  strictTokens?: boolean;
  /** The app's OAuth settings: enables /oauth/v2/authorize and oauth.v2.access. */
  oauth?: OAuthAppOptions;
  /** App-level token (`xapp-…`, scope connections:write) accepted by apps.connections.open. */
  appToken?: string;
}

export interface OAuthAppOptions {
  clientId: string;
  clientSecret: string;
  /** Redirect URLs configured for the app; a `redirect_uri` must start with one (none: any). */
  redirectUris?: string[];
  /** Token rotation on: access tokens expire (`expires_in`) and come with a refresh token. */
  tokenRotation?: boolean;
  /** Lifetime of rotating access tokens, seconds. Slack: 43200 (12 hours). */
  tokenLifetimeSec?: number;
  /** How long an OAuth `code` can be exchanged, ms. Default 10 minutes. */
  codeTtlMs?: number;
  /**
   * What an access token does once its refresh token was spent: 'invalid' (default; answers
   * `invalid_auth`, so an app that keeps an old token is caught) or 'valid_until_expiry'.
   */
  oldAccessTokenAfterRefresh?: 'invalid' | 'valid_until_expiry';
}

/** How the next visit to /oauth/v2/authorize ends, as chosen by a test (default: the `team` asked for). */
export interface InstallChoice {
  /** Workspace the installer picks. Default: the `team` query parameter, else the first workspace. */
  teamId?: string;
  /** Install org-wide, for the workspace's whole Enterprise Grid org (`is_enterprise_install`). */
  orgWide?: boolean;
  /** Who installs. Default: the workspace's first admin (else first person). */
  installerId?: string;
  /** The person pressed Cancel: redirect with `error=access_denied`. */
  deny?: boolean;
}

/** An installation of the app as Slack keeps it: one per workspace, or per org for org-wide installs. */
export interface StandInInstallation {
  /** team id, or enterprise id for an org-wide install. */
  key: string;
  teamId: string | null;
  teamName: string | null;
  enterpriseId: string | null;
  enterpriseName: string | null;
  isEnterpriseInstall: boolean;
  appId: string;
  botUserId: string;
  botId: string;
  botScopes: string[];
  userScopes: string[];
  installerId: string;
  botToken?: string;
  botRefreshToken?: string;
  /** Current user token (and refresh token) per person who authorised user scopes. */
  userTokens: Record<string, string>;
  userRefreshTokens: Record<string, string>;
  installedAt: number;
  updatedAt: number;
  uninstalled: boolean;
}

/** What a new workspace (or a workspace of an Enterprise Grid org) looks like. */
export interface WorkspaceOptions {
  teamId: string;
  teamDomain?: string;
  teamName?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  botUserId?: string;
  botId?: string;
  botName?: string;
  users?: SeedUser[];
  channels?: SeedChannel[];
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

/** One workspace of the stand-in: what tests observe and set up, and what the signed sender needs. */
export interface SlackWorkspace {
  readonly teamId: string;
  readonly teamDomain: string;
  readonly teamName: string;
  readonly enterpriseId: string | null;
  readonly enterpriseName: string | null;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;

  // Observation
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
  /** In-place updates (chat.update, response_url replace_original), oldest first; optionally of one message. */
  messageUpdates(channel?: string, ts?: string): MessageUpdate[];
  /** Files uploaded in this workspace (bytes included), oldest first. */
  files(): StoredFile[];
  file(fileId: string): StoredFile | undefined;
  /** `https://<domain>.slack.com/archives/<channel>/p<ts>` as chat.getPermalink answers it. */
  permalink(channel: string, ts: string): string;

  // Workspace setup
  addUser(user: SeedUser): SlackUser;
  /** Changes a person (roles, Slack Connect fields, deactivation) after the fact. */
  updateUser(userId: string, patch: Partial<Omit<SeedUser, 'id'>>): SlackUser;
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
}

/** Envelope types of Socket Mode (`@slack/socket-mode` SocketModeClient). */
export type SocketEnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export interface SocketDelivery {
  /** True when the app acked within the timeout. */
  acked: boolean;
  ack?: SocketAck;
  /** Why it was not acked: `timeout`, `no_connection`, `connection_closed`. */
  error?: string;
}

/** The stand-in's Socket Mode side: a local WebSocket server speaking Slack's protocol. */
export interface SocketModeServer {
  /** Open connections (after `hello`). */
  readonly connectionCount: number;
  /** Resolves once at least `count` connections are open (default 1). */
  waitForConnections(count?: number, timeoutMs?: number): Promise<void>;
  /** Sends an envelope to one open connection and waits for its ack. */
  send(
    type: SocketEnvelopeType,
    payload: JsonObject,
    opts?: {
      acceptsResponsePayload?: boolean;
      retryAttempt?: number;
      retryReason?: string;
      timeoutMs?: number;
    },
  ): Promise<SocketDelivery>;
  /**
   * `{type:'disconnect', reason:'refresh_requested'}` to every connection, as Slack sends before it
   * recycles a connection; resolves when they have closed (clients reconnect via apps.connections.open).
   */
  requestRefresh(timeoutMs?: number): Promise<void>;
  /** Every message an app sent on a socket (acks), oldest first. */
  readonly received: readonly SocketAck[];
}

/** What a waitFor predicate answers: the awaited value, or "not yet". */
export type Waited<T> = T | undefined | null | false;

export interface SlackStandIn extends SlackWorkspace {
  /** Base for `slackApiUrl`, with the trailing slash: `http://127.0.0.1:PORT/api/`. */
  readonly apiUrl: string;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  /** `http://127.0.0.1:PORT/oauth/v2/authorize`: InstallProvider's `authorizationUrl`. */
  readonly authorizeUrl: string;
  readonly port: number;
  readonly now: () => number;
  /** Emits `'change'` (ChangeEvent) on every state change and `'call'` (RecordedCall) per API call. */
  readonly events: EventEmitter;
  readonly calls: readonly RecordedCall[];
  readonly responsePosts: readonly RecordedResponsePost[];
  readonly invalidTokens: Set<string>;
  readonly socketMode: SocketModeServer;

  // Observation
  callsTo(method: string): RecordedCall[];
  /**
   * Resolves when `predicate(standIn)` returns (or, async, resolves to) a value that is not undefined,
   * null or false; re-checked on every change and call, and for an async predicate (the app's database)
   * also every 20 ms. Rejects after `timeoutMs` (5 s).
   */
  waitFor<T>(
    predicate: (standIn: SlackStandIn) => Waited<T> | Promise<Waited<T>>,
    timeoutMs?: number,
  ): Promise<T>;

  // Workspaces
  /** Adds a workspace (possibly of an Enterprise Grid org); the first one is the stand-in itself. */
  addWorkspace(opts: WorkspaceOptions): SlackWorkspace;
  /** A workspace by team id (the first one included); throws for an unknown team. */
  workspace(teamId: string): SlackWorkspace;
  workspaces(): SlackWorkspace[];

  // Installations and tokens
  /** How the next authorize visit ends (queued; each visit takes one). */
  chooseNextInstall(choice: InstallChoice): void;
  /**
   * Installs the app directly, as a completed OAuth flow would (no browser), and answers what
   * oauth.v2.access would have. Needs `oauth` options only for token rotation settings.
   */
  install(opts: InstallChoice & { scopes?: string[]; userScopes?: string[] }): JsonObject;
  /** The installation of a workspace (or of an org, by enterprise id). */
  installation(key: string): StandInInstallation | undefined;
  installations(): StandInInstallation[];
  tokenInfo(token: string): TokenInfo | undefined;
  /** Revokes every token of an installation (what uninstalling does); calls then answer `answer`. */
  revokeTokens(key: string, answer?: RevokedAnswer): TokenInfo[];
  /** Uninstalls the app from a workspace or org: tokens revoked, installation marked uninstalled. */
  uninstall(key: string, answer?: RevokedAnswer): StandInInstallation;

  // Workflow steps
  /** Starts a custom step run (what Slack does before sending `function_executed`). */
  startFunctionExecution(opts: {
    teamId?: string;
    callbackId: string;
    inputs?: JsonObject;
    functionId?: string;
    /** As the manifest defines them: completeSuccess then checks the outputs against them. */
    outputParameters?: { name: string; type: string; is_required?: boolean }[];
  }): FunctionExecution;
  functionExecution(id: string): FunctionExecution | undefined;

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
