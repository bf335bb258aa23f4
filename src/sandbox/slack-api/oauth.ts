/**
 * OAuth v2 as Slack plays it: the authorize page (a person picks a workspace and approves, or cancels)
 * and `oauth.v2.access` (code exchange and token refresh), with one installation per workspace, or per
 * Enterprise Grid org for org-wide installs.
 *
 * Shapes and error names: REF `docs.slack.dev/methods/oauth.v2.access.json` (examples `success`,
 * `success_with_token_rotation`; errors `invalid_code`, `bad_client_secret`, `invalid_client_id`,
 * `bad_redirect_uri`, `invalid_grant_type`, `invalid_refresh_token`), and what @slack/oauth's
 * InstallProvider reads from them (`install-provider.ts` handleCallback / authorize / refreshExpiringToken).
 * Slack's authorize page answers `error=access_denied` on the redirect when the person cancels.
 */
import { randomToken } from './ids';
import { cloneJson, type JsonObject } from './json';
import { fail, ok, type ApiResult } from './methods';
import type { TokenInfo, TokenRegistry } from './tokens';
import type { InstallChoice, OAuthAppOptions, StandInInstallation } from './types';
import type { Workspace } from './workspace';

/** Slack's codes are short-lived; 10 minutes (docs.slack.dev "Installing with OAuth"). */
export const DEFAULT_CODE_TTL_MS = 10 * 60 * 1000;
/** Rotating access tokens live 12 hours (REF oauth.v2.access `expires_in: 43200`). */
export const DEFAULT_TOKEN_LIFETIME_SEC = 43_200;

export interface Directory {
  readonly primary: Workspace;
  workspace(teamId: string): Workspace | undefined;
  enterpriseWorkspaces(enterpriseId: string): Workspace[];
}

interface PendingCode {
  code: string;
  teamId: string;
  orgWide: boolean;
  installerId: string;
  scopes: string[];
  userScopes: string[];
  redirectUri?: string;
  issuedAt: number;
  used: boolean;
}

export interface AuthorizeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const splitScopes = (s: string | null | undefined): string[] =>
  (s ?? '')
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');

export class OAuthServer {
  readonly installations = new Map<string, StandInInstallation>();
  private readonly codes = new Map<string, PendingCode>();
  private readonly choices: InstallChoice[] = [];

  constructor(
    private readonly app: OAuthAppOptions | undefined,
    private readonly dir: Directory,
    private readonly tokens: TokenRegistry,
    private readonly now: () => number,
    private readonly onInstalled: (i: StandInInstallation) => void,
  ) {}

  chooseNext(choice: InstallChoice): void {
    this.choices.push(choice);
  }

  private get rotation(): boolean {
    return this.app?.tokenRotation ?? false;
  }

  private get lifetimeMs(): number {
    return (this.app?.tokenLifetimeSec ?? DEFAULT_TOKEN_LIFETIME_SEC) * 1000;
  }

  // ---------------------------------------------------------------- the authorize page

  /**
   * GET /oauth/v2/authorize: what a person's browser sees. A bad request gets Slack's error page
   * (HTTP 400 naming the problem); otherwise a redirect to `redirect_uri` with `code` and `state`, or
   * with `error=access_denied` when the test chose that the person cancels.
   */
  authorize(query: URLSearchParams): AuthorizeAnswer {
    const page = (status: number, error: string): AuthorizeAnswer => ({
      status,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body: `<!doctype html><title>Slack</title><h1>Something went wrong</h1><p id="error">${error}</p>`,
    });
    if (!this.app || query.get('client_id') !== this.app.clientId) return page(400, 'invalid_client_id');
    const scopes = splitScopes(query.get('scope'));
    const userScopes = splitScopes(query.get('user_scope'));
    if (scopes.length === 0 && userScopes.length === 0) return page(400, 'invalid_scope');
    const asked = query.get('redirect_uri') ?? undefined;
    const configured = this.app.redirectUris ?? [];
    if (asked !== undefined && configured.length > 0 && !configured.some((u) => asked.startsWith(u))) {
      return page(400, 'bad_redirect_uri');
    }
    const redirect = asked ?? configured[0];
    if (!redirect) return page(400, 'bad_redirect_uri');

    const choice = this.choices.shift() ?? {};
    const state = query.get('state');
    const location = new URL(redirect);
    if (choice.deny) {
      location.searchParams.set('error', 'access_denied');
      if (state !== null) location.searchParams.set('state', state);
      return { status: 302, headers: { Location: location.toString() }, body: '' };
    }
    const ws = this.dir.workspace(choice.teamId ?? query.get('team') ?? this.dir.primary.cfg.teamId);
    if (!ws) return page(400, 'team_not_found');
    if (choice.orgWide && !ws.cfg.enterpriseId) return page(400, 'not_an_enterprise');
    const code = `${Math.floor(this.now() / 1000)}.${this.codes.size + 1}.${randomToken(24)}`;
    this.codes.set(code, {
      code,
      teamId: ws.cfg.teamId,
      orgWide: choice.orgWide ?? false,
      installerId: choice.installerId ?? defaultInstaller(ws),
      scopes,
      userScopes,
      redirectUri: asked,
      issuedAt: this.now(),
      used: false,
    });
    location.searchParams.set('code', code);
    if (state !== null) location.searchParams.set('state', state);
    return { status: 302, headers: { Location: location.toString() }, body: '' };
  }

