/**
 * Tokens the stand-in has issued, and what Slack answers for each.
 *
 * Shapes follow Slack's: bot tokens `xoxb-…`, user tokens `xoxp-…`, app-level tokens `xapp-…`, workflow
 * tokens `xwfp-…` (the `bot_access_token` of a `function_executed` event); with token rotation access
 * tokens are `xoxe.xoxb-1-…` / `xoxe.xoxp-1-…` and refresh tokens `xoxe-1-…` (REF oauth.v2.access
 * examples `success_with_token_rotation`).
 *
 * A token is `active`, `revoked` (the workspace uninstalled the app or a test revoked it: answered
 * `token_revoked`, or `account_inactive` / `invalid_auth` when a test asks for that), `replaced` (a
 * refresh issued its successor) or past `expiresAt` (`token_expired`).
 */
import { randomToken } from './ids';

export type TokenKind = 'bot' | 'user' | 'app' | 'workflow';

/** Errors Slack answers for a token that no longer works (REF "common errors" of every method). */
export type RevokedAnswer = 'token_revoked' | 'account_inactive' | 'invalid_auth';

export interface TokenInfo {
  token: string;
  kind: TokenKind;
  /** The workspace it acts in; null for an org-wide (enterprise) install. */
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  /** The bot user (bot and workflow tokens) or the person (user tokens). */
  userId: string;
  botId?: string;
  scopes: string[];
  /** Installation it belongs to (team id, or enterprise id for org-wide installs). */
  installationKey?: string;
  issuedAt: number;
  /** ms; only with token rotation. */
  expiresAt?: number;
  status: 'active' | 'revoked' | 'replaced';
  /** What a revoked token answers. */
  revokedAnswer?: RevokedAnswer;
  /** Workflow tokens: the function execution they were issued for. */
  functionExecutionId?: string;
}

export interface RefreshTokenInfo {
  token: string;
  kind: 'bot' | 'user';
  installationKey: string;
  userId: string;
  /** The access token it was issued with (replaced when this refresh token is spent). */
  accessToken: string;
  used: boolean;
  revoked: boolean;
}

export type TokenCheck =
  { ok: true; info: TokenInfo } | { ok: false; error: string };

export class TokenRegistry {
  private readonly tokens = new Map<string, TokenInfo>();
  private readonly refresh = new Map<string, RefreshTokenInfo>();
  private counter = 0;

  constructor(private readonly now: () => number) {}

  /** A token string in Slack's shape: `xoxb-<n>-<n>-<random>` (rotating: `xoxe.xoxb-1-…`). */
  private mint(prefix: 'xoxb' | 'xoxp' | 'xapp' | 'xwfp', rotating: boolean): string {
    this.counter += 1;
    const body = `${this.counter}-${Date.now().toString(36)}-${randomToken(12)}`;
    return rotating ? `xoxe.${prefix}-1-${body}` : `${prefix}-${body}`;
  }

  issue(
    info: Omit<TokenInfo, 'token' | 'issuedAt' | 'status'> & { rotating?: boolean },
    fixedToken?: string,
  ): TokenInfo {
    const prefix =
      info.kind === 'bot' ? 'xoxb' : info.kind === 'user' ? 'xoxp' : info.kind === 'app' ? 'xapp' : 'xwfp';
    const { rotating, ...rest } = info;
    const token = fixedToken ?? this.mint(prefix, rotating ?? false);
    const issued: TokenInfo = { ...rest, token, issuedAt: this.now(), status: 'active' };
    this.tokens.set(token, issued);
    return issued;
  }

  issueRefreshToken(access: TokenInfo): RefreshTokenInfo {
    this.counter += 1;
    const token = `xoxe-1-${this.counter}-${randomToken(16)}`;
    const info: RefreshTokenInfo = {
      token,
      kind: access.kind === 'user' ? 'user' : 'bot',
      installationKey: access.installationKey ?? '',
      userId: access.userId,
      accessToken: access.token,
      used: false,
      revoked: false,
    };
    this.refresh.set(token, info);
    return info;
  }

  get(token: string): TokenInfo | undefined {
    return this.tokens.get(token);
  }

  refreshToken(token: string): RefreshTokenInfo | undefined {
    return this.refresh.get(token);
  }

  /** Whether a token works right now; the error Slack would answer if not. */
  check(token: string): TokenCheck | undefined {
    const info = this.tokens.get(token);
    if (!info) return undefined;
    if (info.status === 'revoked') return { ok: false, error: info.revokedAnswer ?? 'token_revoked' };
    if (info.status === 'replaced') return { ok: false, error: 'invalid_auth' };
    if (info.expiresAt !== undefined && this.now() >= info.expiresAt) return { ok: false, error: 'token_expired' };
    return { ok: true, info };
  }

  /** Revokes every access and refresh token of an installation. */
  revokeInstallation(key: string, answer: RevokedAnswer = 'token_revoked'): TokenInfo[] {
    const revoked: TokenInfo[] = [];
    for (const t of this.tokens.values()) {
      if (t.installationKey === key && t.status === 'active') {
        t.status = 'revoked';
        t.revokedAnswer = answer;
        revoked.push(t);
      }
    }
    for (const r of this.refresh.values()) if (r.installationKey === key) r.revoked = true;
    return revoked;
  }

  /** Revokes one person's user tokens in an installation (their `tokens_revoked` oauth entry). */
  revokeUser(key: string, userId: string, answer: RevokedAnswer = 'token_revoked'): TokenInfo[] {
    const revoked: TokenInfo[] = [];
    for (const t of this.tokens.values()) {
      if (t.installationKey === key && t.kind === 'user' && t.userId === userId && t.status === 'active') {
        t.status = 'revoked';
        t.revokedAnswer = answer;
        revoked.push(t);
      }
    }
    for (const r of this.refresh.values()) {
      if (r.installationKey === key && r.kind === 'user' && r.userId === userId) r.revoked = true;
    }
    return revoked;
  }

  all(): TokenInfo[] {
    return [...this.tokens.values()];
  }

  clear(): void {
    this.tokens.clear();
    this.refresh.clear();
  }
}
