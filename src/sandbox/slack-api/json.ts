/**
 * JSON value types and guards. Everything the stand-in stores came off the wire as JSON, so it is typed
 * as JSON (not `any`) and narrowed with these guards where a shape matters.
 */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isJsonObjectArray(value: unknown): value is JsonObject[] {
  return Array.isArray(value) && value.every(isJsonObject);
}

/** Parses JSON without letting `any` escape: callers narrow the `unknown` result. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Deep copy of a JSON value, so state handed out to callers can't be mutated behind the stand-in's back. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