  // ---------------------------------------------------------------- oauth.v2.access

  /** oauth.v2.access: credentials in the form or as HTTP Basic auth (Slack prefers the latter). */
  access(args: Record<string, unknown>, authorization: string | undefined): ApiResult {
    const creds = basicAuth(authorization) ?? {
      id: typeof args.client_id === 'string' ? args.client_id : undefined,
      secret: typeof args.client_secret === 'string' ? args.client_secret : undefined,
    };
    if (!this.app || creds.id !== this.app.clientId) return fail('invalid_client_id');
    if (creds.secret !== this.app.clientSecret) return fail('bad_client_secret');
    const grant = typeof args.grant_type === 'string' ? args.grant_type : 'authorization_code';
    if (grant === 'refresh_token') return this.refresh(args.refresh_token);
    if (grant !== 'authorization_code') return fail('invalid_grant_type');

    const pending = typeof args.code === 'string' ? this.codes.get(args.code) : undefined;
    if (!pending || pending.used || this.now() - pending.issuedAt > (this.app.codeTtlMs ?? DEFAULT_CODE_TTL_MS)) {
      return fail('invalid_code');
    }
    // A code is spent by its first exchange, even when the exchange then fails (Slack: single use).
    pending.used = true;
    const redirect = typeof args.redirect_uri === 'string' ? args.redirect_uri : undefined;
    if (pending.redirectUri !== undefined && redirect !== pending.redirectUri) return fail('bad_redirect_uri');
    return ok(
      this.install({
        teamId: pending.teamId,
        orgWide: pending.orgWide,
        installerId: pending.installerId,
        scopes: pending.scopes,
        userScopes: pending.userScopes,
      }),
    );
  }

  /**
   * Creates or updates an installation and answers the oauth.v2.access body. A reinstall keeps the
   * installation (new scopes, new installer) and, without rotation, the same bot token, as Slack does.
   */
  install(opts: InstallChoice & { scopes?: string[]; userScopes?: string[] }): JsonObject {
    const ws = this.dir.workspace(opts.teamId ?? this.dir.primary.cfg.teamId);
    if (!ws) throw new Error(`install: no workspace ${opts.teamId ?? ''}`);
    const orgWide = opts.orgWide ?? false;
    const enterpriseId = ws.cfg.enterpriseId;
    if (orgWide && !enterpriseId) throw new Error(`install: ${ws.cfg.teamId} is not in an Enterprise Grid org`);
    const key = orgWide && enterpriseId ? enterpriseId : ws.cfg.teamId;
    const scopes = opts.scopes ?? ['commands', 'chat:write'];
    const userScopes = opts.userScopes ?? [];
    const installerId = opts.installerId ?? defaultInstaller(ws);
    const now = this.now();
    const previous = this.installations.get(key);
    const installation: StandInInstallation = {
      key,
      teamId: orgWide ? null : ws.cfg.teamId,
      teamName: orgWide ? null : ws.cfg.teamName,
      enterpriseId,
      enterpriseName: ws.cfg.enterpriseName,
      isEnterpriseInstall: orgWide,
      appId: ws.cfg.appId,
      botUserId: ws.cfg.botUserId,
      botId: ws.cfg.botId,
      botScopes: scopes,
      userScopes,
      installerId,
      userTokens: { ...(previous?.uninstalled ? {} : previous?.userTokens) },
      userRefreshTokens: { ...(previous?.uninstalled ? {} : previous?.userRefreshTokens) },
      installedAt: previous && !previous.uninstalled ? previous.installedAt : now,
      updatedAt: now,
      uninstalled: false,
    };
    const base = {
      teamId: installation.teamId,
      enterpriseId,
      isEnterpriseInstall: orgWide,
      installationKey: key,
    };
    const body: JsonObject = { app_id: ws.cfg.appId };

    if (scopes.length > 0) {
      const reuse =
        !this.rotation && previous?.botToken ? this.tokens.check(previous.botToken) : undefined;
      let bot: TokenInfo;
      if (reuse?.ok) {
        bot = reuse.info;
        bot.scopes = scopes;
      } else {
        bot = this.tokens.issue({
          ...base,
          kind: 'bot',
          userId: ws.cfg.botUserId,
          botId: ws.cfg.botId,
          scopes,
          rotating: this.rotation,
          ...(this.rotation ? { expiresAt: now + this.lifetimeMs } : {}),
        });
      }
      installation.botToken = bot.token;
      Object.assign(body, {
        access_token: bot.token,
        token_type: 'bot',
        scope: scopes.join(','),
        bot_user_id: ws.cfg.botUserId,
      });
      if (this.rotation) {
        const refresh = this.tokens.issueRefreshToken(bot);
        installation.botRefreshToken = refresh.token;
        Object.assign(body, { expires_in: Math.round(this.lifetimeMs / 1000), refresh_token: refresh.token });
      }
    }

    const authedUser: JsonObject = { id: installerId };
    if (userScopes.length > 0) {
      const user = this.tokens.issue({
        ...base,
        kind: 'user',
        userId: installerId,
        scopes: userScopes,
        rotating: this.rotation,
        ...(this.rotation ? { expiresAt: now + this.lifetimeMs } : {}),
      });
      installation.userTokens[installerId] = user.token;
      Object.assign(authedUser, { scope: userScopes.join(','), access_token: user.token, token_type: 'user' });
      if (this.rotation) {
        const refresh = this.tokens.issueRefreshToken(user);
        installation.userRefreshTokens[installerId] = refresh.token;
        Object.assign(authedUser, { expires_in: Math.round(this.lifetimeMs / 1000), refresh_token: refresh.token });
      }
    }
    Object.assign(body, {
      authed_user: authedUser,
      team: orgWide ? null : { id: ws.cfg.teamId, name: ws.cfg.teamName },
      enterprise: enterpriseId ? { id: enterpriseId, name: ws.cfg.enterpriseName ?? enterpriseId } : null,
      is_enterprise_install: orgWide,
    });
    this.installations.set(key, installation);
    this.onInstalled(cloneJson(installation));
    return body;
  }

