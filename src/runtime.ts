import { buildApp, type BuiltApp } from './app';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import type { Db } from './db/db';
import { migrate, type MigrateResult } from './db/migrate';
import { createPgliteDb } from './db/pglite';
import { createPostgresDb } from './db/postgres';
import { createDelivery, type Delivery, type DeliveryOptions } from './jobs/deliver';
import { startScheduler, type Scheduler } from './jobs/scheduler';
import { runTick } from './jobs/tick';
import { createLogger, type Logger } from './logger';
import { startServer, type RunningServer, type ServerOptions } from './server';
import type { AppDeps } from './listeners/deps';
import { announce } from './messages/announce';
import { createRenderer } from './messages/render';
import { staleReason } from './messages/staleness';
import { heldUntil } from './messages/working-hours-gate';
import type { ServiceDeps } from './services/ports';
import { trustedResponseUrl } from './slack/response-url';
import { createWebClient, slackApiOver, slackDirectoryOver } from './slack/web-api';

export interface RuntimeOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  /** Use this database instead of opening one from the config (tests). */
  db?: Db;
  /** Extra HTTP routes on the same port (the sandbox page). */
  extraRoutes?: ServerOptions['extra'];
  /** Start the cron scheduler (off in tests that drive ticks themselves). */
  scheduler?: boolean;
  /** Delivery tuning (tests turn pacing and backoff down; benchmarks tune batches). */
  delivery?: Partial<
    Pick<
      DeliveryOptions,
      | 'channelSpacingMs'
      | 'homeSpacingMs'
      | 'backoff'
      | 'batchSize'
      | 'leaseMs'
      | 'maxAttempts'
      | 'wall'
      | 'recordRetryMs'
    >
  >;
}

export interface Running {
  url: string;
  deps: ServiceDeps;
  delivery: Delivery;
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export class StartupError extends Error {
  override name = 'StartupError';
}

export async function openDatabase(config: Config, log: Logger): Promise<Db> {
  if (config.databaseUrl) {
    return createPostgresDb({
      connectionString: config.databaseUrl,
      max: config.dbPoolSize,
      onError: (err) => log.warn({ err }, 'a PostgreSQL connection failed; the pool will reconnect'),
    });
  }
  return createPgliteDb({ dataDir: config.dataDir, thread: config.pgliteThread, log });
}

/**
 * Where migrations run: DATABASE_MIGRATION_URL (the owner role) when set, over one connection of its
 * own; otherwise the app's own database, as before.
 */
export async function openMigrationDatabase(config: Config, log: Logger): Promise<Db> {
  if (!config.databaseMigrationUrl) return openDatabase(config, log);
  return createPostgresDb({
    connectionString: config.databaseMigrationUrl,
    max: 1,
    onError: (err) => log.warn({ err }, 'the migration connection failed'),
  });
}

/**
 * Applies pending migrations before the app starts. With DATABASE_MIGRATION_URL they run as the owner,
 * and the app's pool (`db`, DATABASE_URL) may be a role that owns nothing and may only append to the
 * ledger (README, Security). Without it, they run on `db`.
 */
export async function migrateDatabase(config: Config, db: Db, log: Logger): Promise<MigrateResult> {
  if (!config.databaseMigrationUrl) return migrate(db);
  const owner = await openMigrationDatabase(config, log);
  try {
    return await migrate(owner);
  } finally {
    await owner.close();
  }
}

/**
 * The composition root's body: database → migrations → Slack identity → app → HTTP → delivery → ticks.
 * main.ts adds process concerns (signals, exit codes); tests call this directly.
 */
export async function startTrustloop(opts: RuntimeOptions): Promise<Running> {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger({ level: config.logLevel, pretty: config.nodeEnv === 'development' });
  if (!config.slack.botToken) throw new StartupError('SLACK_BOT_TOKEN is not set.');

  const db = opts.db ?? (await openDatabase(config, log));
  let server: RunningServer | undefined;
  let built: BuiltApp | undefined;
  let delivery: Delivery | undefined;
  let scheduler: Scheduler | undefined;
  const stopAll = async () => {
    await server?.close();
    await built?.stop().catch(() => undefined);
    await scheduler?.stop();
    await delivery?.stop();
    if (!opts.db) await db.close();
  };
  try {
    const migrated = await migrateDatabase(config, db, log);
    if (migrated.applied.length > 0) log.info({ applied: migrated.applied }, 'database migrated');

    const client = createWebClient(config.slack.botToken, config.slack.apiUrl);
    let identity: { user_id?: string; bot_id?: string; team_id?: string };
    try {
      identity = await client.auth.test();
    } catch (err) {
      const why =
        (err as { data?: { error?: string }; message?: string }).data?.error ?? (err as Error).message;
      throw new StartupError(
        `Slack did not accept the bot token (auth.test at ${config.slack.apiUrl}: ${why}). Check SLACK_BOT_TOKEN and SLACK_API_URL.`,
      );
    }

    const deps: AppDeps = {
      db,
      clock,
      // People lookups happen while a person waits for a reply: a short timeout keeps us inside Slack's 3 s.
      directory: slackDirectoryOver(createWebClient(config.slack.botToken, config.slack.apiUrl, 2000)),
      log,
      announce,
      wakeDelivery: () => delivery?.wake(),
      trustedResponseUrl: (url) => trustedResponseUrl(url, config.slack.apiUrl),
    };
    const renderer = createRenderer(deps);
    delivery = createDelivery({
      db,
      clock,
      slack: slackApiOver(client),
      log: log.child({ module: 'delivery' }),
      render: (row) => renderer.render(row),
      isStale: (row) => staleReason(db, row),
      holdUntil: (row) => heldUntil(db, row, clock.now()),
      ...opts.delivery,
    });
    built = buildApp(
      deps,
      {
        botToken: config.slack.botToken,
        signingSecret: config.slack.signingSecret,
        appToken: config.slack.appToken,
        apiUrl: config.slack.apiUrl,
        botUserId: identity.user_id ?? 'UTRUSTLOOP',
        botId: identity.bot_id ?? 'BTRUSTLOOP',
      },
      log,
    );
    server = await startServer(
      { db, log, slack: built.slackRequestListener, extra: opts.extraRoutes },
      config.port,
      config.host,
    );
    await built.start();
    delivery.start();
    const tick = () => runTick(deps);
    if (opts.scheduler !== false) {
      scheduler = startScheduler({ db, log, expression: config.tickCron, tick });
      void scheduler.runNow(); // catch up on anything that fell due while we were down
    }
    log.info(
      { url: server.url, mode: config.mode, database: db.kind, team: identity.team_id },
      'Trustloop is ready',
    );
    return { url: server.url, deps, delivery, tick, stop: stopAll };
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}
