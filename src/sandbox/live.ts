/**
 * Live updates for the sandbox page over Server-Sent Events: every change in the Slack stand-in (a
 * message, a modal, a Home tab) and every clock move becomes one `change` event carrying the new
 * version; the page then fetches its state. Bursts are coalesced, and nothing polls.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const COALESCE_MS = 15;
/** A comment line now and then keeps proxies and idle timeouts from closing a quiet stream. */
const KEEPALIVE_MS = 25_000;

export interface LiveUpdates {
  /** Takes an EventSource request (GET /sandbox/api/events). */
  attach(req: IncomingMessage, res: ServerResponse): void;
  /** Tells every page that something changed (coalesced). */
  notify(version: number): void;
  /**
   * Ends every stream (the server is about to stop, e.g. for a reset) and refuses new ones until
   * `reopen()`: the HTTP server waits for open responses, and an event stream never ends by itself.
   */
  closeAll(): void;
  reopen(): void;
  readonly size: number;
}

export function createLiveUpdates(): LiveUpdates {
  const clients = new Set<ServerResponse>();
  let accepting = true;
  let pending: NodeJS.Timeout | undefined;
  let latest = 0;
  let keepalive: NodeJS.Timeout | undefined;

  const broadcast = (chunk: string) => {
    for (const res of clients) res.write(chunk);
  };
  const ensureKeepalive = () => {
    if (keepalive || clients.size === 0) return;
    keepalive = setInterval(() => broadcast(': keep-alive\n\n'), KEEPALIVE_MS);
    keepalive.unref();
  };
  const stopKeepaliveIfIdle = () => {
    if (clients.size > 0 || !keepalive) return;
    clearInterval(keepalive);
    keepalive = undefined;
  };

  return {
    attach(req, res) {
      if (!accepting) {
        res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '1' }).end('restarting');
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      // Reconnect quickly after a reset restarted the server.
      res.write(`retry: 1000\nevent: change\ndata: ${JSON.stringify({ version: latest })}\n\n`);
      clients.add(res);
      ensureKeepalive();
      req.on('close', () => {
        clients.delete(res);
        stopKeepaliveIfIdle();
      });
    },
    notify(version) {
      latest = Math.max(latest, version);
      pending ??= setTimeout(() => {
        pending = undefined;
        broadcast(`event: change\ndata: ${JSON.stringify({ version: latest })}\n\n`);
      }, COALESCE_MS);
    },
    closeAll() {
      accepting = false;
      clearTimeout(pending);
      pending = undefined;
      for (const res of clients) {
        res.write('event: restart\ndata: {}\n\n');
        res.end();
      }
      clients.clear();
      stopKeepaliveIfIdle();
    },
    reopen() {
      accepting = true;
    },
    get size() {
      return clients.size;
    },
  };
}
