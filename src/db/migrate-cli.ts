/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the PGlite data folder) and exits. */
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { openDatabase } from '../runtime';
import { migrate } from './migrate';

async function run(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, pretty: false });
  const db = await openDatabase(config, log);
  try {
    const { applied } = await migrate(db);
    log.info(
      { applied, database: db.kind },
      applied.length ? 'migrations applied' : 'database is up to date',
    );
  } finally {
    await db.close();
  }
}

run().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
