/**
 * A local stand-in for Slack's Web API and response_urls, on node:http.
 *
 * Point `@slack/web-api` at it with `slackApiUrl: standIn.apiUrl`. It answers like Slack: HTTP 200 with
 * `{ok:false,error}` for errors, HTTP 429 + `Retry-After` for rate limits, records every call, and emits
 * a `'change'` event for every state change so tests (`waitFor`) and a browser page can follow along
 * without polling.
 *
 * Product code must never import this module: it exists for end-to-end tests and the sandbox only.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerToken, decodeApiRequest } from './decode';
import { formatId } from './ids';
import { cloneJson, parseJson, type JsonObject } from './json';
import { fail, METHODS, ratelimited, type ApiResult, type MethodContext } from './methods';
import { OAuthServer, type Directory } from './oauth';
import { applyResponse, spendResponseUrl, type WebhookAnswer } from './responseUrl';
import { parseSnapshot } from './snapshot';
import { SocketHub } from './socketMode';
import { TokenRegistry, type RevokedAnswer, type TokenInfo } from './tokens';
import type {
  ChangeEvent,
  Fault,
  FunctionExecution,
  InstallChoice,
  MessageUpdate,
  RecordedCall,
  RecordedResponsePost,
  ResponseUrlOptions,
  SeedChannel,
  SeedUser,
  SlackConversation,
  SlackEphemeral,
  SlackMessage,
  SlackStandIn,
  Waited,
  SlackUser,
  SlackView,
  SlackWorkspace,
  StandInInstallation,
  StandInOptions,
  StandInSnapshot,
  StoredFile,
  ViewStateValues,
  ViewSubmissionOutcome,
  WorkspaceOptions,
} from './types';
import { DEFAULT_CHANNELS, DEFAULT_USERS, Workspace } from './workspace';
import { WorkspaceView } from './workspaceView';

/** Request bodies above this are refused (Slack's own limits are far below for every method used here). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Pseudo method name for fault injection on response_url posts. */
export const RESPONSE_URL_METHOD = 'response_url';
/** Ids of the n-th added workspace start at n × this, so ids stay unique across workspaces. */
const WORKSPACE_ID_SPACE = 1_000_000_000;

interface PendingFault {
  remaining: number;
  fault: Fault;
}

type Authenticated = { ok: true; ws: Workspace; info?: TokenInfo } | { ok: false; error: string };

class StandIn implements SlackStandIn {
  readonly events = new EventEmitter();
  readonly calls: RecordedCall[] = [];
  readonly responsePosts: RecordedResponsePost[] = [];
  readonly invalidTokens: Set<string>;
  readonly ws: Workspace;
  readonly now: () => number;
  readonly socketMode: SocketHub;
  apiUrl = '';
  baseUrl = '';
  authorizeUrl = '';
  port = 0;

  private readonly primary: WorkspaceView;
  private readonly others = new Map<string, WorkspaceView>();
  private readonly tokens: TokenRegistry;
  private readonly oauth: OAuthServer;
  private readonly functions = new Map<string, FunctionExecution>();
  private readonly faults = new Map<string, PendingFault[]>();
  private channelLimit: number | null = null;
  private readonly channelPosts = new Map<string, number[]>();
  private readonly hung = new Set<http.ServerResponse>();
  private server: http.Server | undefined;

