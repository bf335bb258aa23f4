/**
 * Socket Mode as Slack serves it, on the stand-in's own port (`ws` handles the WebSocket protocol).
 *
 * `apps.connections.open` (app-level `xapp-…` token, in the Authorization header only) answers a
 * single-use `ws://…/link/?ticket=…` URL. On connect the server sends `hello`; requests go out as
 * envelopes `{envelope_id, type: events_api | slash_commands | interactive, payload,
 * accepts_response_payload, retry_attempt?, retry_reason?}` and the app acks with `{envelope_id,
 * payload?}` — the ack payload is what an HTTP app would have answered. `{type:'disconnect',
 * reason:'refresh_requested'}` asks the client to reconnect (it calls apps.connections.open again).
 * Protocol: @slack/socket-mode `SocketModeClient.ts` onWebSocketMessage / send; slack-platform.md §8.
 */
import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { isJsonObject, parseJson, type JsonObject } from './json';
import { fail, ok, type ApiResult } from './methods';
import type { TokenRegistry } from './tokens';
import type { ChangeEvent, SocketAck, SocketDelivery, SocketEnvelopeType, SocketModeServer } from './types';

/** Slack gives up on an unacknowledged envelope after about 3 s, as over HTTP. */
const ACK_TIMEOUT_MS = 3000;

interface Connection {
  id: string;
  socket: WebSocket;
  pending: Map<string, (d: SocketDelivery) => void>;
}

export class SocketHub implements SocketModeServer {
  readonly received: SocketAck[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly connections = new Map<string, Connection>();
  private next = 0;

  constructor(
    private readonly deps: {
      tokens: TokenRegistry;
      strictTokens: boolean;
      appId: () => string;
      baseUrl: () => string;
      events: EventEmitter;
      emit: (event: ChangeEvent) => void;
    },
  ) {}

  get connectionCount(): number {
    return this.connections.size;
  }

  /** apps.connections.open: the token must be an app-level token, sent in the Authorization header. */
  open(token: string, fromHeader: boolean): ApiResult {
    if (!fromHeader) return fail('not_authed');
    const checked = this.deps.tokens.check(token);
    if (checked && !checked.ok) return fail(checked.error);
    if (checked?.ok && checked.info.kind !== 'app') return fail('not_allowed_token_type');
    if (!checked) {
      if (!token.startsWith('xapp-')) return fail(/^xox/.test(token) ? 'not_allowed_token_type' : 'invalid_auth');
      if (this.deps.strictTokens) return fail('invalid_auth');
    }
    const ticket = randomUUID();
    this.tickets.add(ticket);
    const url = `${this.deps.baseUrl().replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=${this.deps.appId()}`;
    return ok({ url });
  }

  /** Takes an HTTP upgrade for /link/; answers false for other paths (not ours). */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname !== '/link/' && url.pathname !== '/link') return false;
    const ticket = url.searchParams.get('ticket') ?? '';
    if (!this.tickets.delete(ticket)) {
      // A URL is good for one connection; Slack refuses a reused or made-up one.
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    return true;
  }

  private accept(socket: WebSocket): void {
    const conn: Connection = { id: `conn-${++this.next}`, socket, pending: new Map() };
    this.connections.set(conn.id, conn);
    socket.on('message', (data: RawData) => this.onMessage(conn, data));
    socket.on('close', () => {
      this.connections.delete(conn.id);
      for (const resolve of conn.pending.values()) resolve({ acked: false, error: 'connection_closed' });
      conn.pending.clear();
      this.deps.emit({ type: 'socket_closed', connectionId: conn.id });
    });
    socket.on('error', () => socket.terminate());
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connections.size,
        debug_info: { host: 'applink-stand-in', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.deps.appId() },
      }),
    );
    this.deps.emit({ type: 'socket_connected', connectionId: conn.id });
  }

  private onMessage(conn: Connection, data: RawData): void {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const parsed = parseJson(text);
    if (!parsed.ok || !isJsonObject(parsed.value) || typeof parsed.value.envelope_id !== 'string') return;
    const ack: SocketAck = { envelope_id: parsed.value.envelope_id };
    if (parsed.value.payload !== undefined) ack.payload = parsed.value.payload;
    this.received.push(ack);
    const resolve = conn.pending.get(ack.envelope_id);
    if (resolve) {
      conn.pending.delete(ack.envelope_id);
      resolve({ acked: true, ack });
    }
  }

  waitForConnections(count = 1, timeoutMs = 5000): Promise<void> {
    return this.waitUntil(() => this.connections.size >= count, timeoutMs, `${count} Socket Mode connection(s)`);
  }

  private waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (done()) return resolve();
      const onChange = () => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`waited ${timeoutMs} ms for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.deps.events.off('change', onChange);
      };
      this.deps.events.on('change', onChange);
    });
  }

  async send(
    type: SocketEnvelopeType,
    payload: JsonObject,
    opts: { acceptsResponsePayload?: boolean; retryAttempt?: number; retryReason?: string; timeoutMs?: number } = {},
  ): Promise<SocketDelivery> {
    const timeoutMs = opts.timeoutMs ?? ACK_TIMEOUT_MS;
    const started = Date.now();
    // Slack holds a request while the app reconnects; it gives up at the same deadline as for the ack.
    try {
      await this.waitForConnections(1, timeoutMs);
    } catch {
      return { acked: false, error: 'no_connection' };
    }
    const open = [...this.connections.values()];
    const conn = open[this.next++ % open.length];
    const envelopeId = randomUUID();
    const envelope: JsonObject = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: opts.acceptsResponsePayload ?? type !== 'events_api',
      ...(opts.retryAttempt !== undefined
        ? { retry_attempt: opts.retryAttempt, retry_reason: opts.retryReason ?? 'timeout' }
        : type === 'events_api'
          ? { retry_attempt: 0, retry_reason: '' }
          : {}),
    };
    return new Promise<SocketDelivery>((resolve) => {
      const timer = setTimeout(
        () => {
          conn.pending.delete(envelopeId);
          resolve({ acked: false, error: 'timeout' });
        },
        Math.max(1, timeoutMs - (Date.now() - started)),
      );
      conn.pending.set(envelopeId, (d) => {
        clearTimeout(timer);
        resolve(d);
      });
      conn.socket.send(JSON.stringify(envelope));
    });
  }

  async requestRefresh(timeoutMs = 10_000): Promise<void> {
    const ids = [...this.connections.keys()];
    for (const conn of this.connections.values()) {
      conn.socket.send(
        JSON.stringify({
          type: 'disconnect',
          reason: 'refresh_requested',
          debug_info: { host: 'applink-stand-in' },
        }),
      );
    }
    await this.waitUntil(() => ids.every((id) => !this.connections.has(id)), timeoutMs, 'the refreshed connections to close');
  }

  /**
   * Closes every connection with a close handshake (an app that is stopping has usually sent its close
   * frame already), terminating only those that do not finish it: a socket cut mid-handshake makes
   * @slack/socket-mode start a second close and leak its 30-second handshake timer.
   */
  async close(): Promise<void> {
    for (const conn of this.connections.values()) {
      if (conn.socket.readyState === conn.socket.OPEN) conn.socket.close(1001, 'server shutting down');
    }
    await this.waitUntil(() => this.connections.size === 0, 2000, 'Socket Mode connections to close').catch(() => undefined);
    for (const conn of this.connections.values()) conn.socket.terminate();
    this.connections.clear();
    this.tickets.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
