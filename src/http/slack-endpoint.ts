/**
 * POST /slack/events: the only way into Bolt's HTTPReceiver (built with `signatureVerification: false`,
 * see app.ts). Everything that is not Slack is refused here, as early and as cheaply as it can be told:
 *
 *   1. signature headers missing, malformed, stale or from the future → 401 before the body is read
 *   2. a body larger than Slack ever sends (Content-Length, then counting)  → 413
 *   3. too many large bodies being read at once                             → 503, Retry-After
 *   4. HMAC over the raw bytes does not match (checked once, here)          → 401
 *   5. a body Bolt cannot read (`payload=null`)                             → 400
 *   6. a replay of a request already acted on (any replica), or an Events
 *      API retry of an event already received                              → empty 200, not acted on again
 *
 * Refusals end the connection (see `refuse`). What passes is handed to Bolt already buffered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import { declaredLength, readBody, refusalLog, refuse } from './respond';
import type { ReplayGuard } from './replay-guard';
import { checkSignatureHeaders, signatureMatches, SIGNATURE_WINDOW_S } from './slack-signature';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The largest body Slack sends us, with room to spare: 1 MiB. Slack documents no limit for what it
 * sends, so this is derived from what it accepts from apps, since everything large in a payload is
 * an echo of something we sent:
 * - Interactivity (block_actions, view_submission) carries the whole view or message the user acted
 *   on. Slack refuses a view above 250 kB (`views.open`/`update`/`push`/`publish`: `view_too_large`)
 *   and a message above ~40,000 characters (and ~12–13 k characters of block text, msg_blocks_too_long).
 *   The payload is JSON inside `application/x-www-form-urlencoded`; percent-encoding at most triples
 *   ASCII JSON (≈1.3–1.6× for real Block Kit), so a maximal 250 kB view arrives as ≤ 750 kB.
 *   Add the typed values: Trustloop's forms have ≤ 7 text inputs of ≤ 1,000 characters (max_length in
 *   src/views), ≤ 12 bytes each once UTF-8 and percent-encoded → ≤ 84 kB; plus ~1 kB of envelope.
 * - Slash commands: a handful of fields and the typed text (a message: ≤ 40,000 characters; typical
 *   commands are under 1 kB).
 * - Events API: JSON, not percent-encoded; the largest Trustloop subscribes to is app_home_opened,
 *   which carries the Home view (≤ 250 kB).
 * Real Trustloop bodies are far smaller: the Home view of a leader with 10,000 ledger entries is 7 kB
 * (bench/REPORT.md); the /delegate form submitted with every text field at its limit, in emoji, is
 * 46 kB on the wire (measured through the sandbox sender). Bolt's own default is 4 MB.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** An unsigned request is read only if it can be Slack's `ssl_check=1&token=…` (a few dozen bytes). */
const SSL_CHECK_MAX_BYTES = 512;
/** Bodies above this share a budget while they are read; smaller ones (every command) always get in. */
const LARGE_BODY_BYTES = 64 * 1024;
/** At most this many bytes of large bodies are buffered at once, however many senders try. */
const LARGE_BODIES_BUDGET_BYTES = 8 * 1024 * 1024;
/** Signature keys outlive the signature window by a minute (replicas' clocks differ a little). */
const SIGNATURE_KEY_TTL_S = SIGNATURE_WINDOW_S + 60;
/** Slack retries an event up to 3 times, the last about 5 minutes after the first delivery. */
const EVENT_KEY_TTL_S = 15 * 60;

const FORM = 'application/x-www-form-urlencoded';

export interface SlackEndpointOptions {
  signingSecret: string;
  /** Bolt's HTTPReceiver listener; it receives only verified, buffered requests. */
  bolt: RequestListener;
  log: Logger;
  /** Remembers what was already acted on; without it, replays inside the window act again. */
  replays?: ReplayGuard;
  /** Real time, for the signature window (tests may move it). */
  now?: () => number;
  maxBodyBytes?: number;
}

interface BodyFacts {
  /** Bolt would throw on it: Slack only ever sends objects. */
  unreadable: boolean;
  eventId: string | null;
}

/**
 * True when a body is one Bolt's receiver cannot read at all. Bolt assumes the parsed body is an object;
 * `payload=null` (or a JSON body of `null`) makes it throw inside its own promise, leaving the request
 * unanswered and an unhandled rejection behind (found by the fuzz drill).
 */
export function unreadableBySlackReceiver(rawBody: string, contentType: string | undefined): boolean {
  return inspectBody(rawBody, contentType).unreadable;
}

