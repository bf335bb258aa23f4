/**
 * "Add to Slack" with Bolt's own OAuth support (@slack/oauth's InstallProvider — we do not write our own
 * flow): `GET /slack/install` sets the state cookie and shows the install page; `GET /slack/oauth_redirect`
 * checks the state (same browser, signed, at most 10 minutes old), exchanges the code at
 * SLACK_API_URL (`oauth.v2.access`, then `auth.test`), stores the installation encrypted, and shows what
 * to do next. Every failure — cancelled, missing/forged/expired/reused state, a code Slack refuses —
 * gets a page saying so and stores nothing.
 *
 * The state's age is measured with the injected clock, so tests can let a link expire without waiting.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClearStateStore, InstallProvider, type InstallURLOptions, type StateStore } from '@slack/oauth';
import type { Clock } from '../clock';
import { failureKind, failurePage, installedPage, installPage, PAGE_HEADERS } from '../http/install-pages';
import { boltLogger, type Logger } from '../logger';
import { oauthAuthorizeUrl, type PostgresInstallationStore } from './installation-store';
import { BOT_SCOPE_NAMES } from './scopes';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
/** How long an install link (its state) is good for. */
export const STATE_TTL_SEC = 600;

export interface InstallerOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  redirectUri: string | undefined;
  apiUrl: string;
  store: PostgresInstallationStore;
  clock: Clock;
  log: Logger;
  /** After an install was stored (the workspace is served again if it had been stopped). */
  installed(q: { teamId?: string; enterpriseId?: string; isEnterpriseInstall: boolean }): Promise<void>;
}

/** ClearStateStore (a signed JWT in the state and the cookie), with its age measured by our clock. */
class ClockedStateStore implements StateStore {
  private readonly inner: ClearStateStore;
  constructor(
    secret: string,
    private readonly clock: Clock,
  ) {
    this.inner = new ClearStateStore(secret, STATE_TTL_SEC);
  }
  generateStateParam(installOptions: InstallURLOptions): Promise<string> {
    return this.inner.generateStateParam(installOptions, this.clock.now());
  }
  verifyStateParam(_now: Date, state: string): Promise<InstallURLOptions> {
    return this.inner.verifyStateParam(this.clock.now(), state);
  }
}

export interface InstallRoutes {
  /** Serves the two install paths; false for any other request. */
  handle: (req: IncomingMessage, res: ServerResponse) => boolean;
  installer: InstallProvider;
}

function send(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) return;
  res.writeHead(status, PAGE_HEADERS).end(html);
}

export function createInstallRoutes(opts: InstallerOptions): InstallRoutes {
  const log = opts.log.child({ module: 'install' });
  const installer = new InstallProvider({
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    stateStore: new ClockedStateStore(opts.stateSecret, opts.clock),
    stateCookieExpirationSeconds: STATE_TTL_SEC,
    installationStore: opts.store,
    installUrlOptions: {
      scopes: BOT_SCOPE_NAMES,
      ...(opts.redirectUri ? { redirectUri: opts.redirectUri } : {}),
    },
    // Every OAuth step follows SLACK_API_URL: the authorize page beside it, the API calls at it.
    authorizationUrl: oauthAuthorizeUrl(opts.apiUrl),
    clientOptions: { slackApiUrl: opts.apiUrl, retryConfig: { retries: 0 }, timeout: 10_000 },
    directInstall: false,
    renderHtmlForInstallPath: (url) => installPage(url),
    logger: boltLogger(log),
  });

  const callbacks = {
    successAsync: async (
      installation: {
        team?: { id: string; name?: string };
        enterprise?: { id: string; name?: string };
        isEnterpriseInstall?: boolean;
      },
      _o: InstallURLOptions,
      _req: IncomingMessage,
      res: ServerResponse,
    ) => {
      const q = {
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
      };
      await opts
        .installed(q)
        .catch((err: unknown) => log.error({ err, ...q }, 'could not mark the workspace served again'));
      log.info(q, 'Trustloop was installed');
      send(
        res,
        200,
        installedPage({
          teamName: installation.team?.name ?? installation.enterprise?.name,
          teamId: installation.team?.id,
          orgWide: q.isEnterpriseInstall,
        }),
      );
    },
    failure: (
      err: { code?: string; message?: string },
      _o: InstallURLOptions,
      _req: IncomingMessage,
      res: ServerResponse,
    ) => {
      const kind = failureKind(err.code);
      log.info({ code: err.code, kind }, 'an install did not complete; nothing stored');
      const page = failurePage(kind, INSTALL_PATH);
      send(res, page.status, page.html);
    },
  };

  return {
    installer,
    handle: (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== INSTALL_PATH && path !== REDIRECT_PATH) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET', 'content-length': 0 }).end();
        return true;
      }
      for (const [k, v] of Object.entries(PAGE_HEADERS)) res.setHeader(k, v);
      const work =
        path === INSTALL_PATH
          ? installer.handleInstallPath(req, res)
          : installer.handleCallback(req, res, callbacks);
      void work.catch((err: unknown) => {
        log.error({ err }, 'the install page failed');
        const page = failurePage('other', INSTALL_PATH);
        send(res, page.status, page.html);
      });
      return true;
    },
  };
}
