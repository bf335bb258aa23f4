import type { Result } from '../../../src/services/parse/result';

/** The value of a successful parse; fails the test with the person-facing message otherwise. */
export function valueOf<T, C extends string>(result: Result<T, C>): T {
  if (!result.ok)
    throw new Error(`expected a successful parse, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The error of a failed parse; fails the test with the parsed value otherwise. */
export function errorOf<T, C extends string>(result: Result<T, C>): { code: C; message: string } {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** Every reply a person reads should be kind and specific: no jargon, no blame, no shouting. */
export function expectFriendly(message: string): void {
  expect(message.trim().length).toBeGreaterThan(20);
  expect(message).not.toMatch(/\b(invalid|error|illegal|wrong|failed to|you must|syntax)\b/i);
  expect(message).not.toMatch(/!{2,}|[A-Z]{6,}/);
  expect(message.length).toBeLessThan(600);
}
