/**
 * The pages a person sees while adding Trustloop to a workspace (OAuth mode): the install page with the
 * "Add to Slack" button, the page after a successful install, and the pages for every way it can fail.
 * Plain HTML with inline styles, no script, no third-party requests besides Slack's button image; every
 * value that comes from outside is escaped. Pure functions: src/slack/oauth-install.ts serves them.
 */
import { BOT_SCOPES } from '../slack/scopes';

export interface Page {
  status: number;
  html: string;
}

/** Headers for every install page: never cached, never framed, and no Referer (the callback URL has the code). */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src https://platform.slack-edge.com; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
} as const;

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const STYLE = `
  :root { color-scheme: light dark; --fg: #1d1c1d; --muted: #5e5d60; --bg: #ffffff; --card: #f8f8f8; --accent: #1d3b2f; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e8e8e8; --muted: #a8a8a8; --bg: #1a1d21; --card: #222529; --accent: #7fc8a9; } }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
  main { max-width: 42rem; margin: 0 auto; padding: 2.5rem 1.25rem 3rem; }
  h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 .5rem; color: var(--accent); }
  h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; }
  p, li { color: var(--fg); }
  .lead { font-size: 1.1rem; color: var(--muted); margin-top: 0; }
  ul { padding-left: 1.25rem; }
  table { width: 100%; border-collapse: collapse; font-size: .95rem; }
  th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid rgba(127,127,127,.25); }
  code { font: .9em ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--card); padding: .05rem .3rem; border-radius: 4px; }
  .card { background: var(--card); border-radius: 8px; padding: 1rem 1.25rem; margin: 1.5rem 0; }
  .button { display: inline-block; margin: 1rem 0; }
  .button img { display: block; }
  .muted { color: var(--muted); font-size: .9rem; }
  a { color: var(--accent); }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function addToSlack(url: string): string {
  const href = escapeHtml(url);
  return `<a class="button" href="${href}"><img alt="Add to Slack" height="40" width="139"
  src="https://platform.slack-edge.com/img/add_to_slack.png"
  srcset="https://platform.slack-edge.com/img/add_to_slack.png 1x, https://platform.slack-edge.com/img/add_to_slack@2x.png 2x"></a>`;
}

const PRIVACY = `<h2 id="privacy">Your data</h2>
<p>Trustloop stores what your team tells it — delegations, promises, outcomes and lessons, and each person's
name and time zone — in its own database, scoped to your workspace. Slack's tokens are stored encrypted
(AES-256-GCM). It reads no channel messages and no files, and nothing goes anywhere else. Anyone can take
their own data with them (<code>/ledger export</code>) or have it erased (<code>/ledger forget-me</code>).
Uninstalling stops everything at once; your workspace's data is then kept for the retention period its
operator sets (30 days unless they chose otherwise), so reinstalling finds it as it was, and after that it
is deleted completely, the ledger included. The full text is in the <em>Your data</em> section of Trustloop's
README.</p>`;

/** GET /slack/install: what Trustloop does, what it asks for and why, and the button. */
export function installPage(authorizeUrl: string): string {
  const scopes = BOT_SCOPES.map(
    (s) => `<tr><td><code>${escapeHtml(s.scope)}</code></td><td>${escapeHtml(s.why)}</td></tr>`,
  ).join('\n');
  return layout(
    'Add Trustloop to Slack',
    `<h1>Trustloop</h1>
<p class="lead">Delegate with a safety net, celebrate wins and losses, and do what you say.</p>
<ul>
  <li><code>/delegate</code> gives someone a piece of work with the stakes, the safety net and what you promise in return.</li>
  <li><code>/outcome</code> closes it as a win or a loss — always with the lesson — and Trustloop celebrates both.</li>
  <li><code>/commit</code> and <code>/ledger</code> keep an honest say/do ledger; kind reminders come only inside working hours.</li>
  <li><code>/ritual</code> runs retros and digests that quote real outcomes.</li>
