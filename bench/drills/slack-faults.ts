/**
 * Drill 2 — Slack's Web API fails for a while during a burst of celebrations and reminders: HTTP 500s,
 * then 429 with Retry-After, then requests that hang until the client times out (full: 20 s each, a
 * minute in all; quick: 5 s each). The burst is sent while it fails: /delegate (DMs to assignees),
 * /outcome closing delegations in a few channels (celebrations, several per channel), and reminder
 * bundles from promises that are due (the app's catch-up tick at start). Afterwards: every message was
 * delivered, none twice, in outbox order per channel, and nothing was given up on.
 */
import { startLeanSlack, type Fault } from '../lib/lean-slack';
import { createDatabase, dropDatabase, pgUrl, withClient, runDatabase } from '../lib/pg';
import { appEnv, startProc } from '../lib/procs';
import { ids, openMigrated, outcomeLeader, seedPopulation, type Population } from '../lib/seed';
import { ackText, commandBody, send, sign } from '../lib/slack-requests';
import { log, sleep } from '../lib/util';
import { classify, criterion, deliveryCheck, outboxByStatus, result, waitDrained, type DrillContext, type DrillResult } from './common';

const DATABASE = runDatabase('drill_slack');
const POP: Population = { teams: 5, leadersPerTeam: 10, assigneesPerTeam: 10, channelsPerTeam: 4 };

export function reminderSeedSql(pop: Population, perTeam: number, dueInSeconds: number): string {
  return `
insert into members (team_id, user_id, name, real_name, tz, work_start, work_end, work_days, fetched_at)
  select 'TB' || lpad(t::text, 2, '0'), 'UR' || lpad(t::text, 2, '0') || lpad(p::text, 3, '0'), 'r' || p, 'Reminded ' || t || '/' || p, 'UTC', 0, 1440, '{1,2,3,4,5,6,7}', now() + interval '3 days'
    from generate_series(1, ${pop.teams}) t, generate_series(1, ${perTeam}) p on conflict do nothing;
update workspaces set next_commitment_ref = ${perTeam * 2 + 1};
insert into commitments (team_id, ref, owner_id, text, due_at, original_due_at, created_at)
  select 'TB' || lpad(t::text, 2, '0'), (p - 1) * 2 + k, 'UR' || lpad(t::text, 2, '0') || lpad(p::text, 3, '0'), 'Reminded promise ' || k,
         now() + ${dueInSeconds} * interval '1 second', now() + ${dueInSeconds} * interval '1 second', now() - interval '5 days'
    from generate_series(1, ${pop.teams}) t, generate_series(1, ${perTeam}) p, generate_series(1, 2) k;`;
}

