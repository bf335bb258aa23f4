import type { ServiceDeps } from '../services/ports';

/** What listeners receive: the services' dependencies (no Slack client — Bolt hands one per request). */
export interface AppDeps extends ServiceDeps {
  /**
   * Whether a response_url we stored ourselves (modal metadata round-trips through the client) may be
   * posted to: only Slack's own (https://hooks.slack.com/), or the stand-in Slack API in tests.
   */
  trustedResponseUrl(url: string): boolean;
  /** Which workspaces are served (slack/workspaces.ts): what the uninstall events act on. */
  workspaces: WorkspaceLifecycle;
}

export interface WorkspaceRef {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall: boolean;
}

export interface WorkspaceLifecycle {
  /** The workspace stops being served at once: pending messages dropped, installation deleted, data kept. */
  stop(q: WorkspaceRef, reason: string): Promise<void>;
  /** People revoked their own (user) tokens; the bot's stays. */
  userTokensRevoked?(q: WorkspaceRef, userIds: string[]): Promise<void>;
}
