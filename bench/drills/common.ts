/**
 * Shared pieces of the fault drills: results with their counts and criteria, a bounded load of real
 * user actions (/delegate with a unique title, /outcome closing a distinct seeded delegation), reply
 * classification, and checks read back from PostgreSQL and from what the Slack stand-in received.
 */
import type pg from 'pg';
import type { LeanSlackClient } from '../lib/lean-slack';
import { ids, outcomeLeader, type Population } from '../lib/seed';
import { ackText, commandBody, send, sign } from '../lib/slack-requests';
import { sleep } from '../lib/util';

export interface Counts {
  actionsSent: number;
  acknowledged: number;
  persisted: number;
  messagesExpected: number;
  delivered: number;
  duplicated: number;
}

export interface Criterion {
  name: string;
  pass: boolean;
  detail: string;
}

export interface DrillContext {
  quick: boolean;
  flags: Set<string>;
}

export interface DrillResult {
  name: string;
  title: string;
  mode: string;
  pass: boolean;
  counts: Counts;
  criteria: Criterion[];
  details: Record<string, unknown>;
  seconds: number;
}

export function result(name: string, title: string, mode: string, t0: number, counts: Counts, criteria: Criterion[], details: Record<string, unknown>): DrillResult {
  return { name, title, mode, pass: criteria.every((c) => c.pass), counts, criteria, details, seconds: Math.round((Date.now() - t0) / 100) / 10 };
}

export const criterion = (name: string, pass: boolean, detail: string): Criterion => ({ name, pass, detail });

export type ReplyClass = 'success' | 'unavailable' | 'generic' | 'working' | 'refused' | 'http_error' | 'timeout' | 'network';

export function classify(status: number, body: string, error?: string): ReplyClass {
  if (status === 0) return error === 'timeout' ? 'timeout' : 'network';
  if (status !== 200) return 'http_error';
  const t = ackText(body);
  if (t.includes(':handshake:') || t.includes('closed as')) return 'success';
  if (t.includes('taking a short break')) return 'unavailable';
  if (t.includes('Something went wrong')) return 'generic';
  if (t.includes('Working on it')) return 'working';
  return 'refused';
}

export interface ActionRecord {
  i: number;
  kind: 'delegate' | 'outcome';
  team: string;
  /** unique title (delegate) or the ref closed (outcome) */
  key: string;
  ref: number | null;
  startedAt: number;
  ms: number;
  status: number;
  cls: ReplyClass;
  error?: string;
  responseId: string;
  /** the outcome of a "working on it" ack, read from response_url afterwards */
  late?: ReplyClass;
}

/**
 * Sends /delegate and /outcome from `workers` loops until `stop()` says so, at most `maxRequests`,
 * each answered within `timeoutMs` or counted as a hang. /outcome closes seeded refs 1… in order.
 */
export async function actionLoad(o: {
  appUrl: string;
  slack: LeanSlackClient;
  pop: Population;
  workers: number;
  stop: () => boolean;
  maxRequests: number;
  tag: string;
  timeoutMs?: number;
  pauseMs?: number;
  records: ActionRecord[];
}): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let guard = 0; guard < o.maxRequests; guard++) {
      if (o.stop()) return;
      const i = next++;
      if (i >= o.maxRequests) return;
      const t = (i % o.pop.teams) + 1;
      const k = Math.floor(i / o.pop.teams);
      const team = ids.team(t);
      const responseId = `${o.tag}-${i}`;
      let rec: ActionRecord;
      if (i % 2 === 0) {
        const title = `${o.tag} task ${i}`;
        const assignee = ids.assignee(t, (k * 7 + 3) % o.pop.assigneesPerTeam);
        const body = commandBody({ teamId: team, userId: ids.leader(t, k % o.pop.leadersPerTeam), channelId: ids.channel(t, k % o.pop.channelsPerTeam), command: '/delegate', text: `<@${assignee}> ${title} in 3 days`, responseUrl: o.slack.responseUrl(responseId) });
        const startedAt = Date.now();
        const r = await send(o.appUrl, sign(body), o.timeoutMs ?? 5000);
        rec = { i, kind: 'delegate', team, key: title, ref: refIn(ackText(r.text)), startedAt, ms: r.ms, status: r.status, cls: classify(r.status, r.text, r.error), error: r.error, responseId };
      } else {
        const ref = Math.floor(i / (2 * o.pop.teams)) + 1;
        const body = commandBody({ teamId: team, userId: outcomeLeader(o.pop, t, ref), channelId: ids.channel(t, ref % o.pop.channelsPerTeam), command: '/outcome', text: `D-${ref} win`, responseUrl: o.slack.responseUrl(responseId) });
        const startedAt = Date.now();
        const r = await send(o.appUrl, sign(body), o.timeoutMs ?? 5000);
        rec = { i, kind: 'outcome', team, key: `D-${ref}`, ref, startedAt, ms: r.ms, status: r.status, cls: classify(r.status, r.text, r.error), error: r.error, responseId };
      }
      o.records.push(rec);
      if (o.pauseMs) await sleep(o.pauseMs);
    }
  };
  await Promise.all(Array.from({ length: o.workers }, worker));
}

