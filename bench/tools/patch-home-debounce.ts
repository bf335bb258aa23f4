/**
 * Preload for an experiment (never for the product's figures): Home tab refreshes are asked for 5 s
 * later than now, so a burst of changes for one person costs one views.publish instead of one per
 * change. Patches the built dist/src/db/outbox.js in this process only.
 *   node --require tsx/cjs --require bench/tools/patch-home-debounce.ts dist/src/main.js
 */
import path from 'node:path';

type Outbox = typeof import('../../src/db/outbox');
const root = process.env.TRUSTLOOP_ROOT ?? path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const outbox = require(path.join(root, 'dist/src/db/outbox.js')) as Outbox;
const DEBOUNCE_MS = Number(process.env.BENCH_HOME_DEBOUNCE_MS ?? 5000);
const original = outbox.enqueueMessages;
(outbox as { enqueueMessages: Outbox['enqueueMessages'] }).enqueueMessages = (db, messages, homes, now) =>
  original(
    db,
    messages,
    homes,
    now && homes && homes.length > 0 && messages.length === 0 ? new Date(now.getTime() + DEBOUNCE_MS) : now,
  );
