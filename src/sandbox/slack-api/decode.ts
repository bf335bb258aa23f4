/**
 * Decoding Web API requests as Slack does. `@slack/web-api` posts `application/x-www-form-urlencoded`
 * with objects (`blocks`, `view`, `attachments`, `metadata`) as JSON strings and booleans/numbers as
 * strings (WebClient `serializeBody`); other clients post `application/json`. Both are accepted.
 */
import { isJsonObject, parseJson } from './json';

/** Arguments Slack documents as "a JSON-based array/object presented as a URL-encoded string". */
const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata', 'files', 'outputs']);

export type DecodedRequest =
  { ok: true; args: Record<string, unknown>; bodyToken?: string } | { ok: false; error: string };

export function decodeApiRequest(
  contentType: string | undefined,
  raw: string,
  query: URLSearchParams,
): DecodedRequest {
  const args: Record<string, unknown> = {};
  for (const [k, v] of query) args[k] = v;
  let bodyToken: string | undefined;
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();

  if (raw.length === 0) {
    // No body: arguments (if any) came in the query string, as with GET.
  } else if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(raw);
    for (const [k, v] of form) args[k] = v;
    bodyToken = form.get('token') ?? undefined;
  } else if (type === 'application/json') {
    const parsed = parseJson(raw);
    if (!parsed.ok) return { ok: false, error: 'invalid_json' };
    if (!isJsonObject(parsed.value)) return { ok: false, error: 'json_not_object' };
    // Slack ignores a `token` inside a JSON body: JSON requests must send it as a Bearer header.
    Object.assign(args, parsed.value);
  } else if (type === '') {
    return { ok: false, error: 'missing_post_type' };
  } else {
    return { ok: false, error: 'invalid_post_type' };
  }

  for (const key of JSON_FIELDS) {
    const v = args[key];
    if (typeof v === 'string' && v !== '') {
      const parsed = parseJson(v);
      // Left as a string when it is not JSON: each method turns that into its own error code.
      if (parsed.ok) args[key] = parsed.value;
    }
  }
  if (query.get('token') !== null && bodyToken === undefined) bodyToken = query.get('token') ?? undefined;
  delete args.token;
  return { ok: true, args, bodyToken };
}

/** `Authorization: Bearer xoxb-…` */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1] : undefined;
}
