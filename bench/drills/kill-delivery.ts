/**
 * Drill 3 — the app is SIGKILLed in the middle of delivering 10,000 queued messages, then started again.
 *
 * 10,000 messages (quick: 2,000) are queued in the outbox across many channels (10 per channel, so
 * Slack's one-per-second pacing applies), each carrying a marker. The app starts delivering; when about
 * 40% have reached the stand-in, it is killed with SIGKILL and the rows it had claimed but not yet
 * marked sent are counted (that is the in-flight window). After a restart, every message must arrive,
 * duplicates must not exceed that window (at most one claimed batch, 25 rows), and each channel's
 * messages must arrive in order.
 *
 * Full form: the built app as is (claims are leased for 60 s, so the restarted app re-sends the killed
 * one's claims after a minute). Quick form: the same built runtime through bench/lib/drill-app.ts with a
 * 5 s lease, so it fits in CI's minute.
 */
import { startLeanSlack } from '../lib/lean-slack';
import { createDatabase, dropDatabase, pgUrl, withClient, runDatabase } from '../lib/pg';
import { appEnv, startProc, type Proc } from '../lib/procs';
import { openMigrated } from '../lib/seed';
import { log, sleep, waitUntil } from '../lib/util';
import { criterion, outboxByStatus, result, waitDrained, type DrillContext, type DrillResult } from './common';

const DATABASE = runDatabase('drill_kill');

export async function killDeliveryDrill(ctx: DrillContext): Promise<DrillResult> {
  const t0 = Date.now();
  const channels = ctx.quick ? 400 : 1000;
  const perChannel = ctx.quick ? 5 : 10;
  const total = channels * perChannel;
  await createDatabase(DATABASE);
  const seed = await openMigrated({ kind: 'postgres', database: DATABASE });
  await seed.exec(`
    insert into workspaces (team_id) values ('TK01');
    insert into outbox (team_id, idempotency_key, kind, method, payload, channel_key, not_before)
      select 'TK01', 'drill3:' || c || ':' || m, 'api', 'chat.postMessage',
             jsonb_build_object('channel', 'CK' || lpad(c::text, 5, '0'), 'text', '[m:k' || c || ':' || m || '] queued message ' || m || ' for channel ' || c),
             'CK' || lpad(c::text, 5, '0'), now() - interval '1 minute'
        from generate_series(1, ${perChannel}) m, generate_series(1, ${channels}) c order by m, c;`);
  await seed.close();
  const { server: lean, client: slack } = await startLeanSlack({ channelLimitPerSec: 1 });
  const entry = ctx.quick ? 'drill-app' : 'app';
  const env = { ...appEnv({ slackApiUrl: slack.apiUrl, databaseUrl: pgUrl(DATABASE), port: 0 }), BENCH_DELIVERY: ctx.quick ? JSON.stringify({ leaseMs: 5000 }) : undefined };
  let app: Proc = await startProc({ label: 'drill3-a', entry, env });
  // Killed from inside the stand-in, while it holds the request that carries message number `killAt`:
  // Slack has it, the app has not heard back — the worst moment, by construction.
  const killAt = Math.round(total * 0.4);
  let seen = 0;
  const victim = app;
  const onCall = (method: string) => {
    if (method !== 'chat.postMessage' || ++seen !== killAt) return;
    process.kill(victim.pid, 'SIGKILL');
  };
  lean.events.on('call', onCall);
  const reached = await waitUntil(() => (victim.alive() ? null : true), ctx.quick ? 30_000 : 120_000, 20);
  lean.events.off('call', onCall);
  await app.kill9();
  const atKill = await slack.stats();
  const snapshot = await withClient(DATABASE, async (c) => {
    const st = await outboxByStatus(c);
    const batch = (await c.query<{ n: number }>(`select count(*)::int n from outbox where status = 'sending'`)).rows[0]!.n;
    return { st, inFlight: batch };
  });
  log(`drill 3: SIGKILL after ${atKill.posts} of ${total} messages reached Slack (${reached ? 'as planned' : 'late'}); outbox then ${JSON.stringify(snapshot.st)}, ${snapshot.inFlight} claimed but unacknowledged`);
  await sleep(500);
  app = await startProc({ label: 'drill3-b', entry, env });
  const drained = await withClient(DATABASE, (c) => waitDrained(c, ctx.quick ? 45_000 : 300_000));
  await sleep(500);
  const { posts } = await slack.posts();
  await app.stop();
  await lean.close();
  await dropDatabase(DATABASE);
  let received = 0;
  const unique = new Set<string>();
  let outOfOrder = 0;
  for (const list of Object.values(posts)) {
    received += list.length;
    for (const m of list) unique.add(m);
    const seq = list.map((m) => Number(m.split(':')[1]));
    if (seq.some((x, i) => i > 0 && x < seq[i - 1]!)) outOfOrder++;
  }
  const duplicated = received - unique.size;
  const missing = total - unique.size;
  const criteria = [
    criterion('killed mid-delivery', atKill.posts > 0 && atKill.posts < total, `${atKill.posts}/${total} had arrived at the kill; ${snapshot.inFlight} claimed but unacknowledged`),
    criterion('every message delivered after the restart', missing === 0 && (drained.pending ?? 0) + (drained.sending ?? 0) === 0, `${unique.size}/${total} delivered; outbox ${JSON.stringify(drained)}`),
    criterion('duplicates bounded by the claimed-but-unacknowledged batch', duplicated <= Math.min(snapshot.inFlight, 25), `${duplicated} duplicates; in flight at the kill ${snapshot.inFlight} (batch size 25)`),
    criterion('each channel in order', outOfOrder === 0, `${outOfOrder} channels out of order`),
  ];
  return result(
    'kill-delivery',
    'SIGKILL mid-delivery of queued messages, then restart',
    ctx.quick ? `quick: ${total} messages, drill entry with a 5 s lease` : `full: ${total} messages, the built app (60 s lease)`,
    t0,
    { actionsSent: 0, acknowledged: 0, persisted: 0, messagesExpected: total, delivered: unique.size, duplicated },
    criteria,
    { atKill: atKill.posts, outboxAtKill: snapshot.st, inFlight: snapshot.inFlight, received, restartToDrainedSeconds: null },
  );
}
