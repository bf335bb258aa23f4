import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { closedAfter, outerUseGuard, type Db, type QueryOptions, type QueryResult, type Tx } from './db';
import { planWentStale } from './errors';
import type { Lane } from './pglite-lanes';
import {
  decodeReply,
  encodeStatement,
  type Decoded,
  parsersFor,
  toError,
  type ArrayTypes,
  type Parsers,
  type Reply,
  type Request,
} from './pglite-wire';
import type { WorkerStart } from './pglite-worker';

/** int8 as numbers, as the pg adapter does. */
const parsers = { 20: (v: string) => Number(v) };

/**
 * Where PGlite runs. `worker` (the default): a worker thread owns the database, so its queries never
 * hold up the app's own thread (HTTP, timers, the 2.5 s "working on it" reply). `main`: on the app's
 * thread, as before — PGLITE_THREAD=main, or automatically when the worker's script is missing.
 */
export type PgliteThread = 'worker' | 'main';

export interface PgliteOptions {
  /** A data folder to persist into; in memory when undefined. */
  dataDir?: string;
  /** Start from a dumped data folder (tests copy one migrated template per worker). */
  loadDataDir?: Blob | File;
  /** The same, read from a file (cheaper to hand to the worker thread). */
  loadDataDirFile?: string;
  thread?: PgliteThread;
  /** Told what start-up is doing ("creating the embedded database…"). */
  log?: { info(msg: string): void; warn(msg: string): void };
  /** Refuse the outer db inside a transaction callback (db.ts `outerUseGuard`); default on. */
  checkOuterUse?: boolean;
}

export async function createPgliteDb(opts: PgliteOptions = {}): Promise<Db> {
  let release = () => undefined as void;
  if (opts.dataDir) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    release = lockDataDir(opts.dataDir);
  }
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir, 'pgdata') : undefined;
  if (dataDir && !fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    opts.log?.info('creating the embedded database (first start only)…');
  }
  let thread = opts.thread ?? 'worker';
  const entry = workerEntry();
  if (thread === 'worker' && !entry) {
    opts.log?.warn('the PGlite worker script is missing; running the embedded database on the main thread');
    thread = 'main';
  }
  try {
    if (thread === 'worker' && entry) {
      const dump = opts.loadDataDir ? await opts.loadDataDir.arrayBuffer() : undefined;
      const wasm = await compiledWasm().catch(() => undefined);
      return await startPgliteWorker(
        entry,
        { dataDir, loadDataDir: dump, loadDataDirFile: opts.loadDataDirFile, ...wasm },
        release,
        opts.checkOuterUse,
      );
    }
    const dump = opts.loadDataDirFile ? new Blob([fs.readFileSync(opts.loadDataDirFile)]) : opts.loadDataDir;
    const pglite = await PGlite.create({ dataDir, loadDataDir: dump, parsers });
    return wrapPglite(pglite, release, opts.checkOuterUse);
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * The worker's script next to this module: compiled JavaScript in dist/, or the TypeScript source when
 * running from sources (tsx, jest), then loaded through tsx's require hook inside the worker.
 */
function workerEntry(): { file: string; typescript: boolean } | undefined {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `pglite-worker${ext}`);
  if (!fs.existsSync(file)) return undefined;
  return { file, typescript: ext === '.ts' };
}

/**
 * PGlite's two WebAssembly modules, compiled once per process and handed to every worker (a compiled
 * module crosses threads without being compiled again); each worker otherwise spends ~0.3 s on it.
 */
let compiled: Promise<{ pgliteWasmModule: object; initdbWasmModule: object }> | undefined;
// The build's types are Node's alone, which do not declare WebAssembly.
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<object> } })
  .WebAssembly;
function compiledWasm() {
  compiled ??= (async () => {
    const dist = path.dirname(require.resolve('@electric-sql/pglite'));
    const [pgliteWasmModule, initdbWasmModule] = await Promise.all(
      ['pglite.wasm', 'initdb.wasm'].map(async (f) =>
        wasmApi.compile(await fs.promises.readFile(path.join(dist, f))),
      ),
    );
    return { pgliteWasmModule, initdbWasmModule };
  })();
  compiled.catch(() => (compiled = undefined));
  return compiled;
}

