/**
 * The app as `node dist/src/main.js` runs it — the same compiled runtime, config and logger from dist/ —
 * with knobs the environment cannot reach, for drills and experiments only:
 *   BENCH_DELIVERY      JSON of runtime delivery options (e.g. {"leaseMs":5000,"batchSize":25})
 *   BENCH_DELIVERY_OFF  "1": stop the delivery loop once started (isolates the request path)
 * Benchmarks of the product use dist/src/main.js itself.
 */
import path from 'node:path';

type RuntimeModule = typeof import('../../src/runtime');
type ConfigModule = typeof import('../../src/config');
type LoggerModule = typeof import('../../src/logger');

// compiled to the temp folder by the runner, which passes the repository root
const dist = (p: string) => path.resolve(process.env.TRUSTLOOP_ROOT ?? path.resolve(__dirname, '../..'), 'dist/src', p);

async function main(): Promise<void> {
  const { startTrustloop } = (await import(dist('runtime.js'))) as RuntimeModule;
  const { loadConfig } = (await import(dist('config.js'))) as ConfigModule;
  const { createLogger } = (await import(dist('logger.js'))) as LoggerModule;
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, pretty: false });
  const delivery = process.env.BENCH_DELIVERY ? (JSON.parse(process.env.BENCH_DELIVERY) as Record<string, number>) : undefined;
  let stopping = false;
  let running: Awaited<ReturnType<RuntimeModule['startTrustloop']>> | null = null;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 10_000).unref();
    void (running?.stop() ?? Promise.resolve()).then(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection'));
  running = await startTrustloop({ config, log, delivery });
  if (process.env.BENCH_DELIVERY_OFF === '1') await running.delivery.stop();
  if (stopping) shutdown();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
