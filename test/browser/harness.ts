/**
 * Browser tests of the sandbox: the real app and the Slack stand-in started in-process on a free port
 * with a temporary DATA_DIR, driven through the page in Debian's Chromium by playwright-core.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { defaultWebRoot, findProjectRoot } from '../../src/sandbox/files';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/start';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for Chromium on a machine with a closed network (no background fetches, no sandboxing as root). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const ARTIFACTS = path.join(findProjectRoot(), 'test-artifacts', 'screenshots');
export const README_SHOTS = path.join(findProjectRoot(), 'docs', 'screenshots');

/** The page is built by `npm run build` (CI runs it first); build it here when a test run finds none. */
export function ensurePageBuilt(): void {
  if (fs.existsSync(path.join(defaultWebRoot(), 'index.html'))) return;
  execFileSync('npm', ['run', 'build:web', '--silent'], { cwd: findProjectRoot(), stdio: 'inherit', timeout: 120_000 });
}

/** `env`: added to this process's environment for the browser (e.g. FONTCONFIG_FILE). */
export async function launchChromium(env: Record<string, string> = {}): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run scripts/ensure-chromium.sh (or set CHROMIUM_PATH).`);
  }
  const extra = Object.keys(env).length > 0 ? { env: { ...process.env, ...env } as Record<string, string> } : {};
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ...extra });
}

/** The next Monday 09:00 in Berlin, at least a day away: a known working morning for the leader. */
export function nextMondayMorning(tz = 'Europe/Berlin'): Date {
  const now = DateTime.now().setZone(tz);
  let monday = now.plus({ days: 1 }).startOf('day');
  while (monday.weekday !== 1) monday = monday.plus({ days: 1 });
  return monday.set({ hour: 9 }).toJSDate();
}

export interface Running {
  sandbox: Sandbox;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestSandbox(opts: { dataDir?: string; env?: Record<string, string> } & SandboxOptions = {}): Promise<Running> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'trustloop-sandbox-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...opts.env });
  const log = pino({ level: process.env.E2E_LOG ?? 'silent' });
  const sandbox = await startSandbox(config, log, {
    scheduler: false,
    // Pacing (a message per second per channel) is Slack's real-time limit; here it only slows the run.
    delivery: { channelSpacingMs: 0, backoff: () => 0 },
    saveDelayMs: 20,
    // Slack gives an app 3 s; a CI machine busy with other suites can take longer, which is not under test here.
    ackTimeoutMs: 15_000,
    ...opts,
  });
  return {
    sandbox,
    dataDir,
    async stop() {
      await sandbox.stop();
    },
  };
}

/** A sandbox with its page built, and one Chromium page on it at the size every browser test uses. */
export interface SandboxPage {
  run: Running;
  browser: Browser;
  page: Page;
  /** Closes the browser, then the sandbox; safe when opening failed half-way. */
  close(): Promise<void>;
}

export async function openSandboxPage(opts: Parameters<typeof startTestSandbox>[0] = {}): Promise<SandboxPage> {
  ensurePageBuilt();
  const run = await startTestSandbox(opts);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    page.setDefaultTimeout(20_000);
    const opened = browser;
    return {
      run,
      browser: opened,
      page,
      async close() {
        await opened.close();
        await run.stop();
      },
    };
  } catch (e) {
    await browser?.close();
    await run.stop();
    throw e;
  }
}

export async function screenshot(page: Page, name: string, opts: { readme?: boolean } = {}): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  // README images are refreshed on purpose only: UPDATE_SCREENSHOTS=1 npm test -- test/browser
  if (opts.readme && process.env.UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(README_SHOTS, { recursive: true });
    // The workspace without the tour rail, to keep the README's images small.
    const width = Math.min(page.viewportSize()?.width ?? 1360, 1070);
    await page.screenshot({ path: path.join(README_SHOTS, `${name}.png`), clip: { x: 0, y: 0, width, height: 690 } });
  }
}
