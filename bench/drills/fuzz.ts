/**
 * Drill 5 — 10,000 fuzzed inputs (quick: 2,000), all correctly signed so they reach the listeners:
 * slash commands with random unicode, huge strings, mutated valid commands, missing and odd fields;
 * interaction payloads (block_actions, view_submission, view_closed, unknown types) with malformed
 * JSON, missing fields and wrong types; Events API bodies; and requests with bad signatures, stale
 * timestamps and wrong content types. Deterministic (seeded PRNG).
 *
 * Checks: no 5xx and no hang; the process stays up and healthy; no row written for a refused input
 * (every request carries its own workspace id, so each new row is traced to exactly one input and its
 * reply); and resident memory returns to its baseline once the fuzzing stops.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startLeanSlack } from '../lib/lean-slack';
import { createDatabase, dropDatabase, pgUrl, withClient, runDatabase } from '../lib/pg';
import { appEnv, SIGNING_SECRET, startProc } from '../lib/procs';
import { ids, openMigrated, seedPopulation, type Population } from '../lib/seed';
import { ackText, commandBody, FORM, send, sign, type SignedRequest } from '../lib/slack-requests';
import { log, round, sleep } from '../lib/util';
import { criterion, result, type DrillContext, type DrillResult } from './common';

const DATABASE = runDatabase('drill_fuzz');
const POP: Population = { teams: 3, leadersPerTeam: 10, assigneesPerTeam: 10, channelsPerTeam: 5 };

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS = [
  'delegation_accept',
  'delegation_request_change',
  'outcome_win',
  'outcome_loss',
  'outcome_add_lesson',
  'open_delegate_modal',
  'commitment_done',
  'commitment_move',
  'commitment_confirm',
  'commitment_not_yet',
  'commitment_release',
  'nudge_snooze',
  'outcome_acknowledge',
  'retro_add_lesson',
  'open_commit_modal',
  'away_move_promises',
  'delegation_add_buffer',
];
const VIEWS = [
  'delegate_modal',
  'lesson_modal',
  'change_request_modal',
  'commit_modal',
  'move_modal',
  'acknowledge_modal',
  'retro_lesson_modal',
  'add_buffer_modal',
];
const COMMANDS = ['/delegate', '/outcome', '/commit', '/ledger', '/ritual'];
const TEMPLATES: Record<string, string[]> = {
  '/delegate': [
    '<@UA01003> Draft the survey in 3 days',
    '@ua01004 Draft the survey by Friday stakes large; I’ll review your outline by Wednesday',
    '<@UA01005|ana> Ship it tomorrow stakes medium',
    '',
  ],
  '/outcome': [
    'D-1 win',
    'D-2 loss we learned to ask earlier',
    'C-1 kept',
    'C-2 missed sorry',
    'D-99999999999 win',
    '',
  ],
  '/commit': [
    'Send the deck by tomorrow',
    '<@UA01004> Send you the list by Friday',
    'C-1 by next Monday because the vendor is late',
    'Call the vendor in 3 days',
  ],
  '/ledger': ['', '<@UA01003>', '@nobody', '<@U0NOBODY>'],
  '/ritual': [
    'retro every Friday 16:00',
    'digest every other Monday 9:00',
    'me hours 9-17',
    'me away 2030-01-01 to 2030-01-05',
    'list',
    'pause retro',
    'off digest',
    'help',
  ],
};
const SPICE = [
  '<@',
  '>',
  '<!channel>',
  '<!here>',
  '<#C123|general>',
  '&lt;',
  '&amp;',
  '*',
  '`',
  '```',
  'D-',
  'C-',
  ' by ',
  ' in 3 days',
  'tomorrow',
  'stakes large',
  'win',
  'loss',
  "'; drop table delegations; --",
  '%s%n',
  '${x}',
  '\\',
  '"',
  '\u0000',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  '👩🏽‍💻',
  '🚀',
  'ÅÄÖ',
  'עברית',
  'العربية',
  '日本語',
  'e\u0301',
  '\n',
  '\t',
  '  ',
];

export class Fuzzer {
  private r: () => number;
  constructor(seed: number) {
    this.r = prng(seed);
  }
  int = (n: number) => Math.floor(this.r() * n);
  pick = <T>(xs: readonly T[]): T => xs[this.int(xs.length)]!;
  chance = (p: number) => this.r() < p;
  char(): string {
    const k = this.int(10);
    if (k < 4) return String.fromCharCode(32 + this.int(95));
    if (k < 5) return String.fromCharCode(this.int(32));
    if (k < 6) return String.fromCharCode(0xa0 + this.int(0x2000));
    if (k < 7) return String.fromCodePoint(0x1f300 + this.int(0x400));
    if (k < 8) return String.fromCharCode(0x300 + this.int(0x70));
    if (k < 9) return String.fromCharCode(0xd800 + this.int(0x800));
    return this.pick(SPICE);
  }
  text(max = 200): string {
    let s = '';
    const n = this.int(max);
    for (let i = 0; i < n; i++) s += this.char();
    return s;
  }
  huge(): string {
    const n = this.pick([4_000, 20_001, 60_000, 150_000]);
    return this.chance(0.5)
      ? 'x'.repeat(n)
      : this.text(50)
          .repeat(Math.ceil(n / 50))
          .slice(0, n);
  }
  mutate(s: string): string {
    let out = s;
    const steps = 1 + this.int(4);
    for (let i = 0; i < steps; i++) {
      const at = this.int(out.length + 1);
      switch (this.int(6)) {
        case 0:
          out = out.slice(0, at) + this.text(12) + out.slice(at);
          break;
        case 1:
          out = out.slice(0, at) + out.slice(at + 1 + this.int(8));
          break;
        case 2:
          out = out.slice(0, at) + this.pick(SPICE) + out.slice(at);
          break;
        case 3:
          out = out + out;
          break;
        case 4:
          out = out.toUpperCase();
          break;
        default:
          out = out.slice(0, at);
      }
    }
    return out;
  }
  /** Something where a string, object or number should be. */
  weird(): unknown {
    return this.pick<unknown>([
      null,
      5,
      -1,
      1e308,
      true,
      [],
      {},
      [1, 2],
      { id: 5 },
      '',
      'x',
      this.text(20),
      { nested: { deeper: [null] } },
    ]);
  }
}

