/**
 * Slack's request signature (docs.slack.dev/authentication/verifying-requests-from-slack): header
 * `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>">` and
 * `X-Slack-Request-Timestamp: <unix seconds>`. Checked in two steps so that a request that cannot be
 * Slack's costs nothing: the headers first (before a byte of the body is read), the HMAC once the
 * body is in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Slack's replay window. Bolt only refuses timestamps older than this; a timestamp in the future is
 * refused too, or a captured request could be replayed for as long as its sender liked.
 */
export const SIGNATURE_WINDOW_S = 5 * 60;

const SIGNATURE = /^v0=([0-9a-f]{64})$/;
const TIMESTAMP = /^\d{1,12}$/;

export type SignatureHeaders =
  | { ok: true; timestampSec: number; signature: string; digest: Buffer }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'future' };

/** The two headers, present once each, well-formed, and a timestamp within 5 minutes of `nowMs`. */
export function checkSignatureHeaders(headers: IncomingHttpHeaders, nowMs: number): SignatureHeaders {
  const signature = headers['x-slack-signature'];
  const timestamp = headers['x-slack-request-timestamp'];
  if (signature === undefined || timestamp === undefined) return { ok: false, reason: 'missing' };
  if (typeof signature !== 'string' || typeof timestamp !== 'string')
    return { ok: false, reason: 'malformed' };
  const sig = SIGNATURE.exec(signature);
  if (!sig || !TIMESTAMP.test(timestamp)) return { ok: false, reason: 'malformed' };
  const timestampSec = Number(timestamp);
  const nowSec = Math.floor(nowMs / 1000);
  if (timestampSec < nowSec - SIGNATURE_WINDOW_S) return { ok: false, reason: 'stale' };
  if (timestampSec > nowSec + SIGNATURE_WINDOW_S) return { ok: false, reason: 'future' };
  return { ok: true, timestampSec, signature, digest: Buffer.from(sig[1], 'hex') };
}

/** The HMAC over the raw bytes as received, compared in constant time. */
export function signatureMatches(
  signingSecret: string,
  headers: { timestampSec: number; digest: Buffer },
  rawBody: Buffer,
): boolean {
  const expected = createHmac('sha256', signingSecret)
    .update(`v0:${headers.timestampSec}:`)
    .update(rawBody)
    .digest();
  return expected.length === headers.digest.length && timingSafeEqual(expected, headers.digest);
}
