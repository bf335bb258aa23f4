/**
 * Short references people type and read: delegations `D-12`, commitments `C-7`.
 *
 * Accepted when typed: any case (`d12`, `c-7`), with or without the hyphen, an en/em dash from
 * smart punctuation (`D–12`), or a leading `#` (`#D-12`). Leading zeros are ignored (`D-007` is 7).
 * Numbers start at 1 and stay within a Postgres `integer`.
 */
import { fail, ok, type Result } from './result';
import { quote } from './text';

export type RefPrefix = 'D' | 'C';

export interface Ref {
  prefix: RefPrefix;
  number: number;
}

/** Largest reference number (Postgres `integer`). */
export const REF_MAX = 2_147_483_647;

export type RefErrorCode = 'no_ref' | 'bad_ref';

const REF_SHAPE = /^#?([A-Za-z])[-–—‐]?(\d+)$/u;

/** True when `token` is shaped like a reference (`D-12`, `x7`), whether or not it is a valid one. */
export function looksLikeRef(token: string): boolean {
  return REF_SHAPE.test(token.trim()) || /^#?[DdCc][-–—‐]\S*$/u.test(token.trim());
}

export function parseRef(text: string): Result<Ref, RefErrorCode> {
  const token = text.trim();
  if (!token) {
    return fail(
      'no_ref',
      'Which one? Give its reference, like `D-12` for a delegation or `C-7` for a commitment.',
    );
  }
  const m = REF_SHAPE.exec(token);
  const letter = m?.[1]?.toUpperCase();
  if (!m || (letter !== 'D' && letter !== 'C')) {
    return fail(
      'bad_ref',
      `${quote(token)} isn't a reference I know — delegations look like \`D-12\` and commitments like \`C-7\`.`,
    );
  }
  const digits = m[2].replace(/^0+(?=\d)/, '');
  const n = digits.length > 10 ? Infinity : Number(digits);
  if (n < 1) {
    return fail(
      'bad_ref',
      `${quote(token)} isn't a reference I know — numbers start at 1, like \`${letter}-1\`.`,
    );
  }
  if (n > REF_MAX) {
    return fail(
      'bad_ref',
      `${quote(token)} is a bigger number than any reference — check the number in the message you're answering.`,
    );
  }
  return ok({ prefix: letter, number: n });
}

export function formatRef(prefix: RefPrefix, n: number): string {
  return `${prefix}-${n}`;
}