</ul>
${addToSlack(authorizeUrl)}
<div class="card">
<h2 style="margin-top:0">What Trustloop asks Slack for, and why</h2>
<table>
<thead><tr><th>Permission</th><th>Why</th></tr></thead>
<tbody>
${scopes}
</tbody>
</table>
<p class="muted">No access to your messages, files or channels' history; nothing on behalf of the person who installs it.</p>
</div>
${PRIVACY}
<p class="muted">The button takes you to Slack, where you choose the workspace and approve. This page's link is good for 10 minutes.</p>`,
  );
}

/** After a successful install: what to do next. */
export function installedPage(o: { teamName?: string; teamId?: string; orgWide: boolean }): string {
  const where = o.teamName ? escapeHtml(o.teamName) : o.orgWide ? 'your organisation' : 'your workspace';
  const open = o.teamId
    ? `<p><a href="slack://open?team=${encodeURIComponent(o.teamId)}">Open Slack</a></p>`
    : '';
  return layout(
    'Trustloop is installed',
    `<h1>Trustloop is in ${where}</h1>
<p class="lead">${o.orgWide ? 'Every workspace of the organisation can use it now.' : 'Everyone in the workspace can use it now.'}</p>
<h2>Try it</h2>
<ol>
  <li>In a channel, type <code>/delegate @someone what by when</code> — or just <code>/delegate</code> for a form.</li>
  <li>Open <strong>Trustloop</strong> in the sidebar (Apps) and look at its <strong>Home</strong> tab: your open work and promises.</li>
  <li>Make a promise with <code>/commit</code>, and see your say/do ledger with <code>/ledger</code>.</li>
</ol>
<p>Every command answers <code>help</code> with a short usage card, e.g. <code>/delegate help</code>.</p>
${open}
<p class="muted">You can close this tab.</p>`,
  );
}

export type InstallFailure = 'cancelled' | 'state' | 'exchange' | 'other';

/** Sorts @slack/oauth's error codes into what the person can do about them. */
export function failureKind(code: string | undefined): InstallFailure {
  switch (code) {
    case 'slack_oauth_installer_authorization_error':
      return 'cancelled';
    case 'slack_oauth_invalid_state':
    case 'slack_oauth_missing_state':
      return 'state';
    case 'slack_webapi_platform_error':
    case 'slack_webapi_request_error':
    case 'slack_webapi_http_error':
    case 'slack_oauth_missing_code':
      return 'exchange';
    default:
      return 'other';
  }
}

/** A failed install: what happened, that nothing was stored, and the way back. */
export function failurePage(kind: InstallFailure, installPath = '/slack/install'): Page {
  const again = `<p><a href="${escapeHtml(installPath)}">Start again</a></p>`;
  switch (kind) {
    case 'cancelled':
      return {
        status: 200,
        html: layout(
          'Trustloop was not installed',
          `<h1>No changes made</h1>
<p class="lead">You chose not to add Trustloop, so nothing was installed and nothing was stored.</p>
<p>If that was a slip, you can add it whenever you like.</p>${again}`,
        ),
      };
    case 'state':
      return {
        status: 400,
        html: layout(
          'This install link has expired',
          `<h1>This install link has expired</h1>
<p class="lead">For your safety, an install has to finish in the same browser that started it, within 10 minutes, and each link works once.</p>
<p>Nothing was installed and nothing was stored. Please start again from the install page.</p>${again}`,
        ),
      };
    case 'exchange':
      return {
        status: 502,
        html: layout(
          'Slack did not finish the install',
          `<h1>Slack did not finish the install</h1>
<p class="lead">Slack did not confirm the install, so Trustloop stored nothing.</p>
<p>This can happen when the page was reloaded or opened twice. Starting again usually works.</p>${again}`,
        ),
      };
    case 'other':
      return {
        status: 500,
        html: layout(
          'Trustloop could not be installed',
          `<h1>Trustloop could not be installed</h1>
<p class="lead">Something went wrong on our side; nothing was stored.</p>
<p>Please try again in a minute. If it keeps happening, the person who runs Trustloop will find the reason in its logs.</p>${again}`,
        ),
      };
  }
}
