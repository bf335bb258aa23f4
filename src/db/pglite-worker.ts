/**
 * The worker thread that owns an embedded PGlite database (started by pglite.ts, never imported by it).
 * PGlite runs PostgreSQL compiled to WebAssembly synchronously on whatever thread it lives on; here that
 * thread is this worker, so a long query (a minute tick over thousands of open items, a delivery pass)
 * no longer stops the app's thread from answering Slack.
 *
 * Protocol (one message per call, answered by `id`):
 * - `run`: one statement as PostgreSQL wire-protocol bytes (Parse, Bind, Describe, Execute, Sync),
 *   built by the app's thread; answered with the engine's raw reply bytes, which the app's thread
 *   decodes. Both buffers are transferred, not copied, and this thread does no encoding, decoding or
 *   cloning of rows: it is the one engine every statement waits for, so it only runs the engine.
 * - `exec`: several statements as text (migrations), PGlite's simple query.
 * - Calls naming `tx` (a number the app's thread gives) run in that transaction, in the order they came;
 *   the first (`begin`) begins it once it has the engine. `end` commits or rolls it back. `close`.
 * Errors travel as plain fields (message, SQLSTATE `code`, detail, constraint, …) so src/db/errors.ts
 * classifies them alike.
 *
 * Every call but those inside a transaction waits for the engine in one of two lanes, interactive
 * (the request path) ahead of background (delivery, ticks): see pglite-lanes.ts. A transaction holds
 * the engine from `begin` to `end`, so it stays atomic and isolated as before.
 */
import fs from 'node:fs';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { PGlite, type PGliteOptions, type Transaction } from '@electric-sql/pglite';
import { createEngineQueue, type Lane } from './pglite-lanes';
import { serializeError, type ArrayTypes, type Reply, type Request } from './pglite-wire';

export interface WorkerStart {
  dataDir?: string;
  /** A dumped data folder (tar) to start from. */
  loadDataDir?: ArrayBuffer;
  loadDataDirFile?: string;
  /** Compiled once by the parent thread (see pglite.ts). */
  pgliteWasmModule?: object;
  initdbWasmModule?: object;
}

/** int8 as numbers, as the pg adapter does. */
const parsers = { 20: (v: string) => Number(v) };

interface OpenTx {
  /** Once the transaction has the engine and has begun. */
  began: Promise<Transaction>;
  decide(commit: boolean): void;
  /** Once it has ended (committed or rolled back); only after `began`. */
  settled(): Promise<unknown>;
  /** The last of its calls so far. */
  chain: Promise<unknown>;
}