/** Lone surrogates cannot be UTF-8 encoded (Slack could not send them either): replaced by U+FFFD. */
const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
/** encodeURIComponent, falling back to well-formed text only where it would throw (lone surrogates). */
const safeEncode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(wellFormed(s));
  }
};
export const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export interface FuzzInput {
  i: number;
  kind: string;
  team: string;
  req: SignedRequest;
  /** for commands: the command; for interactions: the payload type */
  what: string;
}

function userFor(f: Fuzzer): string {
  if (f.chance(0.75)) return f.chance(0.5) ? ids.leader(1, f.int(10)) : ids.assignee(1, f.int(10));
  return f.pick([
    'U' +
      f
        .text(8)
        .replace(/[^A-Z0-9]/gi, 'X')
        .toUpperCase()
        .padEnd(6, '0'),
    'UNKNOWN99',
    '',
    'U'.repeat(70),
    'W0ENTERPRISE',
  ]);
}

export function fuzzInput(f: Fuzzer, i: number, responseUrl: (id: string) => string, workspaceOf: (i: number) => string = (n) => `TFZ${n}`): FuzzInput {
  // each input has its own workspace, so any row it writes is traced back to it (a few reuse TB01, where
  // seeded delegations and people exist)
  const team = f.chance(0.25) ? ids.team(1) : workspaceOf(i);
  const k = f.int(100);
  if (k < 45) {
    const command = f.chance(0.95) ? f.pick(COMMANDS) : f.pick(['/unknown', '/DELEGATE', '', f.text(10)]);
    const base = TEMPLATES[command] ?? [''];
    const text = f.chance(0.35)
      ? f.mutate(f.pick(base))
      : f.chance(0.1)
        ? f.huge()
        : f.chance(0.5)
          ? f.text(120)
          : f.pick(base);
    const user = userFor(f);
    let body = commandBody({
      teamId: team,
      userId: user,
      channelId: f.chance(0.9) ? ids.channel(1, f.int(5)) : f.text(10),
      command,
      text,
      responseUrl: responseUrl(`fz-${i}`),
    });
    if (f.chance(0.1)) {
      const params = new URLSearchParams(body);
      const keys = [...params.keys()];
      for (let d = 0; d < 1 + f.int(3); d++) params.delete(f.pick(keys));
      if (f.chance(0.5)) params.append(f.pick(keys), f.text(30));
      body = params.toString();
    }
    return { i, kind: 'command', team, req: sign(body), what: command };
  }
  if (k < 80) {
    const type = f.pick([
      'block_actions',
      'block_actions',
      'view_submission',
      'view_submission',
      'view_closed',
      'shortcut',
      'message_action',
      'block_suggestion',
      f.text(10),
    ]);
    const user = userFor(f);
    const payload: Record<string, unknown> = {
      type,
      team: f.chance(0.9) ? { id: team, domain: 'fuzz' } : f.weird(),
      user: f.chance(0.9) ? { id: user, team_id: team, name: 'fuzz' } : f.weird(),
      api_app_id: 'A0TRUSTLOOP',
      token: 'bench-verification-token',
      trigger_id: f.chance(0.9) ? `tr.${i}` : f.weird(),
      response_url: f.chance(0.9) ? responseUrl(`fz-${i}`) : f.weird(),
    };
    if (type === 'block_actions') {
      payload.channel = f.chance(0.8) ? { id: ids.channel(1, 0) } : f.weird();
      payload.container = { type: 'message', message_ts: '1.2', channel_id: ids.channel(1, 0) };
      payload.actions = f.chance(0.9)
        ? [
            {
              type: f.pick(['button', 'static_select', 'overflow']),
              action_id: f.chance(0.8) ? f.pick(ACTIONS) : f.text(12),
              block_id: f.text(6),
              value: f.pick<unknown>([
                String(f.int(5)),
                `${f.int(5)}:loss`,
                '999999999',
                '-1',
                '1e9',
                f.text(30),
                f.huge(),
                f.weird(),
              ]),
              action_ts: '1.2',
              selected_option: f.chance(0.3)
                ? { value: f.pick(['1h', 'tomorrow', 'monday', f.text(8)]) }
                : undefined,
            },
          ]
        : f.weird();
      payload.message = f.chance(0.5) ? { ts: '1.2', text: f.text(20), blocks: [] } : undefined;
    } else if (type === 'view_submission' || type === 'view_closed') {
      const field = () => ({
        type: f.pick(['plain_text_input', 'users_select', 'static_select', 'datepicker']),
        value: f.chance(0.7) ? f.text(40) : f.weird(),
        selected_user: f.chance(0.5) ? ids.assignee(1, f.int(10)) : f.weird(),
        selected_option: f.chance(0.5)
          ? { value: f.pick(['small', 'medium', 'large', f.text(5)]) }
          : f.weird(),
        selected_date: f.chance(0.5)
          ? f.pick(['2031-02-03', '1999-01-01', '2031-13-45', f.text(10)])
          : f.weird(),
      });
      payload.view = f.chance(0.9)
        ? {
            id: `V${i}`,
            type: 'modal',
            callback_id: f.chance(0.85) ? f.pick(VIEWS) : f.text(10),
            private_metadata: f.pick<unknown>([
              JSON.stringify({
                channelId: ids.channel(1, 0),
                responseUrl: responseUrl(`fz-${i}`),
                ref: f.int(5),
              }),
              '{',
              '',
              f.text(40),
              JSON.stringify(f.weird()),
              f.weird(),
            ]),
            state: f.chance(0.9)
              ? {
                  values: Object.fromEntries(
                    [
                      'person',
                      'task',
                      'success',
                      'stakes',
                      'due',
                      'buffer',
                      'promises',
                      'lesson',
                      'note',
                      'text',
                      'due_date',
                    ]
                      .filter(() => f.chance(0.6))
                      .map((b) => [b, { [f.chance(0.8) ? 'value' : f.text(5)]: field() }]),
                  ),
                }
              : f.weird(),
            hash: 'h',
          }
        : f.weird();
      payload.is_cleared = f.weird();
    } else {
      payload.callback_id = f.text(10);
    }
    let json = JSON.stringify(payload);
    if (f.chance(0.12)) json = json.slice(0, f.int(json.length));
    if (f.chance(0.05)) json = JSON.stringify(f.weird());
    // (plain encodeURIComponent keeps the quick form's seeded inputs as they were when its criteria were set)
    const body = f.chance(0.95)
      ? `payload=${safeEncode(json)}`
      : f.pick([`payload=`, `payload=${f.text(40)}`, `payloa=${safeEncode(json)}`, '']);
    return { i, kind: 'interaction', team, req: sign(body), what: type };
  }
  if (k < 90) {
    const event = f.chance(0.85)
      ? {
          type: f.pick([
            'app_home_opened',
            'app_home_opened',
            'message',
            'app_mention',
            'member_joined_channel',
            f.text(8),
          ]),
          user: userFor(f),
          tab: f.pick<unknown>(['home', 'messages', f.text(4), f.weird()]),
          channel: f.text(6),
          event_ts: '1.2',
          text: f.text(50),
        }
      : f.weird();
    const envelope: Record<string, unknown> = f.chance(0.1)
      ? { type: 'url_verification', challenge: f.text(30), token: 't' }
      : {
          type: f.chance(0.9) ? 'event_callback' : f.text(8),
          team_id: f.chance(0.9) ? team : f.weird(),
          api_app_id: 'A0TRUSTLOOP',
          event,
          event_id: `Ev${i}`,
          event_time: 1,
        };
    let json = JSON.stringify(envelope);
    if (f.chance(0.15)) json = json.slice(0, f.int(json.length));
    return { i, kind: 'event', team, req: sign(json, 'application/json'), what: 'event' };
  }
  // transport-level oddities: wrong signature, stale or future timestamp, missing headers, wrong type
  const body = commandBody({
    teamId: team,
    userId: ids.leader(1, 0),
    channelId: ids.channel(1, 0),
    command: '/ledger',
    text: '',
    responseUrl: responseUrl(`fz-${i}`),
  });
  const signed = sign(body);
  const v = f.int(6);
  const headers = { ...signed.headers };
  if (v === 0) headers['x-slack-signature'] = `v0=${'0'.repeat(64)}`;
  else if (v === 1)
    return { i, kind: 'transport', team, req: sign(body, FORM, Date.now() - 10 * 60_000), what: 'stale' };
  else if (v === 2)
    return { i, kind: 'transport', team, req: sign(body, FORM, Date.now() + 10 * 60_000), what: 'future' };
  else if (v === 3) delete headers['x-slack-signature'];
  else if (v === 4)
    headers['content-type'] = f.pick([
      'text/plain',
      'application/json',
      'multipart/form-data',
      'application/x-www-form-urlencoded; charset=utf-8',
    ]);
  else
    return {
      i,
      kind: 'transport',
      team,
      req: sign(body, FORM, Date.now(), `${SIGNING_SECRET}-wrong`),
      what: 'wrong-secret',
    };
  return { i, kind: 'transport', team, req: { body, headers }, what: `variant-${v}` };
}

