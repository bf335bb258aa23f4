import pino, { type Logger } from 'pino';
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';

export type { Logger };

/** Never log a token or a secret, wherever it sits in a logged object. */
const REDACT = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'signingSecret',
  '*.signingSecret',
  'appToken',
  '*.appToken',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'databaseUrl',
  '*.databaseUrl',
];

export interface LoggerOptions {
  level: string;
  pretty: boolean;
}

/** JSON lines in production; pretty lines in development when pino-pretty is installed (a dev dependency). */
export function createLogger(opts: LoggerOptions, destination?: pino.DestinationStream): Logger {
  const base: pino.LoggerOptions = { level: opts.level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'trustloop' } };
  if (destination) return pino(base, destination);
  if (opts.pretty && prettyAvailable()) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' } } });
  }
  return pino(base);
}

function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** Hands our pino logger to Bolt, so its lines share our format and level. */
export function boltLogger(log: Logger): SlackLogger {
  const child = log.child({ module: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  const text = (msgs: unknown[]) => msgs.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msgs: unknown[]) => child.debug(text(msgs)),
    info: (...msgs: unknown[]) => child.info(text(msgs)),
    warn: (...msgs: unknown[]) => child.warn(text(msgs)),
    error: (...msgs: unknown[]) => child.error(text(msgs)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
