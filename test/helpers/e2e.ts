import pino from 'pino';
import { AdjustableClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import type { Db } from '../../src/db/db';
import type { Logger } from '../../src/logger';
import { startTrustloop, type Running, type RuntimeOptions } from '../../src/runtime';
import { startSlackStandIn } from '../../src/sandbox/slack-api';
import { createSlackSender, type SlackSender } from '../../src/sandbox/slack-client';
import { createTestDb } from './db';

type StandIn = Awaited<ReturnType<typeof startSlackStandIn>>;

export const SIGNING_SECRET = 'test-signing-secret-e2e';
/** Wednesday 25 November 2026, 10:00 UTC (11:00 in Berlin, 05:00 in New York). */
export const START = new Date('2026-11-25T10:00:00Z');

export const ALICE = 'U0ALICE01'; // leader, Europe/Berlin
export const BOB = 'U0BOB0001'; // America/New_York
export const CAROL = 'U0CAROL01'; // Asia/Tokyo
export const GENERAL = 'C0GENERAL';

export interface E2E {
  standIn: StandIn;
  slack: SlackSender;
  app: Running;
  clock: AdjustableClock;
  db: Db;
  /** Sends a slash command as Slack does and returns the ack body's text (ephemeral reply). */
  command(user: string, command: string, text: string, channel?: string): Promise<{ status: number; text: string; body: unknown; responseUrl: string }>;
  /**
   * Clicks a button on a message as Slack does, and waits until the app has answered through the
   * click's response_url (listeners ack at once and finish after, as on real Slack).
   */
  click(user: string, actionId: string, where: { channel: string; ts: string; ephemeral?: boolean; blockId?: string }): Promise<string>;
  /** Delivers every message that is due (the outbox), as the app's delivery loop does. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface E2EOptions {
  start?: Date;
  db?: Db;
  delivery?: RuntimeOptions['delivery'];
  /**
   * More environment for the app, e.g. DATABASE_URL and DATABASE_MIGRATION_URL: with DATABASE_URL set
   * (and no `db`), the app opens its database itself, as in production, and `E2E.db` is the app's own.
   */
  env?: Record<string, string>;
  /** The app's logger (default: silent, or E2E_LOG's level on stderr). */
  log?: Logger;
}

/** Starts the real app (signed HTTP, real database) against the Slack stand-in, with a frozen clock. */
export async function startE2E(opts: E2EOptions = {}): Promise<E2E> {
  const standIn = await startSlackStandIn({});
  const ownDb = opts.db === undefined && opts.env?.DATABASE_URL !== undefined;
  const given = opts.db ?? (ownDb ? undefined : await createTestDb());
  const clock = new AdjustableClock(opts.start ?? START);
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-e2e-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    ...opts.env,
  });
  const log = opts.log ?? pino({ level: process.env.E2E_LOG ?? 'silent' }, pino.destination({ fd: 2, sync: true }));
  // Pacing (1 message/s per channel) is real time and has its own test; here it would only slow the suite.
  let app: Running;
  try {
    app = await startTrustloop({ config, clock, log, db: given, scheduler: false, delivery: { channelSpacingMs: 0, homeSpacingMs: 0, backoff: () => 0, ...opts.delivery } });
  } catch (err) {
    // A start that fails must fail the test, not leave the stand-in listening and jest waiting for it.
    await standIn.close();
    await given?.close();
    throw err;
  }
  const db = given ?? app.deps.db;
  const slack = createSlackSender({ appUrl: `${app.url}/slack/events`, signingSecret: SIGNING_SECRET, standIn });
  const settle = async () => {
    await app.delivery.drain();
  };
  return {
    standIn,
    slack,
    app,
    clock,
    db,
    settle,
    async click(user, actionId, where) {
      const before = standIn.responsePosts.length;
      const r = await slack.blockAction({ userId: user, actionId, channelId: where.channel, messageTs: where.ts, ephemeral: where.ephemeral, blockId: where.blockId });
      const post = await standIn.waitFor((s) => s.responsePosts.slice(before).find((p) => p.url === r.responseUrl), 5000);
      return messageText(post.body as { text?: string; blocks?: unknown[] });
    },
    async command(user, command, text, channel = GENERAL) {
      const r = await slack.command({ command, text, userId: user, channelId: channel });
      const body = r.body as { text?: string; blocks?: unknown[] } | string;
      return { status: r.status, text: typeof body === 'string' ? body : messageText(body), body: r.body, responseUrl: r.responseUrl };
    },
    async stop() {
      await app.stop(); // closes the database it opened itself
      await standIn.close();
      if (given) await given.close();
    },
  };
}

/** All text a message shows (fallback text, section text and fields, context), for assertions. */
export function messageText(m: { text?: string; blocks?: unknown[] } | undefined): string {
  if (!m) return '';
  const parts: string[] = [m.text ?? ''];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') parts.push(o.text);
      for (const [k, val] of Object.entries(o)) if (k !== 'text' || typeof val !== 'string') walk(val);
    }
  };
  walk(m.blocks ?? []);
  return parts.join('\n');
}

/** Reminder DMs a person has had, including those whose items were all settled since (updated in place). */
export const nudgesTo = (t: E2E, user: string) =>
  t.standIn.dmsTo(user).filter((m) => /gentle nudge|nothing left from this nudge/.test(messageText(m)));

/** Moves business time to an instant and runs the scheduler's tick, as every minute in production. */
export async function at(t: E2E, iso: string): Promise<void> {
  t.clock.advanceTo(new Date(iso));
  await t.app.tick();
  await t.settle();
}

/** How many delegations, ledger entries and outbox rows there are: "changed nothing" is these unchanged. */
export async function rowCounts(t: E2E): Promise<{ delegations: number; ledger: number; outbox: number }> {
  const q = async (sql: string) => (await t.db.query<{ n: number }>(sql)).rows[0]!.n;
  return {
    delegations: await q('select count(*)::int as n from delegations'),
    ledger: await q('select count(*)::int as n from ledger_entries'),
    outbox: await q('select count(*)::int as n from outbox'),
  };
}
