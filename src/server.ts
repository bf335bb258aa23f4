import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Db } from './db/db';
import { dropLateWrites, refusalLog, refuse } from './http/respond';
import type { Logger } from './logger';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface ServerOptions {
  db: Db;
  log: Logger;
  slack?: Handler;
  /**
   * "Add to Slack" (OAuth mode): GET /slack/install and /slack/oauth_redirect, pages for people's
   * browsers — not Slack's signed requests, so they never pass through the Slack endpoint. Answers
   * false for any other path.
   */
  install?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Extra routes (the sandbox page); answers false when it does not handle the request. */
  extra?: (req: IncomingMessage, res: ServerResponse) => boolean;
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

/**
 * Connection limits. Slack gives up on us after 3 s, so a request whose headers or body take longer is
 * never Slack's: headers must arrive within 5 s and the whole request within 5 s (checked every second;
 * Node's default would be 30 s). Idle keep-alive sockets close after 5 s (Node's default). Behind a load
 * balancer that reuses idle connections, keep this above the balancer's own idle timeout.
 */
export const HEADERS_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 5_000;
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

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

/** One HTTP server: Slack's requests, /healthz, the install pages (OAuth mode), and (in sandbox mode) the sandbox. */
export async function startServer(opts: ServerOptions, port: number, host: string): Promise<RunningServer> {
  let inFlight = 0;
  let idle: (() => void) | null = null;
  const wrongMethod = refusalLog(opts.log, 'refused requests to the Slack endpoint');
  const serverOptions: http.ServerOptions = {
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
  };
  const server = http.createServer(serverOptions, (req, res) => {
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
      // Slack only ever POSTs here; anything else is answered at once, with one short line at most.
      if (req.method !== 'POST') {
        wrongMethod(`405 ${String(req.method).slice(0, 10)}`);
        refuse(res, 405, { allow: 'POST' });
        return;
      }
      dropLateWrites(res, opts.log, { path });
      const guard = setTimeout(() => {
        if (res.headersSent) return;
        opts.log.warn({ path }, 'a Slack request was left unanswered; answered 400');
        refuse(res, 400);
      }, opts.unansweredAfterMs ?? 3500);
      res.on('close', () => clearTimeout(guard));
      opts.slack(req, res);
      return;
    }
    if (opts.install?.(req, res)) return;
    if (opts.extra?.(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
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