  /**
   * grant_type=refresh_token: spends the refresh token (a second use answers `invalid_refresh_token`),
   * issues a new access token and refresh token, and retires the old access token.
   */
  private refresh(refreshToken: unknown): ApiResult {
    const record = typeof refreshToken === 'string' ? this.tokens.refreshToken(refreshToken) : undefined;
    if (!record || record.used || record.revoked) return fail('invalid_refresh_token');
    const installation = this.installations.get(record.installationKey);
    const old = this.tokens.get(record.accessToken);
    if (!installation || installation.uninstalled || !old) return fail('invalid_refresh_token');
    record.used = true;
    if ((this.app?.oldAccessTokenAfterRefresh ?? 'invalid') === 'invalid' && old.status === 'active') {
      old.status = 'replaced';
    }
    const now = this.now();
    const fresh = this.tokens.issue({
      kind: old.kind,
      teamId: old.teamId,
      enterpriseId: old.enterpriseId,
      isEnterpriseInstall: old.isEnterpriseInstall,
      installationKey: old.installationKey,
      userId: old.userId,
      ...(old.botId ? { botId: old.botId } : {}),
      scopes: old.scopes,
      rotating: true,
      expiresAt: now + this.lifetimeMs,
    });
    const next = this.tokens.issueRefreshToken(fresh);
    if (record.kind === 'bot') {
      installation.botToken = fresh.token;
      installation.botRefreshToken = next.token;
    } else {
      installation.userTokens[record.userId] = fresh.token;
      installation.userRefreshTokens[record.userId] = next.token;
    }
    installation.updatedAt = now;
    return ok({
      app_id: installation.appId,
      access_token: fresh.token,
      token_type: record.kind,
      scope: fresh.scopes.join(','),
      ...(record.kind === 'bot' ? { bot_user_id: fresh.userId } : { user_id: fresh.userId }),
      expires_in: Math.round(this.lifetimeMs / 1000),
      refresh_token: next.token,
      team: installation.teamId ? { id: installation.teamId, name: installation.teamName ?? '' } : null,
      enterprise: installation.enterpriseId
        ? { id: installation.enterpriseId, name: installation.enterpriseName ?? installation.enterpriseId }
        : null,
      is_enterprise_install: installation.isEnterpriseInstall,
    });
  }

  uninstall(key: string): StandInInstallation | undefined {
    const installation = this.installations.get(key);
    if (!installation) return undefined;
    installation.uninstalled = true;
    installation.updatedAt = this.now();
    return installation;
  }

  clear(): void {
    this.installations.clear();
    this.codes.clear();
    this.choices.length = 0;
  }
}

function defaultInstaller(ws: Workspace): string {
  const people = [...ws.users.values()].filter((u) => !u.is_bot && !u.deleted);
  return (people.find((u) => u.is_admin) ?? people[0])?.id ?? ws.cfg.botUserId;
}

/** `Authorization: Basic base64(client_id:client_secret)`. */
function basicAuth(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header?.trim() ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}
