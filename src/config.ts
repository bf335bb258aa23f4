import { z } from 'zod';
import { ConfigError } from './errors';
import {
  ENCRYPTION_KEY_VAR,
  EncryptionKeyError,
  OLD_ENCRYPTION_KEY_VAR,
  parseEncryptionKeys,
  type EncryptionKeys,
} from './slack/token-crypto';

/**
 * The only reader of process.env. Everything else receives a typed Config.
 * Each bad variable is reported on its own line, and the process exits non-zero (see main.ts).
 */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
  .optional();
/** An on/off switch: 1/true/yes/on or 0/false/no/off; unset is `undefined` (the default applies). */
const onOff = z.preprocess(
  (v) => (typeof v === 'string' ? emptyToUndefined(v.trim().toLowerCase()) : v),
  z
    .enum(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'], { message: 'must be 1 (on) or 0 (off)' })
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))
    .optional(),
);
/**
 * Extra addresses a browser may use to reach the sandbox (`name` or `name:port`, comma-separated), e.g.
 * `localhost:8080` when Docker publishes the port under another number. A name without a port is
 * allowed on any port: the name is what protects against DNS rebinding.
 */
const hostList = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const entries = (v ?? '')
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean);
      for (const e of entries) {
        if (!isHostEntry(e)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${e}" is not a host name or address, optionally with :port (e.g. localhost:8080)`,
          });
          return z.NEVER;
        }
      }
      return entries;
    }),
);

