/**
 * Drill 6 — the database turns read-only (the stand-in for a full disk or a failover to a replica)
 * during a load of /delegate and /outcome, then writable again.
 *
 * On a dedicated database: `ALTER DATABASE … SET default_transaction_read_only = on`, and the app's
 * sessions are ended (pg_terminate_backend) so that every new one is read-only, as after a failover.
 * Later `… = off`, WITHOUT ending the app's sessions — what a DBA does when the disk has room again —
 * and we time how long the app takes to write again on its own.
 *
 * Checks: clear replies while read-only (the friendly "try again", never a 5xx or a hang), nothing
 * half-written, every acknowledged action persisted, recovery on its own once writable, and the outbox
 * drained afterwards (nothing lost, nothing twice beyond the in-flight window).
 */
import { startLeanSlack } from '../lib/lean-slack';
import { createDatabase, dropDatabase, pgUrl, withClient, runDatabase } from '../lib/pg';
import { appEnv, startProc } from '../lib/procs';
import { openMigrated, seedPopulation } from '../lib/seed';
import { log, round, sleep } from '../lib/util';
import {
  acknowledged,
  actionLoad,
  checkPersisted,
  criterion,
  deliveryCheck,
  halfWritten,
  resolveLate,
  result,
  summarizeReplies,
  waitDrained,
  type ActionRecord,
  type DrillContext,
  type DrillResult,
} from './common';
import { crashReport, DRILL_POP } from './pg-restart';

const DATABASE = runDatabase('drill_ro');

async function setReadOnly(on: boolean, terminate: boolean): Promise<number> {
  return withClient('postgres', async (c) => {
    await c.query(`alter database ${DATABASE} set default_transaction_read_only = ${on ? 'on' : 'off'}`);
    if (!terminate) return 0;
    const r = await c.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
      [DATABASE],
    );
    return r.rowCount ?? 0;
  });
}

