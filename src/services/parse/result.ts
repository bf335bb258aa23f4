/**
 * The shape every Trustloop parser returns.
 *
 * Parsers never throw on bad input: a person typed something, and they deserve a reply.
 * `message` is Slack mrkdwn written to be read by that person — warm, short, specific,
 * never blaming, and with a working example when one helps.
 */
export interface ParseError<C extends string = string> {
  code: C;
  message: string;
}

export type Result<T, C extends string = string> =
  { ok: true; value: T } | { ok: false; error: ParseError<C> };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<C extends string>(code: C, message: string): { ok: false; error: ParseError<C> } {
  return { ok: false, error: { code, message } };
}
