import { buildApp, type BuiltApp } from './app';
import { systemClock, type Clock } from './clock';
import { renderDatesBy } from './views/format';
import type { Config } from './config';
import type { Db } from './db/db';
import { migrate, type MigrateResult } from './db/migrate';
import { createPgliteDb } from './db/pglite';
import { createPostgresDb } from './db/postgres';
import { markExecutionCompleted } from './db/function-executions';
import { createDelivery, type Delivery, type DeliveryOptions } from './jobs/deliver';
import { startScheduler, type Scheduler } from './jobs/scheduler';
import { runTick } from './jobs/tick';
import { deleteUninstalledWorkspaces } from './db/workspace-deletion';
import { createLogger, type Logger } from './logger';
import { startServer, type RunningServer, type ServerOptions } from './server';
import type { AppDeps } from './listeners/deps';
import { announce } from './messages/announce';
import { createRenderer } from './messages/render';
import { staleReason, staleReasons } from './messages/staleness';
import { heldUntil, heldUntilMany } from './messages/working-hours-gate';
import type { ServiceDeps } from './services/ports';
import { trustedResponseUrl } from './slack/response-url';
import { PostgresInstallationStore, type TokenRefresher } from './slack/installation-store';
import { createInstallRoutes, type InstallRoutes } from './slack/oauth-install';
import { TokenCipher } from './slack/token-crypto';
import { createWebClient, slackApiOver, slackDirectoryOver } from './slack/web-api';
import { oauthWorkspaces, singleWorkspace, type Workspaces } from './slack/workspaces';

export interface RuntimeOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  /** Use this database instead of opening one from the config (tests). */
  db?: Db;
  /** Extra HTTP routes on the same port (the sandbox page). */
  extraRoutes?: ServerOptions['extra'];
  /** Bound of each per-workspace WebClient cache (default slack/client-cache.ts). */
  clientCacheSize?: number;
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
  /** Which workspaces are served, and their clients. */
  workspaces: Workspaces;
  /** OAuth mode: the install paths and Bolt's InstallProvider. */
  install?: InstallRoutes;
  delivery: Delivery;
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export class StartupError extends Error {
  override name = 'StartupError';
}

