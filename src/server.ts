import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Db } from './db/db';
import type { Logger } from './logger';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface ServerOptions {
  db: Db;
  log: Logger;
  slack?: Handler;
  /** Extra routes (the sandbox page); answers false when it does not handle the request. */
  extra?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Slack signs with a timestamp; Bolt refuses old ones but accepts ones from the future, so we do not. */
  now?: () => number;
  /**
   * A Slack request still unanswered after this long gets a 400 (default 3.5 s, past Slack's 3 s).
   * Bolt's receiver never answers some signed but nonsensical bodies (`payload=null` throws inside its
   * own promise), which would otherwise hold the socket until the client gives up.
   */
  unansweredAfterMs?: number;
}

export interface RunningServer {
  server: http.Server;
  url: string;
  /** Stops taking requests and waits for those in flight. */
  close(): Promise<void>;
}

const MAX_FUTURE_SKEW_S = 60 * 5;

export async function healthy(db: Db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      db.query('select 1').then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** One HTTP server: Slack's requests, /healthz, and (in sandbox mode) the sandbox. */
export async function startServer(opts: ServerOptions, port: number, host: string): Promise<RunningServer> {
  const now = opts.now ?? Date.now;
  let inFlight = 0;
  let idle: (() => void) | null = null;
  const server = http.createServer((req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0 && idle) idle();
    });
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      void healthy(opts.db).then((ok) => {
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok, database: ok ? 'up' : 'down' }));
      });
      return;
    }
    if (path === '/slack/events' && opts.slack) {
      const ts = Number(req.headers['x-slack-request-timestamp']);
      if (Number.isFinite(ts) && ts - Math.floor(now() / 1000) > MAX_FUTURE_SKEW_S) {
        opts.log.warn({ path }, 'refused a Slack request signed in the future');
        res.writeHead(401).end();
        return;
      }
      const guard = setTimeout(() => {
        if (res.headersSent) return;
        opts.log.warn({ path }, 'a Slack request was left unanswered; answered 400');
        res.writeHead(400).end();
      }, opts.unansweredAfterMs ?? 3500);
      res.on('close', () => clearTimeout(guard));
      opts.slack(req, res);
      return;
    }
    if (opts.extra?.(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  return {
    server,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        if (inFlight === 0) resolve();
        else idle = resolve;
      });
    },
  };
}