export async function slackFaultsDrill(ctx: DrillContext): Promise<DrillResult> {
  const t0 = Date.now();
  const phaseMs = ctx.quick ? 5_000 : 20_000;
  const outcomesPerTeam = ctx.quick ? 12 : 40;
  const delegatesPerTeam = ctx.quick ? 6 : 20;
  const remindedPerTeam = ctx.quick ? 6 : 20;
  await createDatabase(DATABASE);
  const seed = await openMigrated({ kind: 'postgres', database: DATABASE });
  await seedPopulation(seed, POP, outcomesPerTeam);
  await seed.exec(reminderSeedSql(POP, remindedPerTeam, 3600));
  await seed.close();
  const { server: lean, client: slack } = await startLeanSlack({ channelLimitPerSec: 1 });
  const phases: { at: number; fault: Fault }[] = [
    { at: 0, fault: { kind: 'status', status: 500 } },
    { at: phaseMs, fault: { kind: 'ratelimit', retryAfterSec: 3 } },
    { at: 2 * phaseMs, fault: { kind: 'hang' } },
    { at: 3 * phaseMs, fault: { kind: 'none' } },
  ];
  await slack.setFault(phases[0]!.fault);
  const faultStart = Date.now();
  const app = await startProc({ label: 'drill2', env: appEnv({ slackApiUrl: slack.apiUrl, databaseUrl: pgUrl(DATABASE), port: 0, tickCron: '*/5 * * * * *' }) });
  const timeline = (async () => {
    for (const p of phases.slice(1)) {
      await sleep(Math.max(0, faultStart + p.at - Date.now()));
      await slack.setFault(p.fault);
      log(`drill 2: Slack now answers ${p.fault.kind === 'none' ? 'normally' : p.fault.kind}`);
    }
  })();
  // the burst, one sender per workspace so each channel's order is known
  let sent = 0;
  let acked = 0;
  const refusals: string[] = [];
  await Promise.all(
    Array.from({ length: POP.teams }, async (_, ti) => {
      const t = ti + 1;
      for (let k = 0; k < delegatesPerTeam + outcomesPerTeam; k++) {
        let body: string;
        if (k < delegatesPerTeam) {
          body = commandBody({ teamId: ids.team(t), userId: ids.leader(t, k % POP.leadersPerTeam), channelId: ids.channel(t, k % POP.channelsPerTeam), command: '/delegate', text: `<@${ids.assignee(t, k % POP.assigneesPerTeam)}> drill2 task ${t}-${k} in 3 days`, responseUrl: slack.responseUrl(`d2-${t}-${k}`) });
        } else {
          const ref = k - delegatesPerTeam + 1;
          body = commandBody({ teamId: ids.team(t), userId: outcomeLeader(POP, t, ref), channelId: ids.channel(t, ref % POP.channelsPerTeam), command: '/outcome', text: `D-${ref} win`, responseUrl: slack.responseUrl(`o2-${t}-${k}`) });
        }
        sent++;
        const r = await send(app.url, sign(body), 5000);
        const cls = classify(r.status, r.text, r.error);
        if (cls === 'success') acked++;
        else refusals.push(`${r.status} ${ackText(r.text).slice(0, 80)}`);
      }
    }),
  );
  log(`drill 2: burst sent (${sent} commands, ${acked} acknowledged) while Slack fails`);
  await timeline;
  const check = await withClient(DATABASE, async (c) => {
    const drained = await waitDrained(c, ctx.quick ? 40_000 : 300_000);
    const homes = await outboxByStatus(c, `method = 'views.publish'`);
    const delivery = await deliveryCheck(c, slack);
    const failed = (await c.query<{ n: number }>(`select count(*)::int n from outbox where status = 'failed'`)).rows[0]!.n;
    const attempts = (await c.query<{ max: number; avg: number }>(`select max(attempts)::int max, round(avg(attempts), 2)::float avg from outbox where method = 'chat.postMessage'`)).rows[0]!;
    const persisted = Number((await c.query<{ n: number }>(`select (select count(*) from delegations where title like 'drill2%') + (select count(*) from delegations where status = 'won') as n`)).rows[0]!.n);
    return { drained, homes, delivery, failed, attempts, persisted };
  });
  const stats = await slack.stats();
  await app.stop();
  await lean.close();
  await dropDatabase(DATABASE);
  const d = check.delivery;
  const pendingLeft = (check.drained.pending ?? 0) + (check.drained.sending ?? 0);
  const criteria = [
    criterion('every command acknowledged while Slack failed (the outbox decouples them)', acked === sent, `${acked}/${sent}` + (refusals.length ? `; e.g. ${refusals.slice(0, 3).join(' | ')}` : '')),
    criterion('all delivered afterwards, nothing given up', d.missing === 0 && check.failed === 0 && pendingLeft === 0 && d.renderedDelivered === d.rendered, `${d.delivered}/${d.expected} fixed messages and ${d.renderedDelivered}/${d.rendered} reminder bundles delivered; failed ${check.failed}; outbox ${JSON.stringify(check.drained)}`),
    criterion('none twice', d.duplicated === 0 && d.renderedDuplicated === 0, `${d.duplicated + d.renderedDuplicated} duplicates`),
    criterion('in order per channel', d.outOfOrderChannels === 0, `${d.outOfOrderChannels} channels out of order`),
    criterion('Home tabs published afterwards', (check.homes.pending ?? 0) + (check.homes.sending ?? 0) === 0 && (check.homes.failed ?? 0) === 0, JSON.stringify(check.homes)),
  ];
  return result(
    'slack-faults',
    'Slack Web API: 500s, then 429 + Retry-After, then timeouts, during a burst',
    `${ctx.quick ? 'quick' : 'full'}: ${(3 * phaseMs) / 1000} s of faults (${phaseMs / 1000} s each)`,
    t0,
    { actionsSent: sent, acknowledged: acked, persisted: check.persisted, messagesExpected: d.expected + d.rendered, delivered: d.delivered + d.renderedDelivered, duplicated: d.duplicated + d.renderedDuplicated },
    criteria,
    { slackCalls: stats.calls, attempts: check.attempts, drainedAfterSeconds: Math.round((Date.now() - faultStart) / 1000), appLogWarnings: app.logs.byMsg },
  );
}
