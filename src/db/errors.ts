/**
 * What a database error means for the caller, decided in one place from PostgreSQL's SQLSTATE codes
 * (the same on PGlite) and the pg driver's connection errors.
 */

/** SQLSTATEs that mean "the database is there but cannot take writes right now". */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001',
  '08003',
  '08006',
  '25006', // read_only_sql_transaction
  '53100', // disk_full
  '53200', // out_of_memory
  '53300', // too_many_connections
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|read-only transaction/i;

/** The database is briefly away or read-only: a person is asked to try again, nothing was changed. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && (UNAVAILABLE_CODES.has(e.code) || NETWORK_CODES.has(e.code))) return true;
  return UNAVAILABLE_MESSAGE.test(e.message ?? '');
}

/** Errors after which a connection's session should not be reused (read-only default, shutdown, broken link). */
export function sessionIsSpoiled(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  return code === '25006' || code.startsWith('57P') || code.startsWith('08');
}

/**
 * A named prepared statement that can no longer run as prepared ("cached plan must not change result
 * type": a table it selects `*` from changed under it, e.g. a newer replica's migration added a column).
 * It failed before doing anything, so it can run again unprepared. Same code on PostgreSQL and PGlite.
 */
export function planWentStale(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '');
}