export function refIn(text: string): number | null {
  const m = /\bD-(\d+)/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Fills in the final answer of "working on it" acks from the response_url posts the stand-in kept. */
export async function resolveLate(records: ActionRecord[], slack: LeanSlackClient): Promise<void> {
  const responses = await slack.responses();
  for (const r of records) {
    if (r.cls !== 'working') continue;
    const posts = responses[r.responseId] ?? [];
    const last = posts[posts.length - 1];
    r.late = last ? classify(200, last) : 'timeout';
    if (last && r.kind === 'delegate') r.ref = refIn(ackText(last));
  }
}

export const acknowledged = (r: ActionRecord) => r.cls === 'success' || r.late === 'success';

export interface Persistence {
  persisted: number;
  missing: ActionRecord[];
  /** answered "try again" (nothing changed) yet written: the reply lied */
  phantom: ActionRecord[];
}

/** Which acknowledged actions are in the database (and which refused ones are, though they should not be). */
export async function checkPersisted(c: pg.Client | pg.Pool, records: ActionRecord[]): Promise<Persistence> {
  const titles = new Set((await c.query<{ title: string }>(`select title from delegations`)).rows.map((r) => r.title));
  const closed = new Set((await c.query<{ k: string }>(`select team_id || ':' || ref as k from delegations where status = 'won'`)).rows.map((r) => r.k));
  const inDb = (r: ActionRecord) => (r.kind === 'delegate' ? titles.has(r.key) : closed.has(`${r.team}:${r.ref}`));
  const ack = records.filter(acknowledged);
  const missing = ack.filter((r) => !inDb(r));
  const phantom = records.filter((r) => !acknowledged(r) && (r.cls === 'unavailable' || r.cls === 'generic' || r.late === 'unavailable' || r.late === 'generic') && inDb(r));
  return { persisted: ack.length - missing.length, missing, phantom };
}

/** Every change came with its ledger entry and its messages: nothing half-written. */
export async function halfWritten(c: pg.Client | pg.Pool): Promise<Record<string, number>> {
  const q = async (sql: string) => Number((await c.query<{ n: number }>(sql)).rows[0]!.n);
  return {
    delegationsWithoutLedgerEntry: await q(`select count(*) n from delegations d where not exists (select 1 from ledger_entries l where l.team_id = d.team_id and l.subject = 'delegation' and l.subject_ref = d.ref and l.action = 'delegated') and d.title not like 'Seeded%'`),
    delegationsWithoutAssigneeDm: await q(`select count(*) n from delegations d where not exists (select 1 from outbox o where o.team_id = d.team_id and o.idempotency_key = 'delegation:' || d.ref || ':assigned') and d.title not like 'Seeded%'`),
    closedWithoutLedgerEntry: await q(`select count(*) n from delegations d where d.status in ('won', 'lost') and not exists (select 1 from ledger_entries l where l.team_id = d.team_id and l.subject = 'delegation' and l.subject_ref = d.ref and l.action = d.status)`),
    closedWithoutCelebration: await q(`select count(*) n from delegations d where d.status in ('won', 'lost') and not exists (select 1 from outbox o where o.team_id = d.team_id and o.idempotency_key = 'delegation:' || d.ref || ':celebration')`),
  };
}

export async function outboxByStatus(c: pg.Client | pg.Pool, where = `method = 'chat.postMessage'`): Promise<Record<string, number>> {
  const { rows } = await c.query<{ status: string; n: number }>(`select status, count(*)::int as n from outbox where ${where} group by status`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Waits (bounded) until nothing is pending or being sent. */
/**
 * Waits until nothing of `where` is pending or being sent. It gives up when the outbox has stopped
 * draining for `stallMs` — a delivery that hangs fails the drill — or after `maxMs` in all, but not
 * merely because a busy machine delivers slowly: paced conversations (one message a second each) can
 * hold a backlog longer than any fixed deadline on a loaded CI machine.
 */
export async function waitDrained(
  c: pg.Client | pg.Pool,
  stallMs: number,
  where = `method = 'chat.postMessage'`,
  maxMs = 10 * stallMs,
): Promise<Record<string, number>> {
  const started = Date.now();
  const left = (s: Record<string, number>) => (s.pending ?? 0) + (s.sending ?? 0);
  let st = await outboxByStatus(c, where);
  let lastProgress = Date.now();
  while (left(st) > 0 && Date.now() - lastProgress < stallMs && Date.now() - started < maxMs) {
    await sleep(500);
    const next = await outboxByStatus(c, where);
    if (left(next) < left(st)) lastProgress = Date.now();
    st = next;
  }
  return st;
}

/**
 * Matches what the stand-in received against the outbox. Messages with a fixed text (kind 'api'): each
 * arrived, how many times, and in outbox order per channel. Messages rendered at send time (reminder
 * bundles, weekly notes) go to people's DMs: per DM channel, as many arrived as were sent.
 */
export async function deliveryCheck(c: pg.Client | pg.Pool, slack: LeanSlackClient): Promise<{ expected: number; delivered: number; missing: number; duplicated: number; outOfOrderChannels: number; rendered: number; renderedDelivered: number; renderedDuplicated: number }> {
  const { rows } = await c.query<{ channel: string | null; channel_key: string; text: string | null; kind: string; status: string }>(
    `select payload->>'channel' as channel, channel_key, payload->>'text' as text, kind, status from outbox where method = 'chat.postMessage' and status <> 'dropped' order by id`,
  );
  const { posts } = await slack.posts();
  const mark = (text: string) => {
    const m = /\[m:([A-Za-z0-9:_.-]+)\]/.exec(text);
    return m ? m[1]! : text.length > 400 ? `${text.slice(0, 200)}…${text.length}…${text.slice(-150)}` : text;
  };
  let delivered = 0;
  let missing = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  const byChannel = new Map<string, string[]>();
  const renderedBy = new Map<string, number>();
  let rendered = 0;
  for (const r of rows) {
    if (r.kind !== 'api' || !r.channel || r.text === null) {
      rendered++;
      renderedBy.set(r.channel_key, (renderedBy.get(r.channel_key) ?? 0) + 1);
      continue;
    }
    byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), mark(r.text)]);
  }
  const apiMarks = new Map<string, Set<string>>();
  for (const [channel, expected] of byChannel) {
    const want = new Set(expected);
    apiMarks.set(channel, want);
    const got = posts[channel] ?? [];
    const seen = new Map<string, number>();
    for (const g of got) if (want.has(g)) seen.set(g, (seen.get(g) ?? 0) + 1);
    for (const m of expected) {
      const n = seen.get(m) ?? 0;
      if (n === 0) missing++;
      else delivered++;
      if (n > 1) duplicated += n - 1;
    }
    const order = got.filter((g) => want.has(g));
    const firstSeen = order.filter((g, i) => order.indexOf(g) === i);
    const expectedOrder = expected.filter((m) => seen.has(m));
    if (firstSeen.join('\n') !== expectedOrder.join('\n')) outOfOrder++;
  }
  let renderedDelivered = 0;
  let renderedDuplicated = 0;
  for (const [channel, n] of renderedBy) {
    const other = (posts[channel] ?? []).filter((g) => !(apiMarks.get(channel)?.has(g) ?? false)).length;
    renderedDelivered += Math.min(n, other);
    renderedDuplicated += Math.max(0, other - n);
  }
  return { expected: rows.length - rendered, delivered, missing, duplicated, outOfOrderChannels: outOfOrder, rendered, renderedDelivered, renderedDuplicated };
}

export function summarizeReplies(records: ActionRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) out[r.cls] = (out[r.cls] ?? 0) + 1;
  return out;
}
