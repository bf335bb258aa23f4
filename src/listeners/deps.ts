import type { ServiceDeps } from '../services/ports';

/** What listeners receive: the services' dependencies (no Slack client — Bolt hands one per request). */
export interface AppDeps extends ServiceDeps {
  /**
   * Whether a response_url we stored ourselves (modal metadata round-trips through the client) may be
   * posted to: only Slack's own (https://hooks.slack.com/), or the stand-in Slack API in tests.
   */
  trustedResponseUrl(url: string): boolean;
}
