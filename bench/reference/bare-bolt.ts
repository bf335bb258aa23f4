/**
 * The reference for benchmark 1: a bare Bolt app whose /delegate and /outcome only ack.
 *
 * Same Bolt (node_modules/@slack/bolt, the version Trustloop uses), same receiver (HTTPReceiver on
 * /slack/events, processBeforeResponse false, signature verification on), same HTTP server shape:
 * Trustloop's own `startServer` (src/server.ts: /healthz, the future-timestamp check, in-flight
 * tracking, keep-alive) with Bolt's request listener mounted in it, and the same pino logger at the same
 * level. /healthz answers without a database (there is none). Everything Trustloop adds on top — parsing,
 * the database, the outbox, delivery — is what the ratio measures.
 */
import { App, HTTPReceiver } from '@slack/bolt';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Db } from '../../src/db/db';

// The built server and logger (dist/), as the app itself runs them. This file is compiled to plain
// JavaScript in the temp folder before a benchmark (so neither side pays for TypeScript at start-up);
// the runner passes the repository root.
const root = process.env.TRUSTLOOP_ROOT ?? path.resolve(__dirname, '..', '..');
const load = createRequire(__filename);
const { startServer } = load(path.join(root, 'dist/src/server.js')) as typeof import('../../src/server');
const { boltLogger, createLogger } = load(path.join(root, 'dist/src/logger.js')) as typeof import('../../src/logger');

async function main(): Promise<void> {
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', pretty: false });
  const logger = boltLogger(log);
  const receiver = new HTTPReceiver({
    signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
    endpoints: '/slack/events',
    logger,
    processBeforeResponse: false,
  });
  const app = new App({
    receiver,
    token: process.env.SLACK_BOT_TOKEN ?? 'xoxb-bench',
    botId: 'B0TRUSTBOT',
    botUserId: 'U0TRUSTBOT',
    logger,
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL ?? 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 }, timeout: 5000 },
  });
  app.command('/delegate', async ({ ack }) => {
    await ack();
  });
  app.command('/outcome', async ({ ack }) => {
    await ack();
  });
  const noDb: Db = {
    kind: 'postgres',
    query: async <R>() => ({ rows: [] as R[], rowCount: 0 }),
    exec: async () => undefined,
    transaction: async () => {
      throw new Error('no database in the reference app');
    },
    close: async () => undefined,
  };
  const server = await startServer({ db: noDb, log, slack: receiver.requestListener }, Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
  log.info({ url: server.url }, 'bare Bolt reference is ready');
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
