/**
 * Which workspaces Trustloop serves, and with which token. Two ways to run:
 *
 * - **Single workspace** (`SLACK_BOT_TOKEN`): the token's own workspace (auth.test at start) is served;
 *   a request from any other workspace is refused (logged once, answered 200, nothing processed).
 * - **OAuth** (`SLACK_CLIENT_ID` …): every workspace that installed Trustloop, each with its own token
 *   from the installation store, refreshed under a row lock when it rotates.
 *
 * Requests are authorised through `authorize` (Bolt's authorize hook); the delivery loop and the
 * scheduler, which act without a request, ask `client(teamId)`. Clients are cached per workspace with a
 * bound (client-cache.ts). `stop` is the one way a workspace stops being served: uninstalled, tokens
 * revoked, or Slack refusing its token mid-delivery — pending messages dropped with the reason, nothing
 * queued for it any more, the installation deleted. The workspace's data stays.
 */
import type { WebClient } from '@slack/web-api';
import type { Db } from '../db/db';
import { deleteInstallationRow, findInstallation, installationsExpiringBefore } from '../db/installations';
import { rememberWorkspaceOrg, resumeWorkspace, stopWorkspace, workspaceOrg } from '../db/stopped-workspaces';
import type { Logger } from '../logger';
import { createClientCache, DEFAULT_CLIENT_CACHE_SIZE, LruMap, type ClientCache } from './client-cache';
import {
  authorizeInstallation,
  DEFAULT_REFRESH_MARGIN_SEC,
  InstallationNotFoundError,
  keyOf,
  type TokenRefresher,
} from './installation-store';
import { createWebClient } from './web-api';

/** What a request or a job knows about the workspace it is for. */
export interface WorkspaceQuery {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall: boolean;
}

export interface WorkspaceToken {
  botToken: string;
  botId?: string;
  botUserId?: string;
  teamId?: string;
  enterpriseId?: string;
}

/** Trustloop does not serve this workspace (never installed, uninstalled, or another workspace's token). */
export class NotInstalledError extends Error {
  override name = 'NotInstalledError';
  readonly code = 'not_installed';
}

export type ClientPurpose = 'requests' | 'delivery' | 'directory';

export interface Workspaces {
  readonly kind: 'single' | 'oauth';
  /** A token for the workspace a request came from; throws NotInstalledError. */
  authorize(q: WorkspaceQuery): Promise<WorkspaceToken>;
  /** The Web API client of a workspace, for calls made without a request (delivery, directory). */
  client(teamId: string, purpose: Exclude<ClientPurpose, 'requests'>): Promise<WebClient>;
  /** Bolt's per-request client for a token (cached per workspace like the others). */
  requestClient(key: string, token: string): WebClient;
  /**
   * Stops serving a workspace: its pending messages dropped with `reason`, nothing queued for it any
   * more, its installation deleted. Idempotent (app_uninstalled and tokens_revoked may both come).
   */
  stop(q: WorkspaceQuery, reason: string): Promise<void>;
  /** A new install (or a start with the workspace's own token): served again. */
  resume(teamId: string): Promise<void>;
  /** Logs, once per workspace, that a request was refused because the workspace is not served. */
  refused(q: WorkspaceQuery, why: string): void;
  /** OAuth with token rotation: refresh tokens that expire soon, ahead of use (each tick). */
  refreshExpiring?(): Promise<number>;
  /** How many clients are held (for the memory bench and tests). */
  readonly cachedClients: number;
}

export interface WorkspacesOptions {
  db: Db;
  apiUrl: string;
  log: Logger;
  /** Bound of each client cache (requests, delivery, directory). */
  clientCacheSize?: number;
  /** Timeouts: Bolt's calls 5 s, delivery 10 s, people lookups 2 s (a person is waiting). */
  timeouts?: Partial<Record<ClientPurpose, number>>;
  /** Wall clock for the stop record. */
  now: () => Date;
}

const DEFAULT_TIMEOUTS: Record<ClientPurpose, number> = { requests: 5000, delivery: 10_000, directory: 2000 };

/** How long a token read from the store is used before it is read again (real time). */
export const TOKEN_TTL_MS = 60_000;

function caches(opts: WorkspacesOptions): Record<ClientPurpose, ClientCache> {
  const size = opts.clientCacheSize ?? DEFAULT_CLIENT_CACHE_SIZE;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const make = (purpose: ClientPurpose) =>
    createClientCache(
      (token, teamId) => createWebClient(token, opts.apiUrl, timeouts[purpose], teamId),
      size,
    );
  return { requests: make('requests'), delivery: make('delivery'), directory: make('directory') };
}

