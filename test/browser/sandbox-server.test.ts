/**
 * The sandbox server without a browser: its HTTP API, live updates, what it keeps in DATA_DIR across a
 * restart, what a reset removes, and the requests it refuses.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SandboxState } from '../../src/sandbox/protocol';
import { ensurePageBuilt, nextMondayMorning, startTestSandbox, type Running } from './harness';

// As in sandbox.test.ts: the sandbox always runs on PGlite, so the PostgreSQL pass has nothing to add.
const onPglitePass = process.env.TEST_DATABASE_URL ? describe.skip : describe;

jest.setTimeout(60_000);

const LEA = 'U0LEA0001';
const ANA = 'U0ANA0001';
const TEAM = 'C0TEAM001';

async function state(run: Running, as = LEA, ephemerals?: string): Promise<SandboxState> {
  const res = await fetch(
    `${run.sandbox.url}/sandbox/api/state?as=${as}${ephemerals ? `&ephemerals=${encodeURIComponent(ephemerals)}` : ''}`,
  );
  expect(res.status).toBe(200);
  return (await res.json()) as SandboxState;
}

/** A POST as the page sends it: a browser always adds the page's Origin (the sandbox refuses one without). */
async function post(run: Running, route: string, body: object, headers: Record<string, string> = {}) {
  const res = await fetch(`${run.sandbox.url}/sandbox/api/${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: run.sandbox.url, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: string; now?: number } };
}

/** Waits for a condition on a person's state, re-checked on every change notice from the event stream. */
async function waitForState<T>(
  run: Running,
  as: string,
  pick: (s: SandboxState) => T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(`${run.sandbox.url}/sandbox/api/events`, { signal: controller.signal });
    const reader = res.body!.getReader();
    for (;;) {
      const found = pick(await state(run, as));
      if (found !== undefined) return found;
      const { done } = await reader.read(); // the next change notice (or keep-alive)
      if (done) throw new Error('event stream ended');
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

const dmText = (s: SandboxState) =>
  (s.messages[s.appDm] ?? []).map((m) => JSON.stringify(m.blocks ?? m.text)).join('\n');

onPglitePass('the sandbox server', () => {
  let run: Running;
  const start = nextMondayMorning();

  beforeAll(async () => {
    ensurePageBuilt();
    run = await startTestSandbox({ startAt: start });
  });
  afterAll(async () => {
    await run?.stop();
  });

  it('serves the built page at / and answers /healthz on the same port', async () => {
    const page = await fetch(`${run.sandbox.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect((await fetch(`${run.sandbox.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${run.sandbox.url}/nope`)).status).toBe(404);
  });

  it('describes the seeded workspace: four people in four zones, #team and #general, the slash commands', async () => {
    const s = await state(run, 'lea');
    expect(s.me).toBe(LEA);
    expect(s.people.filter((p) => !p.isBot).map((p) => [p.realName, p.tz])).toEqual([
      ['Lea Lindqvist', 'Europe/Berlin'],
      ['Ana Alves', 'America/New_York'],
      ['Sam Sato', 'Asia/Tokyo'],
      ['Kai Kealoha', 'Pacific/Auckland'],
    ]);
    expect(s.channels.map((c) => c.name)).toEqual(['general', 'team']);
    expect(s.channels.every((c) => c.members.includes(s.bot.id))).toBe(true);
    expect(s.commands.map((c) => c.command)).toContain('/delegate');
    expect(s.now).toBeGreaterThanOrEqual(start.getTime());
  });

  it('sends a slash command as Slack does, and the DM reaches the assignee', async () => {
    const r = await post(run, 'command', {
      as: LEA,
      channel: TEAM,
      command: '/delegate',
      text: `<@${ANA}|ana> Tidy the onboarding doc by Friday`,
    });
    expect(r.body).toEqual({ ok: true });
    const lea = await state(run, LEA);
    expect(lea.ephemerals.map((e) => e.text).join('\n')).toContain('D-1');
    // Ephemerals are for the person who typed the command only.
    expect((await state(run, ANA)).ephemerals).toEqual([]);
    await waitForState(run, ANA, (s) => (dmText(s).includes('Tidy the onboarding doc') ? true : undefined));
  });

  it('shows a page the ephemeral replies posted since it opened; a reloaded page starts without them', async () => {
    // A page opens with `now`: D-1's confirmation (above) was before it.
    const opened = await state(run, LEA, 'now');
    expect(opened.ephemerals).toEqual([]);
    const r = await post(run, 'command', {
      as: LEA,
      channel: TEAM,
      command: '/ledger',
      text: 'nonsense words',
    });
    expect(r.body).toEqual({ ok: true });
    const live = await state(run, LEA, opened.ephemeralsMark);
    expect(live.ephemerals).toHaveLength(1);
    expect(live.ephemeralsMark).toBe(opened.ephemeralsMark);
    // Ana opened her page before Lea's reply: her mark covers everyone's ephemerals, and she sees none.
    expect((await state(run, ANA, opened.ephemeralsMark)).ephemerals).toEqual([]);
    // A reload: the page asks with `now` again, and the reply is gone, as in Slack.
    expect((await state(run, LEA, 'now')).ephemerals).toEqual([]);
    // A mark from another run of the sandbox (restarted, reset) shows all of this run's.
    expect((await state(run, LEA, 'ffffffffffff:0')).ephemerals.length).toBeGreaterThanOrEqual(2);
  });

  it('moves the clock and runs a tick; the moved time is kept in DATA_DIR and survives a restart', async () => {
    const before = (await state(run)).now;
    const r = await post(run, 'clock', { as: LEA, step: 'day' });
    expect(r.body.ok).toBe(true);
    expect(r.body.now! - before).toBeGreaterThanOrEqual(24 * 3600_000);

    const dataDir = run.dataDir;
    await run.stop();
    const saved = JSON.parse(fs.readFileSync(path.join(dataDir, 'sandbox', 'state.json'), 'utf8')) as {
      clockOffsetMs: number;
    };
    expect(saved.clockOffsetMs).toBeGreaterThan(24 * 3600_000);

    // Ephemeral replies are not kept: after a restart they are gone, as after a reload.
    expect((saved as { workspace?: { ephemerals?: unknown[] } }).workspace?.ephemerals).toEqual([]);

    run = await startTestSandbox({ dataDir });
    const s = await state(run, ANA);
    expect(s.now).toBeGreaterThanOrEqual(r.body.now!);
    expect(dmText(s)).toContain('Tidy the onboarding doc');
    expect((await state(run, LEA)).ephemerals).toEqual([]);
    // The database came back too: D-1 is still there to close.
    expect(
      (
        await post(run, 'command', {
          as: ANA,
          channel: TEAM,
          command: '/outcome',
          text: 'D-1 win Started from the FAQ',
        })
      ).body.ok,
    ).toBe(true);
    await waitForState(run, LEA, (s2) =>
      JSON.stringify(s2.messages[TEAM]).includes('A win to celebrate') ? true : undefined,
    );
  });

  it('refuses what the page would never send: other origins, non-JSON, unknown people, channels they are not in', async () => {
    expect(
      (await post(run, 'clock', { as: LEA, step: 'day' }, { Origin: 'https://evil.example' })).status,
    ).toBe(403);
    const form = await fetch(`${run.sandbox.url}/sandbox/api/clock`, {
      method: 'POST',
      body: 'as=U0LEA0001&step=day',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: run.sandbox.url },
    });
    expect(form.status).toBe(415);
    expect((await post(run, 'clock', { as: 'U0NOBODY1', step: 'day' })).status).toBe(404);
    expect((await post(run, 'clock', { as: LEA, step: 'year' })).status).toBe(400);
    const otherDm = (await state(run, ANA)).appDm;
    expect(
      (await post(run, 'command', { as: LEA, channel: otherDm, command: '/ledger', text: '' })).status,
    ).toBe(403);
    // Messages to the app's DM are off (messages_tab_read_only_enabled), as in Slack.
    const mine = (await state(run, LEA)).appDm;
    expect((await post(run, 'message', { as: LEA, channel: mine, text: 'hello' })).body).toEqual({
      ok: false,
      error: 'Sending messages to this app has been turned off.',
    });
  });

  it('sends only the shortcuts and steps manifest.json declares, on messages the person can see, and starts no run with a required input empty', async () => {
    const before = await state(run, LEA);
    expect(before.shortcuts.map((s) => `${s.type}:${s.callbackId}`)).toEqual([
      'message:delegate_this',
      'message:promise_this',
      'global:new_delegation',
      'global:new_promise',
    ]);
    expect(before.steps.map((s) => s.callbackId)).toEqual([
      'delegate_work',
      'make_promise',
      'record_outcome',
      'say_do_summary',
    ]);
    expect((await post(run, 'global-shortcut', { as: LEA, callbackId: 'delete_everything' })).status).toBe(
      404,
    );
    // A global shortcut's id is not a message shortcut's (Slack's client offers each in its own place).
    expect(
      (
        await post(run, 'message-shortcut', {
          as: LEA,
          callbackId: 'new_delegation',
          channel: TEAM,
          ts: '1.000001',
        })
      ).status,
    ).toBe(404);
    // Someone else's DM with the app: its messages are not theirs to use.
    const otherDm = (await state(run, ANA)).appDm;
    expect(
      (
        await post(run, 'message-shortcut', {
          as: LEA,
          callbackId: 'delegate_this',
          channel: otherDm,
          ts: '1.000001',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await post(run, 'message-shortcut', {
          as: LEA,
          callbackId: 'delegate_this',
          channel: TEAM,
          ts: '1.000001',
        })
      ).status,
    ).toBe(409);
    expect((await post(run, 'run-step', { as: LEA, callbackId: 'nope', inputs: {} })).status).toBe(404);
    expect(
      (await post(run, 'run-step', { as: LEA, callbackId: 'say_do_summary', inputs: { person: '' } })).body,
    ).toEqual({
      ok: false,
      error: '“Person” is required to run Get a say/do summary.',
    });
    expect((await state(run, LEA)).runs).toEqual([]);
  });

  it('answers over-long input in words: Trustloop’s own refusal under Slack’s cap, a sentence past it', async () => {
    // 2,500 characters reach the app (Slack sends up to 4,000), which refuses them kindly and changes nothing.
    const long = await post(run, 'command', {
      as: LEA,
      channel: TEAM,
      command: '/delegate',
      text: `<@${ANA}|ana> ${'x'.repeat(2500)}`,
    });
    expect(long.body).toEqual({ ok: true });
    const reply = await waitForState(run, LEA, (s) =>
      s.ephemerals.map((e) => e.text).find((t) => t.includes('2,000')),
    );
    expect(reply).toMatch(/characters/);
    // Past what the page would ever send: a sentence, not a validation dump.
    const huge = await post(run, 'command', {
      as: LEA,
      channel: TEAM,
      command: '/delegate',
      text: 'x'.repeat(25_000),
    });
    expect(huge.status).toBe(400);
    expect(huge.body.error).toBe(
      'That is too long to send in one go: Slack takes at most 4,000 characters. Shorten it, or link a doc for the details.',
    );
    const form = await post(run, 'submit', {
      as: LEA,
      viewId: 'V0NOPE',
      inputs: { 'task.task': 'x'.repeat(25_000) },
    });
    expect(form.body.error).toBe(
      'Something in that form is too long to send. Shorten the longest field and try again.',
    );
    expect((await post(run, 'clock', { as: LEA, step: 'year' })).body.error).toBe(
      'The sandbox could not read that request. Reload the page and try again.',
    );
  });

  it('a reset removes the sandbox’s data and starts a fresh workspace on the same address', async () => {
    const url = run.sandbox.url;
    const before = (await state(run)).now;
    const r = await post(run, 'reset', {});
    expect(r.status).toBe(202);
    const fresh = await (async () => {
      // a reset creates a new embedded database (initdb): seconds, and many more on a busy machine, so
      // this waits for the sandbox's own answer up to just under the test's timeout (60 s)
      for (let i = 0; i < 550; i++) {
        const res = await fetch(`${url}/sandbox/api/state?as=${LEA}`).catch(() => undefined);
        if (res?.status === 200) return (await res.json()) as SandboxState;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the sandbox did not come back after a reset');
    })();
    expect(Object.values(fresh.messages).flat()).toEqual([]);
    expect(fresh.ephemerals).toEqual([]);
    // the moved clock is gone with the rest: a fresh sandbox runs on the machine's own time again
    expect(Math.abs(fresh.now - Date.now())).toBeLessThan(60_000);
    expect(before).toBeDefined();
    expect(fs.readdirSync(path.join(run.dataDir, 'sandbox'))).toEqual(['state.json']);
    expect(
      (await post(run, 'command', { as: ANA, channel: TEAM, command: '/outcome', text: '' })).body.ok,
    ).toBe(true);
    const ana = await state(run, ANA);
    expect(ana.ephemerals.map((e) => e.text).join('\n')).toMatch(/Nothing open to close/);
  });
});