export async function openDatabase(config: Config, log: Logger): Promise<Db> {
  // a check for programming mistakes that costs every promise its share (db.ts `outerUseGuard`)
  const checkOuterUse = config.nodeEnv !== 'production';
  if (config.databaseUrl) {
    return createPostgresDb({
      connectionString: config.databaseUrl,
      max: config.dbPoolSize,
      onError: (err) => log.warn({ err }, 'a PostgreSQL connection failed; the pool will reconnect'),
      checkOuterUse,
    });
  }
  return createPgliteDb({ dataDir: config.dataDir, thread: config.pgliteThread, log, checkOuterUse });
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
  if (!config.slack.botToken && !config.slack.oauth) throw new StartupError('SLACK_BOT_TOKEN is not set.');

  const db = opts.db ?? (await openDatabase(config, log));
  // a date in another year than this clock's shows its year (views/format.ts)
  const restoreRenderClock = renderDatesBy(clock);
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
    restoreRenderClock();
  };
  try {
    const migrated = await migrateDatabase(config, db, log);
    if (migrated.applied.length > 0) log.info({ applied: migrated.applied }, 'database migrated');

    const served = await servedWorkspaces(config, db, clock, log, opts.clientCacheSize);
    const { workspaces } = served;

    // Uninstalled workspaces whose retention is over: all their data deleted (db/workspace-deletion.ts).
    const deleteExpiredWorkspaces = async (on: Db = db): Promise<void> => {
      const deleted = await deleteUninstalledWorkspaces(on, clock.now(), config.dataRetentionDays).catch(
        (err: unknown) => {
          log.warn({ err }, 'could not delete the data of uninstalled workspaces; will try again next tick');
          return [];
        },
      );
      for (const d of deleted) {
        log.info(
          { teamId: d.teamId, rows: d.rows, retentionDays: config.dataRetentionDays },
          'deleted all data of an uninstalled workspace after its retention period',
        );
      }
    };
    const deps: AppDeps = {
      db,
      clock,
      // People lookups happen while a person waits for a reply: a short timeout keeps us inside Slack's 3 s.
      directory: slackDirectoryOver((teamId) => workspaces.client(teamId, 'directory')),
      log,
      announce,
      wakeDelivery: () => delivery?.wake(),
      trustedResponseUrl: (url) => trustedResponseUrl(url, config.slack.apiUrl),
      workspaces: {
        stop: async (q, reason) => {
          await workspaces.stop(q, reason);
          // DATA_RETENTION_DAYS=0: an uninstall deletes the workspace's data at once, not at the next tick.
          if (config.dataRetentionDays === 0) await deleteExpiredWorkspaces();
        },
        userTokensRevoked: async (q, userIds) => {
          for (const u of userIds) await served.store?.deleteUserToken(q, u);
        },
      },
    };
    // Delivery and ticks are work nobody is waiting on: on PGlite they let the request path's statements
    // go first (db.ts `background`); the request path (listeners, services) keeps `db`.
    const backgroundDb = db.background?.() ?? db;
    const backgroundDeps: AppDeps = { ...deps, db: backgroundDb };
    const renderer = createRenderer(backgroundDeps);
    delivery = createDelivery({
      db: backgroundDb,
      clock,
      slack: slackApiOver((teamId) => workspaces.client(teamId, 'delivery'), {
        // a workflow step's completion was accepted: its token is forgotten, its final outputs kept
        onStepCompleted: (teamId, executionId, outputs) =>
          markExecutionCompleted(backgroundDb, teamId, executionId, outputs, clock.now()),
      }),
      onWorkspaceGone: (teamId, reason) => workspaces.stop({ teamId, isEnterpriseInstall: false }, reason),
      log: log.child({ module: 'delivery' }),
      render: (row) => renderer.render(row),
      afterSent: (row, res) => renderer.afterSent(row, res),
      isStale: (row) => staleReason(backgroundDb, row),
      holdUntil: (row) => heldUntil(backgroundDb, row, clock.now()),
      // the same checks for a whole claimed batch, one statement each
      staleMany: (rows) => staleReasons(backgroundDb, rows),
      holdMany: (rows) => heldUntilMany(backgroundDb, rows, clock.now()),
      ...opts.delivery,
    });
    built = buildApp(
      deps,
      {
        workspaces,
        signingSecret: config.slack.signingSecret,
        appToken: config.slack.appToken,
        apiUrl: config.slack.apiUrl,
      },
      log,
    );
    const install =
      served.store && config.slack.oauth
        ? createInstallRoutes({
            ...config.slack.oauth,
            apiUrl: config.slack.apiUrl,
            store: served.store,
            clock,
            log,
            installed: async (q) => {
              if (q.teamId) await workspaces.resume(q.teamId);
            },
          })
        : undefined;
    server = await startServer(
      { db, log, slack: built.slackRequestListener, install: install?.handle, extra: opts.extraRoutes },
      config.port,
      config.host,
    );
    await built.start();
    delivery.start();
    const tick = async () => {
      // Rotating tokens are refreshed ahead of use (under a row lock: one replica spends each refresh token).
      const refreshed = await workspaces.refreshExpiring?.().catch((err: unknown) => {
        log.warn({ err }, 'refreshing rotating tokens failed; they are refreshed when next used');
        return 0;
      });
      if (refreshed) log.info({ refreshed }, 'refreshed rotating Slack tokens ahead of use');
      // While the encryption key is being rotated, rows still under the old key are rewritten, 100 a tick.
      if (config.slack.oauth?.keys.old && served.store) {
        const rewritten = await served.store.reencryptAll(100).catch((err: unknown) => {
          log.warn({ err }, 'could not re-encrypt installations with the new key; will try again');
          return 0;
        });
        if (rewritten)
          log.info({ rewritten }, 're-encrypted installations with the new TRUSTLOOP_ENCRYPTION_KEY');
      }
      await runTick(backgroundDeps);
      await deleteExpiredWorkspaces(backgroundDb);
    };
    if (opts.scheduler !== false) {
      scheduler = startScheduler({ db: backgroundDb, log, expression: config.tickCron, tick });
      void scheduler.runNow(); // catch up on anything that fell due while we were down
    }
    log.info(
      {
        url: server.url,
        mode: config.mode,
        workspaces: workspaces.kind,
        database: db.kind,
        team: served.teamId,
      },
      'Trustloop is ready',
    );
    return { url: server.url, deps, workspaces, install, delivery, tick, stop: stopAll };
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}

