/**
 * Child processes under test: the real app (dist/src/main.js, as `npm start` runs it), the bare Bolt
 * reference, the lean Slack stand-in, and the drill entry. Each is spawned with a clean environment,
 * watched for readiness (GET /healthz) and stopped by its own pid only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import ts from 'typescript';
import { LeanSlackClient } from './lean-slack';
import { APP_ROOT, freePort, ROOT, rssMb, SCRATCH_DIR, sleep } from './util';

export const SIGNING_SECRET = 'bench-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-bench-token';

export type Entry = 'app' | 'bare' | 'drill-app';

// outside the repository (nothing for eslint or git to pick up); node finds packages through NODE_PATH
const BUILD_DIR = path.join(SCRATCH_DIR, 'build');

/** Compiles a bench TypeScript entry to <tmp>/trustloop-bench/build/<name>.js (plain JS: no loader at start-up). */
export function compiled(source: string): string {
  const src = path.join(ROOT, source);
  const out = path.join(BUILD_DIR, path.basename(source).replace(/\.ts$/, '.js'));
  if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(src).mtimeMs) {
    const js = ts.transpileModule(fs.readFileSync(src, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: src,
    }).outputText;
    fs.mkdirSync(BUILD_DIR, { recursive: true });
    fs.writeFileSync(out, js);
  }
  return out;
}

const ENTRIES: Record<Entry, () => string[]> = {
  // exactly what `npm start` runs after the build
  app: () => [path.join(APP_ROOT(), 'dist/src/main.js')],
  bare: () => [compiled('bench/reference/bare-bolt.ts')],
  'drill-app': () => [compiled('bench/lib/drill-app.ts')],
};

export interface LogCounts {
  byLevel: Record<string, number>;
  byMsg: Record<string, number>;
  /** the first lines logged at warn or above, per message, trimmed */
  samples: Record<string, string[]>;
}

export interface Proc {
  label: string;
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** ms from spawn to the first 200 from /healthz */
  readyMs: number;
  logs: LogCounts;
  tail: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  rss(): number;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  kill9(): Promise<void>;
}

export interface StartOptions {
  label: string;
  entry?: Entry;
  env: Record<string, string | undefined>;
  port?: number;
  nodeArgs?: string[];
  timeoutMs?: number;
  /** Do not wait for /healthz (e.g. a start that is expected to fail). */
  noWait?: boolean;
}

function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return env;
}

export function appEnv(o: { slackApiUrl: string; databaseUrl?: string; dataDir?: string; port: number; logLevel?: string; tickCron?: string; poolSize?: number }): Record<string, string | undefined> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: o.slackApiUrl,
    DATABASE_URL: o.databaseUrl,
    DATA_DIR: o.dataDir,
    PORT: String(o.port),
    HOST: '127.0.0.1',
    LOG_LEVEL: o.logLevel ?? 'warn',
    NODE_ENV: 'production',
    // the default ticks every minute; benchmarks that do not test ticks push it to once a day at 03:17
    TICK_CRON: o.tickCron ?? '17 3 * * *',
    DB_POOL_SIZE: o.poolSize ? String(o.poolSize) : undefined,
  };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

export async function startProc(opts: StartOptions): Promise<Proc> {
  const port = opts.port ?? (await freePort());
  const env: Record<string, string> = { ...baseEnv(), NODE_PATH: path.join(ROOT, 'node_modules'), TRUSTLOOP_ROOT: APP_ROOT() };
  for (const [k, v] of Object.entries({ ...opts.env, PORT: String(port) })) if (v !== undefined) env[k] = v;
  const t0 = performance.now();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...ENTRIES[opts.entry ?? 'app']()], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const logs: LogCounts = { byLevel: {}, byMsg: {}, samples: {} };
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > 300) tail.shift();
    if (line.startsWith('{')) {
      try {
        const j = JSON.parse(line) as { level?: number; msg?: string };
        const lvl = String(j.level ?? '?');
        logs.byLevel[lvl] = (logs.byLevel[lvl] ?? 0) + 1;
        if ((j.level ?? 0) >= 40 && j.msg) {
          logs.byMsg[j.msg] = (logs.byMsg[j.msg] ?? 0) + 1;
          const list = (logs.samples[j.msg] ??= []);
          if (list.length < 3) list.push(line.replace(/"stack":"[^"]*"/g, '"stack":"…"').slice(0, 500));
        }
      } catch {
        /* not JSON */
      }
    }
  };
  readline.createInterface({ input: child.stdout }).on('line', onLine);
  readline.createInterface({ input: child.stderr }).on('line', onLine);
  let exitedFlag = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      exitedFlag = true;
      resolve({ code, signal });
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const proc: Proc = {
    label: opts.label,
    child,
    pid: child.pid ?? -1,
    port,
    url,
    readyMs: NaN,
    logs,
    tail,
    exited,
    alive: () => !exitedFlag,
    rss: () => rssMb(child.pid ?? -1),
    async stop(graceMs = 12_000) {
      if (exitedFlag) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
    async kill9() {
      if (exitedFlag) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  if (opts.noWait) return proc;
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  for (let i = 0; i < 100_000; i++) {
    if (exitedFlag) throw new Error(`${opts.label} exited during start-up:\n${tail.slice(-30).join('\n')}`);
    if (await healthy(url)) break;
    if (Date.now() > deadline) {
      await proc.kill9();
      throw new Error(`${opts.label} not healthy after ${opts.timeoutMs ?? 90_000} ms:\n${tail.slice(-30).join('\n')}`);
    }
    await sleep(15);
  }
  proc.readyMs = performance.now() - t0;
  return proc;
}

/** The lean Slack stand-in in its own process. */
export async function startLeanSlackProc(): Promise<{ proc: ChildProcess; client: LeanSlackClient; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'bench/lib/lean-slack-main.ts')], {
    cwd: ROOT,
    env: baseEnv(),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('lean Slack stand-in did not start')), 20_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^LEAN_SLACK_URL=(.+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => reject(new Error('lean Slack stand-in exited')));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    proc: child,
    client: new LeanSlackClient(url),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