/** A call inside a transaction: its number, and whether this call is its first (the one that begins it). */
interface InTx {
  id: number;
  begin(): boolean;
}

type Call = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

async function startPgliteWorker(
  entry: { file: string; typescript: boolean },
  start: WorkerStart,
  release: () => void,
  checkOuterUse = true,
): Promise<Db> {
  const worker = entry.typescript
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry.file)});`, {
        eval: true,
        workerData: start,
      })
    : new Worker(entry.file, { workerData: start });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 0;
  let dead: Error | undefined;
  // The thread keeps the process alive only while a call is waiting, as an in-thread PGlite would.
  const updateRef = () => (pending.size > 0 ? worker.ref() : worker.unref());

  const ready = new Promise<ArrayTypes>((resolve, reject) => {
    const fail = (err: Error) => {
      dead ??= err;
      reject(err);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      updateRef();
    };
    worker.on('message', (m: Reply) => {
      if ('op' in m) {
        if (m.op === 'ready') resolve(m.arrayTypes);
        else fail(toError(m.error));
        return;
      }
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      updateRef();
      if (m.ok) p.resolve(m.value);
      else p.reject(toError(m.error));
    });
    // The worker died (out of memory, a crash in the engine): every waiting call fails as a database that
    // went away (crash_shutdown), which the app answers with "try again in a moment".
    const gone = (why: string) =>
      fail(Object.assign(new Error(`The embedded database stopped: ${why}`), { code: '57P02' }));
    worker.on('error', (err) => gone(err.message));
    worker.on('exit', (code) => gone(`its thread exited (${code})`));
  });

  /** `decode` turns the reply into the value (or the error) on this thread, with the caller's stack. */
  const call = (req: Call, transfer?: ArrayBuffer[], decode?: (v: unknown) => unknown): Promise<unknown> => {
    if (dead) return Promise.reject(dead);
    const id = ++nextId;
    // where the call came from, for the stack of an error that comes back from the thread (a few µs)
    const site: { stack?: string } = {};
    Error.captureStackTrace(site, call);
    return new Promise((resolve, reject) => {
      const fromHere = (err: Error) => {
        err.stack = `${err.name}: ${err.message}${site.stack?.slice(site.stack.indexOf('\n')) ?? ''}`;
        reject(err);
      };
      const decoded = (v: unknown) => {
        try {
          resolve(decode ? decode(v) : v);
        } catch (err) {
          fromHere(err instanceof Error ? err : new Error(String(err)));
        }
      };
      pending.set(id, { resolve: decoded, reject: fromHere });
      updateRef();
      try {
        worker.postMessage({ ...req, id }, transfer);
      } catch (err) {
        pending.delete(id);
        updateRef();
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  };

  updateRef();
  worker.ref();
  let types: Parsers;
  try {
    types = parsersFor(await ready);
  } catch (err) {
    await worker.terminate();
    throw err;
  } finally {
    updateRef();
  }

  const guard = outerUseGuard('pglite-worker', checkOuterUse);
  /**
   * Hot statements (`{ prepared: true }`, a few fixed texts) as named statements of the engine's one
   * session: parsed once, then only bound and run. A text is named once its first run's Parse went
   * through; until then (and for every other text) the statement is parsed each time, unnamed.
   */
  const named = new Map<string, { name: string; held: boolean }>();
  let nextName = 0;
  const query = async <R>(
    text: string,
    params: readonly unknown[] | undefined,
    lane: Lane,
    inTx: InTx | undefined,
    opts: QueryOptions | undefined,
  ): Promise<QueryResult<R>> => {
    let statement: { name: string; parse: boolean } | undefined;
    if (opts?.prepared) {
      const known = named.get(text);
      if (known?.held) statement = { name: known.name, parse: false };
      else if (!known) {
        const name = `trustloop_${++nextName}`;
        named.set(text, { name, held: false });
        statement = { name, parse: true };
      }
      // else: its first run is still on its way (or its plan went stale): this one goes unnamed
    }
    const bytes = encodeStatement(text, params, statement);
    const tx = inTx?.id;
    const begin = inTx?.begin();
    const decoded = (await call(
      { op: 'run', bytes, tx, begin, lane },
      [bytes.buffer as ArrayBuffer],
      (reply) => {
        const d = decodeReply<R>(reply as Uint8Array, text, types);
        if (statement?.parse) {
          if (d.parsed) named.set(text, { name: statement.name, held: true });
          else named.delete(text);
        }
        if (d.error && statement && planWentStale(d.error)) {
          named.set(text, { name: '', held: false });
          // outside a transaction it is run again, unnamed; inside, the transaction has failed
          if (tx === undefined) return d;
        }
        if (d.error) throw d.error;
        return d;
      },
    )) as Decoded<R>;
    if (decoded.result) return decoded.result;
    // a table under the named statement changed (a migration): it runs unnamed from now on
    return query<R>(text, params, lane, undefined, undefined);
  };
  const exec = async (sql: string, lane: Lane, inTx?: InTx) => {
    await call({ op: 'exec', sql, tx: inTx?.id, begin: inTx?.begin(), lane });
  };
  let nextTx = 0;
  const close = async () => {
    try {
      if (!dead) await call({ op: 'close' });
    } finally {
      dead ??= new Error('The embedded database is closed.');
      await worker.terminate();
      release();
    }
  };
  // One handle per lane over the same thread and engine (see pglite-lanes.ts); the one returned is the
  // request path's, and `background()` gives the other.
  const handle = (lane: Lane): Db => ({
    kind: 'pglite',
    query<R>(text: string, params?: readonly unknown[], opts?: QueryOptions) {
      guard.check();
      return query<R>(text, params, lane, undefined, opts);
    },
    exec(sql: string) {
      guard.check();
      return exec(sql, lane);
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      guard.check();
      if (dead) throw dead;
      // begun on the database's thread with its first call (nothing to end if it made none)
      const tx = ++nextTx;
      let begun = false;
      const inTx: InTx = { id: tx, begin: () => !begun && (begun = true) };
      let open = true;
      const raw: Tx = {
        query: <R>(text: string, params?: readonly unknown[], opts?: QueryOptions) =>
          query<R>(text, params, lane, inTx, opts),
        exec: (sql: string) => exec(sql, lane, inTx),
      };
      let result: T;
      try {
        result = await guard.scope(() => fn(closedAfter(raw, () => open)));
      } catch (err) {
        open = false;
        if (begun) await call({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw err;
      }
      open = false;
      if (begun) await call({ op: 'end', tx, commit: true });
      return result;
    },
    background: () => background,
    close,
  });
  const background = handle('background');
  return handle('interactive');
}

export function wrapPglite(pglite: PGlite, release: () => void = () => undefined, checkOuterUse = true): Db {
  const guard = outerUseGuard('pglite', checkOuterUse);
  const toResult = <R>(r: { rows: unknown[]; affectedRows?: number }): QueryResult<R> => ({
    rows: r.rows as R[],
    rowCount: r.affectedRows || r.rows.length,
  });
  return {
    kind: 'pglite',
    async query<R>(text: string, params?: readonly unknown[]) {
      guard.check();
      return toResult<R>(await pglite.query(text, params as unknown[]));
    },
    async exec(sql: string) {
      guard.check();
      await pglite.exec(sql);
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      guard.check();
      return pglite.transaction(async (t) => {
        let open = true;
        const raw: Tx = {
          query: async <R>(text: string, params?: readonly unknown[]) =>
            toResult<R>(await t.query(text, params as unknown[])),
          exec: async (sql: string) => {
            await t.exec(sql);
          },
        };
        try {
          return await guard.scope(() => fn(closedAfter(raw, () => open)));
        } finally {
          open = false;
        }
      });
    },
    async close() {
      try {
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * PGlite takes no lock on its folder, and a second process opening it can corrupt it. We take a lock
 * file holding our pid; a lock left by a process that no longer runs is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'trustloop.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      if (holder && holder !== process.pid && isRunning(holder)) {
        throw new Error(
          `The data folder ${dataDir} is in use by another Trustloop process (pid ${holder}). Stop it, or set DATA_DIR to another folder.`,
        );
      }
      fs.unlinkSync(lockPath); // stale lock: its process is gone
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