function refusalLog(log: Logger): (q: WorkspaceQuery, why: string) => void {
  const seen = new LruMap<string, true>(10_000);
  return (q, why) => {
    const key = `${q.enterpriseId ?? ''}/${q.teamId ?? ''}`;
    if (seen.has(key)) return;
    seen.set(key, true);
    log.warn(
      { teamId: q.teamId, enterpriseId: q.enterpriseId, why },
      'a request from a workspace Trustloop does not serve: answered 200, nothing done (said once per workspace)',
    );
  };
}

/** Single-workspace mode: the bot token's own workspace only. */
export function singleWorkspace(
  opts: WorkspacesOptions & {
    botToken: string;
    identity: {
      teamId: string;
      enterpriseId?: string;
      isEnterpriseInstall: boolean;
      botId?: string;
      botUserId?: string;
    };
  },
): Workspaces {
  const clients = caches(opts);
  const { identity } = opts;
  let stopped: string | null = null;
  const ours = (q: WorkspaceQuery): boolean =>
    identity.isEnterpriseInstall ? q.enterpriseId === identity.enterpriseId : q.teamId === identity.teamId;
  const refused = refusalLog(opts.log);
  return {
    kind: 'single',
    async authorize(q) {
      if (!ours(q)) throw new NotInstalledError(`This Trustloop serves workspace ${identity.teamId} only`);
      if (stopped) throw new NotInstalledError(`Slack no longer accepts this Trustloop's token (${stopped})`);
      return {
        botToken: opts.botToken,
        botId: identity.botId,
        botUserId: identity.botUserId,
        teamId: q.teamId ?? identity.teamId,
        enterpriseId: identity.enterpriseId,
      };
    },
    async client(teamId, purpose) {
      if (!ours({ teamId, isEnterpriseInstall: false }) && !identity.isEnterpriseInstall) {
        throw new NotInstalledError(`This Trustloop serves workspace ${identity.teamId} only`);
      }
      return clients[purpose].client(teamId, opts.botToken);
    },
    requestClient: (key, token) => clients.requests.client(key, token),
    async stop(q, reason) {
      if (!ours(q)) return;
      stopped = reason;
      const dropped = await stopWorkspace(opts.db, q.teamId ?? identity.teamId, reason, opts.now());
      opts.log.warn(
        { teamId: q.teamId ?? identity.teamId, reason, dropped },
        'Slack no longer accepts the bot token: stopped serving the workspace (SLACK_BOT_TOKEN needs a new token)',
      );
    },
    async resume(teamId) {
      stopped = null;
      await resumeWorkspace(opts.db, teamId);
    },
    refused,
    get cachedClients() {
      return clients.requests.size + clients.delivery.size + clients.directory.size;
    },
  };
}