  constructor(private readonly opts: StandInOptions) {
    this.now = opts.now ?? Date.now;
    this.invalidTokens = new Set(opts.invalidTokens ?? []);
    // A listener per pending waitFor: many tests may wait at once.
    this.events.setMaxListeners(0);
    this.ws = new Workspace(
      {
        teamId: opts.snapshot?.teamId ?? opts.teamId ?? 'T0TEAM1',
        teamDomain: opts.teamDomain ?? 'trustloop-sandbox',
        teamName: opts.teamName ?? 'Trustloop Sandbox',
        botUserId: opts.botUserId ?? 'U0TRUSTBOT',
        botId: opts.botId ?? 'B0TRUSTBOT',
        appId: opts.appId ?? 'A0TRUSTLOOP',
        botName: opts.botName ?? 'trustloop',
        enterpriseId: opts.enterpriseId ?? null,
        enterpriseName: opts.enterpriseName ?? opts.enterpriseId ?? null,
        now: this.now,
        overlongText: opts.overlongText ?? 'truncate',
        chatWritePublic: opts.chatWritePublic ?? true,
        homeTabEnabled: opts.homeTabEnabled ?? true,
      },
      (e) => this.emitChange(e),
    );
    this.primary = new WorkspaceView(this.ws, () => this.baseUrl);
    this.tokens = new TokenRegistry(this.now);
    const dir: Directory = {
      primary: this.ws,
      workspace: (teamId) => this.workspaceModel(teamId),
      enterpriseWorkspaces: (id) => this.enterpriseWorkspaces(id),
    };
    this.oauth = new OAuthServer(opts.oauth, dir, this.tokens, this.now, (installation) =>
      this.emitChange({ type: 'installed', installation }),
    );
    this.socketMode = new SocketHub({
      tokens: this.tokens,
      strictTokens: opts.strictTokens ?? false,
      appId: () => this.ws.cfg.appId,
      baseUrl: () => this.baseUrl,
      events: this.events,
      emit: (e) => this.emitChange(e),
    });
    this.seed();
    this.registerAppToken();
  }

  get teamId(): string {
    return this.ws.cfg.teamId;
  }
  get teamDomain(): string {
    return this.ws.cfg.teamDomain;
  }
  get teamName(): string {
    return this.ws.cfg.teamName;
  }
  get enterpriseId(): string | null {
    return this.ws.cfg.enterpriseId;
  }
  get enterpriseName(): string | null {
    return this.ws.cfg.enterpriseName;
  }
  get botUserId(): string {
    return this.ws.cfg.botUserId;
  }
  get botId(): string {
    return this.ws.cfg.botId;
  }
  get appId(): string {
    return this.ws.cfg.appId;
  }

  private seed(): void {
    if (this.opts.snapshot) this.ws.load(parseSnapshot(cloneJson(this.opts.snapshot)));
    else this.ws.seed(this.opts.users ?? DEFAULT_USERS, this.opts.channels ?? DEFAULT_CHANNELS);
  }

  private registerAppToken(): void {
    if (!this.opts.appToken) return;
    this.tokens.issue(
      {
        kind: 'app',
        teamId: this.ws.cfg.teamId,
        enterpriseId: this.ws.cfg.enterpriseId,
        isEnterpriseInstall: false,
        userId: this.ws.cfg.botUserId,
        scopes: ['connections:write'],
      },
      this.opts.appToken,
    );
  }

  private emitChange(event: ChangeEvent): void {
    this.events.emit('change', event);
  }

  // ---------------------------------------------------------------- workspaces

  private workspaceModel(teamId: string): Workspace | undefined {
    if (teamId === this.ws.cfg.teamId) return this.ws;
    return this.others.get(teamId)?.ws;
  }

  private allModels(): Workspace[] {
    return [this.ws, ...[...this.others.values()].map((v) => v.ws)];
  }

  private enterpriseWorkspaces(enterpriseId: string): Workspace[] {
    return this.allModels().filter((w) => w.cfg.enterpriseId === enterpriseId);
  }

