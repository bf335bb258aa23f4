import { App, AuthorizationError, HTTPReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { registerListeners } from './listeners';
import type { AppDeps } from './listeners/deps';
import { boltLogger, type Logger } from './logger';
import { createReplayGuard } from './http/replay-guard';
import { createSlackEndpoint, MAX_BODY_BYTES } from './http/slack-endpoint';

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl: string;
  botUserId: string;
  botId: string;
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
    receiver = new SocketModeReceiver({ appToken: slack.appToken, logger });
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
    token: slack.botToken,
    // Given up front, so Bolt does not call auth.test in its constructor (main.ts calls it once, with a clear error).
    botId: slack.botId,
    botUserId: slack.botUserId,
    logger,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, timeout: 5000 },
  });
  app.error(async (err) => {
    log.error({ err: err.original ?? err, code: err.code }, 'unhandled error in a Slack listener');
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