/** OAuth mode: every installed workspace, tokens from the installation store. */
export function oauthWorkspaces(opts: WorkspacesOptions & { refresher: TokenRefresher }): Workspaces {
  const clients = caches(opts);
  const { db, refresher, log } = opts;
  // A token read from the store is reused for a minute (a database round trip per message otherwise);
  // refreshes happen hours before expiry, and a token revoked meanwhile is answered invalid_auth,
  // which stops the workspace anyway.
  const tokens = new LruMap<string, { token: WorkspaceToken; until: number; refreshAt: number | null }>(
    opts.clientCacheSize ?? DEFAULT_CLIENT_CACHE_SIZE,
  );
  const refused = refusalLog(log);
  const cacheKey = (q: WorkspaceQuery) =>
    `${q.isEnterpriseInstall ? 'org' : 'ws'}:${q.enterpriseId ?? ''}/${q.teamId ?? ''}`;

  /**
   * A rotating token is cached only until shortly before the moment any replica would refresh it
   * (expiry minus the refresh margin, less 5 minutes for clocks that disagree): after a refresh the old
   * token may be refused, and a refused token stops the workspace.
   */
  const marginMs = ((refresher.refreshMarginSec ?? DEFAULT_REFRESH_MARGIN_SEC) + 5 * 60) * 1000;
  const usable = (e: { until: number; refreshAt: number | null }) =>
    e.until > performance.now() && (e.refreshAt === null || refresher.clock.now().getTime() < e.refreshAt);

  // Workspaces whose org is known to the database already (a write only the first time one is seen).
  const orgsSeen = new LruMap<string, string>(10_000);
  async function remember(q: WorkspaceQuery): Promise<void> {
    if (!q.teamId || !q.enterpriseId || orgsSeen.get(q.teamId) === q.enterpriseId) return;
    await rememberWorkspaceOrg(db, q.teamId, q.enterpriseId);
    orgsSeen.set(q.teamId, q.enterpriseId);
  }

  // Bumped by every stop and resume: a token read from the store while a workspace was being stopped
  // (Bolt authorises the second uninstall event, a delivery pass asks for a client) must not be cached
  // after the stop cleared the cache, or the uninstalled workspace would be served for another minute.
  let generation = 0;

  async function authorize(q: WorkspaceQuery): Promise<WorkspaceToken> {
    const key = cacheKey(q);
    const hit = tokens.get(key);
    if (hit && usable(hit)) return hit.token;
    const readAt = generation;
    await remember(q);
    try {
      const a = await authorizeInstallation(db, refresher, q);
      const token: WorkspaceToken = {
        botToken: a.botToken,
        botId: a.botId,
        botUserId: a.botUserId,
        teamId: q.teamId ?? a.teamId,
        enterpriseId: a.enterpriseId ?? q.enterpriseId,
      };
      const refreshAt = a.botTokenExpiresAt ? a.botTokenExpiresAt.getTime() - marginMs : null;
      if (readAt === generation)
        tokens.set(key, { token, until: performance.now() + TOKEN_TTL_MS, refreshAt });
      return token;
    } catch (err) {
      if (err instanceof InstallationNotFoundError) throw new NotInstalledError(err.message);
      throw err;
    }
  }

  /** Refreshes, ahead of use, every rotating token that would need it within the margin (the tick). */
  async function refreshExpiring(): Promise<number> {
    const soon = new Date(refresher.clock.now().getTime() + marginMs);
    let n = 0;
    for (const key of await installationsExpiringBefore(db, soon)) {
      const q = key.teamId
        ? { teamId: key.teamId, enterpriseId: key.enterpriseId || undefined, isEnterpriseInstall: false }
        : { enterpriseId: key.enterpriseId, isEnterpriseInstall: true };
      try {
        if ((await authorizeInstallation(db, refresher, q)).refreshed) n++;
        tokens.delete(cacheKey(q));
      } catch (err) {
        log.warn(
          { err, teamId: key.teamId, enterpriseId: key.enterpriseId },
          'could not refresh a rotating token ahead of use',
        );
      }
    }
    return n;
  }

  return {
    kind: 'oauth',
    authorize,
    refreshExpiring,
    async client(teamId, purpose) {
      // A workspace of an org installed org-wide has no row of its own: its org (as its requests said) does.
      const org = orgsSeen.get(teamId) ?? (await workspaceOrg(db, teamId)) ?? undefined;
      if (org) orgsSeen.set(teamId, org);
      const t = await authorize({ teamId, enterpriseId: org, isEnterpriseInstall: false });
      return clients[purpose].client(teamId, t.botToken);
    },
    requestClient: (key, token) => clients.requests.client(key, token),
    async stop(q, reason) {
      const teamId = q.teamId ?? '';
      const forget = () => {
        generation++;
        for (const k of [cacheKey(q), cacheKey({ ...q, isEnterpriseInstall: !q.isEnterpriseInstall })])
          tokens.delete(k);
        for (const c of Object.values(clients)) c.forget(teamId);
      };
      forget();
      const dropped = await db.transaction(async (tx) => {
        const n = teamId ? await stopWorkspace(tx, teamId, reason, opts.now()) : 0;
        let key: ReturnType<typeof keyOf> | undefined;
        try {
          key = keyOf(q);
        } catch {
          key = undefined;
        }
        if (key) {
          const row = await findInstallation(tx, key);
          if (row) await deleteInstallationRow(tx, key);
        }
        return n;
      });
      // Once more after the commit: anything read in between saw the row that is now gone.
      forget();
      log.info(
        { teamId: q.teamId, enterpriseId: q.enterpriseId, reason, dropped },
        'stopped serving a workspace: pending messages dropped, installation deleted, its data kept',
      );
    },
    async resume(teamId) {
      generation++;
      for (const k of [...tokens.keys()]) if (k.endsWith(`/${teamId}`)) tokens.delete(k);
      await resumeWorkspace(db, teamId);
    },
    refused,
    get cachedClients() {
      return clients.requests.size + clients.delivery.size + clients.directory.size;
    },
  };
}
