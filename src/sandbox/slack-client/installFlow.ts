/**
 * The browser's part of "Add to Slack": open the app's install page (which sets the OAuth state cookie),
 * follow its link to Slack's authorize page (the stand-in's), and follow Slack's redirect back to the
 * app's redirect URL with the cookie. Each hop is a plain GET without automatic redirects, so a test sees
 * every answer and can tamper with one (drop the cookie, forge the state, replay a code).
 */

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface InstallFlowOptions {
  /** The app's install path, e.g. `http://127.0.0.1:3000/slack/install`. */
  installUrl: string;
  /** Send this Cookie header to the redirect URL instead of the one the install page set. */
  cookie?: string;
  /** Replace the `state` Slack hands back (a forged or stale state). */
  state?: string;
  /** Replace the `code` Slack hands back (e.g. one already used). */
  code?: string;
}

export interface InstallFlowResult {
  installPage: HttpAnswer;
  /** `name=value` of the cookie(s) the install page set. */
  cookie: string;
  /** The authorize URL the install page pointed to (its redirect, or the Add to Slack link). */
  authorizeUrl: string;
  authorize: HttpAnswer;
  /** Where Slack sent the browser back to (redirect_uri with code and state, or error). */
  redirectUrl?: string;
  /** The app's answer on its redirect URL (undefined when Slack answered with an error page). */
  callback?: HttpAnswer;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<HttpAnswer & { setCookies: string[] }> {
  const res = await fetch(url, { redirect: 'manual', headers });
  return {
    status: res.status,
    headers: Object.fromEntries(res.headers),
    body: await res.text(),
    setCookies: res.headers.getSetCookie(),
  };
}

/** The first href to an OAuth authorize page in an HTML page (`&amp;` decoded). */
function authorizeLink(html: string): string | undefined {
  const m = /href="([^"]*\/oauth(?:\/v2)?\/authorize[^"]*)"/.exec(html);
  return m ? m[1].replace(/&amp;/g, '&') : undefined;
}

export async function runInstallFlow(opts: InstallFlowOptions): Promise<InstallFlowResult> {
  const page = await get(opts.installUrl);
  const cookie = page.setCookies.map((c) => c.split(';')[0]).join('; ');
  const authorizeUrl = page.status >= 300 && page.status < 400 ? page.headers.location : authorizeLink(page.body);
  if (!authorizeUrl) {
    throw new Error(`The install page (${page.status}) has no link to an authorize page`);
  }
  const installPage: HttpAnswer = { status: page.status, headers: page.headers, body: page.body };
  const authorize = await get(authorizeUrl);
  const result: InstallFlowResult = {
    installPage,
    cookie,
    authorizeUrl,
    authorize: { status: authorize.status, headers: authorize.headers, body: authorize.body },
  };
  const location = authorize.headers.location;
  if (authorize.status !== 302 || !location) return result;
  const redirect = new URL(location);
  if (opts.state !== undefined) redirect.searchParams.set('state', opts.state);
  if (opts.code !== undefined) redirect.searchParams.set('code', opts.code);
  result.redirectUrl = redirect.toString();
  const sendCookie = opts.cookie ?? cookie;
  const callback = await get(result.redirectUrl, sendCookie ? { Cookie: sendCookie } : {});
  result.callback = { status: callback.status, headers: callback.headers, body: callback.body };
  return result;
}
