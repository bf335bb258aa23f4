/**
 * The built app's modules (dist/src, from the run's snapshot when one was taken), for in-process
 * measurements of the same compiled code that `node dist/src/main.js` runs. Types come from src/.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { APP_ROOT } from './util';

const load = createRequire(__filename);

export function dist<T>(rel: string): T {
  return load(path.join(APP_ROOT(), 'dist/src', rel)) as T;
}

export const distRuntime = () => dist<typeof import('../../src/runtime')>('runtime.js');
export const distConfig = () => dist<typeof import('../../src/config')>('config.js');
export const distPostgres = () => dist<typeof import('../../src/db/postgres')>('db/postgres.js');
export const distHome = () => dist<typeof import('../../src/messages/home')>('messages/home.js');
export const distNudges = () => dist<typeof import('../../src/services/nudges')>('services/nudges.js');
export const distTick = () => dist<typeof import('../../src/jobs/tick')>('jobs/tick.js');
export const distClock = () => dist<typeof import('../../src/clock')>('clock.js');
export const distOutbox = () => dist<typeof import('../../src/db/outbox')>('db/outbox.js');
