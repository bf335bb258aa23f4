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
import { cloneJson, parseJson } from './json';
import { fail, METHODS, ratelimited, type ApiResult, type MethodContext } from './methods';
import { applyCommandAck, applyResponse, spendResponseUrl, type WebhookAnswer } from './responseUrl';
import { parseSnapshot } from './snapshot';
import type {
  ChangeEvent,
  Fault,
  RecordedCall,
  RecordedResponsePost,
  ResponseUrlOptions,
  SeedChannel,
  SeedUser,
  SlackConversation,
  SlackEphemeral,
  SlackMessage,
  SlackStandIn,
  SlackUser,
  SlackView,
  StandInOptions,
  StandInSnapshot,
  ViewStateValues,
  ViewSubmissionOutcome,
} from './types';
import { DEFAULT_CHANNELS, DEFAULT_USERS, Workspace } from './workspace';

/** Request bodies above this are refused (Slack's own limits are far below for every method used here). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Pseudo method name for fault injection on response_url posts. */
export const RESPONSE_URL_METHOD = 'response_url';

interface PendingFault {
  remaining: number;
  fault: Fault;
}

class StandIn implements SlackStandIn {
  readonly events = new EventEmitter();
  readonly calls: RecordedCall[] = [];
  readonly responsePosts: RecordedResponsePost[] = [];
  readonly invalidTokens: Set<string>;
  readonly ws: Workspace;
  readonly now: () => number;
  apiUrl = '';
  baseUrl = '';
  port = 0;

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
        now: this.now,
        overlongText: opts.overlongText ?? 'truncate',
        chatWritePublic: opts.chatWritePublic ?? true,
        homeTabEnabled: opts.homeTabEnabled ?? true,
      },
      (e) => this.emitChange(e),
    );
    this.seed();
  }

  get teamId(): string {
    return this.ws.cfg.teamId;
  }
  get teamDomain(): string {
    return this.ws.cfg.teamDomain;
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

  private emitChange(event: ChangeEvent): void {
    this.events.emit('change', event);
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
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const res of this.hung) res.destroy();
    this.hung.clear();
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
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  }

  private async handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const raw = await readBody(req);
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

    const handler = METHODS[method];
    if (!handler) return this.finish(res, call, fail('unknown_method', { req_method: method }));

    const token = bearerToken(req.headers.authorization) ?? decoded.bodyToken;
    if (!token) return this.finish(res, call, fail('not_authed'));
    if (this.invalidTokens.has(token) || !/^xox[bpae]-/.test(token))
      return this.finish(res, call, fail('invalid_auth'));

    const ctx: MethodContext = { ws: this.ws, channelRateLimit: (ch) => this.checkChannelRate(ch) };
    this.finish(res, call, handler(decoded.args, ctx));
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

  private async handleResponseUrl(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    id: string,
  ): Promise<void> {
    const raw = await readBody(req);
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
    const record = this.ws.responseUrls.get(id);
    const refused = spendResponseUrl(this.ws, record);
    if (refused || !record) return reply(refused ?? { status: 404, text: 'no_service' });
    reply(applyResponse(this.ws, record, parsed.value));
  }

  // ---------------------------------------------------------------- observation

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  conversation(idOrUser: string): SlackConversation | undefined {
    const conv =
      this.ws.conversations.get(idOrUser) ?? (/^[UW]/.test(idOrUser) ? this.ws.findDm(idOrUser) : undefined);
    return conv ? cloneJson(conv) : undefined;
  }

  messagesIn(channelOrUserId: string): SlackMessage[] {
    const conv = this.conversation(channelOrUserId);
    return cloneJson(this.ws.messages.get(conv?.id ?? channelOrUserId) ?? []);
  }

  dmsTo(userId: string): SlackMessage[] {
    const dm = this.ws.findDm(userId);
    return dm ? cloneJson(this.ws.messages.get(dm.id) ?? []) : [];
  }

  ephemeralsFor(userId: string, channel?: string): SlackEphemeral[] {
    const channelId = channel === undefined ? undefined : (this.conversation(channel)?.id ?? channel);
    return cloneJson(
      this.ws.ephemerals.filter(
        (e) => e.user === userId && (channelId === undefined || e.channel === channelId),
      ),
    );
  }

  homeView(userId: string): SlackView | undefined {
    const v = this.ws.homes.get(userId);
    return v ? cloneJson(v) : undefined;
  }

  openModal(userId: string): SlackView | undefined {
    const stack = this.ws.modals.get(userId);
    const top = stack?.[stack.length - 1];
    return top ? cloneJson(top) : undefined;
  }

  modalStack(userId: string): SlackView[] {
    return cloneJson(this.ws.modals.get(userId) ?? []);
  }

  viewById(viewId: string): { view: SlackView; user: string } | undefined {
    const found = this.ws.locateView({ viewId });
    return found ? { view: cloneJson(found.view), user: found.user } : undefined;
  }

  viewErrors(viewId: string): Record<string, string> | undefined {
    const e = this.ws.viewErrors.get(viewId);
    return e ? { ...e } : undefined;
  }

  user(userId: string): SlackUser | undefined {
    const u = this.ws.users.get(userId);
    return u ? cloneJson(u) : undefined;
  }

  waitFor<T>(
    predicate: (standIn: SlackStandIn) => T | undefined | null | false,
    timeoutMs = 5000,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        let value: T | undefined | null | false;
        try {
          value = predicate(this);
        } catch (err) {
          cleanup();
          reject(err instanceof Error ? err : new Error(String(err)));
          return true;
        }
        if (value === undefined || value === null || value === false) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const onEvent = () => {
        check();
      };
      const timer = setTimeout(() => {
        cleanup();
        const recent = this.calls.slice(-5).map((c) => `${c.method}:${c.ok ? 'ok' : (c.error ?? c.status)}`);
        reject(
          new Error(`waitFor timed out after ${timeoutMs} ms (last calls: ${recent.join(', ') || 'none'})`),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('change', onEvent);
        this.events.off('call', onEvent);
      };
      this.events.on('change', onEvent);
      this.events.on('call', onEvent);
      check();
    });
  }

  // ---------------------------------------------------------------- workspace setup

  addUser(user: SeedUser): SlackUser {
    return cloneJson(this.ws.addUser(user));
  }

  addChannel(channel: SeedChannel): SlackConversation {
    return cloneJson(this.ws.addChannel(channel));
  }

  postUserMessage(args: { channel: string; user: string; text: string; thread_ts?: string }): SlackMessage {
    return cloneJson(this.ws.postUserMessage(args));
  }

  // ---------------------------------------------------------------- platform side (used by slack-client)

  dmChannelFor(userId: string): string {
    return this.ws.dmWith(userId).id;
  }

  newTriggerId(userId: string): string {
    return this.ws.newTrigger(userId);
  }

  newResponseUrl(opts: ResponseUrlOptions): string {
    const record = this.ws.newResponseUrl(opts);
    return `${this.baseUrl}/response/${record.id}`;
  }

  applyCommandAck(opts: ResponseUrlOptions, body: unknown): void {
    applyCommandAck(this.ws, opts, body);
  }

  setViewState(viewId: string, values: ViewStateValues): void {
    this.ws.setViewState(viewId, values);
  }

  applyViewSubmissionAck(
    userId: string,
    viewId: string,
    status: number,
    body: unknown,
  ): ViewSubmissionOutcome {
    return this.ws.applyViewSubmissionAck(userId, viewId, status, body);
  }

  closeView(userId: string, viewId: string, opts: { clearAll?: boolean } = {}): void {
    this.ws.closeView(userId, viewId, { clearAll: opts.clearAll, reason: 'closed' });
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

  reset(): void {
    this.ws.clear();
    this.seed();
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

/** Reads a request body as UTF-8; undefined when it is larger than MAX_BODY_BYTES. */
async function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the stand-in on `host:port` (default 127.0.0.1, a free port). */
export async function startSlackStandIn(opts: StandInOptions = {}): Promise<SlackStandIn> {
  const standIn = new StandIn(opts);
  await standIn.listen();
  return standIn;
}