function inspectBody(text: string, contentType: string | undefined): BodyFacts {
  if (contentType === FORM) {
    const payload = new URLSearchParams(text).get('payload');
    return { unreadable: payload !== null && !payload.trimStart().startsWith('{'), eventId: null };
  }
  if (!contentType?.startsWith('application/json')) return { unreadable: false, eventId: null };
  if (!text.trimStart().startsWith('{')) return { unreadable: true, eventId: null };
  let eventId: string | null = null;
  try {
    const parsed = JSON.parse(text) as { event_id?: unknown };
    if (typeof parsed.event_id === 'string' && parsed.event_id !== '') eventId = parsed.event_id;
  } catch {
    // Bolt answers malformed JSON with its own 400
  }
  return { unreadable: false, eventId };
}

export function createSlackEndpoint(opts: SlackEndpointOptions): RequestListener {
  const now = opts.now ?? Date.now;
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const log = opts.log;
  const refused = refusalLog(log, 'refused requests to the Slack endpoint', now);
  let largeInFlight = 0;

  const deny = (res: ServerResponse, status: number, reason: string, headers?: Record<string, string>) => {
    refused(`${status} ${reason}`);
    refuse(res, status, headers);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const length = declaredLength(req);
    if (Number.isNaN(length)) return deny(res, 400, 'bad content-length');

    const headers = checkSignatureHeaders(req.headers, now());
    if (!headers.ok) {
      if (headers.reason === 'missing' && (await isUnsignedSslCheck(req, length))) {
        res.writeHead(200, { connection: 'close', 'content-length': 0 }).end();
        return;
      }
      return deny(res, 401, `signature ${headers.reason}`);
    }
    if (length !== undefined && length > maxBody) return deny(res, 413, 'too large');

    // A body of unknown length (chunked) may grow to the cap: it reserves the cap.
    const reserve = length ?? maxBody;
    const large = reserve > LARGE_BODY_BYTES;
    if (large && largeInFlight + reserve > LARGE_BODIES_BUDGET_BYTES) {
      return deny(res, 503, 'large bodies busy', { 'retry-after': '1' });
    }
    if (large) largeInFlight += reserve;
    let read;
    try {
      read = await readBody(req, maxBody);
    } finally {
      if (large) largeInFlight -= reserve;
    }
    if (!read.ok) {
      if (read.reason === 'too_large') return deny(res, 413, 'too large');
      return; // the sender went away, or our unanswered guard already answered and closed
    }
    if (res.writableEnded) return;
    if (!signatureMatches(opts.signingSecret, headers, read.body))
      return deny(res, 401, 'signature mismatch');

    const facts = inspectBody(read.body.toString('utf8'), req.headers['content-type']);
    if (facts.unreadable) return deny(res, 400, 'not an object');

    if (opts.replays) {
      const key = facts.eventId ? `event:${facts.eventId}` : `sig:${headers.signature.slice(3)}`;
      const ttl = facts.eventId ? now() / 1000 + EVENT_KEY_TTL_S : headers.timestampSec + SIGNATURE_KEY_TTL_S;
      const seen = await opts.replays.firstSeen(key, new Date(ttl * 1000));
      if (seen === 'replay') {
        const retryNum = req.headers['x-slack-retry-num'];
        log.info(
          facts.eventId ? { eventId: facts.eventId, retryNum } : { retryNum },
          facts.eventId
            ? 'an event already received came again; acknowledged, not processed twice'
            : 'a replayed Slack request was acknowledged without acting again',
        );
        if (!res.headersSent) res.writeHead(200, { 'content-length': 0 }).end();
        return;
      }
      if (res.writableEnded) return;
    }

    // Bolt reuses a body already buffered on the request (HTTPModuleFunctions.bufferIncomingMessage).
    Object.assign(req, { rawBody: read.body });
    try {
      opts.bolt(req, res);
    } catch (err) {
      // Bolt throws (synchronously, with the request attached) for a route it does not serve.
      log.warn({ error: err instanceof Error ? err.message : String(err) }, 'Bolt refused a Slack request');
      refuse(res, 404);
    }
  }

  /** Slack's `ssl_check=1` (sent unsigned when the request URL is saved) is answered 200, nothing else. */
  async function isUnsignedSslCheck(req: IncomingMessage, length: number | undefined): Promise<boolean> {
    if (req.headers['content-type'] !== FORM || length === undefined || length > SSL_CHECK_MAX_BYTES)
      return false;
    const read = await readBody(req, SSL_CHECK_MAX_BYTES);
    return read.ok && new URLSearchParams(read.body.toString('utf8')).get('ssl_check') === '1';
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err }, 'the Slack endpoint failed while reading a request');
      refuse(res, 500);
    });
  };
}
