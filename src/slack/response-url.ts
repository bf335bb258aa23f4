/**
 * A response_url Trustloop posts to after a form is submitted comes back to us through the client (in
 * a modal's private_metadata), so it is checked before use: only Slack's own webhooks host, or the
 * Slack API Trustloop is configured to talk to (the stand-in, in tests and the sandbox). Anything else
 * would let a crafted form make Trustloop post wherever it was told.
 */
const SLACK_RESPONSE_ORIGIN = 'https://hooks.slack.com';

export function trustedResponseUrl(url: string, slackApiUrl: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.origin === SLACK_RESPONSE_ORIGIN && u.protocol === 'https:') return true;
  try {
    return u.origin === new URL(slackApiUrl).origin;
  } catch {
    return false;
  }
}
