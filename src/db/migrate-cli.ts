/**
 * `npm run migrate`: applies pending migrations and exits — as DATABASE_MIGRATION_URL (the owner role)
 * when set, else to DATABASE_URL (or the PGlite data folder).
 */
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { openMigrationDatabase } from '../runtime';
import { migrate } from './migrate';

async function run(): Promise<void> {
  const config = loadConfig(process.env, { migrateOnly: true });
  const log = createLogger({ level: config.logLevel, pretty: false });
  const db = await openMigrationDatabase(config, log);
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
