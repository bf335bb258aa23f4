/**
 * Where OAuth installs live: @slack/oauth's InstallationStore over the `installations` table, tokens
 * encrypted at rest (token-crypto.ts), and token rotation done here, under a row lock, so several
 * replicas never spend the same refresh token.
 *
 * Rotation. A rotating token is refreshed when it expires within `refreshMarginSec` (default 2 h 5 min:
 * more than InstallProvider's own 2-hour window, so Bolt never sees a token it would want to refresh).
 * The refresh runs in a short transaction of its own: lock the row (`select … for update`), read it
 * again — another replica may have refreshed it meanwhile, then it simply uses the new token — and only
 * then call `oauth.v2.access` (grant_type=refresh_token) and write the new tokens before committing. The
 * HTTP call happens while the lock is held on purpose: a refresh token is single-use, and the lock is
 * what makes "exactly one replica spends it" true. The call is bounded by `timeoutMs`.
 *
 * `fetchInstallation` hands Bolt fresh tokens and withholds the refresh tokens, so InstallProvider's own
 * (unlocked, wall-clock) refresh never runs; the delivery loop and the scheduler, which act without an
 * incoming request, call `authorizeInstallation` directly.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { WebClient, type OauthV2AccessResponse } from '@slack/web-api';
import type { Clock } from '../clock';
import type { Db, Queryable } from '../db/db';
import {
  clearUserToken,
  deleteInstallationRow,
  findInstallation,
  upsertInstallation,
  type InstallationKey,
  type InstallationRow,
} from '../db/installations';
import type { Logger } from '../logger';
import type { TokenCipher } from './token-crypto';

/** InstallProvider refreshes within 2 hours of expiry; refreshing a little earlier keeps it from trying. */
export const DEFAULT_REFRESH_MARGIN_SEC = 2 * 60 * 60 + 5 * 60;

/**
 * Slack's authorize page for an API URL: `https://slack.com/api/` → `https://slack.com/oauth/v2/authorize`
 * (the stand-in serves both under its own address the same way), for InstallProvider's
 * `authorizationUrl`, so every OAuth step follows SLACK_API_URL.
 */
