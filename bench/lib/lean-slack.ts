/**
 * A lean, counting Slack Web API stand-in for benchmarks and drills.
 *
 * Why not src/sandbox/slack-api? That recorder is a faithful single-workspace Slack: it keeps every call,
 * every message and every view in memory, validates Block Kit and knows only its seeded users. A
 * 100,000-message sweep across 1,000 workspaces would grow it without bound and fail DMs to people it
 * does not know. This one answers the methods Trustloop calls, enforces Slack's one-message-per-second
 * per channel (429 + Retry-After, the same sliding window as the full stand-in), injects faults
 * (HTTP 500, 429, hangs, ok:false) and keeps only what the checks need: per-channel message markers and
 * arrival times, per-method counters, response_url replies.
 *
 * Control is over HTTP (`/_admin/*`), so it runs in its own process during load (it then does not share
 * the load generator's event loop) or in-process for drills, with the same client.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultKind = 'none' | 'status' | 'ratelimit' | 'hang' | 'error';

export interface Fault {
  kind: FaultKind;
  status?: number;
  retryAfterSec?: number;
  error?: string;
  /** Methods it applies to (default: the delivery methods). */
  methods?: string[];
}

export interface LeanConfig {
  /** Messages per second per channel for chat.postMessage (null: no limit). */
  channelLimitPerSec: number | null;
  /** users.info answers user_not_found for ids that do not match (regex source). */
  knownUsers: string;
  /** Time zone users.info reports. */
  tz: string;
  /** Keep arrival times per message (sweeps, ordering checks). */
  recordTimes: boolean;
}

export interface LeanStats {
  calls: Record<string, { ok: number; faulted: number; ratelimited: number; failed: number }>;
  posts: number;
  channels: number;
  duplicates: number;
  homes: number;
  responsePosts: number;
  hungNow: number;
  firstPostAt: number | null;
  lastPostAt: number | null;
  rssMb: number;
}

const DELIVERY_METHODS = ['chat.postMessage', 'views.publish', 'chat.update', 'chat.postEphemeral'];
const MARKER = /\[m:([A-Za-z0-9:_.-]+)\]/;

export class LeanSlack {
  config: LeanConfig = { channelLimitPerSec: null, knownUsers: '^U[A-Z0-9]{2,}$', tz: 'UTC', recordTimes: true };
  fault: Fault = { kind: 'none' };
  /** In-process observers: 'call' (method, args) after each answered call. */
  readonly events = new EventEmitter();
  private calls: LeanStats['calls'] = {};
  /** channel → markers in arrival order */
  private posts = new Map<string, string[]>();
  private times = new Map<string, number[]>();
  private lastPost = new Map<string, number[]>();
  private homes = new Map<string, number>();
  private responses = new Map<string, string[]>();
  private hung = new Set<http.ServerResponse>();
  private seq = 0;
  private firstPostAt: number | null = null;
  private lastPostAt: number | null = null;
  private server: http.Server | null = null;
  url = '';

