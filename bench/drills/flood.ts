/**
 * Drill 7 — a flood of requests that are not Slack's, while a person types /delegate.
 *
 * Against the built app on PostgreSQL: 150 parallel unsigned posts that each announce and push a 4 MB
 * body as fast as the socket takes it, plus slow senders — connections whose headers claim a signature
 * and whose body then trickles at one byte a second, and connections whose headers never finish. While
 * all of it is in flight, signed /delegate commands are sent one after another.
 *
 * The full form adds a second wave that a header check alone cannot stop: 150 posts with well-formed,
 * fresh but forged signatures and 1 MB bodies (the app must read them to check the HMAC).
 *
 * Checks: every signed /delegate acknowledged, each in under 1 s; resident memory grows by less than
 * 50 MB over its level before the flood; every slow sender's connection is closed by the app within
 * 6 s; the app is healthy afterwards; every acknowledged delegation persisted.
 */
import net from 'node:net';
import { startLeanSlack } from '../lib/lean-slack';
import { createDatabase, dropDatabase, pgUrl, runDatabase, withClient } from '../lib/pg';
import { appEnv, startProc, type Proc } from '../lib/procs';
import { ids, openMigrated, seedPopulation, type Population } from '../lib/seed';
import { commandBody, send, sign } from '../lib/slack-requests';
import { log, round, sleep } from '../lib/util';
import { classify, criterion, result, type DrillContext, type DrillResult } from './common';

const DATABASE = runDatabase('drill_flood');
const POP: Population = { teams: 1, leadersPerTeam: 5, assigneesPerTeam: 5, channelsPerTeam: 2 };
const FORM = 'application/x-www-form-urlencoded';
const MB = 1024 * 1024;

interface Flooder {
  /** status of the answer, 0 when the connection ended without one */
  status: number;
  /** body bytes the app let us write before it answered or closed */
  written: number;
  /** ms from connect until the app ended the connection (NaN: still open when we stopped) */
  closedAfterMs: number;
}

/**
 * One connection that sends `head`, then up to `bodyBytes` as fast as the socket accepts them (or one
 * byte every `trickleMs`), and stops at the first answer or when the app closes the connection.
 */
