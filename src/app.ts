import {
  App,
  AuthorizationError,
  HTTPReceiver,
  SocketModeReceiver,
  type Authorize,
  type AuthorizeResult,
  type Receiver,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { registerListeners } from './listeners';
import type { AppDeps } from './listeners/deps';
import { boltLogger, type Logger } from './logger';
import { createReplayGuard } from './http/replay-guard';
import { createSlackEndpoint, MAX_BODY_BYTES } from './http/slack-endpoint';
import { NotInstalledError, type Workspaces } from './slack/workspaces';

export interface SlackSettings {
  /** Which workspaces are served, with which token (single-workspace or OAuth). */
  workspaces: Workspaces;
  signingSecret?: string;
  appToken?: string;
  apiUrl: string;
  /** Real time for the signature window (default Date.now; the business clock is not Slack's). */
  now?: () => number;
}

export interface BuiltApp {
  app: App;
  /** Serves POST /slack/events (HTTP mode); undefined in Socket Mode. */
  slackRequestListener?: (req: IncomingMessage, res: ServerResponse) => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Bolt app: receiver, error handler and listeners. Reads no environment: everything comes in.
 * In HTTP mode, Slack's requests reach Bolt only through `slackRequestListener` (src/http/slack-endpoint),
 * which checks the signature before reading the body and verifies the HMAC once; Bolt is told not to
 * verify again. Tests sign their requests like Slack does, and prove unsigned ones are refused.
 */
export function buildApp(deps: AppDeps, slack: SlackSettings, log: Logger): BuiltApp {
  const logger = boltLogger(log);
  let receiver: Receiver;
  let httpReceiver: HTTPReceiver | undefined;
  let signingSecret = '';
  if (slack.appToken) {
    // apps.connections.open goes to SLACK_API_URL too (the stand-in in tests).
    receiver = new SocketModeReceiver({
      appToken: slack.appToken,
      logger,
      installerOptions: { clientOptions: { slackApiUrl: slack.apiUrl } },
    });
  } else {
    // Bolt checks for a missing secret only when it verifies; it no longer does, so we refuse here.
    if (!slack.signingSecret) throw new Error('A signing secret is required to serve Slack over HTTP.');
    signingSecret = slack.signingSecret;
    httpReceiver = new HTTPReceiver({
      signingSecret,
      endpoints: '/slack/events',
      logger,
      processBeforeResponse: false,
      // Verified (once, over the raw bytes) by the endpoint in front, the receiver's only entry point:
      // its requestListener is mounted nowhere else, and app.start() is never called in HTTP mode.
      signatureVerification: false,
      bodyLimit: MAX_BODY_BYTES,
      // A listener that fails before acknowledging (a malformed payload) must not answer Slack with a
      // 500: Slack shows people an error and may retry. It is logged, and the request acknowledged.
      processEventErrorHandler: async ({ error, response }) => {
        if (response.headersSent) return false;
        if (error instanceof AuthorizationError) {
          response.writeHead(401).end();
          return true;
        }
        log.error(
          { err: error },
          'a Slack request failed before it was acknowledged; acknowledged it anyway',
        );
        response.writeHead(200).end();
        return true;
      },
      // Payloads nobody listens for (a link button, an unknown action) are acknowledged just before Slack's
      // 3 s run out, instead of Bolt's 404 after them.
      unhandledRequestTimeoutMillis: 2900,
      unhandledRequestHandler: ({ response }) => {
        if (!response.headersSent) response.writeHead(200).end();
      },
    });
    receiver = httpReceiver;
  }
  const app = new App({
    receiver,
    // Every request is authorised against the workspace it comes from (runtime.ts: auth.test at start
    // in single-workspace mode, the installation store in OAuth mode).
    authorize: authorizeWith(slack.workspaces),
    logger,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, timeout: 5000 },
    // Trustloop keeps no per-conversation state in Bolt; its in-memory store would otherwise look up
    // (and, not finding it, build an Error for) every request's conversation
    convoStore: false,
  });
  boundClientPool(app, slack.workspaces);
  app.error(async (err) => {
    log.error({ err: err.original ?? err, code: err.code }, 'unhandled error in a Slack listener');
  });
  // First of all middleware: a request from a workspace we do not serve is acknowledged (200, nothing
  // in it) and goes no further. Logged once per workspace.
  app.use(async ({ context, next, ...args }) => {
    const refused = context[NOT_SERVED] as { teamId?: string; enterpriseId?: string; isEnterpriseInstall: boolean; why: string } | undefined;
    if (!refused) return next();
    slack.workspaces.refused(refused, refused.why);
    const ack = (args as { ack?: () => Promise<void> }).ack;
    if (ack) await ack();
  });
  registerListeners(app, deps);
  return {
    app,
    slackRequestListener:
      httpReceiver &&
      createSlackEndpoint({
        signingSecret,
        bolt: httpReceiver.requestListener,
        log,
        replays: createReplayGuard({ db: deps.db, log, now: slack.now }),
        now: slack.now,
      }),
    async start() {
      if (slack.appToken) await (receiver as SocketModeReceiver).start();
    },
    async stop() {
      if (slack.appToken) await (receiver as SocketModeReceiver).stop();
    },
  };
}

/** Context key marking a request from a workspace Trustloop does not serve. */
const NOT_SERVED = 'trustloopNotServed';

/**
 * Bolt's authorize hook over our workspaces. A workspace that is not served is not an error (Bolt would
 * log a warning and an error for each of its requests): the result carries no token and a mark that
 * the first middleware acts on.
 */
function authorizeWith(workspaces: Workspaces): Authorize<boolean> {
  return async (source): Promise<AuthorizeResult> => {
    const q = { teamId: source.teamId, enterpriseId: source.enterpriseId, isEnterpriseInstall: source.isEnterpriseInstall };
    try {
      const t = await workspaces.authorize(q);
      return { botToken: t.botToken, botId: t.botId, botUserId: t.botUserId, teamId: t.teamId ?? q.teamId, enterpriseId: t.enterpriseId ?? q.enterpriseId };
    } catch (err) {
      if (err instanceof NotInstalledError) return { teamId: q.teamId, enterpriseId: q.enterpriseId, [NOT_SERVED]: { ...q, why: err.message } };
      throw err;
    }
  };
}

/**
 * Bolt keeps a WebClient per workspace and token in `app.clients`, never released (≈ 40 kB each, one
 * more per rotated token). Its pool is swapped for ours: one client per workspace for its current
 * token, least recently used evicted past the bound (slack/client-cache.ts). Bolt reads the pool as
 * `clients[teamId].getOrCreate(token, options)`; a test proves the bound holds through real requests.
 */
function boundClientPool(app: App, workspaces: Workspaces): void {
  const target: Record<string, { getOrCreate(token: string): WebClient }> = {};
  const pools = new Proxy(target, {
    get: (_t, key) => (typeof key === 'string' ? { getOrCreate: (token: string) => workspaces.requestClient(key, token) } : undefined),
    set: () => true,
  });
  const holder = app as unknown as { clients: unknown };
  if (!('clients' in holder)) throw new Error('Bolt no longer keeps its client pool in app.clients: review boundClientPool');
  holder.clients = pools;
}
