/**
 * Small helpers shared by the benchmarks and the drills: argument parsing, statistics, waiting with a
 * bound, machine facts. Nothing here loops without a limit in count and time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BENCH_DIR = path.join(ROOT, 'bench');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
export const SCRATCH_DIR = path.join(os.tmpdir(), 'trustloop-bench');

let appRoot = ROOT;

/**
 * The app under test runs from a private copy of dist/ (plus migrations/ and package.json), taken when a
 * run starts: other people rebuild the shared dist/ while a long run is going, and a benchmark must not
 * measure two builds. Packages still come from the repository's node_modules (NODE_PATH).
 */
export function useAppSnapshot(): { root: string; commit: string; dirty: string[] } {
  const root = path.join(SCRATCH_DIR, `app-${process.pid}`);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  for (const part of ['dist', 'migrations', 'package.json']) fs.cpSync(path.join(ROOT, part), path.join(root, part), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  appRoot = root;
  const dirty = tryRun('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src', 'migrations'])
    .split('\n')
    .map((l) => l.trim().replace(/^\S+\s+/, ''))
    .filter((l) => l && l !== 'unknown');
  process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  return { root, commit: tryRun('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']), dirty };
}

/** Another build to run as the app under test (an A/B against a copy of an older dist/). */
export function setAppRoot(root: string): void {
  appRoot = root;
}

/** Where the app under test lives: the snapshot once taken, else the repository. */
export const APP_ROOT = () => appRoot;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Args {
  quick: boolean;
  only: string[] | null;
  runs: number | null;
  flags: Set<string>;
  values: Map<string, string>;
}

/** `--quick`, `--only a,b`, `--runs 3`, `--flag`, `--key=value` / `--key value`. */
export function parseArgs(argv: string[]): Args {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) {
      values.set(a.slice(2, eq), a.slice(eq + 1));
      continue;
    }
    const name = a.slice(2);
    const next = argv[i + 1];
    if ((name === 'only' || name === 'runs' || name === 'seconds' || name === 'out') && next !== undefined && !next.startsWith('--')) {
      values.set(name, next);
      i++;
    } else {
      flags.add(name);
    }
  }
  const only = values.get('only');
  const runs = values.get('runs');
  return {
    quick: flags.has('quick'),
    only: only ? only.split(',').map((s) => s.trim()).filter(Boolean) : null,
    runs: runs ? Math.max(1, Number(runs)) : null,
    flags,
    values,
  };
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx]!;
}

export const round = (x: number, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/** Polls `check` every `everyMs` until it returns a truthy value or `timeoutMs` passes (then null). */
export async function waitUntil<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number, everyMs = 100): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 1_000_000; i++) {
    const v = await check();
    if (v) return v;
    if (Date.now() >= deadline) return null;
    await sleep(everyMs);
  }
  return null;
}

/** A free TCP port on 127.0.0.1 (bound and released at once). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function tryRun(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    return 'unknown';
  }
}

export interface MachineInfo {
  date: string;
  host: string;
  nproc: number;
  cpuModel: string;
  memTotalMb: number;
  loadAvg: number[];
  node: string;
  postgres: string;
  kernel: string;
  commit: string;
}

export function machineInfo(): MachineInfo {
  return {
    date: new Date().toISOString(),
    host: os.hostname(),
    nproc: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memTotalMb: Math.round(os.totalmem() / 1024 / 1024),
    loadAvg: os.loadavg().map((x) => round(x, 2)),
    node: process.version,
    postgres: tryRun('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', 'show server_version']),
    kernel: os.release(),
    commit: tryRun('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
  };
}

/** Resident set size of a process in MB (Linux /proc), or NaN when it is gone. */
export function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux /proc), or NaN. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return NaN;
  }
}

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function log(...parts: unknown[]): void {
  const t = new Date().toISOString().slice(11, 19);
  console.log(`[${t}]`, ...parts);
}

/** A markdown table from rows of cells. */
export function table(header: string[], rows: (string | number)[][]): string {
  const fmt = (c: string | number) => (typeof c === 'number' ? String(round(c, 2)) : c);
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(fmt).join(' | ')} |`),
  ].join('\n');
}