function flooder(port: number, head: string, bodyBytes: number, opts: { trickleMs?: number; chunk?: Buffer } = {}): { done: Promise<Flooder>; stop(): void } {
  const t0 = Date.now();
  const socket = net.connect(port, '127.0.0.1');
  const f: Flooder = { status: 0, written: 0, closedAfterMs: NaN };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  socket.on('error', () => undefined);
  socket.on('data', (d: Buffer) => {
    const m = /^HTTP\/1\.1 (\d{3})/.exec(d.toString('latin1'));
    if (m && f.status === 0) f.status = Number(m[1]);
  });
  const done = new Promise<Flooder>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      if (!stopped) f.closedAfterMs = Date.now() - t0;
      resolve(f);
    });
  });
  const chunk = opts.chunk ?? Buffer.alloc(64 * 1024, 0x61);
  socket.on('connect', () => {
    socket.write(head);
    if (bodyBytes === 0) return;
    if (opts.trickleMs) {
      timer = setInterval(() => {
        if (f.written >= bodyBytes || socket.destroyed) return;
        socket.write('a');
        f.written++;
      }, opts.trickleMs);
      return;
    }
    const pump = () => {
      while (f.written < bodyBytes && !socket.destroyed && f.status === 0) {
        const n = Math.min(chunk.length, bodyBytes - f.written);
        f.written += n;
        if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
  return {
    done,
    stop() {
      stopped = true;
      socket.destroy();
    },
  };
}

const requestHead = (headers: Record<string, string | number>) =>
  `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;

/** Well-formed, fresh, wrong: passes every check that can be made before the body is read. */
const forgedSignature = () => ({
  'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000)),
  'X-Slack-Signature': `v0=${'0123456789abcdef'.repeat(4)}`,
});

interface Wave {
  name: string;
  delegates: { ms: number; ok: boolean; status: number }[];
  baselineMb: number;
  peakMb: number;
  flood: { sent: number; answered: Record<string, number>; mbWritten: number };
  slow: { sent: number; closedWithinMs: number; stillOpen: number };
  seconds: number;
}

async function wave(app: Proc, slack: { responseUrl(id: string): string }, o: { name: string; posts: number; bodyBytes: number; forged: boolean; slowBodies: number; slowHeaders: number; delegates: number; tag: string }): Promise<Wave> {
  const t0 = Date.now();
  await sleep(500);
  const baseline: number[] = [];
  for (let i = 0; i < 5; i++) {
    baseline.push(app.rss());
    await sleep(100);
  }
  const baselineMb = Math.min(...baseline);
  let peakMb = baselineMb;
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, app.rss());
  }, 25);

  const floodHead = requestHead({ 'Content-Type': FORM, 'Content-Length': o.bodyBytes, ...(o.forged ? forgedSignature() : {}) });
  const floods = Array.from({ length: o.posts }, () => flooder(app.port, floodHead, o.bodyBytes));
  const slowBodies = Array.from({ length: o.slowBodies }, () => flooder(app.port, requestHead({ 'Content-Type': FORM, 'Content-Length': 1000, ...forgedSignature() }), 1000, { trickleMs: 1000 }));
  // headers that never finish: a few bytes a second, no blank line
  const slowHeaders = Array.from({ length: o.slowHeaders }, () => flooder(app.port, 'POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n', 1000, { trickleMs: 1000 }));
  await sleep(50);

  const delegates: Wave['delegates'] = [];
  for (let i = 0; i < o.delegates; i++) {
    const body = commandBody({ teamId: ids.team(1), userId: ids.leader(1, i % POP.leadersPerTeam), channelId: ids.channel(1, 0), command: '/delegate', text: `<@${ids.assignee(1, i % POP.assigneesPerTeam)}> ${o.tag} task ${i} in 3 days`, responseUrl: slack.responseUrl(`${o.tag}-${i}`) });
    const r = await send(app.url, sign(body), 10_000);
    delegates.push({ ms: round(r.ms, 0), ok: classify(r.status, r.text, r.error) === 'success', status: r.status });
    await sleep(100);
  }
  // the slow senders get up to 8 s to be closed by the app; then we stop whatever is left
  const slowAll = [...slowBodies, ...slowHeaders];
  const slowDone = Promise.all(slowAll.map((s) => s.done));
  await Promise.race([slowDone, sleep(8_000)]);
  for (const s of [...slowAll, ...floods]) s.stop();
  const floodResults = await Promise.all(floods.map((f) => f.done));
  const slowResults = await slowDone;
  clearInterval(sampler);
  const answered: Record<string, number> = {};
  for (const f of floodResults) answered[String(f.status)] = (answered[String(f.status)] ?? 0) + 1;
  const closed = slowResults.filter((s) => Number.isFinite(s.closedAfterMs));
  return {
    name: o.name,
    delegates,
    baselineMb: round(baselineMb, 1),
    peakMb: round(peakMb, 1),
    flood: { sent: o.posts, answered, mbWritten: round(floodResults.reduce((a, f) => a + f.written, 0) / MB, 1) },
    slow: { sent: slowAll.length, closedWithinMs: closed.length ? Math.max(...closed.map((s) => s.closedAfterMs)) : NaN, stillOpen: slowAll.length - closed.length },
    seconds: round((Date.now() - t0) / 1000, 1),
  };
}

export async function floodDrill(ctx: DrillContext): Promise<DrillResult> {
  const t0 = Date.now();
  await createDatabase(DATABASE);
  const seed = await openMigrated({ kind: 'postgres', database: DATABASE });
  await seedPopulation(seed, POP, 0);
  await seed.close();
  const { server: lean, client: slack } = await startLeanSlack();
  const app = await startProc({ label: 'drill7', env: appEnv({ slackApiUrl: slack.apiUrl, databaseUrl: pgUrl(DATABASE), port: 0 }) });
  const waves: Wave[] = [];
  try {
    // warm up: the first requests load code paths and fill the pool
    for (let i = 0; i < 5; i++) {
      const body = commandBody({ teamId: ids.team(1), userId: ids.leader(1, 0), channelId: ids.channel(1, 0), command: '/delegate', text: `<@${ids.assignee(1, 0)}> warm-up ${i} in 3 days`, responseUrl: slack.responseUrl(`warm-${i}`) });
      await send(app.url, sign(body), 10_000);
    }
    log('drill 7: 150 unsigned 4 MB posts, slow bodies and slow headers, while /delegate is typed');
    waves.push(await wave(app, slack, { name: 'unsigned 4 MB', posts: 150, bodyBytes: 4 * MB, forged: false, slowBodies: ctx.quick ? 25 : 50, slowHeaders: ctx.quick ? 25 : 50, delegates: ctx.quick ? 5 : 10, tag: 'flood-a' }));
    if (!ctx.quick) {
      log('drill 7: 150 posts with forged (fresh, well-formed) signatures and 1 MB bodies');
      waves.push(await wave(app, slack, { name: 'forged 1 MB', posts: 150, bodyBytes: MB, forged: true, slowBodies: 0, slowHeaders: 0, delegates: 10, tag: 'flood-b' }));
    }
  } finally {
    await sleep(500);
  }
  const healthy = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(3000) }).then((r) => r.status === 200, () => false);
  const alive = app.alive();
  const persisted = await withClient(DATABASE, async (c) => Number((await c.query<{ n: number }>(`select count(*)::int n from delegations where title like 'flood-%'`)).rows[0]!.n));
  await app.stop();
  await lean.close();
  await dropDatabase(DATABASE);

  const all = waves.flatMap((w) => w.delegates);
  const acked = all.filter((d) => d.ok).length;
  const criteria = waves.flatMap((w) => {
    const slowest = Math.max(...w.delegates.map((d) => d.ms));
    const grew = round(w.peakMb - w.baselineMb, 1);
    return [
      criterion(`${w.name}: every signed /delegate acknowledged in under 1 s`, w.delegates.every((d) => d.ok && d.ms < 1000), `${w.delegates.filter((d) => d.ok).length}/${w.delegates.length} acknowledged, slowest ${slowest} ms (${w.delegates.map((d) => d.ms).join(', ')} ms)`),
      criterion(`${w.name}: resident memory grows by less than 50 MB`, grew < 50, `${w.baselineMb} → ${w.peakMb} MB (+${grew}); the flood wrote ${w.flood.mbWritten} MB before being cut off; answers ${JSON.stringify(w.flood.answered)}`),
      ...(w.slow.sent > 0 ? [criterion(`${w.name}: slow senders closed by the app within 6 s`, w.slow.stillOpen === 0 && w.slow.closedWithinMs <= 6000, `${w.slow.sent - w.slow.stillOpen}/${w.slow.sent} closed, the last after ${round(w.slow.closedWithinMs, 0)} ms`)] : []),
    ];
  });
  criteria.push(criterion('healthy afterwards, and every acknowledged /delegate persisted', healthy && alive && persisted === acked, `healthz ${healthy ? 200 : 'down'}; ${persisted} persisted of ${acked} acknowledged`));
  return result(
    'flood',
    'A flood of unsigned 4 MB posts and slow senders while /delegate is typed',
    ctx.quick ? 'quick: 150 unsigned 4 MB posts, 50 slow senders, 5 /delegate' : 'full: that, then 150 forged-signature 1 MB posts; 20 /delegate',
    t0,
    { actionsSent: all.length, acknowledged: acked, persisted, messagesExpected: 0, delivered: 0, duplicated: 0 },
    criteria,
    { waves, appLogWarnings: app.logs.byMsg },
  );
}
