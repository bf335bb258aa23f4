import { EventEmitter } from 'node:events';
import { types } from 'node:util';
import pino, { type Logger } from 'pino';
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';

export type { Logger };

/**
 * Keys whose values never reach a log line, at any depth: credentials, and request/response metadata
 * that carries them (headers, cookies). Compared lower-cased with `-`/`_` removed, so `client_secret`,
 * `clientSecret` and `Client-Secret` are one key; any key ending in token, secret, password, cookie or
 * authorization is covered too (`botToken`, `refresh_token`, `x-slack-signature` …).
 */
const SECRET_KEYS = new Set([
  'headers',
  'rawheaders',
  'trailers',
  'cookie',
  'cookies',
  'setcookie',
  'authorization',
  'proxyauthorization',
  'token',
  'secret',
  'password',
  'passwd',
  'signature',
  'xslacksignature',
  'apikey',
  'privatekey',
  'encryptionkey',
  'databaseurl',
  'databasemigrationurl',
  'connectionstring',
  // a response_url lets its holder post as the app for 30 minutes
  'responseurl',
]);
const SECRET_SUFFIX = /(token|secret|password|cookie|authorization|signature)$/;
const REDACTED = '[redacted]';
const MAX_DEPTH = 8;
const MAX_ARRAY = 50;

/**
 * Secrets inside text, for lines written by libraries as strings (the Web API client logs request
 * bodies at debug, `client_secret` and the OAuth `code` among them): JSON or form fields with a secret
 * name, URL parameters that carry one, and Slack tokens wherever they appear.
 */
const SECRET_FIELD = /"([\w-]*(?:secret|token|password|signature|cookie|authorization|code|state)[\w-]*)"\s*:\s*"(?:[^"\\]|\\.)*"/gi;
const SECRET_PARAM = /([?&](?:code|state|token|client_secret|refresh_token)=)[^&\s"]+/gi;
// bot/user/refresh tokens (xox?-), app-level tokens (xapp-), a workflow step run's token (xwfp-)
const SLACK_TOKEN = /\b(?:xox[a-z]|xapp|xwfp)-[A-Za-z0-9-]+/g;

export function scrubText(text: string): string {
  return text
    .replace(SECRET_FIELD, (_m, k: string) => `"${k}":"${REDACTED}"`)
    .replace(SECRET_PARAM, `$1${REDACTED}`)
    .replace(SLACK_TOKEN, `xox-${REDACTED}`);
}

function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_\s]/g, '');
  return SECRET_KEYS.has(k) || SECRET_SUFFIX.test(k);
}

/**
 * A copy of a value that is safe to log: secret keys redacted at any depth, and live objects —
 * requests, responses, sockets, streams, clients (anything that is an EventEmitter) — replaced by their
 * class name, so no log line carries a request object or what it holds. Errors keep their type,
 * message, stack, code and cause. Cycles and very deep or long structures are cut.
 */
export function scrubForLog(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[circular]';
  if (value instanceof EventEmitter) return `[${value.constructor?.name ?? 'EventEmitter'}]`;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ARRAY).map((v) => scrubForLog(v, depth + 1, seen));
      if (value.length > MAX_ARRAY) items.push(`[${value.length - MAX_ARRAY} more]`);
      return items;
    }
    if (value instanceof Map || value instanceof Set) return `[${value.constructor.name} of ${value.size}]`;
    const out: Record<string, unknown> = {};
    if (value instanceof Error || types.isNativeError(value)) {
      out.type = value.name || 'Error';
      out.message = value.message;
      if (value.stack) out.stack = value.stack;
      if (value.cause !== undefined) out.cause = scrubForLog(value.cause, depth + 1, seen);
    }
    for (const [k, v] of Object.entries(value)) {
      if (k in out) continue;
      out[k] = isSecretKey(k) ? REDACTED : scrubForLog(v, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function scrubRecord(value: unknown): Record<string, unknown> {
  const s = scrubForLog(value);
  return s !== null && typeof s === 'object' && !Array.isArray(s) ? (s as Record<string, unknown>) : {};
}

export interface LoggerOptions {
  level: string;
  pretty: boolean;
}

/**
 * Every argument of every log call is scrubbed before pino sees it (the `logMethod` hook covers child
 * loggers and printf-style arguments alike; pino's own `redact` paths only reach a fixed depth), and so
 * are the bindings of child loggers.
 */
const scrubbing: Pick<pino.LoggerOptions, 'hooks' | 'serializers'> = {
  hooks: {
    logMethod(args, method) {
      const [first, ...rest] = args as unknown[];
      const tail = rest.map((a) => (a !== null && typeof a === 'object' ? scrubForLog(a) : a));
      if (first instanceof Error) {
        const msg = tail.length > 0 ? tail : [first.message];
        return method.apply(this, [{ err: scrubForLog(first) }, ...msg] as Parameters<typeof method>);
      }
      const head = first !== null && typeof first === 'object' ? scrubRecord(first) : first;
      return method.apply(this, [head, ...tail] as Parameters<typeof method>);
    },
  },
  // errors arrive already turned into plain, scrubbed objects (see scrubForLog)
  serializers: { err: (e: unknown) => e },
};

/** JSON lines in production; pretty lines in development when pino-pretty is installed (a dev dependency). */
export function createLogger(opts: LoggerOptions, destination?: pino.DestinationStream): Logger {
  const base: pino.LoggerOptions = { level: opts.level, base: { app: 'trustloop' }, ...scrubbing };
  let log: Logger;
  if (destination) log = pino(base, destination);
  else if (opts.pretty && prettyAvailable()) {
    log = pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' },
      },
    });
  } else log = pino(base);
  return withScrubbedBindings(log);
}

/** pino does not pass child bindings through any formatter; children of this logger scrub theirs. */
function withScrubbedBindings(log: Logger): Logger {
  // children are created with Object.create(parent), so they inherit this override too
  type MakeChild = (this: Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => Logger;
  const makeChild = Reflect.get(log, 'child') as unknown as MakeChild;
  const scrubbedChild: MakeChild = function (bindings, options) {
    return makeChild.call(this, scrubRecord(bindings), options);
  };
  log.child = scrubbedChild as unknown as typeof log.child;
  return log;
}

function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * Hands our pino logger to Bolt, so its lines share our format and level. Bolt passes strings and
 * sometimes objects (errors, requests); strings become the message, an error goes under `err`, anything
 * else under `details` — all scrubbed like any other log call, never stringified whole.
 */
export function boltLogger(log: Logger): SlackLogger {
  const child = log.child({ module: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  const line =
    (write: pino.LogFn) =>
    (...msgs: unknown[]) => {
      const text = scrubText(msgs.filter((m): m is string => typeof m === 'string').join(' '));
      const objects = msgs.filter((m) => typeof m !== 'string');
      const err = objects.find((m) => m instanceof Error);
      const details = objects.filter((m) => m !== err);
      const fields: Record<string, unknown> = {};
      if (err !== undefined) fields.err = err;
      if (details.length > 0) fields.details = details;
      write.call(child, fields, text);
    };
  return {
    debug: line(child.debug),
    info: line(child.info),
    warn: line(child.warn),
    error: line(child.error),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
