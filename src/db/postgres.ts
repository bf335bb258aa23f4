import { createHash } from 'node:crypto';
import pg from 'pg';
import { closedAfter, outerUseGuard, type Db, type QueryOptions, type QueryResult, type Tx } from './db';
import { planWentStale, sessionIsSpoiled } from './errors';

// A stale prepared statement (errors.ts `planWentStale`) stays under its name in the session, so the
// connection is discarded rather than reused.
const spoiled = (err: unknown): boolean => sessionIsSpoiled(err) || planWentStale(err);

/** A prepared statement's name: its text's hash, so the same text is the same statement on every connection. */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `t_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** What `pg` sends: a named statement (parsed once per connection) or a plain one. */
const statement = (
  text: string,
  params: readonly unknown[] | undefined,
  opts?: QueryOptions,
): pg.QueryConfig =>
  opts?.prepared
    ? { name: statementName(text), text, values: params as unknown[] }
    : { text, values: params as unknown[] };

export interface PostgresOptions {
  connectionString: string;
  max?: number;
  /** Fail fast while the server is down, so a slash command can still answer within Slack's 3 s. */
  connectionTimeoutMillis?: number;
  statementTimeoutMillis?: number;
  onError?: (err: Error) => void;
  /** Refuse the outer db inside a transaction callback (db.ts `outerUseGuard`); default on. */
  checkOuterUse?: boolean;
}

/** int8 (counts, identity ids) as JS numbers on both drivers; our values stay far below 2^53. */
const parseInt8 = (v: string): number => Number(v);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === 20
      ? parseInt8
      : (pg.types.getTypeParser as (o: number, f?: 'text' | 'binary') => unknown)(
          oid,
          format,
        )) as typeof pg.types.getTypeParser,
};

export function createPostgresDb(opts: PostgresOptions): Db {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 1500,
    statement_timeout: opts.statementTimeoutMillis ?? 10_000,
    idleTimeoutMillis: 30_000,
    types,
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', (err) => opts.onError?.(err));
  const guard = outerUseGuard('postgres', opts.checkOuterUse);

  const toResult = <R>(r: pg.QueryResult): QueryResult<R> => ({
    rows: r.rows as R[],
    rowCount: r.rowCount ?? r.rows.length,
  });

  /**
   * Runs one statement on a pooled connection. A connection whose session went bad — the database was
   * made read-only (sessions keep the read-only default they started with), or the server is shutting
   * it down — is discarded instead of returned, so the pool recovers on its own with fresh sessions.
   */
  async function onConnection<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let discard: Error | undefined;
    const onError = (err: Error) => {
      discard = err;
      opts.onError?.(err);
    };
    client.on('error', onError);
    try {
      return await work(client);
    } catch (err) {
      if (spoiled(err)) discard = err as Error;
      throw err;
    } finally {
      client.removeListener('error', onError);
      // a discarded connection may still report its own end: keep listening so that never crashes us
      if (discard) client.on('error', ignore);
      client.release(discard);
    }
  }

  return {
    kind: 'postgres',
    async query<R>(text: string, params?: readonly unknown[], opts?: QueryOptions) {
      guard.check();
      const run = () =>
        onConnection(async (client) => toResult<R>(await client.query(statement(text, params, opts))));
      try {
        return await run();
      } catch (err) {
        // A prepared statement whose tables changed under it (a migration by a newer replica) fails
        // before it does anything; its connection was discarded, so a fresh one prepares it anew.
        if (opts?.prepared && planWentStale(err)) return run();
        throw err;
      }
    },
    async exec(sql: string) {
      guard.check();
      await onConnection((client) => client.query(sql));
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      guard.check();
      const client = await pool.connect();
      // A checked-out client whose connection dies (server restart, admin shutdown) emits 'error' on
      // itself, not on the pool: without a listener that would crash the process.
      let broken: Error | undefined;
      const onError = (err: Error) => {
        broken = err;
        opts.onError?.(err);
      };
      client.on('error', onError);
      let open = true;
      const raw: Tx = {
        query: async <R>(text: string, params?: readonly unknown[], opts?: QueryOptions) =>
          toResult<R>(await client.query(statement(text, params, opts))),
        exec: async (sql: string) => {
          await client.query(sql);
        },
      };
      try {
        await client.query('BEGIN');
        const result = await guard.scope(() => fn(closedAfter(raw, () => open)));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (spoiled(err)) broken ??= err as Error;
        await client.query('ROLLBACK').catch((rollbackErr: Error) => {
          broken ??= rollbackErr;
        });
        throw err;
      } finally {
        open = false;
        client.removeListener('error', onError);
        if (broken) client.on('error', ignore);
        client.release(broken); // a broken connection is discarded, not returned to the pool
      }
    },
    async close() {
      await pool.end();
    },
  };
}

const ignore = (): void => undefined;
