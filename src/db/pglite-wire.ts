/**
 * What crosses between the app's thread (pglite.ts) and PGlite's worker thread (pglite-worker.ts): the
 * messages, and the encoding of statements and decoding of their replies, which happen on the app's
 * thread so that the database's thread, the one every statement waits for, only runs the engine.
 */
import { parse as pgliteParse, protocol, types as pgliteTypes } from '@electric-sql/pglite';
import type { QueryResult } from './db';
import type { Lane } from './pglite-lanes';

export type Request =
  // `tx`: in that transaction (numbered by the app's thread); `begin`: its first call, which begins it
  | { id: number; op: 'run'; bytes: Uint8Array; tx?: number; begin?: boolean; lane: Lane }
  | { id: number; op: 'exec'; sql: string; tx?: number; begin?: boolean; lane: Lane }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

export interface SerializedError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

/** Element and array type oids, for the app's thread to decode arrays as PGlite does. */
export type ArrayTypes = { oid: number; typarray: number }[];

export type Reply =
  | { id: number; ok: true; value?: unknown }
  | { id: number; ok: false; error: SerializedError }
  | { id: 0; op: 'ready'; arrayTypes: ArrayTypes }
  | { id: 0; op: 'failed'; error: SerializedError };

/** int8 as numbers, as the pg adapter does. */
const int8AsNumber = { 20: (v: string) => Number(v) };

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

export function toError(s: SerializedError): Error {
  const err = new Error(s.message);
  err.name = s.name;
  return Object.assign(err, s.fields);
}

/**
 * A parameter as text, by its JavaScript type, as node-postgres sends it (so the SQL that runs on
 * PostgreSQL through `pg` means the same here), except that a Date is sent in UTC, as PGlite's own
 * serializer does. PGlite's `query` learns each parameter's type first (Parse and Describe: a second
 * trip into the engine per statement); PostgreSQL infers untyped text parameters the same way.
 */
export function paramText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  // by tag rather than `instanceof`: under jest a value may come from another realm
  if (Object.prototype.toString.call(v) === '[object Date]') return (v as Date).toISOString();
  if (ArrayBuffer.isView(v)) return `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  if (Array.isArray(v)) return arrayLiteral(v);
  if (typeof v === 'object') return JSON.stringify(v);
  throw new TypeError(`A ${typeof v} cannot be a statement parameter.`);
}

/** node-postgres's array literal: elements quoted and escaped, objects as JSON, null as NULL. */
function arrayLiteral(xs: readonly unknown[]): string {
  const parts = xs.map((x) => {
    if (x === null || x === undefined) return 'NULL';
    if (Array.isArray(x)) return arrayLiteral(x);
    const text = paramText(x) ?? '';
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${parts.join(',')}}`;
}

/** One statement with its parameters as the engine's wire protocol: Parse, Bind, Describe, Execute, Sync. */
/**
 * `statement`: a named prepared statement, parsed first when `parse` (the first run of its text), else
 * bound as the engine already holds it, which skips parsing, analysing and (once PostgreSQL settles on
 * a generic plan) planning the text again.
 */
export function encodeStatement(
  text: string,
  params: readonly unknown[] | undefined,
  statement?: { name: string; parse: boolean },
): Uint8Array {
  const s = protocol.serialize;
  const parts = [
    ...(statement && !statement.parse ? [] : [s.parse({ text, name: statement?.name })]),
    s.bind({ statement: statement?.name, values: (params ?? []).map(paramText) }),
    s.describe({ type: 'P' }),
    s.execute({}),
    s.sync(),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export type Parsers = Parameters<typeof pgliteParse.parseResults>[1];

/** PGlite's own parsers (with int8 as numbers), arrays of every array type the database had at start. */
export function parsersFor(arrayTypes: ArrayTypes): Parsers {
  const out: Parsers = { ...pgliteTypes.parsers, ...int8AsNumber };
  for (const { oid, typarray } of arrayTypes) {
    out[typarray] = (x: string) => pgliteTypes.arrayParser(x, out[oid], typarray) as unknown;
  }
  return out;
}

/**
 * The engine's reply to one statement, decoded here rather than on the database's thread: its rows, or
 * its error as PGlite would have thrown it (SQLSTATE `code`, constraint, … and the statement's text).
 */
export function decodeReply<R>(bytes: Uint8Array, text: string, types: Parsers): Decoded<R> {
  const messages: Parameters<typeof pgliteParse.parseResults>[0] = [];
  new protocol.Parser().parse(bytes, (m) => messages.push(m));
  const parsed = messages.some((m) => m.name === 'parseComplete');
  const failed = messages.find((m) => m instanceof protocol.messages.DatabaseError);
  if (failed) return { parsed, error: toError(serializeError(Object.assign(failed, { query: text }))) };
  const r = pgliteParse.parseResults(messages, types)[0];
  return { parsed, result: { rows: r.rows as R[], rowCount: r.affectedRows || r.rows.length } };
}

/** A reply: its result or its error, and whether the engine parsed a statement (so now holds it, if named). */
export type Decoded<R> = { parsed: boolean } & (
  { result: QueryResult<R>; error?: undefined } | { error: Error; result?: undefined }
);
