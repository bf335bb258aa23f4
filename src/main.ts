/**
 * Composition root: config → logger → (sandbox) → runtime; signals; exit non-zero on failure.
 * Without Slack credentials it runs the sandbox — in production only when TRUSTLOOP_SANDBOX=1 asks for
 * it; otherwise loadConfig refuses with one line naming the variables to set.
 * The only place that reads process.env (through loadConfig) and decides how the process ends.
 */
import { loadConfig, type Config } from './config';
import { MigrationError } from './db/migrate';
import { ConfigError } from './errors';
import { createLogger, type Logger } from './logger';
import { startTrustloop, StartupError, type Running } from './runtime';
// The composition root is the one place that knows about sandbox mode; product code never imports it.
import { startSandbox } from './sandbox/start';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel, pretty: config.nodeEnv === 'development' && process.stdout.isTTY === true });

  // Signals are handled from the start: a SIGTERM during start-up stops the app as soon as it is up.
  let running: Running | { stop(): Promise<void> } | null = null;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    if (running) void stopAndExit(running, log);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection'));

  try {
    running = config.mode === 'sandbox' ? await startSandbox(config, log) : await startTrustloop({ config, log });
  } catch (err) {
    if (err instanceof StartupError || err instanceof MigrationError || (err instanceof Error && /data folder/.test(err.message))) {
      log.fatal(err.message);
    } else {
      log.fatal({ err }, 'Trustloop could not start');
    }
    await flush(log);
    process.exit(1);
  }
  if (stopping) await stopAndExit(running, log);
}

async function stopAndExit(running: { stop(): Promise<void> }, log: Logger): Promise<void> {
  try {
    await running.stop();
    log.info('stopped cleanly');
    await flush(log);
    process.exit(0);
  } catch (err) {
    log.error({ err }, 'error while shutting down');
    await flush(log);
    process.exit(1);
  }
}

function flush(log: Logger): Promise<void> {
  return new Promise((resolve) => log.flush(() => resolve()));
}

void main();
