/**
 * Memory with many installed workspaces (issue 13): N workspaces installed in OAuth mode (tokens
 * encrypted in PostgreSQL), each sending one /delegate (a users.info, a DM delivered with its own token).
 * Resident and heap memory are sampled after every 1,000 commands, after a GC. The stand-in runs in a
 * process of its own. Goal: flat once the client caches are full, under 200 MB resident.
 *   node --expose-gc --require tsx/cjs bench/tools/oauth-memory.ts [n=10000] [clientCacheSize=500]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import path from 'node:path';
import type { Installation } from '@slack/oauth';
import pino from 'pino';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { startTrustloop } from '../../src/runtime';
import { signatureHeaders } from '../../src/sandbox/slack-client/sign';
import { PostgresInstallationStore } from '../../src/slack/installation-store';
import { parseEncryptionKeys, TokenCipher } from '../../src/slack/token-crypto';
import { createDatabase, dropDatabase, pgUrl, runDatabase } from '../lib/pg';
import { peopleOf, teamOf } from './oauth-memory-standin';

const CLIENT_ID = '4242.1717';
const CLIENT_SECRET = 'bench-client-secret';
const SIGNING_SECRET = 'bench-signing-secret';
const KEY = randomBytes(32).toString('base64');

interface InstallAnswer {
  access_token: string;
  scope: string;
  bot_user_id: string;
  app_id: string;
  team: { id: string; name: string };
  authed_user: { id: string };
}

const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;

async function startStandIn(n: number): Promise<{ apiUrl: string; installs: InstallAnswer[]; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      'tsx/cjs',
      path.join(__dirname, 'oauth-memory-standin.ts'),
      String(n),
      CLIENT_ID,
      CLIENT_SECRET,
    ],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`stand-in exited ${code}`)));
  });
  const parsed = JSON.parse(line) as { apiUrl: string; installs: InstallAnswer[] };
  return { ...parsed, stop: () => child.stdin.end() };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10_000);
  const cacheSize = Number(process.argv[3] ?? 500);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const t0 = performance.now();
  const slack = await startStandIn(n);
  console.log(`stand-in: ${n} workspaces installed in ${Math.round(performance.now() - t0)} ms`);
  const database = runDatabase('oauth_memory');
  await createDatabase(database);
  const config = loadConfig({
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: 'bench-state-secret-0123456789',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    TRUSTLOOP_ENCRYPTION_KEY: KEY,
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: pgUrl(database),
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
  });
  const app = await startTrustloop({
    config,
    log: pino({ level: 'warn' }),
    scheduler: false,
    clientCacheSize: cacheSize,
    delivery: { channelSpacingMs: 0, homeSpacingMs: 0 },
  });
  try {
    const store = new PostgresInstallationStore({
      db: app.deps.db,
      cipher: new TokenCipher(parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: KEY })),
      clock: systemClock,
    });
    for (const a of slack.installs) {
      const installation: Installation = {
        team: a.team,
        enterprise: undefined,
        user: { id: a.authed_user.id, token: undefined, scopes: undefined },
        bot: {
          token: a.access_token,
          scopes: a.scope.split(','),
          id: `B${a.team.id}`,
          userId: a.bot_user_id,
        },
        tokenType: 'bot',
        isEnterpriseInstall: false,
        appId: a.app_id,
        authVersion: 'v2',
      };
      await store.storeInstallation(installation);
    }
    console.log(`stored ${n} encrypted installations in ${Math.round(performance.now() - t0)} ms`);
    const sample = (done: number) => {
      gc();
      const m = process.memoryUsage();
      console.log(
        JSON.stringify({
          commands: done,
          rssMB: mb(m.rss),
          heapTotalMB: mb(m.heapTotal),
          heapUsedMB: mb(m.heapUsed),
          externalMB: mb(m.external),
          cachedClients: app.workspaces.cachedClients,
        }),
      );
    };
    sample(0);
    const url = `${app.url}/slack/events`;
    const send = async (i: number) => {
      const p = peopleOf(i);
      const body = new URLSearchParams({
        command: '/delegate',
        text: `<@${p.mate}> Task ${i} by Friday`,
        team_id: teamOf(i),
        team_domain: `t${i}`,
        user_id: p.lead,
        user_name: `lead${i}`,
        channel_id: p.channel,
        channel_name: `team-${i}`,
        api_app_id: 'A0TRUSTLOOP',
        trigger_id: `${i}.1.x`,
        response_url: `${slack.apiUrl.replace(/api\/$/, '')}commands/${teamOf(i)}/${i}/x`,
      }).toString();
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...signatureHeaders(body, SIGNING_SECRET, Date.now()),
        },
        body,
      });
      const text = await res.text();
      if (res.status !== 200 || !text.includes('D-1'))
        throw new Error(`command ${i}: ${res.status} ${text.slice(0, 200)}`);
    };
    const concurrency = 4;
    let next = 0;
    const started = performance.now();
    for (let batch = 0; batch < n; batch += 1000) {
      const end = Math.min(n, batch + 1000);
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < end) await send(next++);
        }),
      );
      await app.delivery.drain();
      sample(end);
    }
    const { rows } = await app.deps.db.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from outbox group by status order by status`,
    );
    console.log(
      `${n} commands in ${Math.round(performance.now() - started)} ms; outbox: ${rows.map((r) => `${r.status} ${r.n}`).join(', ')}`,
    );
  } finally {
    await app.stop();
    slack.stop();
    await dropDatabase(database);
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
