/**
 * Drill 4 — two replicas on one database; the one running the scheduler tick is SIGKILLed mid-tick.
 *
 * Reminders for thousands of people become due a few seconds after both replicas are up (cron every
 * 3 s, one claimed slot per tick). We watch pg_stat_activity (each replica has its own
 * application_name) and kill the replica whose connection is inside one of the tick's write transactions
 * (it holds a transaction id, and is queuing DMs or marking items) once part of the tick has committed.
 * Since the tick marks items on `reminder_due` and runs two chunks at once, the transactions are short:
 * matching only on `reminder_points` (the old bookkeeping) no longer caught one. The other replica's next tick must bundle the rest (idempotent keys), and its
 * delivery must send the dead replica's claims after their lease: every due reminder bundle delivered
 * exactly once, beyond at most the rows the dead replica had in flight.
 *
 * Full form: the built app (60 s claim lease). Quick form: the built runtime through drill-app.ts with a
 * 5 s lease and fewer people.
 */
import { startLeanSlack } from '../lib/lean-slack';
import { createDatabase, dropDatabase, pgUrl, withClient, runDatabase } from '../lib/pg';
import { appEnv, startProc, type Proc } from '../lib/procs';
import { openMigrated } from '../lib/seed';
import { log, sleep } from '../lib/util';
import { criterion, result, type DrillContext, type DrillResult } from './common';

const DATABASE = runDatabase('drill_replicas');

