import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
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
    waitForLine(re, timeoutMs = 15_000) {
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

describe('the Trustloop process', () => {
  it('names each bad variable on its own line and exits non-zero', async () => {
    const p = run({ SLACK_BOT_TOKEN: 'not-a-token', SLACK_SIGNING_SECRET: 'shh', PORT: 'eighty' });
    expect(await p.exited).toBe(1);
    const out = p.lines.join('\n');
    expect(out).toMatch(/SLACK_BOT_TOKEN: must be a bot token starting with xoxb-/);
    expect(out).toMatch(/SLACK_SIGNING_SECRET: looks too short/);
    expect(out).toMatch(/PORT:/);
    expect(out).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

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
  }, 60_000);
});
