import { z } from 'zod';
import { ConfigError } from './errors';

/**
 * The only reader of process.env. Everything else receives a typed Config.
 * Each bad variable is reported on its own line, and the process exits non-zero (see main.ts).
 */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

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
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
        .optional(),
    ),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.data')),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
    HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
    TICK_CRON: z.preprocess(emptyToUndefined, z.string().default('* * * * *')),
    DB_POOL_SIZE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100).default(10)),
    SANDBOX: optionalString,
  })
  .superRefine((env, ctx) => {
    const http = env.SLACK_BOT_TOKEN !== undefined || env.SLACK_SIGNING_SECRET !== undefined;
    if (http && env.SLACK_BOT_TOKEN === undefined)
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required with SLACK_SIGNING_SECRET' });
    if (http && env.SLACK_SIGNING_SECRET === undefined && env.SLACK_APP_TOKEN === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    if (env.SLACK_APP_TOKEN !== undefined && env.SLACK_BOT_TOKEN === undefined)
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required with SLACK_APP_TOKEN' });
  });

export type Mode = 'http' | 'socket' | 'sandbox';

export interface Config {
  mode: Mode;
  slack: {
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string;
  };
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  nodeEnv: z.infer<typeof Env>['NODE_ENV'];
  tickCron: string;
  dbPoolSize: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode: Mode = e.SLACK_APP_TOKEN ? 'socket' : e.SLACK_BOT_TOKEN ? 'http' : 'sandbox';
  return {
    mode,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    tickCron: e.TICK_CRON,
    dbPoolSize: e.DB_POOL_SIZE,
  };
}
