/**
 * A plain Web API POST for the delivery loop's ordinary calls (chat.postMessage, views.publish,
 * chat.update …): node:http(s) over a keep-alive agent, the body encoded once, Slack's answer sorted
 * into a SlackCallError exactly as classifySlackError sorts the WebClient's.
 *
 * Why not WebClient.apiCall for these: measured against the lean stand-in (bench/tools/web-api-cost.ts),
 * @slack/web-api 8 costs 0.47–0.67 ms of CPU per call (fetch/undici's Request, Headers and
 * AbortSignal objects, p-queue, p-retry, and its debug lines' `JSON.stringify(redact(body))`, built
 * even when debug is off) against 0.06–0.18 ms for this — a third of what delivering one message
 * costs in all. Nothing else changes: the same token per workspace, the same timeout, no retries of its
 * own (the outbox retries), Retry-After read the same way. Calls it does not cover (file uploads, a
 * call carrying its own token, binary arguments) still go through the WebClient.
 */
import http from 'node:http';
import https from 'node:https';
import { stringify } from 'node:querystring';
import { SlackCallError, TRANSIENT_PLATFORM_ERRORS } from '../jobs/slack-api';

/** What a WebClient was made with (createWebClient records it), so a call can be made without it. */
export interface PostTarget {
  token: string;
  /** Ends with '/'. */
  apiUrl: string;
  timeoutMs: number;
  /** Sent as `team_id` on every call, as WebClient does for an org-wide token. */
  teamId?: string;
}

/**
 * Keep-alive agents, one per protocol for the process. `timeout` lets Node honour the server's
 * `Keep-Alive: timeout=N` hint (it closes an idle socket a second before the server would), so a socket
 * is not reused just as the server closes it; a request's own time limit is the timer below.
 */
const agents = {
  http: new http.Agent({ keepAlive: true, timeout: 30_000 }),
  https: new https.Agent({ keepAlive: true, timeout: 30_000 }),
};

/** Methods Slack accepts a JSON body for (json_input_supported): cheaper to encode than a form. */
const JSON_BODY = /^(chat|views)\./;

/** Whether `postWebApi` can make this call (otherwise the WebClient does). */
export function postable(method: string, args: Record<string, unknown>): boolean {
  if (method === 'files.uploadV2' || 'token' in args) return false;
  for (const v of Object.values(args)) if (v instanceof Uint8Array) return false;
  return true;
}

/** The body WebClient would send: null and undefined left out, anything not a scalar as JSON text. */
function formBody(args: Record<string, unknown>): string {
  const flat: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(args)) {
    if (v === undefined || v === null) continue;
    flat[k] =
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
  }
  return stringify(flat);
}

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

function post(target: PostTarget, method: string, body: string, contentType: string): Promise<Answer> {
  const url = new URL(method, target.apiUrl);
  const secure = url.protocol === 'https:';
  return new Promise<Answer>((resolve, reject) => {
    const req = (secure ? https : http).request(
      {
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port || undefined,
        path: url.pathname + url.search,
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: {
          Authorization: `Bearer ${target.token}`,
          Accept: 'application/json',
          'Content-Type': contentType,
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'trustloop (node)',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          const retryAfter: string | string[] | undefined = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: typeof retryAfter === 'string' ? retryAfter : retryAfter?.[0],
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    function fail(err: Error): void {
      clearTimeout(timer);
      reject(new SlackCallError('transient', `request_error: ${err.message}`));
    }
    // the whole call, headers to last byte, as WebClient's AbortSignal.timeout
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${target.timeoutMs} ms`)),
      target.timeoutMs,
    );
    req.on('error', fail);
    req.end(body);
  });
}

/** One Web API call with the workspace's token; resolves with Slack's answer, or throws a SlackCallError. */
export async function postWebApi(
  target: PostTarget,
  method: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const all = target.teamId && !('team_id' in args) ? { team_id: target.teamId, ...args } : args;
  const json = JSON_BODY.test(method);
  const answer = await post(
    target,
    method,
    json ? JSON.stringify(all) : formBody(all),
    json ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded',
  );
  if (answer.status === 429) {
    const sec = Number.parseInt(answer.retryAfter ?? '', 10);
    if (Number.isNaN(sec)) throw new SlackCallError('transient', 'ratelimited without a valid Retry-After');
    throw new SlackCallError('ratelimited', 'ratelimited', Math.max(1, sec) * 1000);
  }
  if (answer.status !== 200) throw new SlackCallError('transient', `http_${answer.status}`);
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    throw new SlackCallError('transient', 'request_error: an answer that is not JSON');
  }
  if (!data.ok) {
    const code = typeof data.error === 'string' ? data.error : 'unknown_error';
    throw new SlackCallError(TRANSIENT_PLATFORM_ERRORS.has(code) ? 'transient' : 'permanent', code);
  }
  return data;
}