  addWorkspace(o: WorkspaceOptions): SlackWorkspace {
    if (this.workspaceModel(o.teamId)) throw new Error(`addWorkspace: ${o.teamId} exists already`);
    const n = this.others.size + 1;
    const suffix = o.teamId.replace(/^T/, '');
    const ws = new Workspace(
      {
        teamId: o.teamId,
        teamDomain: o.teamDomain ?? o.teamId.toLowerCase(),
        teamName: o.teamName ?? o.teamId,
        botUserId: o.botUserId ?? `U${suffix}BOT`,
        botId: o.botId ?? `B${suffix}BOT`,
        appId: this.ws.cfg.appId,
        botName: o.botName ?? this.ws.cfg.botName,
        enterpriseId: o.enterpriseId ?? null,
        enterpriseName: o.enterpriseName ?? o.enterpriseId ?? null,
        now: this.now,
        overlongText: this.ws.cfg.overlongText,
        chatWritePublic: this.ws.cfg.chatWritePublic,
        homeTabEnabled: this.ws.cfg.homeTabEnabled,
      },
      (e) => this.emitChange(e),
      n * WORKSPACE_ID_SPACE,
    );
    ws.seed(o.users ?? [], o.channels ?? []);
    const view = new WorkspaceView(ws, () => this.baseUrl);
    this.others.set(o.teamId, view);
    return view;
  }

  workspace(teamId: string): SlackWorkspace {
    if (teamId === this.ws.cfg.teamId) return this.primary;
    const view = this.others.get(teamId);
    if (!view) throw new Error(`No workspace ${teamId} in the stand-in (addWorkspace first)`);
    return view;
  }

  workspaces(): SlackWorkspace[] {
    return [this.primary, ...this.others.values()];
  }

  // ---------------------------------------------------------------- installations and tokens

  chooseNextInstall(choice: InstallChoice): void {
    this.oauth.chooseNext(choice);
  }

  install(opts: InstallChoice & { scopes?: string[]; userScopes?: string[] }): JsonObject {
    return this.oauth.install(opts);
  }

  installation(key: string): StandInInstallation | undefined {
    const i = this.oauth.installations.get(key);
    return i ? cloneJson(i) : undefined;
  }

  installations(): StandInInstallation[] {
    return cloneJson([...this.oauth.installations.values()]);
  }

  tokenInfo(token: string): TokenInfo | undefined {
    const t = this.tokens.get(token);
    return t ? cloneJson(t) : undefined;
  }

  revokeTokens(key: string, answer: RevokedAnswer = 'token_revoked'): TokenInfo[] {
    const revoked = this.tokens.revokeInstallation(key, answer);
    this.emitChange({ type: 'tokens_revoked', installationKey: key, tokens: revoked.map((t) => t.token) });
    return cloneJson(revoked);
  }

  uninstall(key: string, answer: RevokedAnswer = 'token_revoked'): StandInInstallation {
    const installation = this.oauth.uninstall(key);
    if (!installation) throw new Error(`uninstall: no installation ${key}`);
    this.revokeTokens(key, answer);
    return cloneJson(installation);
  }

  /** The installation that serves a workspace: its own, or its org's org-wide install. */
  private installationKeyFor(ws: Workspace): string {
    const own = this.oauth.installations.get(ws.cfg.teamId);
    if (own && !own.uninstalled) return own.key;
    const org = ws.cfg.enterpriseId ? this.oauth.installations.get(ws.cfg.enterpriseId) : undefined;
    return org && !org.uninstalled ? org.key : ws.cfg.teamId;
  }

  // ---------------------------------------------------------------- workflow steps