export function oauthAuthorizeUrl(slackApiUrl: string): string {
  return new URL('../oauth/v2/authorize', slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/`).toString();
}

export class InstallationNotFoundError extends Error {
  override name = 'InstallationNotFoundError';
  readonly code = 'installation_not_found';
}

/** Slack refused a refresh (`invalid_refresh_token`: spent or revoked — the installation is gone). */
export class TokenRefreshError extends Error {
  override name = 'TokenRefreshError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What a token refresh needs: the app's credentials, Slack's API URL, the cipher and the clock. */
export interface TokenRefresher {
  clientId: string;
  clientSecret: string;
  /** SLACK_API_URL, e.g. `https://slack.com/api/`. */
  slackApiUrl: string;
  cipher: TokenCipher;
  clock: Clock;
  refreshMarginSec?: number;
  /** Bound on the oauth.v2.access call made while the row is locked. Default 10 s. */
  timeoutMs?: number;
  log?: Logger;
}

export interface InstallationLookup {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall: boolean;
}

export interface AuthorizedInstallation {
  botToken: string;
  botId?: string;
  botUserId?: string;
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall: boolean;
  userToken?: string;
  /** When the bot token expires (rotation only). */
  botTokenExpiresAt?: Date;
  /** True when this call refreshed a token (false when it was fresh, or another replica refreshed it). */
  refreshed: boolean;
}

// ------------------------------------------------------------------ rows ⇄ Installation

/** The row key of an installation query: org-wide installs live under (enterprise, ''). */
export function keyOf(q: InstallationLookup): InstallationKey {
  if (q.isEnterpriseInstall) {
    if (!q.enterpriseId) throw new InstallationNotFoundError('An org-wide installation needs an enterprise id');
    return { enterpriseId: q.enterpriseId, teamId: '' };
  }
  if (!q.teamId) throw new InstallationNotFoundError('A workspace installation needs a team id');
  return { enterpriseId: q.enterpriseId ?? '', teamId: q.teamId };
}

function keyOfInstallation(i: Installation): InstallationKey {
  return keyOf({ teamId: i.team?.id, enterpriseId: i.enterprise?.id, isEnterpriseInstall: i.isEnterpriseInstall === true });
}

/** Where a ciphertext belongs: it decrypts only in the same row and column. */
const aad = (key: InstallationKey, column: string) => `installations:${key.enterpriseId}/${key.teamId}:${column}`;

const fromSec = (s: number | undefined) => (s === undefined ? null : new Date(s * 1000));
const toSec = (d: Date | null) => (d === null ? undefined : Math.floor(d.getTime() / 1000));

function encryptRow(installation: Installation, cipher: TokenCipher, now: Date): InstallationRow {
  const key = keyOfInstallation(installation);
  const enc = (v: string | undefined, column: string) =>
    v === undefined || v === '' ? null : cipher.encrypt(v, aad(key, column));
  // The JSON copy keeps everything but the secrets, which live only in the encrypted columns.
  const json = structuredClone(installation) as Installation & Record<string, unknown>;
  if (json.bot) {
    delete (json.bot as Partial<NonNullable<Installation['bot']>>).token;
    delete json.bot.refreshToken;
  }
  if (json.user) {
    delete json.user.token;
    delete json.user.refreshToken;
  }
  if (json.incomingWebhook) delete (json.incomingWebhook as Partial<NonNullable<Installation['incomingWebhook']>>).url;
  return {
    ...key,
    isEnterpriseInstall: installation.isEnterpriseInstall === true,
    teamName: installation.team?.name ?? null,
    enterpriseName: installation.enterprise?.name ?? null,
    enterpriseUrl: installation.enterpriseUrl ?? null,
    appId: installation.appId ?? null,
    botId: installation.bot?.id ?? null,
    botUserId: installation.bot?.userId ?? null,
    botScopes: installation.bot?.scopes ?? [],
    botTokenEnc: enc(installation.bot?.token, 'bot_token'),
    botRefreshTokenEnc: enc(installation.bot?.refreshToken, 'bot_refresh_token'),
    botTokenExpiresAt: fromSec(installation.bot?.expiresAt),
    userId: installation.user.id,
    userScopes: installation.user.scopes ?? [],
    userTokenEnc: enc(installation.user.token, 'user_token'),
    userRefreshTokenEnc: enc(installation.user.refreshToken, 'user_refresh_token'),
    userTokenExpiresAt: fromSec(installation.user.expiresAt),
    incomingWebhookEnc: enc(installation.incomingWebhook?.url, 'incoming_webhook'),
    installerUserId: installation.user.id,
    installation: json,
    keyId: cipher.currentKeyId,
    installedAt: now,
    updatedAt: now,
  };
}

function decryptRow(row: InstallationRow, cipher: TokenCipher): Installation {
  const key = { enterpriseId: row.enterpriseId, teamId: row.teamId };
  const dec = (v: string | null, column: string) => (v === null ? undefined : cipher.decrypt(v, aad(key, column)));
  const installation = structuredClone(row.installation) as unknown as Installation;
  installation.user = {
    ...installation.user,
    id: row.userId ?? row.installerUserId,
    token: dec(row.userTokenEnc, 'user_token'),
    refreshToken: dec(row.userRefreshTokenEnc, 'user_refresh_token'),
    expiresAt: toSec(row.userTokenExpiresAt),
  };
  if (row.botTokenEnc !== null && installation.bot) {
    installation.bot = {
      ...installation.bot,
      token: dec(row.botTokenEnc, 'bot_token') ?? '',
      refreshToken: dec(row.botRefreshTokenEnc, 'bot_refresh_token'),
      expiresAt: toSec(row.botTokenExpiresAt),
    };
  }
  if (row.incomingWebhookEnc !== null && installation.incomingWebhook) {
    installation.incomingWebhook.url = dec(row.incomingWebhookEnc, 'incoming_webhook') ?? '';
  }
  // Optional fields that were undefined must stay absent, as InstallProvider wrote them.
  for (const part of [installation.user, installation.bot]) {
    if (!part) continue;
    for (const k of ['token', 'refreshToken', 'expiresAt'] as const) {
      if ((part as Record<string, unknown>)[k] === undefined) delete (part as Record<string, unknown>)[k];
    }
  }
  return installation;
}

async function writeInstallation(db: Queryable, installation: Installation, cipher: TokenCipher, now: Date): Promise<void> {
  await upsertInstallation(db, encryptRow(installation, cipher, now));
}

async function readRow(db: Queryable, q: InstallationLookup, forUpdate = false): Promise<InstallationRow | undefined> {
  const key = keyOf(q);
  const row = await findInstallation(db, key, { forUpdate });
  if (row || q.isEnterpriseInstall || !q.enterpriseId) return row;
  // A workspace of an org installed org-wide: its requests may not say so; the org's row serves it.
  return findInstallation(db, { enterpriseId: q.enterpriseId, teamId: '' }, { forUpdate });
}

// ------------------------------------------------------------------ token rotation

function expiring(installation: Installation, now: Date, marginSec: number): ('bot' | 'user')[] {
  const limit = Math.floor(now.getTime() / 1000) + marginSec;
  const out: ('bot' | 'user')[] = [];
  if (installation.bot?.refreshToken && installation.bot.expiresAt !== undefined && installation.bot.expiresAt <= limit) {
    out.push('bot');
  }
  if (installation.user.refreshToken && installation.user.expiresAt !== undefined && installation.user.expiresAt <= limit) {
    out.push('user');
  }
  return out;
}

async function exchangeRefreshToken(r: TokenRefresher, refreshToken: string): Promise<OauthV2AccessResponse> {
  const client = new WebClient(undefined, {
    slackApiUrl: r.slackApiUrl,
    retryConfig: { retries: 0 },
    timeout: r.timeoutMs ?? 10_000,
  });
  try {
    return await client.oauth.v2.access({
      client_id: r.clientId,
      client_secret: r.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
  } catch (err) {
    const platform = (err as { data?: { error?: string } }).data?.error;
    if (platform) throw new TokenRefreshError(platform, `Slack refused to refresh a token: ${platform}`, { cause: err });
    // No answer (network, timeout): the refresh token may or may not have been spent; try again later.
    const reason = err instanceof Error ? err.message : String(err);
    throw new TokenRefreshError('request_failed', `Could not reach Slack to refresh a token: ${reason}`, { cause: err });
  }
}

function summary(installation: Installation, refreshed: boolean): AuthorizedInstallation {
  if (!installation.bot?.token) throw new InstallationNotFoundError('The installation has no bot token');
  return {
    botToken: installation.bot.token,
    botId: installation.bot.id,
    botUserId: installation.bot.userId,
    teamId: installation.team?.id,
    enterpriseId: installation.enterprise?.id,
    isEnterpriseInstall: installation.isEnterpriseInstall === true,
    ...(installation.user.token ? { userToken: installation.user.token } : {}),
    ...(installation.bot.expiresAt !== undefined ? { botTokenExpiresAt: new Date(installation.bot.expiresAt * 1000) } : {}),
    refreshed,
  };
}

/**
 * The installation with tokens good for at least the margin, refreshing them first if needed (one
 * replica at a time per installation; see the module comment). Throws InstallationNotFoundError when
 * there is no installation, TokenRefreshError when Slack refuses the refresh.
 */
export async function refreshedInstallation(
  db: Db,
  refresher: TokenRefresher,
  q: InstallationLookup,
): Promise<{ installation: Installation; refreshed: boolean }> {
  const margin = refresher.refreshMarginSec ?? DEFAULT_REFRESH_MARGIN_SEC;
  const row = await readRow(db, q);
  if (!row) throw new InstallationNotFoundError(`No installation for ${describe(q)}`);
  const current = decryptRow(row, refresher.cipher);
  if (expiring(current, refresher.clock.now(), margin).length === 0) return { installation: current, refreshed: false };

  return db.transaction(async (tx) => {
    const locked = await readRow(tx, q, true);
    if (!locked) throw new InstallationNotFoundError(`No installation for ${describe(q)}`);
    const installation = decryptRow(locked, refresher.cipher);
    const now = refresher.clock.now();
    const due = expiring(installation, now, margin);
    // Another replica refreshed while we waited for the lock: its tokens are ours too.
    if (due.length === 0) return { installation, refreshed: false };
    for (const kind of due) {
      const part = kind === 'bot' ? installation.bot : installation.user;
      if (!part?.refreshToken) continue;
      const resp = await exchangeRefreshToken(refresher, part.refreshToken);
      if (!resp.access_token || !resp.refresh_token || resp.expires_in === undefined) {
        throw new TokenRefreshError('unexpected_response', 'oauth.v2.access answered without new tokens');
      }
      part.token = resp.access_token;
      part.refreshToken = resp.refresh_token;
      part.expiresAt = Math.floor(now.getTime() / 1000) + resp.expires_in;
    }
    await writeInstallation(tx, installation, refresher.cipher, now);
    refresher.log?.info(
      { teamId: q.teamId, enterpriseId: q.enterpriseId, refreshed: due },
      'refreshed rotating Slack tokens',
    );
    return { installation, refreshed: true };
  });
}

/**
 * A usable bot token for a workspace (or org), refreshed through oauth.v2.access when it expires within
 * the margin. For the delivery loop and the scheduler, which act without an incoming request.
 */
export async function authorizeInstallation(
  db: Db,
  refresher: TokenRefresher,
  q: InstallationLookup,
): Promise<AuthorizedInstallation> {
  const { installation, refreshed } = await refreshedInstallation(db, refresher, q);
  return summary(installation, refreshed);
}

function describe(q: InstallationLookup): string {
  return q.isEnterpriseInstall
    ? `org ${q.enterpriseId ?? '?'}`
    : `workspace ${q.teamId ?? '?'}${q.enterpriseId ? ` of ${q.enterpriseId}` : ''}`;
}

// ------------------------------------------------------------------ the store

export interface InstallationStoreOptions {
  db: Db;
  cipher: TokenCipher;
  clock: Clock;
  /** With token rotation: refresh under a row lock (see the module comment). */
  refresher?: TokenRefresher;
  log?: Logger;
}

export class PostgresInstallationStore implements InstallationStore {
  constructor(private readonly opts: InstallationStoreOptions) {}

  /** After an OAuth install (or reinstall: the row is replaced, the first installed_at kept). */
  async storeInstallation(installation: Installation): Promise<void> {
    await writeInstallation(this.opts.db, installation, this.opts.cipher, this.opts.clock.now());
    this.opts.log?.info(
      {
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
        installer: installation.user.id,
      },
      'stored a Slack installation',
    );
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const q = { teamId: query.teamId, enterpriseId: query.enterpriseId, isEnterpriseInstall: query.isEnterpriseInstall };
    if (this.opts.refresher) {
      const { installation } = await refreshedInstallation(this.opts.db, this.opts.refresher, q);
      // Bolt gets fresh tokens only: with a refresh token InstallProvider would refresh on its own.
      if (installation.bot) delete installation.bot.refreshToken;
      delete installation.user.refreshToken;
      return installation;
    }
    const row = await readRow(this.opts.db, q);
    if (!row) throw new InstallationNotFoundError(`No installation for ${describe(q)}`);
    return decryptRow(row, this.opts.cipher);
  }

  /** Uninstall: the whole row goes (bot and user tokens). */
  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const q = { teamId: query.teamId, enterpriseId: query.enterpriseId, isEnterpriseInstall: query.isEnterpriseInstall };
    const row = await readRow(this.opts.db, q);
    if (row) await deleteInstallationRow(this.opts.db, { enterpriseId: row.enterpriseId, teamId: row.teamId });
  }

  /** `tokens_revoked` naming a person (its `oauth` list): only their user token goes. */
  async deleteUserToken(query: InstallationLookup, userId: string): Promise<boolean> {
    const row = await readRow(this.opts.db, query);
    if (!row) return false;
    return clearUserToken(this.opts.db, { enterpriseId: row.enterpriseId, teamId: row.teamId }, userId, this.opts.clock.now());
  }

  /**
   * Rewrites rows still encrypted with the old key (after a key rotation), so the old key can be
   * retired. Rows are also re-encrypted whenever they are next written; this finishes the job.
   */
  async reencryptAll(limit = 1000): Promise<number> {
    const { rows } = await this.opts.db.query<InstallationKey>(
      `select enterprise_id as "enterpriseId", team_id as "teamId" from installations where key_id <> $1 limit $2`,
      [this.opts.cipher.currentKeyId, limit],
    );
    let n = 0;
    for (const key of rows) {
      await this.opts.db.transaction(async (tx) => {
        const row = await findInstallation(tx, key, { forUpdate: true });
        if (!row || row.keyId === this.opts.cipher.currentKeyId) return;
        await writeInstallation(tx, decryptRow(row, this.opts.cipher), this.opts.cipher, this.opts.clock.now());
        n += 1;
      });
    }
    return n;
  }
}