const SUCCESS = [
  ':handshake:',
  'is on your say/do ledger',
  'closed as',
  'You accepted',
  ':white_check_mark:',
  'Moved',
  'moved to',
  'Snoozed',
  'kept',
  'released',
  'Ritual set',
];
/** What the /ritual replies say when a ritual was set, paused, resumed or turned off. */
const RITUAL_DONE = ['Ritual set', 'Done — no more', 'Paused the', 'is back on'];
const WORKERS = 32;

export async function fuzzDrill(ctx: DrillContext): Promise<DrillResult> {
  const t0 = Date.now();
  const n = ctx.quick ? 700 : 10_000;
  // the second pass replays the same inputs in workspaces the first pass already used: memory must not
  // grow again (Bolt keeps one WebClient per workspace id it has seen, so new workspaces do cost memory)
  const n2 = ctx.quick ? 500 : 10_000;
  const repeatWorkspaces = 50;
  await createDatabase(DATABASE);
  const seed = await openMigrated({ kind: 'postgres', database: DATABASE });
  await seedPopulation(seed, POP, 5);
  await seed.close();
  // Only the seeded people and the fuzz workspaces' U…-style ids exist for users.info; other ids are unknown.
  const { server: lean, client: slack } = await startLeanSlack({ knownUsers: '^U(L|A)0[0-9]{4}$' });
  // SIGUSR2 writes a heap snapshot (after a full GC): retained memory, not the allocator's RSS
  const heapDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustloop-fuzz-heap-'));
  const app = await startProc({
    label: 'drill5',
    env: appEnv({ slackApiUrl: slack.apiUrl, databaseUrl: pgUrl(DATABASE), port: 0 }),
    nodeArgs: ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heapDir}`],
  });
  const f = new Fuzzer(6);
  const inputs = Array.from({ length: n }, (_, i) => fuzzInput(f, i, (id) => slack.responseUrl(id)));
  const answers = new Map<number, { status: number; text: string; ms: number; error?: string }>();
  const before = await withClient(DATABASE, (c) => snapshot(c));
  let next = 0;
  const run = (until: number) => async () => {
    for (let guard = 0; guard < n; guard++) {
      const i = next++;
      if (i >= until) return;
      const r = await send(app.url, inputs[i]!.req, 5000);
      answers.set(i, { status: r.status, text: r.text.slice(0, 2000), ms: r.ms, error: r.error });
    }
  };
  // a warm-up slice first (JIT, pools, caches), then the memory baseline, then the rest
  const warm = Math.min(300, Math.floor(n / 5));
  await Promise.all(Array.from({ length: WORKERS }, run(warm)));
  await sleep(5000);
  const heapBefore = await retainedHeapMb(app.pid, heapDir);
  const baseline = app.rss();
  const fuzzStart = Date.now();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, app.rss());
  }, 250);
  next = warm;
  await Promise.all(Array.from({ length: WORKERS }, run(n)));
  clearInterval(sampler);
  const fuzzSeconds = (Date.now() - fuzzStart) / 1000;
  log(
    `drill 5: ${n} inputs in ${round(fuzzSeconds, 1)} s; RSS baseline ${round(baseline, 0)} MB, peak ${round(peak, 0)} MB`,
  );
  const health = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(3000) })
    .then((r) => r.status)
    .catch(() => 0);
  await sleep(ctx.quick ? 5_000 : 20_000);
  const after = app.rss();
  const heapAfter = await retainedHeapMb(app.pid, heapDir);
  const afterGc = app.rss();
  // what the first pass wrote, read before the second pass writes anything
  const responses = await slack.responses();
  const writes = await withClient(DATABASE, (c) => newRows(c, before));
  // second pass: the same inputs, in the first 50 workspaces (no new workspace ids)
  const f2 = new Fuzzer(6);
  const again = Array.from({ length: n2 }, (_, i) => fuzzInput(f2, i, (id) => slack.responseUrl(`again-${id}`), (k) => `TFZ${k % repeatWorkspaces}`));
  let next2 = 0;
  const statuses2: Record<string, number> = {};
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let guard = 0; guard < n2; guard++) {
        const i = next2++;
        if (i >= n2) return;
        const r = await send(app.url, again[i]!.req, 5000);
        statuses2[r.status] = (statuses2[r.status] ?? 0) + 1;
      }
    }),
  );
  await sleep(ctx.quick ? 3_000 : 10_000);
  const heapAgain = await retainedHeapMb(app.pid, heapDir);
  const alive = app.alive();
  fs.rmSync(heapDir, { recursive: true, force: true });
  await app.stop();
  const exit = await app.exited;
  await lean.close();
  await dropDatabase(DATABASE);

  const statuses: Record<string, number> = {};
  for (const a of answers.values()) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const fivexx = [...answers.entries()].filter(([, a]) => a.status >= 500);
  // not criteria of the issue, reported as observations: requests never answered, and requests Bolt
  // answered with its 404 after 3 s because no listener acknowledged them
  const unanswered = [...answers.entries()].filter(([, a]) => a.status === 0);
  const late404 = [...answers.entries()].filter(([, a]) => a.status === 404 && a.ms >= 2900);
  // trace each written row to its input: accepted only when one of its replies says it was done
  const byTeam = new Map(inputs.map((x) => [x.team, x]));
  // a mutated body may carry another team_id than the one it was built with: index those too
  for (const x of inputs) {
    const declared = declaredTeam(x);
    if (declared && !byTeam.has(declared)) byTeam.set(declared, x);
  }
  const unexplained: string[] = [];
  const tb01Replies = inputs
    .filter((x) => x.team === ids.team(1))
    .map(
      (x) =>
        `${ackText(answers.get(x.i)?.text ?? '')}\n${(responses[`fz-${x.i}`] ?? []).map(ackText).join('\n')}`,
    );
  for (const w of writes) {
    if (w.team === ids.team(1) && w.subject === 'ritual') {
      if (!tb01Replies.some((t) => RITUAL_DONE.some((s) => t.includes(s))))
        unexplained.push(`rituals ${w.team} #${w.ref} (no "Ritual set" reply)`);
      continue;
    }
    if (w.team === ids.team(1)) {
      const mention = new RegExp(`\\b${w.subject === 'delegation' ? 'D' : 'C'}-${w.ref}\\b`);
      if (!tb01Replies.some((t) => mention.test(t) && SUCCESS.some((s) => t.includes(s))))
        unexplained.push(`${w.table} ${w.team} ${w.subject}-${w.ref} (no successful reply names it)`);
      continue;
    }
    const input = byTeam.get(w.team);
    const texts = input
      ? [ackText(answers.get(input.i)?.text ?? ''), ...(responses[`fz-${input.i}`] ?? []).map(ackText)]
      : [];
    if (!input || !texts.some((t) => SUCCESS.some((s) => t.includes(s))))
      unexplained.push(
        `${w.table} ${w.team} ${w.subject}-${w.ref} from ${input ? `${input.kind} ${input.what}` : 'unknown input'}: "${texts.join(' | ').slice(0, 160)}"`,
      );
  }
  const accepted = new Set(writes.map((w) => w.team)).size;
  const grewMb = after - baseline;
  const heapGrew = heapAfter - heapBefore;
  const newWorkspaces = new Set(inputs.map((x) => x.team)).size;
  const perWorkspaceKb = ((heapAfter - heapBefore) * 1024) / Math.max(1, newWorkspaces);
  const memoryOk = Number.isFinite(heapAgain) ? heapAgain <= heapAfter * 1.1 + 5 : after <= baseline * 1.3 + 30;
  const criteria = [
    criterion(
      'no 5xx',
      fivexx.length === 0,
      `${fivexx.length} answers ≥ 500` +
        (fivexx.length
          ? `: ${fivexx
              .slice(0, 3)
              .map(([i, a]) => `#${i} ${inputs[i]!.kind}/${inputs[i]!.what} → ${a.status}`)
              .join('; ')}`
          : '') +
        `; statuses ${JSON.stringify(statuses)}`,
    ),
    criterion(
      'no crash: the process stayed up and healthy',
      alive && health === 200 && exit.code === 0,
      `alive ${alive}, /healthz ${health}, exit on SIGTERM ${exit.code ?? exit.signal}`,
    ),
    criterion(
      'no row written for a refused input',
      unexplained.length === 0,
      `${writes.length} new rows from ${accepted} inputs, ${unexplained.length} not explained by a successful reply` +
        (unexplained.length ? `: ${unexplained.slice(0, 4).join('; ')}` : ''),
    ),
    criterion(
      'memory returns to its baseline',
      memoryOk,
      `retained heap (snapshot after a full GC) ${round(heapBefore, 1)} MB after warm-up → ${round(heapAfter, 1)} MB after ${n} inputs in ${newWorkspaces} new workspaces (${heapGrew >= 0 ? '+' : ''}${round(heapGrew, 1)} MB ≈ ${round(perWorkspaceKb, 0)} kB per workspace: Bolt's per-workspace WebClient) → ${round(heapAgain, 1)} MB after ${n2} more inputs in workspaces already seen (allowed: +10% + 5 MB over the previous); RSS ${round(baseline, 0)} MB → peak ${round(peak, 0)} MB → ${round(after, 0)} MB after ${ctx.quick ? 5 : 20} s idle (${grewMb >= 0 ? '+' : ''}${round(grewMb, 0)} MB), ${round(afterGc, 0)} MB after the GC`,
    ),
  ];
  return result(
    'fuzz',
    `${n.toLocaleString('en')} fuzzed slash commands, interaction payloads and events`,
    ctx.quick ? `quick: ${n} inputs` : `full: ${n} inputs`,
    t0,
    {
      actionsSent: n,
      acknowledged: statuses['200'] ?? 0,
      persisted: accepted,
      messagesExpected: 0,
      delivered: 0,
      duplicated: 0,
    },
    criteria,
    {
      statuses,
      byKind: countBy(inputs.map((x) => x.kind)),
      unanswered: {
        count: unanswered.length,
        examples: unanswered
          .slice(0, 5)
          .map(
            ([i]) =>
              `#${i} ${inputs[i]!.kind}/${inputs[i]!.what}: ${safeDecode(inputs[i]!.req.body).slice(0, 60)}`,
          ),
      },
      bolt404After3s: {
        count: late404.length,
        byKind: countBy(late404.map(([i]) => `${inputs[i]!.kind}/${inputs[i]!.what.slice(0, 20)}`)),
      },
      fiveHundreds: countBy(fivexx.map(([i]) => `${inputs[i]!.kind}/${inputs[i]!.what.slice(0, 20)}`)),
      rssMb: { baseline: round(baseline, 0), peak: round(peak, 0), after: round(after, 0), afterGc: round(afterGc, 0) }, heapSnapshotMb: { before: round(heapBefore, 1), after: round(heapAfter, 1), afterRepeat: round(heapAgain, 1) }, repeatStatuses: statuses2,
      appLog: app.logs.byMsg,
      writesByTable: countBy(writes.map((w) => w.table)),
    },
  );
}

