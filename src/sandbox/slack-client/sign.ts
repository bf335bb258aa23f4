/**
 * Slack request signing (docs.slack.dev/authentication/verifying-requests-from-slack; Bolt
 * `verify-request.ts`): `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret.
 */
import { createHmac } from 'node:crypto';

export function signRequest(body: string, signingSecret: string, timestampSec: number): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export type SignatureMode =
  /** A correct signature (default). */
  | 'valid'
  /** Well-formed but wrong: signed with another secret. */
  | 'invalid'
  /** No X-Slack-Signature / X-Slack-Request-Timestamp headers at all. */
  | 'missing';

export interface SigningOptions {
  signature?: SignatureMode;
  /**
   * Seconds added to the current time for the timestamp header: -301 makes a stale request (Bolt refuses
   * anything older than 5 minutes), +600 one from the future (which Bolt 5.1 accepts).
   */
  timestampOffsetSec?: number;
  /** Sign with this secret instead of the app's. */
  signingSecret?: string;
}

/** Headers Slack adds to every request it sends to an app. */
export function signatureHeaders(
  body: string,
  signingSecret: string,
  nowMs: number,
  opts: SigningOptions = {},
): Record<string, string> {
  const mode = opts.signature ?? 'valid';
  if (mode === 'missing') return {};
  const ts = Math.floor(nowMs / 1000) + (opts.timestampOffsetSec ?? 0);
  const secret =
    mode === 'invalid'
      ? `${opts.signingSecret ?? signingSecret}-wrong`
      : (opts.signingSecret ?? signingSecret);
  return {
    'X-Slack-Request-Timestamp': String(ts),
    'X-Slack-Signature': signRequest(body, secret, ts),
  };
}
