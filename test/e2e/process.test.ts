import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { startSlackStandIn } from '../../src/sandbox/slack-api';
import { createSlackSender } from '../../src/sandbox/slack-client';
import { ALICE, BOB, messageText } from '../helpers/e2e';

/**
 * The real process, as an operator runs it: configuration errors, start-up, data surviving a restart,
 * the data-folder lock, and SIGTERM draining to exit code 0.
 */
const ROOT = path.resolve(__dirname, '../..');

const SECRET = 'process-test-signing-secret';

interface Proc {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
}

function run(env: Record<string, string>): Proc {
  // One node process running the TypeScript sources (tsx's require hook), so signals reach our handlers.
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const onLine = (l: string) => {
    lines.push(l);
    for (const w of [...waiters]) if (w.re.test(l)) w.resolve(l);
  };
  readline.createInterface({ input: child.stdout! }).on('line', onLine);
  readline.createInterface({ input: child.stderr! }).on('line', onLine);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    // Generous: a start takes seconds (PGlite's first migration included), and over 30 s measured on this
    // machine busy with other runs. The test's own timeout stays the bound; this only names the line.
    waitForLine(re, timeoutMs = 150_000) {
      const found = lines.find((l) => re.test(l));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${re} in:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then(() => setTimeout(() => reject(new Error(`exited before ${re}:\n${lines.join('\n')}`)), 50));
      });
    },
  };
}

/** Whether something accepts TCP connections at this address (a refused connection is an answer too). */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('the sandbox never opens by accident', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustloop-proc-sandbox-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('in production without Slack credentials, exits non-zero with one line naming what to set', async () => {
    // DATABASE_URL set too: an operator who forgot the tokens, not someone trying the sandbox.
    const p = run({ DATA_DIR: dataDir, PORT: '0', DATABASE_URL: 'postgres://trustloop@127.0.0.1:1/trustloop' });
    try {
      const line = await p.waitForLine(/No Slack credentials|Sandbox mode/);
      expect(line).toMatch(/No Slack credentials/);
      expect(await p.exited).toBe(1);
      expect(p.lines).toEqual([
        'No Slack credentials: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_BOT_TOKEN and SLACK_APP_TOKEN for Socket Mode); ' +
          'to run the local sandbox on purpose, set TRUSTLOOP_SANDBOX=1.',
      ]);
    } finally {
      p.child.kill('SIGKILL');
    }
  }, 180_000);

  it('runs the sandbox in production when asked for with TRUSTLOOP_SANDBOX=1, on 127.0.0.1 only unless HOST is set', async () => {
    const p = run({ TRUSTLOOP_SANDBOX: '1', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' });
    try {
      const { url } = JSON.parse(await p.waitForLine(/Sandbox mode/)) as { url: string };
      const port = Number(new URL(url).port);
      expect(new URL(url).hostname).toBe('127.0.0.1');
      expect(await accepts('127.0.0.1', port)).toBe(true);
      // Another loopback address reaches a socket bound to 0.0.0.0, never one bound to 127.0.0.1.
      expect(await accepts('127.0.0.2', port)).toBe(false);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    } finally {
      p.child.kill('SIGKILL');
    }
  }, 180_000);

  it('starts the sandbox with no variables at all in development, as `npm start` on a fresh clone does', async () => {
    const p = run({ NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0' });
    try {
      await p.waitForLine(/Sandbox mode/);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    } finally {
      p.child.kill('SIGKILL');
    }
  }, 180_000);

  it('refuses TRUSTLOOP_SANDBOX=1 beside Slack credentials: one or the other', async () => {
    const p = run({ TRUSTLOOP_SANDBOX: '1', SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: SECRET, DATA_DIR: dataDir });
    expect(await p.exited).toBe(1);
    expect(p.lines.join('\n')).toMatch(/TRUSTLOOP_SANDBOX: the sandbox runs only without Slack credentials/);
  }, 180_000);
});

describe('the Trustloop process', () => {
  it('names each bad variable on its own line and exits non-zero', async () => {
    const p = run({ SLACK_BOT_TOKEN: 'not-a-token', SLACK_SIGNING_SECRET: 'shh', PORT: 'eighty' });
    expect(await p.exited).toBe(1);
    const out = p.lines.join('\n');
    expect(out).toMatch(/SLACK_BOT_TOKEN: must be a bot token starting with xoxb-/);
    expect(out).toMatch(/SLACK_SIGNING_SECRET: looks too short/);
    expect(out).toMatch(/PORT:/);
    expect(out).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  }, 180_000);

  it('starts, answers Slack, keeps its data across a restart, refuses a second process on the same folder, and drains on SIGTERM', async () => {
    const standIn = await startSlackStandIn({});
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustloop-proc-'));
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-process-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: standIn.apiUrl,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    const urlOf = async (p: Proc) => (JSON.parse(await p.waitForLine(/Trustloop is ready/)) as { url: string }).url;
    try {
      const first = run(env);
      const url = await urlOf(first);
      const slack = createSlackSender({ appUrl: `${url}/slack/events`, signingSecret: SECRET, standIn });
      const r = await slack.command({ command: '/delegate', text: `<@${BOB}> Draft the survey by Friday`, userId: ALICE, channelId: 'C0GENERAL' });
      expect(messageText(r.body as never)).toContain('D-1');
      // the log says what happened to whom, and never holds a secret
      await first.waitForLine(/delegation created/);
      const logs = first.lines.join('\n');
      expect(logs).toMatch(/"ref":"D-1"/);
      expect(logs).not.toContain('xoxb-process-test');
      expect(logs).not.toContain(SECRET);

      const second = run(env);
      expect(await second.exited).toBe(1);
      expect(second.lines.join('\n')).toMatch(/in use by another Trustloop process/);

      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(first.lines.join('\n')).toMatch(/stopped cleanly/);

      const again = run(env);
      const url2 = await urlOf(again);
      const slack2 = createSlackSender({ appUrl: `${url2}/slack/events`, signingSecret: SECRET, standIn });
      const closed = await slack2.command({ command: '/outcome', text: 'D-1 win Asked early', userId: BOB, channelId: 'C0GENERAL' });
      expect(messageText(closed.body as never)).toMatch(/Recorded \*D-1/);
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    } finally {
      await standIn.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 600_000);
});
