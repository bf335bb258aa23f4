import { App, AuthorizationError, HTTPReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { registerListeners } from './listeners';
import type { AppDeps } from './listeners/deps';
import { boltLogger, type Logger } from './logger';
import { guardSlackRequests } from './slack/request-guard';

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl: string;
  botUserId: string;
  botId: string;
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
 * Signature verification stays on (Bolt's default); tests sign their requests like Slack does.
 */
export function buildApp(deps: AppDeps, slack: SlackSettings, log: Logger): BuiltApp {
  const logger = boltLogger(log);
  let receiver: Receiver;
  let httpReceiver: HTTPReceiver | undefined;
  if (slack.appToken) {
    receiver = new SocketModeReceiver({ appToken: slack.appToken, logger });
  } else {
    httpReceiver = new HTTPReceiver({
      signingSecret: slack.signingSecret!,
      endpoints: '/slack/events',
      logger,
      processBeforeResponse: false,
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
    slackRequestListener: httpReceiver && guardSlackRequests(httpReceiver.requestListener, log),
    async start() {
      if (slack.appToken) await (receiver as SocketModeReceiver).start();
    },
    async stop() {
      if (slack.appToken) await (receiver as SocketModeReceiver).stop();
    },
  };
}
