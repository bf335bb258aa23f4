/**
 * SQL of the `installations` table (migrations/0007_installations.sql). Rows hold ciphertext only:
 * encrypting and decrypting is the installation store's job (src/slack/installation-store.ts).
 */
import type { Queryable } from './db';

/** The row key. '' means "none": no enterprise (plain workspace), or no team (org-wide install). */
export interface InstallationKey {
  enterpriseId: string;
  teamId: string;
}

export interface InstallationRow {
  enterpriseId: string;
  teamId: string;
  isEnterpriseInstall: boolean;
  teamName: string | null;
  enterpriseName: string | null;
  enterpriseUrl: string | null;
  appId: string | null;
  botId: string | null;
  botUserId: string | null;
  botScopes: string[];
  botTokenEnc: string | null;
  botRefreshTokenEnc: string | null;
  botTokenExpiresAt: Date | null;
  userId: string | null;
  userScopes: string[];
  userTokenEnc: string | null;
  userRefreshTokenEnc: string | null;
  userTokenExpiresAt: Date | null;
  incomingWebhookEnc: string | null;
  installerUserId: string;
  /** The @slack/oauth Installation without its secrets. */
  installation: Record<string, unknown>;
  keyId: string;
  installedAt: Date;
  updatedAt: Date;
}

const COLUMNS = `enterprise_id as "enterpriseId", team_id as "teamId",
  is_enterprise_install as "isEnterpriseInstall", team_name as "teamName",
  enterprise_name as "enterpriseName", enterprise_url as "enterpriseUrl", app_id as "appId",
  bot_id as "botId", bot_user_id as "botUserId", bot_scopes as "botScopes",
  bot_token_enc as "botTokenEnc", bot_refresh_token_enc as "botRefreshTokenEnc",
  bot_token_expires_at as "botTokenExpiresAt", user_id as "userId", user_scopes as "userScopes",
  user_token_enc as "userTokenEnc", user_refresh_token_enc as "userRefreshTokenEnc",
  user_token_expires_at as "userTokenExpiresAt", incoming_webhook_enc as "incomingWebhookEnc",
  installer_user_id as "installerUserId", installation, key_id as "keyId",
  installed_at as "installedAt", updated_at as "updatedAt"`;

/**
 * Inserts or replaces the row of `(enterprise_id, team_id)`. A reinstall keeps the first
 * `installed_at` and replaces everything else (scopes, tokens, installer).
 */
export async function upsertInstallation(db: Queryable, row: InstallationRow): Promise<void> {
  await db.query(
    `insert into installations (
       enterprise_id, team_id, is_enterprise_install, team_name, enterprise_name, enterprise_url, app_id,
       bot_id, bot_user_id, bot_scopes, bot_token_enc, bot_refresh_token_enc, bot_token_expires_at,
       user_id, user_scopes, user_token_enc, user_refresh_token_enc, user_token_expires_at,
       incoming_webhook_enc, installer_user_id, installation, key_id, installed_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
             $21, $22, $23, $24)
     on conflict (enterprise_id, team_id) do update set
       is_enterprise_install = excluded.is_enterprise_install, team_name = excluded.team_name,
       enterprise_name = excluded.enterprise_name, enterprise_url = excluded.enterprise_url,
       app_id = excluded.app_id, bot_id = excluded.bot_id, bot_user_id = excluded.bot_user_id,
       bot_scopes = excluded.bot_scopes, bot_token_enc = excluded.bot_token_enc,
       bot_refresh_token_enc = excluded.bot_refresh_token_enc,
       bot_token_expires_at = excluded.bot_token_expires_at, user_id = excluded.user_id,
       user_scopes = excluded.user_scopes, user_token_enc = excluded.user_token_enc,
       user_refresh_token_enc = excluded.user_refresh_token_enc,
       user_token_expires_at = excluded.user_token_expires_at,
       incoming_webhook_enc = excluded.incoming_webhook_enc,
       installer_user_id = excluded.installer_user_id, installation = excluded.installation,
       key_id = excluded.key_id, updated_at = excluded.updated_at`,
    [
      row.enterpriseId,
      row.teamId,
      row.isEnterpriseInstall,
      row.teamName,
      row.enterpriseName,
      row.enterpriseUrl,
      row.appId,
      row.botId,
      row.botUserId,
      row.botScopes,
      row.botTokenEnc,
      row.botRefreshTokenEnc,
      row.botTokenExpiresAt,
      row.userId,
      row.userScopes,
      row.userTokenEnc,
      row.userRefreshTokenEnc,
      row.userTokenExpiresAt,
      row.incomingWebhookEnc,
      row.installerUserId,
      JSON.stringify(row.installation),
      row.keyId,
      row.installedAt,
      row.updatedAt,
    ],
  );
}

/**
 * The row of a key. `forUpdate` takes its row lock (inside a transaction): a token refresh holds it so
 * two replicas never spend the same refresh token.
 */
export async function findInstallation(
  db: Queryable,
  key: InstallationKey,
  opts: { forUpdate?: boolean } = {},
): Promise<InstallationRow | undefined> {
  const { rows } = await db.query<InstallationRow>(
    `select ${COLUMNS} from installations where enterprise_id = $1 and team_id = $2${opts.forUpdate ? ' for update' : ''}`,
    [key.enterpriseId, key.teamId],
  );
  return rows[0];
}

export async function deleteInstallationRow(db: Queryable, key: InstallationKey): Promise<boolean> {
  const { rowCount } = await db.query('delete from installations where enterprise_id = $1 and team_id = $2', [
    key.enterpriseId,
    key.teamId,
  ]);
  return rowCount > 0;
}

/** Removes a person's user token from an installation (they revoked it), keeping the bot's. */
export async function clearUserToken(db: Queryable, key: InstallationKey, userId: string, at: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `update installations
        set user_token_enc = null, user_refresh_token_enc = null, user_token_expires_at = null,
            user_scopes = '{}', updated_at = $4
      where enterprise_id = $1 and team_id = $2 and user_id = $3`,
    [key.enterpriseId, key.teamId, userId, at],
  );
  return rowCount > 0;
}

/** Keys of installations whose bot token expires before `before` (for refreshing ahead of use). */
export async function installationsExpiringBefore(db: Queryable, before: Date, limit = 100): Promise<InstallationKey[]> {
  const { rows } = await db.query<InstallationKey>(
    `select enterprise_id as "enterpriseId", team_id as "teamId" from installations
      where bot_token_expires_at < $1 order by bot_token_expires_at limit $2`,
    [before, limit],
  );
  return rows;
}
