/**
 * The worker thread that owns an embedded PGlite database (started by pglite.ts, never imported by it).
 * PGlite runs PostgreSQL compiled to WebAssembly synchronously on whatever thread it lives on; here that
 * thread is this worker, so a long query (a minute tick over thousands of open items, a delivery pass)
 * no longer stops the app's thread from answering Slack.
 *
 * Protocol (one message per call, answered by `id`): `query`/`exec` on the database or inside the
 * transaction `tx`; `begin` answers with a transaction id once PGlite has started it (its own mutex makes
 * every other statement wait, as in-thread); `end` commits or rolls it back; `close`. Errors travel as
 * plain fields (message, SQLSTATE `code`, detail, constraint, …) so src/db/errors.ts classifies them alike.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type PGliteOptions, type Transaction } from '@electric-sql/pglite';

export interface WorkerStart {
  dataDir?: string;
  /** A dumped data folder (tar) to start from. */
  loadDataDir?: ArrayBuffer;
  loadDataDirFile?: string;
  /** Compiled once by the parent thread (see pglite.ts). */
  pgliteWasmModule?: object;
  initdbWasmModule?: object;
}

export type Request =
  | { id: number; op: 'query'; text: string; params?: unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

export interface SerializedError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

export type Reply =
  | { id: number; ok: true; value?: unknown }
  | { id: number; ok: false; error: SerializedError }
  | { id: 0; op: 'ready' }
  | { id: 0; op: 'failed'; error: SerializedError };

/** int8 as numbers, as the pg adapter does. */
const parsers = { 20: (v: string) => Number(v) };

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) {
    if (v === undefined || typeof v === 'function') continue;
    // the statement's parameters may be anything; they are no part of what the error means
    if (k === 'params') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = v;
  }
  return { name: err.name, message: err.message, fields };
}

interface OpenTx {
  t: Transaction;
  decide(commit: boolean): void;
  settled: Promise<unknown>;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('pglite-worker runs only as a worker thread');
  const start = workerData as WorkerStart;
  const post = (r: Reply) => port.postMessage(r);

  let pglite: PGlite;
  try {
    const dump = start.loadDataDirFile ? fs.readFileSync(start.loadDataDirFile) : start.loadDataDir;
    pglite = await PGlite.create({
      dataDir: start.dataDir,
      loadDataDir: dump ? new Blob([dump]) : undefined,
      pgliteWasmModule: start.pgliteWasmModule as PGliteOptions['pgliteWasmModule'],
      initdbWasmModule: start.initdbWasmModule as PGliteOptions['initdbWasmModule'],
      parsers,
    });
  } catch (err) {
    post({ id: 0, op: 'failed', error: serializeError(err) });
    return;
  }

  const txs = new Map<number, OpenTx>();
  let nextTx = 0;
  const on = (tx: number | undefined) => {
    if (tx === undefined) return pglite;
    const open = txs.get(tx);
    if (!open) throw new Error('This transaction has already ended; a query was issued after it.');
    return open.t;
  };

  const handle = async (m: Request): Promise<unknown> => {
    switch (m.op) {
      case 'query': {
        const r = await on(m.tx).query(m.text, m.params);
        return { rows: r.rows, rowCount: r.affectedRows || r.rows.length };
      }
      case 'exec':
        await on(m.tx).exec(m.sql);
        return undefined;
      case 'begin':
        return new Promise<number>((resolve, reject) => {
          const id = ++nextTx;
          let decide!: (commit: boolean) => void;
          const decided = new Promise<boolean>((r) => (decide = r));
          let started = false;
          const settled = pglite.transaction(async (t) => {
            started = true;
            txs.set(id, { t, decide, settled });
            resolve(id);
            if (!(await decided)) await t.rollback();
          });
          settled.catch((err: unknown) => {
            if (!started) reject(err instanceof Error ? err : new Error(String(err)));
          });
          // `settled` is awaited by `end`; until then it must not count as unhandled
          void settled.catch(() => undefined);
        });
      case 'end': {
        const open = txs.get(m.tx);
        if (!open) throw new Error('This transaction has already ended.');
        txs.delete(m.tx);
        open.decide(m.commit);
        await open.settled;
        return undefined;
      }
      case 'close':
        await pglite.close();
        return undefined;
    }
  };

  port.on('message', (m: Request) => {
    handle(m).then(
      (value) => {
        post({ id: m.id, ok: true, value });
        if (m.op === 'close') port.close();
      },
      (err: unknown) => post({ id: m.id, ok: false, error: serializeError(err) }),
    );
  });
  post({ id: 0, op: 'ready' });
}

void main();