  startFunctionExecution(o: {
    teamId?: string;
    callbackId: string;
    inputs?: JsonObject;
    functionId?: string;
    outputParameters?: { name: string; type: string; is_required?: boolean }[];
  }): FunctionExecution {
    const ws = this.workspaceModel(o.teamId ?? this.ws.cfg.teamId);
    if (!ws) throw new Error(`startFunctionExecution: no workspace ${o.teamId ?? ''}`);
    const key = this.installationKeyFor(ws);
    const execution: FunctionExecution = {
      function_execution_id: formatId('Fx', ws.nextCounter()),
      workflow_execution_id: formatId('Wx', ws.nextCounter()),
      callback_id: o.callbackId,
      function_id:
        o.functionId ??
        `Fn${o.callbackId
          .replace(/[^A-Za-z0-9]/g, '')
          .toUpperCase()
          .slice(0, 10)}`,
      team_id: ws.cfg.teamId,
      inputs: cloneJson(o.inputs ?? {}),
      bot_access_token: '',
      state: 'running',
      ...(o.outputParameters
        ? {
            output_parameters: o.outputParameters.map((p) => ({
              name: p.name,
              type: p.type,
              is_required: p.is_required ?? false,
            })),
          }
        : {}),
    };
    const installation = this.oauth.installations.get(key);
    const token = this.tokens.issue({
      kind: 'workflow',
      teamId: ws.cfg.teamId,
      enterpriseId: ws.cfg.enterpriseId,
      isEnterpriseInstall: installation?.isEnterpriseInstall ?? false,
      installationKey: key,
      userId: ws.cfg.botUserId,
      botId: ws.cfg.botId,
      scopes: installation?.botScopes ?? [],
      functionExecutionId: execution.function_execution_id,
    });
    execution.bot_access_token = token.token;
    this.functions.set(execution.function_execution_id, execution);
    return cloneJson(execution);
  }

  functionExecution(id: string): FunctionExecution | undefined {
    const e = this.functions.get(id);
    return e ? cloneJson(e) : undefined;
  }

  // ---------------------------------------------------------------- server