/**
 * Single-workspace mode: auth.test once (a clear error if Slack refuses the token), and only that
 * workspace is served. OAuth mode: the installation store (tokens encrypted with
 * TRUSTLOOP_ENCRYPTION_KEY, refreshed under a row lock when they rotate) serves every installed one.
 */
async function servedWorkspaces(
  config: Config,
  db: Db,
  clock: Clock,
  log: Logger,
  clientCacheSize: number | undefined,
): Promise<{ workspaces: Workspaces; store?: PostgresInstallationStore; teamId?: string }> {
  const base = { db, apiUrl: config.slack.apiUrl, log, clientCacheSize, now: () => clock.now() };
  const oauth = config.slack.oauth;
  if (oauth) {
    const cipher = new TokenCipher(oauth.keys);
    // A well-formed key that is not the one the stored tokens were written with is named now, not at
    // the first request or delivery of each workspace.
    const known = new Set([oauth.keys.current.id, ...(oauth.keys.old ? [oauth.keys.old.id] : [])]);
    const { rows } = await db.query<{ keyId: string; n: number }>(
      'select key_id as "keyId", count(*)::int as n from installations group by key_id',
    );
    const unknown = rows.filter((r) => !known.has(r.keyId));
    if (unknown.length > 0) {
      const n = unknown.reduce((sum, r) => sum + r.n, 0);
      throw new StartupError(
        `${n} stored installation(s) were encrypted with key ${unknown.map((r) => r.keyId).join(', ')}, which is neither ` +
          `TRUSTLOOP_ENCRYPTION_KEY (${oauth.keys.current.id})${oauth.keys.old ? ` nor TRUSTLOOP_ENCRYPTION_KEY_OLD (${oauth.keys.old.id})` : ''}: ` +
          'set TRUSTLOOP_ENCRYPTION_KEY_OLD to the key they were written with.',
      );
    }
    const refresher: TokenRefresher = {
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      slackApiUrl: config.slack.apiUrl,
      cipher,
      clock,
      log: log.child({ module: 'installations' }),
    };
    const store = new PostgresInstallationStore({
      db,
      cipher,
      clock,
      refresher,
      log: log.child({ module: 'installations' }),
    });
    return { workspaces: oauthWorkspaces({ ...base, refresher }), store };
  }
  const botToken = config.slack.botToken ?? '';
  let identity: {
    user_id?: string;
    bot_id?: string;
    team_id?: string;
    enterprise_id?: string;
    is_enterprise_install?: boolean;
  };
  try {
    identity = await createWebClient(botToken, config.slack.apiUrl).auth.test();
  } catch (err) {
    const why =
      (err as { data?: { error?: string }; message?: string }).data?.error ?? (err as Error).message;
    throw new StartupError(
      `Slack did not accept the bot token (auth.test at ${config.slack.apiUrl}: ${why}). Check SLACK_BOT_TOKEN and SLACK_API_URL.`,
    );
  }
  const teamId = identity.team_id ?? '';
  const workspaces = singleWorkspace({
    ...base,
    botToken,
    identity: {
      teamId,
      enterpriseId: identity.enterprise_id || undefined,
      isEnterpriseInstall: identity.is_enterprise_install === true,
      botId: identity.bot_id ?? 'BTRUSTLOOP',
      botUserId: identity.user_id ?? 'UTRUSTLOOP',
    },
  });
  // Slack accepts this token for its workspace: if it had been stopped (a revoked token), it is served again.
  if (teamId) await workspaces.resume(teamId);
  return { workspaces, teamId };
}
