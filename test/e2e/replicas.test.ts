import pino from 'pino';
import { AdjustableClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { claimDueOutbox, enqueue } from '../../src/db/outbox';
import { startTrustloop, type Running } from '../../src/runtime';
import { startSlackStandIn } from '../../src/sandbox/slack-api';
import { createSlackSender } from '../../src/sandbox/slack-client';
import { createReplicaDbs } from '../helpers/db';
import { ALICE, BOB, CAROL, GENERAL, messageText, SIGNING_SECRET, START } from '../helpers/e2e';

/**
 * Three app instances against one database (three pools on PostgreSQL), ticking and delivering at the
 * same moments through several days of simulated time: every due nudge and ritual reaches Slack exactly
 * once — including when one instance dies holding claimed messages.
 */
describe('three replicas, one database: every nudge exactly once', () => {
  it('delivers each reminder bundle and each ritual once across replicas, and recovers a dead replica’s claims', async () => {
    const standIn = await startSlackStandIn({});
    const replicas = await createReplicaDbs(3);
    const dbs = replicas.dbs;
    const clock = new AdjustableClock(START);
    let wall = START.getTime();
    const wallClock = () => new Date(wall);
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-replicas',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standIn.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    });
    const apps: Running[] = [];
    try {
      for (const db of dbs) {
        apps.push(
          await startTrustloop({
            config,
            clock,
            db,
            log: pino({ level: 'silent' }),
            scheduler: false,
            delivery: {
              channelSpacingMs: 0,
              homeSpacingMs: 0,
              backoff: () => 0,
              wall: wallClock,
              leaseMs: 60_000,
            },
          }),
        );
      }
      // Work arrives through different replicas, as behind a load balancer.
      const via = (i: number) =>
        createSlackSender({
          appUrl: `${apps[i % 3]!.url}/slack/events`,
          signingSecret: SIGNING_SECRET,
          standIn,
        });
      let n = 0;
      const cmd = (user: string, command: string, text: string) =>
        via(n++).command({ command, text, userId: user, channelId: GENERAL });
      for (const [user, text] of [
        [ALICE, 'Review the rubric by Friday 3pm'],
        [ALICE, 'Send the agenda by Monday noon'],
        [BOB, 'Book the venue by Thursday 11am'],
        [BOB, 'Draft the memo by next Tuesday 5pm'],
        [CAROL, 'Call the vendor by Friday 10am'],
        [CAROL, 'Update the roadmap by Wednesday 4pm'],
      ] as const) {
        expect((await cmd(user, '/commit', text)).status).toBe(200);
      }
      expect((await cmd(ALICE, '/ritual', 'digest every weekday 17:30')).status).toBe(200);

      // One replica "dies" holding claims: it takes due messages and never sends them.
      let crashed = false;
      // Six simulated days in 30-minute steps; every replica ticks and delivers at each step.
      for (let step = 0; step < 6 * 48; step++) {
        clock.advance(30 * 60_000);
        wall += 30 * 60_000;
        await Promise.all(apps.map((a) => a.tick()));
        if (!crashed && step === 47) {
          // messages waiting at that moment (as a burst of celebrations would be)
          const targets = [GENERAL, 'C0RANDOM1', ALICE, BOB, CAROL];
          await enqueue(
            dbs[0]!,
            targets.map((channel, i) => ({
              teamId: standIn.teamId,
              key: `burst:${i + 1}`,
              method: 'chat.postMessage',
              payload: { channel, text: `burst ${i + 1}` },
              channelKey: channel,
              // a moment ahead of business time, so only the replica about to die (asked at that moment)
              // takes them — the others' own delivery timers must not get there first
              notBefore: new Date(clock.now().getTime() + 1),
            })),
          );
          const stolen = await claimDueOutbox(
            dbs[2]!,
            new Date(clock.now().getTime() + 1),
            wallClock(),
            50,
            60_000,
          );
          expect(stolen.length).toBeGreaterThanOrEqual(5);
          crashed = true;
          await apps[2]!.stop(); // its claims stay in the table until their lease ends
          apps.pop();
        }
        // Until no replica has anything left to send: a pass a delivery timer started while the others
        // were still draining is joined by the next round. The simulated wall clock then jumps 30 minutes,
        // past the 60 s lease; a send still in flight at that jump would be claimed again by another
        // replica, which real time (where a lease outlasts its send) never does.
        for (let round = 0; round < 10; round++) {
          const sent = await Promise.all(apps.map((a) => a.delivery.drain()));
          if (sent.every((n) => n === 0)) break;
        }
      }

      const posts = standIn.callsTo('chat.postMessage').filter((c) => c.ok);
      // each reminder bundle once: no two nudge DMs to one person on the same local day
      const nudges = posts.filter((c) => JSON.stringify(c.args).includes('gentle nudge'));
      expect(nudges.length).toBeGreaterThanOrEqual(6);
      const { rows: dup } = await dbs[0]!.query<{ n: number }>(
        `select count(*)::int as n from (select team_id, idempotency_key from outbox group by 1, 2 having count(*) > 1) d`,
      );
      expect(dup[0]!.n).toBe(0);
      const { rows: sent } = await dbs[0]!.query<{ kind: string; n: number }>(
        `select kind, count(*)::int as n from outbox where status = 'sent' group by kind`,
      );
      const sentNudges = sent.find((r) => r.kind === 'nudge')?.n ?? 0;
      expect(nudges).toHaveLength(sentNudges); // Slack saw exactly what the outbox sent — no duplicates
      // every commitment was mentioned in some bundle
      const mentioned = new Set(
        nudges.flatMap((c) => [...JSON.stringify(c.args).matchAll(/C-(\d+)/g)].map((m) => m[1])),
      );
      expect([...mentioned].sort()).toEqual(['1', '2', '3', '4', '5', '6']);
      // each digest occurrence once (weekdays over six days: at most 5)
      const digests = posts.filter(
        (c) =>
          c.args.channel === GENERAL &&
          messageText({ text: String(c.args.text) }).includes('Wins and losses'),
      );
      const { rows: rituals } = await dbs[0]!.query<{ n: number }>(
        `select count(*)::int as n from outbox where idempotency_key like 'ritual:%'`,
      );
      expect(digests).toHaveLength(rituals[0]!.n);
      expect(digests.length).toBeGreaterThanOrEqual(3);
      // the dead replica's claims were delivered by the others after their lease, once each
      for (const i of [1, 2, 3, 4, 5])
        expect(posts.filter((c) => c.args.text === `burst ${i}`)).toHaveLength(1);
      // nothing left behind
      const { rows: left } = await dbs[0]!.query<{ n: number }>(
        `select count(*)::int as n from outbox where status in ('pending', 'sending') and not_before <= $1`,
        [clock.now()],
      );
      expect(left[0]!.n).toBe(0);
    } finally {
      for (const a of apps) await a.stop();
      await standIn.close();
      await replicas.close();
    }
  }, 120_000);
});