/** The team a request really declares (its form field or its payload), when it can be read. */
function declaredTeam(x: FuzzInput): string | null {
  try {
    const form = new URLSearchParams(x.req.body);
    if (form.get('team_id')) return form.get('team_id');
    const payload = JSON.parse(form.get('payload') ?? x.req.body) as { team?: { id?: unknown }; team_id?: unknown };
    const t = payload.team?.id ?? payload.team_id;
    return typeof t === 'string' ? t : null;
  } catch {
    return null;
  }
}

/** Asks the app for a heap snapshot (SIGUSR2; V8 runs a full GC first) and returns its size in MB. */
async function retainedHeapMb(pid: number, dir: string): Promise<number> {
  const before = new Set(fs.readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  let last = -1;
  for (let i = 0; i < 240; i++) {
    await sleep(250);
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) continue;
    const size = fs.statSync(path.join(dir, file)).size;
    if (size > 0 && size === last) {
      if (process.env.BENCH_KEEP_HEAP) fs.copyFileSync(path.join(dir, file), path.join(process.env.BENCH_KEEP_HEAP, file));
      fs.rmSync(path.join(dir, file), { force: true });
      return size / 1024 / 1024;
    }
    last = size;
  }
  return NaN;
}

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

interface Snapshot {
  ledger: number;
  outbox: number;
  delegations: Set<string>;
  closed: Set<string>;
  commitments: Set<string>;
  rituals: number;
}

