/**
 * Requests exactly as Slack sends them: form-encoded slash commands and interaction payloads with the
 * `application/x-www-form-urlencoded` content type (Bolt compares it literally) and a v0 signature over
 * `v0:<timestamp>:<body>`. Bodies are built and signed before a load starts (the timestamp must stay
 * within Bolt's 5-minute window, so a set is built per run).
 */
import { signRequest } from '../../src/sandbox/slack-client/sign';
import { SIGNING_SECRET } from './procs';

export const FORM = 'application/x-www-form-urlencoded';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export interface CommandFields {
  teamId: string;
  userId: string;
  channelId: string;
  command: string;
  text: string;
  responseUrl: string;
  triggerId?: string;
}

export function commandBody(c: CommandFields): string {
  return new URLSearchParams([
    ['token', 'bench-verification-token'],
    ['team_id', c.teamId],
    ['team_domain', c.teamId.toLowerCase()],
    ['enterprise_id', 'E0BENCH'], // a workspace of the bench org (see lean-slack's auth.test)
    ['channel_id', c.channelId],
    ['channel_name', 'bench'],
    ['user_id', c.userId],
    ['user_name', c.userId.toLowerCase()],
    ['command', c.command],
    ['text', c.text],
    ['api_app_id', 'A0TRUSTLOOP'],
    ['is_enterprise_install', 'false'],
    ['response_url', c.responseUrl],
    ['trigger_id', c.triggerId ?? `tr.${c.userId}.${Math.random().toString(36).slice(2, 10)}`],
  ]).toString();
}

export function sign(body: string, contentType = FORM, nowMs = Date.now(), secret = SIGNING_SECRET): SignedRequest {
  const ts = Math.floor(nowMs / 1000);
  return {
    body,
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signRequest(body, secret, ts),
    },
  };
}

export interface SendResult {
  status: number;
  text: string;
  ms: number;
  error?: string;
}

/** One signed POST to /slack/events with a hard timeout (Slack gives up after 3 s; we wait `timeoutMs`). */
export async function send(appUrl: string, req: SignedRequest, timeoutMs = 5000): Promise<SendResult> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${appUrl}/slack/events`, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return { status: res.status, text, ms: performance.now() - t0 };
  } catch (err) {
    const name = (err as { name?: string }).name ?? '';
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { status: 0, text: '', ms: performance.now() - t0, error: name === 'TimeoutError' ? 'timeout' : (cause ?? (err as Error).message) };
  }
}

/** Text a person would read in an ack body (JSON with text/blocks, or plain). */
export function ackText(raw: string): string {
  if (!raw) return '';
  try {
    const j = JSON.parse(raw) as { text?: string; blocks?: { text?: { text?: string } }[] };
    return [j.text ?? '', ...(j.blocks ?? []).map((b) => b.text?.text ?? '')].join('\n');
  } catch {
    return raw;
  }
}