/** Runs wire-protocol bytes on the engine and returns its reply bytes in one buffer of their own. */
async function runRaw(pglite: PGlite, bytes: Uint8Array, inTx: boolean): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  await pglite.execProtocolRawStream(bytes, {
    // the engine's output buffer is reused: each chunk is copied out as it comes
    onRawData: (chunk) => {
      chunks.push(chunk.slice());
      size += chunk.length;
    },
    // as PGlite's own query does: inside a transaction the files are synced at its end
    syncToFs: !inTx,
  });
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function main(port: MessagePort): Promise<void> {
  const start = workerData as WorkerStart;
  const post = (r: Reply, transfer?: ArrayBuffer[]) => port.postMessage(r, transfer);

  let pglite: PGlite;
  let arrayTypes: ArrayTypes;
  try {
    const dump = start.loadDataDirFile ? fs.readFileSync(start.loadDataDirFile) : start.loadDataDir;
    pglite = await PGlite.create({
      dataDir: start.dataDir,
      loadDataDir: dump ? new Blob([dump]) : undefined,
      pgliteWasmModule: start.pgliteWasmModule as PGliteOptions['pgliteWasmModule'],
      initdbWasmModule: start.initdbWasmModule as PGliteOptions['initdbWasmModule'],
      parsers,
    });
    // the array types PGlite itself reads at start-up (BasePGlite._initArrayTypes), for the app's thread
    arrayTypes = (
      await pglite.query<{ oid: number; typarray: number }>(
        `select b.oid, b.typarray from pg_catalog.pg_type a
           left join pg_catalog.pg_type b on b.oid = a.typelem
          where a.typcategory = 'A' group by b.oid, b.typarray order by b.oid`,
      )
    ).rows;
  } catch (err) {
    post({ id: 0, op: 'failed', error: serializeError(err) });
    return;
  }

  const engine = createEngineQueue();
  const txs = new Map<number, OpenTx>();
  const reply = (id: number, work: () => Promise<unknown>, transfer?: (v: unknown) => ArrayBuffer[]) =>
    work().then(
      (value) => post({ id, ok: true, value }, transfer?.(value)),
      (err: unknown) => post({ id, ok: false, error: serializeError(err) }),
    );
  const replyBytes = (v: unknown) => [(v as Uint8Array).buffer as ArrayBuffer];

  /**
   * Waits in its lane for the engine, then begins the transaction and holds the engine until it ends.
   * It begins with its first statement (the app's thread sends no BEGIN of its own): one trip between
   * the threads less, during which the engine would be held and idle.
   */
  const begin = (lane: Lane): OpenTx => {
    let decide!: (commit: boolean) => void;
    const decided = new Promise<boolean>((r) => (decide = r));
    let settled!: Promise<unknown>;
    const began = new Promise<Transaction>((resolve, reject) => {
      engine.push(
        lane,
        () =>
          new Promise<void>((free) => {
            let started = false;
            settled = pglite.transaction(async (t) => {
              started = true;
              resolve(t);
              if (!(await decided)) await t.rollback();
            });
            settled.then(
              () => free(),
              (err: unknown) => {
                if (!started) reject(err instanceof Error ? err : new Error(String(err)));
                free();
              },
            );
          }),
      );
    });
    void began.catch(() => undefined); // a BEGIN that failed fails the statements waiting for it
    return { began, decide, settled: () => settled, chain: Promise.resolve() };
  };

  /** A transaction's calls, in the order they came, each once the transaction has the engine. */
  const inTx = <T>(m: { tx: number; begin?: boolean; lane: Lane }, op: (t: Transaction) => Promise<T>) => {
    let open = txs.get(m.tx);
    if (!open) {
      if (!m.begin) {
        return Promise.reject(new Error('This transaction has already ended; a query was issued after it.'));
      }
      open = begin(m.lane);
      txs.set(m.tx, open);
    }
    const began = open.began;
    const result = open.chain.then(() => began).then(op);
    open.chain = result.catch(() => undefined);
    return result;
  };

  port.on('message', (m: Request) => {
    switch (m.op) {
      case 'run':
        if (m.tx !== undefined) {
          const tx = { tx: m.tx, begin: m.begin, lane: m.lane };
          void reply(m.id, () => inTx(tx, () => runRaw(pglite, m.bytes, true)), replyBytes);
        } else {
          engine.push(m.lane, () => reply(m.id, () => runRaw(pglite, m.bytes, false), replyBytes));
        }
        return;
      case 'exec':
        if (m.tx !== undefined) {
          const tx = { tx: m.tx, begin: m.begin, lane: m.lane };
          void reply(m.id, () => inTx(tx, async (t) => void (await t.exec(m.sql))));
        } else {
          engine.push(m.lane, () => reply(m.id, async () => void (await pglite.exec(m.sql))));
        }
        return;
      case 'end': {
        const open = txs.get(m.tx);
        void reply(m.id, async () => {
          if (!open) throw new Error('This transaction has already ended.');
          txs.delete(m.tx);
          // after every call of the transaction already sent
          await open.chain;
          await open.began;
          open.decide(m.commit);
          await open.settled();
        });
        return;
      }
      case 'close':
        // after everything already waiting, whichever lane it is in
        engine.push('background', () =>
          reply(m.id, () => pglite.close()).then(() => {
            port.close();
          }),
        );
        return;
    }
  });
  post({ id: 0, op: 'ready', arrayTypes });
}

if (parentPort) void main(parentPort);