export async function readOnlyDrill(ctx: DrillContext): Promise<DrillResult> {
  const t0 = Date.now();
  const normalMs = ctx.quick ? 4_000 : 8_000;
  const readOnlyMs = ctx.quick ? 6_000 : 15_000;
  const recoveryCapMs = ctx.quick ? 20_000 : 45_000;
  await createDatabase(DATABASE);
  const seed = await openMigrated({ kind: 'postgres', database: DATABASE });
  await seedPopulation(seed, DRILL_POP, 4000);
  await seed.close();
  const { server: lean, client: slack } = await startLeanSlack();
  // The built app as is, in both forms: how soon it writes again depends on how its pool recycles
  // sessions, which a shorter claim lease (more delivery queries, more evicted connections) would change.
  const app = await startProc({
    label: 'drill6',
    env: appEnv({ slackApiUrl: slack.apiUrl, databaseUrl: pgUrl(DATABASE), port: 0 }),
  });
  const records: ActionRecord[] = [];
  let stop = false;
  let roStart = 0;
  let roEnd = 0;
  let liftedFrom = 0;
  let recoveredAt: number | null = null;
  let forcedReconnectAt: number | null = null;
  let terminated = 0;
  try {
    const load = actionLoad({
      appUrl: app.url,
      slack,
      pop: DRILL_POP,
      workers: 6,
      stop: () => stop,
      maxRequests: 100_000,
      tag: 'drill6',
      timeoutMs: 5000,
      pauseMs: 20,
      records,
    });
    await sleep(normalMs);
    roStart = Date.now();
    terminated = await setReadOnly(true, true);
    log(`drill 6: database read-only (${terminated} app sessions ended)`);
    await sleep(readOnlyMs);
    liftedFrom = Date.now(); // requests started from here on may meet a writable database
    await setReadOnly(false, false);
    roEnd = Date.now();
    log('drill 6: database writable again (app sessions left as they are)');
    const deadline = roEnd + recoveryCapMs;
    while (Date.now() < deadline) {
      const ok = records.find((r) => r.startedAt > roEnd && r.cls === 'success');
      if (ok) {
        recoveredAt = ok.startedAt;
        break;
      }
      await sleep(200);
    }
    if (recoveredAt === null) {
      // not on its own: show that fresh sessions would have written (and let the drill finish its checks)
      log(
        `drill 6: no write succeeded ${recoveryCapMs / 1000} s after the database became writable; ending the app's sessions`,
      );
      forcedReconnectAt = Date.now();
      await withClient('postgres', (c) =>
        c.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
          [DATABASE],
        ),
      );
      await sleep(ctx.quick ? 4000 : 8000);
    } else {
      await sleep(ctx.quick ? 3000 : 8000);
    }
    stop = true;
    await load;
  } finally {
    stop = true;
    await setReadOnly(false, false).catch(() => undefined);
  }
  await sleep(2000);
  await resolveLate(records, slack);
  const check = await withClient(DATABASE, async (c) => {
    const persisted = await checkPersisted(c, records);
    const half = await halfWritten(c);
    const drained = await waitDrained(c, ctx.quick ? 15_000 : 150_000);
    const delivery = await deliveryCheck(c, slack);
    // rows still claimed under a live lease, or waiting for a retry: not lost, just not due yet
    // (and messages queued behind such a row in the same conversation: they go out, in order, after it)
    const waiting = Number(
      (
        await c.query<{ n: number }>(
          `select count(*)::int n from outbox o where o.method = 'chat.postMessage' and (
             (o.status = 'sending' and o.lease_until > now()) or (o.status = 'pending' and o.retry_at > now())
             or (o.status = 'pending' and exists (select 1 from outbox p where p.team_id = o.team_id and p.channel_key = o.channel_key
                   and p.id < o.id and p.status = 'sending' and p.lease_until > now())))`,
        )
      ).rows[0]!.n,
    );
    return { persisted, half, drained, delivery, waiting };
  });
  const appAlive = app.alive();
  const crash = app.alive() ? null : crashReport(app.tail);
  await app.stop();
  await lean.close();
  await dropDatabase(DATABASE);
  // the read-only period with half a second's margin at both ends: a request in flight when the setting
  // changed may legitimately see either state
  const during = records.filter((r) => r.startedAt >= roStart + 500 && r.startedAt < liftedFrom - 500);
  const bad = records.filter(
    (r) => r.cls === 'http_error' || r.cls === 'timeout' || r.cls === 'network' || r.ms >= 3000,
  );
  const clear = during.filter(
    (r) => r.cls === 'unavailable' || (r.cls === 'working' && r.late === 'unavailable'),
  );
  const writesDuring = during.filter((r) => r.cls === 'success');
  const ack = records.filter(acknowledged).length;
  const { persisted, half, drained, delivery, waiting } = check;
  // the quick form cannot wait out the 60 s claim lease: rows still waiting for it count as not lost
  const lost = ctx.quick
    ? Math.max(0, delivery.missing - waiting)
    : delivery.missing + (drained.pending ?? 0) + (drained.sending ?? 0);
  const halfTotal = Object.values(half).reduce((a, b) => a + b, 0);
  const afterRo = records.filter(
    (r) => r.startedAt >= roEnd && (forcedReconnectAt === null || r.startedAt < forcedReconnectAt),
  );
  const criteria = [
    criterion('the process stayed up', appAlive, appAlive ? 'alive throughout' : `crashed: ${crash}`),
    criterion('no 5xx, no hang', bad.length === 0, `${bad.length} bad or slower than 3 s`),
    criterion(
      'clear replies while read-only',
      during.length > 0 && clear.length + writesDuring.length === during.length,
      `${clear.length}/${during.length} said "nothing was changed, try again in a moment" (${JSON.stringify(summarizeReplies(during))})`,
    ),
    criterion(
      'nothing half-written',
      halfTotal === 0 && writesDuring.length === 0,
      `${JSON.stringify(half)}; ${writesDuring.length} writes reported as done while read-only`,
    ),
    criterion(
      'every acknowledged action persisted',
      persisted.missing.length === 0,
      `${persisted.persisted}/${ack}`,
    ),
    criterion(
      'recovers on its own when writable again',
      recoveredAt !== null,
      recoveredAt !== null
        ? `first write ${round((recoveredAt - roEnd) / 1000, 1)} s after read-only was lifted`
        : `no write succeeded in the ${recoveryCapMs / 1000} s after read-only was lifted (${JSON.stringify(summarizeReplies(afterRo))}); after the app's sessions were ended: ${records.some((r) => forcedReconnectAt !== null && r.startedAt > forcedReconnectAt && r.cls === 'success') ? 'writes succeeded at once' : 'still failing'}`,
    ),
    criterion(
      ctx.quick
        ? 'messages: none lost (delivered, or waiting for a claim lease or retry), none twice beyond the in-flight window (≤ 25)'
        : 'messages: all delivered, none twice beyond the in-flight window (≤ 25)',
      lost === 0 && delivery.duplicated <= 25,
      `${delivery.delivered}/${delivery.expected} delivered, ${waiting} waiting for a lease or retry, ${delivery.duplicated} duplicated; outbox ${JSON.stringify(drained)}`,
    ),
  ];
  return result(
    'read-only',
    'Database read-only (default_transaction_read_only) during load, then writable',
    `${ctx.quick ? 'quick' : 'full'}: ${readOnlyMs / 1000} s read-only`,
    t0,
    {
      actionsSent: records.length,
      acknowledged: ack,
      persisted: persisted.persisted,
      messagesExpected: delivery.expected,
      delivered: delivery.delivered,
      duplicated: delivery.duplicated,
    },
    criteria,
    {
      appAlive,
      crash,
      replies: summarizeReplies(records),
      duringReadOnly: summarizeReplies(during),
      afterLifted: summarizeReplies(afterRo),
      sessionsEnded: terminated,
      recoveredAfterS: recoveredAt ? round((recoveredAt - roEnd) / 1000, 1) : null,
      forcedReconnect: forcedReconnectAt !== null,
      answeredTryAgainButWritten: persisted.phantom.length,
      appLogWarnings: app.logs.byMsg,
    },
  );
}
