import fs from 'node:fs';
import pg from 'pg';
import { adminUrl, TEMPLATE_FILE_ENV } from './db-names';

export default async function globalTeardown(): Promise<void> {
  const file = process.env[TEMPLATE_FILE_ENV];
  if (file) fs.rmSync(file, { force: true });
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`trustloop_t%_${process.env.TRUSTLOOP_TEST_RUN ?? 'local'}%`],
    );
    for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
    // Roles are cluster-wide (test/integration/app-role.test.ts): this run's, left by a test that died.
    const roles = await admin.query<{ rolname: string }>(`select rolname from pg_roles where rolname like $1`, [
      `trustloop\_%\_${process.env.TRUSTLOOP_TEST_RUN ?? 'local'}\_%`,
    ]);
    for (const r of roles.rows) await admin.query(`drop role if exists ${r.rolname}`);
    await admin.end();
  }
}
