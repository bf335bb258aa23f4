/**
 * Builds one migrated database template per test run, so each test file starts from a copy in well
 * under a second instead of running initdb and every migration again:
 * - PGlite (default): a dumped data folder in a temp file, loaded by each test file.
 * - PostgreSQL (TEST_DATABASE_URL set): a template database each test file clones with CREATE DATABASE … TEMPLATE.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { wrapPglite } from '../../src/db/pglite';
import { createPostgresDb } from '../../src/db/postgres';
import { migrate } from '../../src/db/migrate';
import { templateDatabaseName, adminUrl, TEMPLATE_FILE_ENV } from './db-names';

export default async function globalSetup(): Promise<void> {
  // Workers are started after this and inherit the environment: it names this run's databases.
  process.env.TRUSTLOOP_TEST_RUN = String(process.pid);
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    const name = templateDatabaseName();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const db = createPostgresDb({ connectionString: withDatabase(url, name), max: 1 });
    await migrate(db);
    await db.close();
    return;
  }
  const pglite = await PGlite.create();
  const db = wrapPglite(pglite);
  await migrate(db);
  const dump = await pglite.dumpDataDir('none');
  const file = path.join(os.tmpdir(), `trustloop-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  process.env[TEMPLATE_FILE_ENV] = file;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
