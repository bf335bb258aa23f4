/**
 * Stopping and starting the local PostgreSQL cluster for the full form of drill 1 — only there, and
 * always started again: after the drill, on any error, on SIGINT/SIGTERM and at process exit.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { isPgUp } from './pg';
import { sleep } from './util';

const run = promisify(execFile);

function version(): string {
  const v = fs.readdirSync('/etc/postgresql').sort().pop();
  if (!v) throw new Error('no cluster under /etc/postgresql');
  return v;
}

let stoppedByUs = false;

function startSync(): void {
  if (!stoppedByUs) return;
  try {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version(), 'main', 'start'], { stdio: 'ignore', timeout: 60_000 });
    stoppedByUs = false;
  } catch {
    /* reported by the caller's health check */
  }
}

const onSignal = (sig: NodeJS.Signals) => {
  startSync();
  process.exit(sig === 'SIGINT' ? 130 : 143);
};

export async function stopCluster(): Promise<void> {
  process.once('exit', startSync);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  stoppedByUs = true;
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version(), 'main', 'stop', '-m', 'fast'], { timeout: 60_000 });
}

export async function startCluster(): Promise<void> {
  try {
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', version(), 'main', 'start'], { timeout: 60_000 });
    stoppedByUs = false;
  } finally {
    if (stoppedByUs) startSync();
    process.off('exit', startSync);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  for (let i = 0; i < 60 && !(await isPgUp()); i++) await sleep(500);
}