function isHostEntry(entry: string): boolean {
  if (/[/@?#\s\\]/.test(entry)) return false;
  try {
    const u = new URL(`http://${entry}`);
    return u.hostname !== '' && (u.host === entry || u.hostname === entry || `${u.hostname}:80` === entry);
  } catch {
    return false;
  }
}

const Env = z
  .object({
    SLACK_BOT_TOKEN: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^xoxb-/, 'must be a bot token starting with xoxb-')
        .optional(),
    ),
    SLACK_SIGNING_SECRET: z.preprocess(
      emptyToUndefined,
      z.string().min(8, 'looks too short to be a signing secret').optional(),
    ),
    SLACK_APP_TOKEN: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^xapp-/, 'must be an app-level token starting with xapp- (Socket Mode)')
        .optional(),
    ),
    SLACK_API_URL: z.preprocess(
      emptyToUndefined,
      z
        .url({ message: 'must be a URL such as https://slack.com/api/' })
        .default('https://slack.com/api/')
        .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
    ),
    // OAuth mode ("Add to Slack", many workspaces): all three, and no SLACK_BOT_TOKEN.
    SLACK_CLIENT_ID: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[0-9]+\.[0-9]+$/, 'must be the app’s Client ID (digits.digits, Basic Information)')
        .optional(),
    ),
    SLACK_CLIENT_SECRET: z.preprocess(
      emptyToUndefined,
      z.string().min(8, 'looks too short to be a client secret').optional(),
    ),
    SLACK_STATE_SECRET: z.preprocess(
      emptyToUndefined,
      z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 32`)').optional(),
    ),
    // Where Slack sends people back after "Add to Slack"; unset: the app's only configured redirect URL.
    SLACK_REDIRECT_URI: z.preprocess(
      emptyToUndefined,
      z.url({ message: 'must be a URL ending in /slack/oauth_redirect' }).optional(),
    ),
    // Read by parseEncryptionKeys (the messages name the variable, never the value).
    [ENCRYPTION_KEY_VAR]: z.preprocess(emptyToUndefined, z.string().optional()),
    [OLD_ENCRYPTION_KEY_VAR]: z.preprocess(emptyToUndefined, z.string().optional()),
    DATABASE_URL: z.preprocess(emptyToUndefined, postgresUrl),
    // The owner role's URL, for migrations only (the app's pool then uses a role that owns nothing).
    DATABASE_MIGRATION_URL: z.preprocess(emptyToUndefined, postgresUrl),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.data')),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
    // Unset: 0.0.0.0 for Slack (HTTP mode), 127.0.0.1 for the sandbox (see loadConfig).
    HOST: z.preprocess(emptyToUndefined, z.string().optional()),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    NODE_ENV: z.preprocess(
      emptyToUndefined,
      z.enum(['development', 'production', 'test']).default('development'),
    ),
    TICK_CRON: z.preprocess(emptyToUndefined, z.string().default('* * * * *')),
    DB_POOL_SIZE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100).default(10)),
    // How long an uninstalled workspace's data is kept before it is deleted (0: at once).
    DATA_RETENTION_DAYS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ message: 'must be a whole number of days (0 deletes at once)' })
        .int('must be a whole number of days (0 deletes at once)')
        .min(0, 'must be 0 or more days')
        .max(3650, 'must be at most 3650 days')
        .default(30),
    ),
    // Embedded PGlite on a worker thread (default) or on the app's own thread.
    PGLITE_THREAD: z.preprocess(emptyToUndefined, z.enum(['worker', 'main']).default('worker')),
    // The sandbox on purpose: required in production, where missing credentials are otherwise an error.
    TRUSTLOOP_SANDBOX: onOff,
    TRUSTLOOP_SANDBOX_HOSTS: hostList,
  })
  .superRefine((env, ctx) => {
    const oauthVars = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
    const oauth = oauthVars.some((v) => env[v] !== undefined);
    if (oauth) {
      for (const v of oauthVars)
        if (env[v] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [v],
            message:
              'is required in OAuth mode (with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET)',
          });
      if (env.SLACK_BOT_TOKEN !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_BOT_TOKEN'],
          message:
            'is for a single workspace; OAuth mode (SLACK_CLIENT_ID …) gets a token per workspace: unset one or the other',
        });
      if (env.SLACK_SIGNING_SECRET === undefined && env.SLACK_APP_TOKEN === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_SIGNING_SECRET'],
          message: 'is required in OAuth mode (or set SLACK_APP_TOKEN for Socket Mode)',
        });
    } else {
      if (env.SLACK_REDIRECT_URI !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_REDIRECT_URI'],
          message: 'is used only in OAuth mode (SLACK_CLIENT_ID …)',
        });
    }
    const http = !oauth && (env.SLACK_BOT_TOKEN !== undefined || env.SLACK_SIGNING_SECRET !== undefined);
    if (http && env.SLACK_BOT_TOKEN === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is required with SLACK_SIGNING_SECRET',
      });
    if (http && env.SLACK_SIGNING_SECRET === undefined && env.SLACK_APP_TOKEN === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    if (!oauth && env.SLACK_APP_TOKEN !== undefined && env.SLACK_BOT_TOKEN === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is required with SLACK_APP_TOKEN (or set SLACK_CLIENT_ID … for OAuth mode)',
      });
    const credentials = oauth || http || env.SLACK_APP_TOKEN !== undefined;
    if (env.TRUSTLOOP_SANDBOX === true && credentials)
      ctx.addIssue({
        code: 'custom',
        path: ['TRUSTLOOP_SANDBOX'],
        message:
          'the sandbox runs only without Slack credentials: unset TRUSTLOOP_SANDBOX or the SLACK_* tokens',
      });
    if (env.DATABASE_MIGRATION_URL !== undefined && env.DATABASE_URL === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_MIGRATION_URL'],
        message: 'is used only with DATABASE_URL (the app’s own role)',
      });
  });

/** Said when the process would otherwise start an open sandbox where real Slack was meant (one line). */
export const NO_CREDENTIALS =
  'No Slack credentials: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_BOT_TOKEN and SLACK_APP_TOKEN for Socket Mode); ' +
  'to run the local sandbox on purpose, set TRUSTLOOP_SANDBOX=1.';

export type Mode = 'http' | 'socket' | 'sandbox';

/** OAuth mode: Trustloop installed in many workspaces through "Add to Slack", a token per workspace. */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** TRUSTLOOP_ENCRYPTION_KEY (and _OLD while rotating): tokens are stored encrypted with it. */
  keys: EncryptionKeys;
  /** Sent as redirect_uri; undefined: Slack uses the app's only configured redirect URL. */
  redirectUri: string | undefined;
}

export interface Config {
  mode: Mode;
  slack: {
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string;
    /** Set in OAuth mode (then botToken is undefined). */
    oauth?: OAuthConfig;
  };
  databaseUrl: string | undefined;
  /** Migrations run with this URL when set (the owner role); the app's pool always uses databaseUrl. */
  databaseMigrationUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  nodeEnv: z.infer<typeof Env>['NODE_ENV'];
  tickCron: string;
  dbPoolSize: number;
  /** Days an uninstalled workspace's data is kept before the scheduler deletes it (DATA_RETENTION_DAYS). */
  dataRetentionDays: number;
  /** Where embedded PGlite runs (PGLITE_THREAD); unset means its worker thread. */
  pgliteThread?: 'worker' | 'main';
  /** Addresses the sandbox answers at besides loopback and HOST (TRUSTLOOP_SANDBOX_HOSTS). */
  sandboxHosts: string[];
}

export interface LoadOptions {
  /** `npm run migrate` needs only the database: missing Slack credentials are no error there. */
  migrateOnly?: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const oauth = oauthConfig(e, env);
  const mode: Mode = e.SLACK_APP_TOKEN ? 'socket' : e.SLACK_BOT_TOKEN || oauth ? 'http' : 'sandbox';
  // Without credentials in production, an operator forgot them: starting a sandbox anyone on the network
  // can drive would be the worst reading. In development (`npm start` on a fresh clone) it is the point.
  const sandboxWanted = e.TRUSTLOOP_SANDBOX ?? e.NODE_ENV !== 'production';
  if (mode === 'sandbox' && !sandboxWanted && !options.migrateOnly) throw new ConfigError(NO_CREDENTIALS);
  return {
    mode,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      oauth,
    },
    databaseUrl: e.DATABASE_URL,
    databaseMigrationUrl: e.DATABASE_MIGRATION_URL,
    dataDir: e.DATA_DIR,
    port: e.PORT,
    // Slack must reach the app, so HTTP mode listens everywhere; the sandbox lets whoever reaches it act
    // as anyone, so it stays on this machine unless HOST says otherwise (e.g. 0.0.0.0 in a container).
    host: e.HOST ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0'),
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    tickCron: e.TICK_CRON,
    dbPoolSize: e.DB_POOL_SIZE,
    dataRetentionDays: e.DATA_RETENTION_DAYS,
    pgliteThread: e.PGLITE_THREAD,
    sandboxHosts: e.TRUSTLOOP_SANDBOX_HOSTS,
  };
}

/**
 * The OAuth settings when SLACK_CLIENT_ID (and its two companions, checked above) are set. A missing or
 * malformed TRUSTLOOP_ENCRYPTION_KEY stops the start with one line naming the problem: tokens are never
 * stored unencrypted.
 */
function oauthConfig(e: z.infer<typeof Env>, env: NodeJS.ProcessEnv): OAuthConfig | undefined {
  if (!e.SLACK_CLIENT_ID || !e.SLACK_CLIENT_SECRET || !e.SLACK_STATE_SECRET) return undefined;
  let keys: EncryptionKeys;
  try {
    keys = parseEncryptionKeys({
      [ENCRYPTION_KEY_VAR]: env[ENCRYPTION_KEY_VAR],
      [OLD_ENCRYPTION_KEY_VAR]: env[OLD_ENCRYPTION_KEY_VAR],
    });
  } catch (err) {
    if (err instanceof EncryptionKeyError)
      throw new ConfigError(`Configuration is not valid: ${err.message.replace(/\n/g, '; ')}`);
    throw err;
  }
  return {
    clientId: e.SLACK_CLIENT_ID,
    clientSecret: e.SLACK_CLIENT_SECRET,
    stateSecret: e.SLACK_STATE_SECRET,
    keys,
    redirectUri: e.SLACK_REDIRECT_URI,
  };
}