export async function replicasDrill(ctx: DrillContext): Promise<DrillResult> {
  const t0 = Date.now();
  const workspaces = ctx.quick ? 100 : 600;
  const people = workspaces * 25;
  const dueInS = ctx.quick ? 8 : 15;
  await createDatabase(DATABASE);
  const seed = await openMigrated({ kind: 'postgres', database: DATABASE });
  // long-running promises (created 5 days ago): their "day before" reminder falls due in `dueInS` seconds
  await seed.exec(`
    insert into workspaces (team_id, next_commitment_ref) select 'TR' || lpad(w::text, 4, '0'), 51 from generate_series(1, ${workspaces}) w;
    insert into members (team_id, user_id, name, real_name, tz, work_start, work_end, work_days, fetched_at)
      select 'TR' || lpad(w::text, 4, '0'), 'UR' || lpad(w::text, 4, '0') || lpad(p::text, 3, '0'), 'p' || p, 'Person ' || w || '/' || p, 'UTC', 0, 1440, '{1,2,3,4,5,6,7}', now() + interval '3 days'
        from generate_series(1, ${workspaces}) w, generate_series(1, 25) p;
    insert into commitments (team_id, ref, owner_id, text, due_at, original_due_at, created_at)
      select 'TR' || lpad(w::text, 4, '0'), (p - 1) * 2 + k, 'UR' || lpad(w::text, 4, '0') || lpad(p::text, 3, '0'), 'Promise ' || k,
             now() + interval '1 day' + ${dueInS} * interval '1 second', now() + interval '1 day' + ${dueInS} * interval '1 second', now() - interval '5 days'
        from generate_series(1, ${workspaces}) w, generate_series(1, 25) p, generate_series(1, 2) k;
    analyze;`);
  await seed.close();
  const dueAt = Date.now() + dueInS * 1000;
  const { server: lean, client: slack } = await startLeanSlack({ channelLimitPerSec: 1 });
  const entry = ctx.quick ? 'drill-app' : 'app';
  const env = (name: string) => ({
    ...appEnv({
      slackApiUrl: slack.apiUrl,
      databaseUrl: pgUrl(DATABASE, { appName: name }),
      port: 0,
      tickCron: '*/3 * * * * *',
    }),
    BENCH_DELIVERY: ctx.quick ? JSON.stringify({ leaseMs: 5000 }) : undefined,
  });
  const replicas: Record<string, Proc> = {
    'replica-a': await startProc({ label: 'replica-a', entry, env: env('replica-a') }),
    'replica-b': await startProc({ label: 'replica-b', entry, env: env('replica-b') }),
  };
  let killed = null as string | null;
  let committedAtKill = 0;
  let inFlightAtKill = 0;
  let killedAt = 0;
  try {
    await withClient(DATABASE, async (c) => {
      const deadline = dueAt + (ctx.quick ? 20_000 : 60_000);
      for (let i = 0; i < 100_000 && Date.now() < deadline && !killed; i++) {
        const { rows } = await c.query<{ application_name: string; n: number }>(
          `select a.application_name, (select count(*)::int from outbox where kind = 'nudge') as n
             from pg_stat_activity a
            where a.datname = $1 and a.application_name like 'replica-%'
              and (a.query ilike '%insert into outbox%' or a.query ilike '%reminder_due%' or a.query ilike '%reminder_points%')
              and a.state in ('active', 'idle in transaction') and a.backend_xid is not null`,
          [DATABASE],
        );
        const busy = rows[0];
        if (busy && busy.n > 0 && busy.n < people) {
          killed = busy.application_name;
          await replicas[killed]!.kill9();
          killedAt = Date.now();
          committedAtKill = busy.n;
          inFlightAtKill = (
            await c.query<{ n: number }>(`select count(*)::int n from outbox where status = 'sending'`)
          ).rows[0]!.n;
          break;
        }
        await sleep(10);
      }
    });
    log(
      killed
        ? `drill 4: SIGKILLed ${killed} mid-tick (${committedAtKill} of ${people} bundles committed, ${inFlightAtKill} rows in flight)`
        : 'drill 4: could not catch a replica mid-tick',
    );
    const survivor = Object.values(replicas).find((p) => p.alive());
    // wait (bounded) for every bundle to be enqueued and sent
    const settled = await withClient(DATABASE, async (c) => {
      const deadline = Date.now() + (ctx.quick ? 45_000 : 240_000);
      let last = { bundles: 0, sent: 0 };
      while (Date.now() < deadline) {
        const { rows } = await c.query<{ bundles: number; sent: number }>(
          `select count(*)::int bundles, count(*) filter (where status = 'sent')::int sent from outbox where kind = 'nudge'`,
        );
        last = rows[0]!;
        if (last.bundles >= people && last.sent >= last.bundles) break;
        await sleep(500);
      }
      return last;
    });
    await sleep(500);
    const { posts } = await slack.posts();
    let delivered = 0;
    let dup = 0;
    let missing = 0;
    const dupUsers: string[] = [];
    for (let w = 1; w <= workspaces; w++) {
      for (let p = 1; p <= 25; p++) {
        const user = `UR${String(w).padStart(4, '0')}${String(p).padStart(3, '0')}`;
        const n = (posts[user] ?? []).length;
        if (n === 0) missing++;
        else delivered++;
        if (n > 1) {
          dup += n - 1;
          dupUsers.push(user);
        }
      }
    }
    // what the database says about the people who got more than one reminder
    const dupRows = dupUsers.length
      ? await withClient(
          DATABASE,
          async (c) =>
            (
              await c.query<Record<string, unknown>>(
                `select channel_key, idempotency_key, status, attempts, last_error, to_char(created_at, 'HH24:MI:SS.MS') created, to_char(sent_at, 'HH24:MI:SS.MS') sent
                 from outbox where channel_key = any($1::text[]) order by channel_key, id`,
                [dupUsers.slice(0, 5)],
              )
            ).rows,
        )
      : [];
    const { times } = await slack.posts();
    const dupTimes = Object.fromEntries(
      dupUsers
        .slice(0, 5)
        .map((u) => [u, (times[u] ?? []).map((t) => new Date(t).toISOString().slice(11, 23))]),
    );
    const criteria = [
      criterion(
        'a replica was killed during its tick',
        killed !== null && committedAtKill > 0 && committedAtKill < people,
        killed
          ? `${killed} killed with ${committedAtKill}/${people} bundles committed`
          : 'not caught mid-tick',
      ),
      criterion(
        'the other replica carried on',
        Boolean(survivor?.alive()),
        survivor ? `${survivor.label} alive` : 'no replica left',
      ),
      criterion(
        'every due reminder bundle delivered',
        missing === 0 && settled.bundles === people,
        `${delivered}/${people} people reminded; ${settled.bundles} bundles enqueued, ${settled.sent} sent`,
      ),
      criterion(
        'once (beyond the dead replica’s in-flight claims)',
        dup <= inFlightAtKill,
        `${dup} duplicates; ${inFlightAtKill} rows were claimed but unacknowledged at the kill`,
      ),
    ];
    return result(
      'replicas',
      'Two replicas, one SIGKILLed during a scheduler tick',
      ctx.quick
        ? `quick: ${people} people, drill entry with a 5 s lease`
        : `full: ${people} people, the built app (60 s lease)`,
      t0,
      {
        actionsSent: 0,
        acknowledged: 0,
        persisted: settled.bundles,
        messagesExpected: people,
        delivered,
        duplicated: dup,
      },
      criteria,
      {
        killed,
        committedAtKill,
        inFlightAtKill,
        killedAt: new Date(killedAt).toISOString().slice(11, 23),
        duplicates: { users: dupUsers.length, rows: dupRows, received: dupTimes },
        survivorWarnings: survivor?.logs.byMsg ?? {},
        survivorWarningSamples: survivor?.logs.samples ?? {},
      },
    );
  } finally {
    for (const p of Object.values(replicas)) await p.stop();
    await lean.close();
    await dropDatabase(DATABASE);
  }
}
