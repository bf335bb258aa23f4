/**
 * The real app in OAuth mode against the Slack stand-in: several workspaces, installed through the real
 * "Add to Slack" flow (GET /slack/install → state cookie → the stand-in's authorize page →
 * /slack/oauth_redirect → oauth.v2.access + auth.test at SLACK_API_URL), each with its own token.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pino from 'pino';
import { AdjustableClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import type { Db } from '../../src/db/db';
import type { Logger } from '../../src/logger';
import { startTrustloop, type Running } from '../../src/runtime';
import { startSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack-api';
import type { OAuthAppOptions, StandInOptions, WorkspaceOptions } from '../../src/sandbox/slack-api/types';
import { createSlackSender, runInstallFlow, type SlackSender } from '../../src/sandbox/slack-client';
import type { InstallFlowOptions, InstallFlowResult } from '../../src/sandbox/slack-client/installFlow';
import { createTestDb } from './db';
import { messageText, SIGNING_SECRET, START } from './e2e';

export const CLIENT_ID = '4242.1717';
export const CLIENT_SECRET = 'oauth-e2e-client-secret-XYZ';
export const STATE_SECRET = 'oauth-e2e-state-secret-0123456789';
export const ENCRYPTION_KEY = randomBytes(32).toString('base64');

/** The second workspace: Bea (admin, Berlin) and Ben (New York), in #bravo. */
export const BRAVO = 'T0BRAVO';
export const BEA = 'U0BEA0001';
export const BEN = 'U0BEN0001';
export const BRAVO_CHANNEL = 'C0BRAVO01';
export const BRAVO_WORKSPACE: WorkspaceOptions = {
  teamId: BRAVO,
  teamDomain: 'bravo',
  teamName: 'Bravo Co',
  users: [
    { id: BEA, name: 'bea', real_name: 'Bea Bravo', tz: 'Europe/Berlin', is_admin: true },
    { id: BEN, name: 'ben', real_name: 'Ben Bravo', tz: 'America/New_York' },
  ],
  channels: [{ id: BRAVO_CHANNEL, name: 'bravo-team', members: [BEA, BEN] }],
};

export interface OAuthE2E {
  standIn: SlackStandIn;
  app: Running;
  db: Db;
  clock: AdjustableClock;
  url: string;
  installUrl: string;
  /** Runs "Add to Slack" for a workspace, as a browser would. */
  install(teamId: string, opts?: Partial<InstallFlowOptions>): Promise<InstallFlowResult>;
  sender(teamId: string): SlackSender;
  /** A slash command from a workspace; the ack's text. */
  command(
    teamId: string,
    user: string,
    command: string,
    text: string,
    channel: string,
  ): Promise<{ status: number; text: string }>;
  settle(): Promise<void>;
  installationCount(): Promise<number>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startOAuthE2E(
  opts: {
    log?: Logger;
    workspaces?: WorkspaceOptions[];
    env?: Record<string, string>;
    oauth?: Partial<OAuthAppOptions>;
    standIn?: Partial<StandInOptions>;
    transport?: 'http' | 'socket';
  } = {},
): Promise<OAuthE2E> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const redirect = `${url}/slack/oauth_redirect`;
  const clock = new AdjustableClock(START);
  const standIn = await startSlackStandIn({
    strictTokens: true,
    ...opts.standIn,
    oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [redirect], ...opts.oauth },
  });
  for (const w of opts.workspaces ?? [BRAVO_WORKSPACE]) standIn.addWorkspace(w);
  const db = await createTestDb();
  const config = loadConfig({
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_REDIRECT_URI: redirect,
    TRUSTLOOP_ENCRYPTION_KEY: ENCRYPTION_KEY,
    SLACK_API_URL: standIn.apiUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    ...opts.env,
  });
  const log =
    opts.log ?? pino({ level: process.env.E2E_LOG ?? 'silent' }, pino.destination({ fd: 2, sync: true }));
  let app: Running;
  try {
    app = await startTrustloop({
      config,
      clock,
      log,
      db,
      scheduler: false,
      delivery: { channelSpacingMs: 0, homeSpacingMs: 0, backoff: () => 0 },
    });
  } catch (err) {
    await standIn.close();
    await db.close();
    throw err;
  }
  const senders = new Map<string, SlackSender>();
  const sender = (teamId: string) => {
    let s = senders.get(teamId);
    if (!s) {
      s = createSlackSender({
        appUrl: `${app.url}/slack/events`,
        signingSecret: SIGNING_SECRET,
        standIn,
        teamId,
        transport: opts.transport ?? 'http',
      });
      senders.set(teamId, s);
    }
    return s;
  };
  const installUrl = `${app.url}/slack/install`;
  return {
    standIn,
    app,
    db,
    clock,
    url: app.url,
    installUrl,
    sender,
    async install(teamId, o = {}) {
      standIn.chooseNextInstall({ teamId });
      return runInstallFlow({ installUrl, ...o });
    },
    async command(teamId, user, command, text, channel) {
      const r = await sender(teamId).command({ command, text, userId: user, channelId: channel });
      const body = r.body as { text?: string; blocks?: unknown[] } | string;
      return { status: r.status, text: typeof body === 'string' ? body : messageText(body) };
    },
    settle: async () => {
      await app.delivery.drain();
    },
    async installationCount() {
      return (await db.query<{ n: number }>('select count(*)::int as n from installations')).rows[0].n;
    },
    async stop() {
      await app.stop();
      await standIn.close();
      await db.close();
    },
  };
}