async function snapshot(c: pg.Client): Promise<Snapshot> {
  const one = async (sql: string) => Number((await c.query<{ n: number }>(sql)).rows[0]!.n ?? 0);
  const set = async (sql: string) => new Set((await c.query<{ k: string }>(sql)).rows.map((r) => r.k));
  return {
    ledger: await one('select coalesce(max(id), 0) n from ledger_entries'),
    outbox: await one('select coalesce(max(id), 0) n from outbox'),
    delegations: await set(`select team_id || ':' || ref k from delegations`),
    closed: await set(`select team_id || ':' || ref k from delegations where status <> 'open'`),
    commitments: await set(`select team_id || ':' || ref || ':' || status k from commitments`),
    rituals: await one('select coalesce(max(id), 0) n from rituals'),
  };
}

interface Write {
  table: string;
  team: string;
  subject: string;
  ref: number;
}

/** Business rows written since the snapshot (cached member profiles and Home refreshes are not business rows). */
async function newRows(c: pg.Client, s: Snapshot): Promise<Write[]> {
  const out: Write[] = [];
  for (const r of (
    await c.query<{ team_id: string; ref: number; status: string }>(
      'select team_id, ref, status from delegations',
    )
  ).rows) {
    const k = `${r.team_id}:${r.ref}`;
    if (!s.delegations.has(k))
      out.push({ table: 'delegations', team: r.team_id, subject: 'delegation', ref: r.ref });
    else if (r.status !== 'open' && !s.closed.has(k))
      out.push({ table: 'delegations(closed)', team: r.team_id, subject: 'delegation', ref: r.ref });
  }
  for (const r of (
    await c.query<{ team_id: string; ref: number; status: string }>(
      'select team_id, ref, status from commitments',
    )
  ).rows) {
    if (!s.commitments.has(`${r.team_id}:${r.ref}:${r.status}`))
      out.push({ table: 'commitments', team: r.team_id, subject: 'commitment', ref: r.ref });
  }
  for (const r of (
    await c.query<{ team_id: string; subject: string; subject_ref: number }>(
      'select team_id, subject, subject_ref from ledger_entries where id > $1',
      [s.ledger],
    )
  ).rows) {
    out.push({ table: 'ledger_entries', team: r.team_id, subject: r.subject, ref: r.subject_ref });
  }
  for (const r of (
    await c.query<{ team_id: string; idempotency_key: string }>(
      `select team_id, idempotency_key from outbox where id > $1 and kind <> 'home'`,
      [s.outbox],
    )
  ).rows) {
    // a channel is told of every change to its ritual: that notice belongs to the ritual command
    if (r.idempotency_key.startsWith('ritual_change:')) {
      out.push({ table: `outbox`, team: r.team_id, subject: 'ritual', ref: 0 });
      continue;
    }
    const m = /(delegation|commitment):(\d+)/.exec(r.idempotency_key);
    out.push({ table: `outbox`, team: r.team_id, subject: m?.[1] ?? 'message', ref: Number(m?.[2] ?? 0) });
  }
  for (const r of (
    await c.query<{ team_id: string; id: number }>('select team_id, id from rituals where id > $1', [
      s.rituals,
    ])
  ).rows) {
    out.push({ table: 'rituals', team: r.team_id, subject: 'ritual', ref: r.id });
  }
  return out;
}

export { pg };