  async listen(port = 0): Promise<string> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
    server.keepAliveTimeout = 30_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const r of this.hung) r.destroy();
    this.hung.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  reset(): void {
    this.calls = {};
    this.posts.clear();
    this.times.clear();
    this.lastPost.clear();
    this.homes.clear();
    this.responses.clear();
    for (const r of this.hung) r.destroy();
    this.hung.clear();
    this.fault = { kind: 'none' };
    this.firstPostAt = null;
    this.lastPostAt = null;
  }

  private count(method: string, what: 'ok' | 'faulted' | 'ratelimited' | 'failed'): void {
    const c = (this.calls[method] ??= { ok: 0, faulted: 0, ratelimited: 0, failed: 0 });
    c[what]++;
  }

  stats(): LeanStats {
    let posts = 0;
    let duplicates = 0;
    for (const list of this.posts.values()) {
      posts += list.length;
      duplicates += list.length - new Set(list).size;
    }
    let homes = 0;
    for (const n of this.homes.values()) homes += n;
    let responsePosts = 0;
    for (const r of this.responses.values()) responsePosts += r.length;
    return {
      calls: this.calls,
      posts,
      channels: this.posts.size,
      duplicates,
      homes,
      responsePosts,
      hungNow: this.hung.size,
      firstPostAt: this.firstPostAt,
      lastPostAt: this.lastPostAt,
      rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://lean');
    const body = await readBody(req);
    if (url.pathname.startsWith('/_admin/')) return this.admin(url, body, res);
    if (url.pathname.startsWith('/response/')) {
      const id = url.pathname.slice('/response/'.length);
      const list = this.responses.get(id) ?? [];
      if (this.responses.size < 200_000) {
        list.push(body.slice(0, 4000));
        this.responses.set(id, list);
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end('not found');
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = decodeArgs(req.headers['content-type'], body);
    const f = this.fault;
    if (f.kind !== 'none' && (f.methods ?? DELIVERY_METHODS).includes(method)) {
      this.count(method, 'faulted');
      if (f.kind === 'hang') {
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return;
      }
      if (f.kind === 'status') return json(res, f.status ?? 500, { ok: false, error: 'fault_injected' });
      if (f.kind === 'ratelimit') return json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(f.retryAfterSec ?? 1) });
      return json(res, 200, { ok: false, error: f.error ?? 'internal_error' });
    }
    switch (method) {
      case 'auth.test':
        this.count(method, 'ok');
        // One org-wide (Enterprise Grid) install: the single bot token serves every workspace of the org, so
        // the drills' many workspaces are all the token's own (single-workspace mode refuses any other).
        return json(res, 200, { ok: true, url: 'https://bench.slack.com/', team: 'Bench', user: 'trustloop', team_id: 'T0TEAM1', enterprise_id: 'E0BENCH', is_enterprise_install: true, user_id: 'U0TRUSTBOT', bot_id: 'B0TRUSTBOT' });
      case 'users.info': {
        const id = str(args.user);
        if (!new RegExp(this.config.knownUsers).test(id)) {
          this.count(method, 'failed');
          return json(res, 200, { ok: false, error: 'user_not_found' });
        }
        this.count(method, 'ok');
        return json(res, 200, { ok: true, user: { id, name: id.toLowerCase(), real_name: `Person ${id}`, tz: this.config.tz, is_bot: false, deleted: false, profile: { display_name: id.toLowerCase(), real_name: `Person ${id}` } } });
      }
      case 'users.list':
        this.count(method, 'ok');
        return json(res, 200, { ok: true, members: [], response_metadata: { next_cursor: '' } });
      case 'chat.postMessage':
        return this.postMessage(args, res);
      case 'views.publish': {
        const user = str(args.user_id);
        this.homes.set(user, (this.homes.get(user) ?? 0) + 1);
        this.count(method, 'ok');
        this.events.emit('call', method, args);
        return json(res, 200, { ok: true, view: { id: `VH${++this.seq}`, type: 'home' } });
      }
      default:
        this.count(method, 'ok');
        return json(res, 200, { ok: true, ts: this.nextTs(), view: { id: `V${++this.seq}` } });
    }
  }

  private nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.seq % 1_000_000).padStart(6, '0')}`;
  }

  private postMessage(args: Record<string, unknown>, res: http.ServerResponse): void {
    const channel = str(args.channel);
    if (!channel) {
      this.count('chat.postMessage', 'failed');
      return json(res, 200, { ok: false, error: 'channel_not_found' });
    }
    const now = Date.now();
    const limit = this.config.channelLimitPerSec;
    if (limit !== null) {
      const recent = (this.lastPost.get(channel) ?? []).filter((t) => now - t < 1000);
      if (recent.length >= limit) {
        this.lastPost.set(channel, recent);
        this.count('chat.postMessage', 'ratelimited');
        const retry = Math.max(1, Math.ceil((recent[0]! + 1000 - now) / 1000));
        return json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retry) });
      }
      recent.push(now);
      this.lastPost.set(channel, recent);
    }
    const text = typeof args.text === 'string' ? args.text : '';
    // a marker when the sender put one in; otherwise the whole text identifies the message
    const marker = MARKER.exec(text)?.[1] ?? (text.length > 400 ? `${text.slice(0, 200)}…${text.length}…${text.slice(-150)}` : text);
    const list = this.posts.get(channel) ?? [];
    list.push(marker);
    this.posts.set(channel, list);
    if (this.config.recordTimes) {
      const t = this.times.get(channel) ?? [];
      t.push(now);
      this.times.set(channel, t);
    }
    this.firstPostAt ??= now;
    this.lastPostAt = now;
    this.count('chat.postMessage', 'ok');
    this.events.emit('call', 'chat.postMessage', args);
    const ts = this.nextTs();
    json(res, 200, { ok: true, channel, ts, message: { type: 'message', ts, text: text.slice(0, 200) } });
  }

  private admin(url: URL, body: string, res: http.ServerResponse): void {
    const what = url.pathname.slice('/_admin/'.length);
    const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    switch (what) {
      case 'stats':
        return json(res, 200, this.stats() as unknown as Record<string, unknown>);
      case 'posts':
        return json(res, 200, { posts: Object.fromEntries(this.posts), times: Object.fromEntries(this.times) });
      case 'homes':
        return json(res, 200, Object.fromEntries(this.homes));
      case 'responses':
        return json(res, 200, Object.fromEntries(this.responses));
      case 'fault':
        this.fault = input as unknown as Fault;
        if (this.fault.kind !== 'hang') {
          for (const r of this.hung) r.destroy();
          this.hung.clear();
        }
        return json(res, 200, { ok: true });
      case 'config':
        this.config = { ...this.config, ...(input as Partial<LeanConfig>) };
        return json(res, 200, { ok: true, config: this.config });
      case 'reset':
        this.reset();
        return json(res, 200, { ok: true });
      default:
        return json(res, 404, { ok: false });
    }
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function json(res: http.ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 8 * 1024 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function decodeArgs(contentType: string | undefined, body: string): Record<string, unknown> {
  if (!body) return {};
  if ((contentType ?? '').includes('json')) {
    try {
      return JSON.parse(body) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

/** Client for a LeanSlack running here or in another process. */
export class LeanSlackClient {
  constructor(readonly url: string) {}
  get apiUrl(): string {
    return `${this.url}/api/`;
  }
  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }
  private async call<T>(what: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/_admin/${what}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    return (await res.json()) as T;
  }
  stats = () => this.call<LeanStats>('stats');
  posts = () => this.call<{ posts: Record<string, string[]>; times: Record<string, number[]> }>('posts');
  homes = () => this.call<Record<string, number>>('homes');
  responses = () => this.call<Record<string, string[]>>('responses');
  setFault = (f: Fault) => this.call<{ ok: boolean }>('fault', f);
  configure = (c: Partial<LeanConfig>) => this.call<{ ok: boolean }>('config', c);
  reset = () => this.call<{ ok: boolean }>('reset');
}

/** In this process: the server and a client for it. */
export async function startLeanSlack(config: Partial<LeanConfig> = {}): Promise<{ server: LeanSlack; client: LeanSlackClient }> {
  const server = new LeanSlack();
  server.config = { ...server.config, ...config };
  const url = await server.listen();
  return { server, client: new LeanSlackClient(url) };
}