  async listen(): Promise<void> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        // A bug in the stand-in must be loud in tests, but never take the process down.
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`stand-in error: ${err instanceof Error ? err.message : String(err)}`);
      });
    });
    // Idle keep-alive sockets are closed by the client (undici: after 4 s), never by us: a server closing
    // one just as the client reuses it makes that request fail with "fetch failed" on a busy machine.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.on('upgrade', (req, socket, head: Buffer) => {
      if (!this.socketMode.handleUpgrade(req, socket, head)) socket.destroy();
    });
    this.server = server;
    const host = this.opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    const urlHost =
      host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    this.baseUrl = `http://${urlHost}:${this.port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
    this.authorizeUrl = `${this.baseUrl}/oauth/v2/authorize`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    await this.socketMode.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive sockets (fetch pools them) would hold close() open.
      server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname.startsWith('/api/')) {
      await this.handleApi(req, res, url);
    } else if (url.pathname.startsWith('/response/') && req.method === 'POST') {
      await this.handleResponseUrl(req, res, url.pathname.slice('/response/'.length));
    } else if (url.pathname === '/oauth/v2/authorize' && req.method === 'GET') {
      const answer = this.oauth.authorize(url.searchParams);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    } else if (url.pathname.startsWith('/upload/v1/') && req.method === 'POST') {
      await this.handleUpload(req, res, url.pathname.slice('/upload/v1/'.length));
    } else if (url.pathname.startsWith('/files/') && req.method === 'GET') {
      this.handleDownload(res, url.pathname.slice('/files/'.length));
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  }

  private async handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const bytes = await readBody(req);
    const raw = bytes?.toString('utf8');
    const call: RecordedCall = { method, args: {}, at: this.now(), ok: false, status: 200 };
    this.calls.push(call);
    if (raw === undefined)
      return this.finish(res, call, { status: 413, body: { ok: false, error: 'request_too_large' } });

    const decoded = decodeApiRequest(req.headers['content-type'], raw, url.searchParams);
    if (!decoded.ok) return this.finish(res, call, fail(decoded.error));
    call.args = decoded.args;

    const fault = this.takeFault(method);
    if (fault) {
      call.fault = fault;
      if ('hang' in fault) {
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        call.error = 'hang';
        this.events.emit('call', call);
        return;
      }
      if ('status' in fault) {
        return this.finish(res, call, { status: fault.status, body: { ok: false, error: 'fault_injected' } });
      }
      if ('ratelimitedFor' in fault) return this.finish(res, call, ratelimited(fault.ratelimitedFor));
      return this.finish(res, call, fail(fault.error));
    }

    // oauth.v2.access takes the app's client credentials, never a token.
    if (method === 'oauth.v2.access') {
      call.args = Object.fromEntries(Object.entries(decoded.args).filter(([k]) => k !== 'client_secret'));
      return this.finish(res, call, this.oauth.access(decoded.args, req.headers.authorization));
    }
    const handler = METHODS[method];
    if (!handler && method !== 'apps.connections.open')
      return this.finish(res, call, fail('unknown_method', { req_method: method }));

    const headerToken = bearerToken(req.headers.authorization);
    const token = headerToken ?? decoded.bodyToken;
    if (!token) return this.finish(res, call, fail('not_authed'));
    call.token = token;
    if (this.invalidTokens.has(token)) return this.finish(res, call, fail('invalid_auth'));
    if (method === 'apps.connections.open') {
      call.tokenKind = 'app';
      return this.finish(res, call, this.socketMode.open(token, headerToken !== undefined));
    }

    const auth = this.authenticate(token, decoded.args);
    if (!auth.ok) return this.finish(res, call, fail(auth.error));
    call.tokenKind = auth.info?.kind ?? 'legacy';
    call.teamId = auth.ws.cfg.teamId;
    if (auth.info?.installationKey) call.installationKey = auth.info.installationKey;

    const ctx: MethodContext = {
      ws: auth.ws,
      channelRateLimit: (ch) => this.checkChannelRate(`${auth.ws.cfg.teamId}/${ch}`),
      token: auth.info,
      baseUrl: this.baseUrl,
      functions: this.functions,
      onFunctionCompleted: (execution) => this.emitChange({ type: 'function_completed', execution }),
    };
    // Checked above: only apps.connections.open has no handler.
    if (handler) this.finish(res, call, handler(decoded.args, ctx));
  }

  /**
   * Which workspace a token acts in. A workspace token: its own. An org-wide token: the workspace
   * named by `team_id` (Bolt sends it for org installs), else the one holding the channel, user, view or
   * trigger the call names, else the org's first workspace. A token the stand-in did not issue acts as
   * the first workspace's bot, unless `strictTokens`.
   */
  private authenticate(token: string, args: Record<string, unknown>): Authenticated {
    const checked = this.tokens.check(token);
    if (checked) {
      if (!checked.ok) return checked;
      const info = checked.info;
      if (info.kind === 'app') return { ok: false, error: 'not_allowed_token_type' };
      if (info.teamId) {
        const ws = this.workspaceModel(info.teamId);
        return ws ? { ok: true, ws, info } : { ok: false, error: 'account_inactive' };
      }
      const org = info.enterpriseId ? this.enterpriseWorkspaces(info.enterpriseId) : [];
      const ws = pickOrgWorkspace(org, args);
      return ws ? { ok: true, ws, info } : { ok: false, error: 'account_inactive' };
    }
    if (this.tokens.refreshToken(token)) return { ok: false, error: 'invalid_auth' };
    if (this.opts.strictTokens || !/^xox[bpae]-/.test(token)) return { ok: false, error: 'invalid_auth' };
    return { ok: true, ws: this.ws };
  }

  private finish(res: http.ServerResponse, call: RecordedCall, result: ApiResult): void {
    call.status = result.status;
    call.ok = result.body.ok === true;
    const error = result.body.error;
    if (typeof error === 'string') call.error = error;
    const body = JSON.stringify(result.body);
    res.writeHead(result.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      ...result.headers,
    });
    res.end(body);
    this.events.emit('call', call);
  }

  private takeFault(method: string): Fault | undefined {
    for (const key of [method, '*']) {
      const queue = this.faults.get(key);
      const head = queue?.[0];
      if (!queue || !head) continue;
      head.remaining -= 1;
      if (head.remaining <= 0) queue.shift();
      return head.fault;
    }
    return undefined;
  }

  /** Sliding one-second window per channel; answers the Retry-After seconds when full. */
  private checkChannelRate(channel: string): number | undefined {
    if (this.channelLimit === null) return undefined;
    const now = this.now();
    const recent = (this.channelPosts.get(channel) ?? []).filter((t) => now - t < 1000);
    if (recent.length >= this.channelLimit) {
      this.channelPosts.set(channel, recent);
      return Math.max(1, Math.ceil((recent[0] + 1000 - now) / 1000));
    }
    recent.push(now);
    this.channelPosts.set(channel, recent);
    return undefined;
  }

  /** The upload POST of filesUploadV2: multipart (field `file` or WebClient's `body`) or raw bytes. */
  private async handleUpload(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    ticket: string,
  ): Promise<void> {
    const [teamId, fileId, secret] = ticket.split('.');
    const ws = teamId ? this.workspaceModel(teamId) : undefined;
    const file = ws && fileId ? ws.files.get(fileId) : undefined;
    const reply = (status: number, text: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (!ws || !file || ws.uploadSecrets.get(file.id) !== secret || file.completed)
      return reply(404, 'not_found');
    const body = await readBody(req);
    if (body === undefined) return reply(413, 'too_large');
    const type = req.headers['content-type'] ?? '';
    let bytes = body;
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
      // a part that is not a string is the uploaded file (a Blob, whichever File type the globals name)
      const part = [...form.values()].find((v) => typeof v !== 'string') as Blob | undefined;
      if (!part) return reply(400, 'no_file');
      bytes = Buffer.from(await part.arrayBuffer());
    }
    file.bytes = bytes;
    reply(200, `OK - ${bytes.length}`);
  }

  /** GET /files/<team>/<file>/<name>: the file's bytes (`url_private`), for the browser sandbox. */
  private handleDownload(res: http.ServerResponse, rest: string): void {
    const [teamId, fileId] = rest.split('/');
    const file = teamId && fileId ? this.workspaceModel(teamId)?.files.get(fileId) : undefined;
    if (!file?.bytes || !file.completed) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('file_not_found');
      return;
    }
    res.writeHead(200, { 'Content-Type': file.mimetype, 'Content-Length': file.bytes.length });
    res.end(file.bytes);
  }

  private async handleResponseUrl(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    id: string,
  ): Promise<void> {
    const raw = (await readBody(req))?.toString('utf8');
    const parsed = raw === undefined ? { ok: false as const } : parseJson(raw);
    const post: RecordedResponsePost = {
      id,
      url: `${this.baseUrl}/response/${id}`,
      body: parsed.ok ? parsed.value : raw,
      at: this.now(),
      status: 0,
      result: '',
    };
    this.responsePosts.push(post);
    const reply = (answer: WebhookAnswer, headers: Record<string, string> = {}) => {
      post.status = answer.status;
      post.result = answer.text;
      res.writeHead(answer.status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(answer.text);
      this.emitChange({ type: 'response', post: cloneJson(post) });
    };

    const fault = this.takeFault(RESPONSE_URL_METHOD);
    if (fault) {
      if ('hang' in fault) {
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return;
      }
      if ('status' in fault) return reply({ status: fault.status, text: 'internal_error' });
      if ('ratelimitedFor' in fault) {
        return reply({ status: 429, text: 'rate_limited' }, { 'Retry-After': String(fault.ratelimitedFor) });
      }
      return reply({ status: 400, text: fault.error });
    }
    if (!parsed.ok) return reply({ status: 400, text: 'invalid_payload' });
    // Response URL ids start with the team id (Workspace.newResponseUrl).
    const ws = this.workspaceModel(id.split('/')[0] ?? '') ?? this.ws;
    const record = ws.responseUrls.get(id);
    const refused = spendResponseUrl(ws, record);
    if (refused || !record) return reply(refused ?? { status: 404, text: 'no_service' });
    reply(applyResponse(ws, record, parsed.value));
  }

  // ---------------------------------------------------------------- the first workspace (SlackWorkspace)

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  conversation(idOrUser: string): SlackConversation | undefined {
    return this.primary.conversation(idOrUser);
  }
  messagesIn(channelOrUserId: string): SlackMessage[] {
    return this.primary.messagesIn(channelOrUserId);
  }
  dmsTo(userId: string): SlackMessage[] {
    return this.primary.dmsTo(userId);
  }
  ephemeralsFor(userId: string, channel?: string): SlackEphemeral[] {
    return this.primary.ephemeralsFor(userId, channel);
  }
  homeView(userId: string): SlackView | undefined {
    return this.primary.homeView(userId);
  }
  openModal(userId: string): SlackView | undefined {
    return this.primary.openModal(userId);
  }
  modalStack(userId: string): SlackView[] {
    return this.primary.modalStack(userId);
  }
  viewById(viewId: string): { view: SlackView; user: string } | undefined {
    return this.primary.viewById(viewId);
  }
  viewErrors(viewId: string): Record<string, string> | undefined {
    return this.primary.viewErrors(viewId);
  }
  user(userId: string): SlackUser | undefined {
    return this.primary.user(userId);
  }
  messageUpdates(channel?: string, ts?: string): MessageUpdate[] {
    return this.primary.messageUpdates(channel, ts);
  }
  files(): StoredFile[] {
    return this.primary.files();
  }
  file(fileId: string): StoredFile | undefined {
    return this.primary.file(fileId);
  }
  permalink(channel: string, ts: string): string {
    return this.primary.permalink(channel, ts);
  }
  addUser(user: SeedUser): SlackUser {
    return this.primary.addUser(user);
  }
  updateUser(userId: string, patch: Partial<Omit<SeedUser, 'id'>>): SlackUser {
    return this.primary.updateUser(userId, patch);
  }
  addChannel(channel: SeedChannel): SlackConversation {
    return this.primary.addChannel(channel);
  }
  postUserMessage(args: { channel: string; user: string; text: string; thread_ts?: string }): SlackMessage {
    return this.primary.postUserMessage(args);
  }
  dmChannelFor(userId: string): string {
    return this.primary.dmChannelFor(userId);
  }
  newTriggerId(userId: string): string {
    return this.primary.newTriggerId(userId);
  }
  newResponseUrl(opts: ResponseUrlOptions): string {
    return this.primary.newResponseUrl(opts);
  }
  applyCommandAck(opts: ResponseUrlOptions, body: unknown): void {
    this.primary.applyCommandAck(opts, body);
  }
  setViewState(viewId: string, values: ViewStateValues): void {
    this.primary.setViewState(viewId, values);
  }
  applyViewSubmissionAck(
    userId: string,
    viewId: string,
    status: number,
    body: unknown,
  ): ViewSubmissionOutcome {
    return this.primary.applyViewSubmissionAck(userId, viewId, status, body);
  }
  closeView(userId: string, viewId: string, opts: { clearAll?: boolean } = {}): void {
    this.primary.closeView(userId, viewId, opts);
  }

  waitFor<T>(
    predicate: (standIn: SlackStandIn) => Waited<T> | Promise<Waited<T>>,
    timeoutMs = 5000,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      let running = false;
      let again = false;
      const finish = (f: () => void) => {
        if (done) return;
        done = true;
        cleanup();
        f();
      };
      // A predicate may be async (it reads the app's database, which tells the stand-in nothing): it is
      // then re-checked on a short poll as well as on every change and call, one evaluation at a time.
      let poll: NodeJS.Timeout | undefined;
      const settle = (value: Waited<T>) => {
        if (value === undefined || value === null || value === false) return;
        finish(() => resolve(value));
      };
      const check = (): void => {
        if (done) return;
        if (running) {
          again = true;
          return;
        }
        let value: Waited<T> | Promise<Waited<T>>;
        try {
          value = predicate(this);
        } catch (err) {
          finish(() => reject(err instanceof Error ? err : new Error(String(err))));
          return;
        }
        if (!(value instanceof Promise)) {
          settle(value);
          return;
        }
        running = true;
        poll ??= setInterval(check, 20);
        value.then(
          (v) => {
            running = false;
            settle(v);
            if (!done && again) {
              again = false;
              check();
            }
          },
          (err: unknown) => {
            running = false;
            finish(() => reject(err instanceof Error ? err : new Error(String(err))));
          },
        );
      };
      const timer = setTimeout(() => {
        const recent = this.calls.slice(-5).map((c) => `${c.method}:${c.ok ? 'ok' : (c.error ?? c.status)}`);
        finish(() =>
          reject(
            new Error(`waitFor timed out after ${timeoutMs} ms (last calls: ${recent.join(', ') || 'none'})`),
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        if (poll) clearInterval(poll);
        this.events.off('change', check);
        this.events.off('call', check);
      };
      this.events.on('change', check);
      this.events.on('call', check);
      check();
    });
  }

  // ---------------------------------------------------------------- faults

  failNext(method: string, count: number, fault: Fault): void {
    if (count <= 0) return;
    const queue = this.faults.get(method) ?? [];
    queue.push({ remaining: count, fault });
    this.faults.set(method, queue);
  }

  setChannelRateLimit(perSecond: number | null): void {
    this.channelLimit = perSecond;
    this.channelPosts.clear();
  }

  // ---------------------------------------------------------------- lifecycle

  /** Back to the first workspace as seeded: added workspaces, installations and tokens are dropped. */
  reset(): void {
    this.ws.clear();
    this.seed();
    this.others.clear();
    this.oauth.clear();
    this.tokens.clear();
    this.registerAppToken();
    this.functions.clear();
    this.calls.length = 0;
    this.responsePosts.length = 0;
    this.faults.clear();
    this.channelPosts.clear();
    this.channelLimit = null;
    this.emitChange({ type: 'reset' });
  }

  toJSON(): StandInSnapshot {
    return this.ws.toSnapshot();
  }

  fromJSON(snapshot: unknown): void {
    const parsed = parseSnapshot(snapshot);
    if (parsed.teamId !== this.teamId) {
      throw new Error(`Snapshot is for team ${parsed.teamId}, this stand-in serves ${this.teamId}`);
    }
    this.ws.load(cloneJson(parsed));
    this.emitChange({ type: 'loaded' });
  }
}

/** The workspace of an org an org-wide token's call is about (see StandIn.authenticate). */
function pickOrgWorkspace(org: Workspace[], args: Record<string, unknown>): Workspace | undefined {
  const str = (k: string) => (typeof args[k] === 'string' ? args[k] : undefined);
  const byTeam = str('team_id');
  if (byTeam) return org.find((w) => w.cfg.teamId === byTeam);
  const channel = str('channel') ?? str('channel_id');
  const user = str('user') ?? str('user_id') ?? str('users')?.split(',')[0];
  const view = str('view_id');
  const trigger = str('trigger_id') ?? str('interactivity_pointer');
  return (
    (channel && org.find((w) => w.conversations.has(channel))) ||
    (view && org.find((w) => w.locateView({ viewId: view }))) ||
    (trigger && org.find((w) => w.triggers.has(trigger))) ||
    (user && org.find((w) => w.users.has(user))) ||
    org[0]
  );
}

/** Reads a request body; undefined when it is larger than MAX_BODY_BYTES. */
async function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Starts the stand-in on `host:port` (default 127.0.0.1, a free port). */
export async function startSlackStandIn(opts: StandInOptions = {}): Promise<SlackStandIn> {
  const standIn = new StandIn(opts);
  await standIn.listen();
  return standIn;
}
