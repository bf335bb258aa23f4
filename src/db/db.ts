import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One small database interface served by `pg` (PostgreSQL server) and by embedded PGlite.
 * Every SQL function takes a `Queryable` first, so it runs on the pool or inside a transaction alike.
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * A hot statement whose text is one of a few fixed strings: on PostgreSQL it is parsed (and, after a
   * few runs, planned) once per connection, as a named prepared statement named after its text. PGlite
   * has no use for it (one session, no wire) and ignores it. Never for text built from data.
   */
  prepared?: boolean;
}

export interface Queryable {
  query<R = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    opts?: QueryOptions,
  ): Promise<QueryResult<R>>;
}

export interface Tx extends Queryable {
  /** Runs several statements at once (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Tx {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * The same database for work nobody is waiting on (delivery passes, ticks). On embedded PGlite, whose
   * one engine runs every statement in turn, its statements and transactions let the request path's go
   * first, up to a bound (src/db/pglite-lanes.ts). Absent where there is no such queue (PostgreSQL
   * serves a pool of connections): the database itself serves both.
   */
  background?(): Db;
  close(): Promise<void>;
}

/**
 * Inside a transaction only `tx` may be used. On PGlite, touching the outer db from inside a
 * transaction deadlocks the whole instance for good; on PostgreSQL it silently uses another
 * connection and sees different data. Both are bugs, so the outer db refuses at once.
 *
 * The check needs to know, across awaits, whose transaction callback is running: an
 * AsyncLocalStorage. On Node 20 the first `run` of one installs a promise hook for the whole process,
 * so every promise pays for it from then on — about a tenth of the app's CPU per `/delegate`
 * (bench/REPORT.md). It is a check for programming mistakes, which the tests and a development run
 * make, so production turns it off (`checkOuterUse: false`, runtime.ts) and pays nothing.
 */
const insideTransaction = new AsyncLocalStorage<symbol>();

export interface OuterUseGuard {
  /** Throws when called from inside one of this database's transaction callbacks. */
  check(): void;
  /** Runs a transaction callback, marked as this database's. */
  scope<T>(fn: () => Promise<T>): Promise<T>;
}

export function outerUseGuard(name: string, enabled = true): OuterUseGuard {
  if (!enabled) return { check: () => undefined, scope: (fn) => fn() };
  const owner = Symbol(name);
  return {
    check() {
      if (insideTransaction.getStore() === owner) {
        throw new Error(
          'The outer database was used inside a transaction callback; use the `tx` it was given.',
        );
      }
    },
    scope: (fn) => insideTransaction.run(owner, fn),
  };
}

/** A transaction handle must not outlive its callback (a floating promise would write after COMMIT). */
export function closedAfter(tx: Tx, isOpen: () => boolean): Tx {
  const check = () => {
    if (!isOpen()) throw new Error('This transaction has already ended; a query was issued after it.');
  };
  return {
    query: (text, params, opts) => {
      check();
      return tx.query(text, params, opts);
    },
    exec: (sql) => {
      check();
      return tx.exec(sql);
    },
  };
}
