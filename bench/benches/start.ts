/**
 * Benchmark 7 (issue 17) — start as a newcomer sees it: a fresh clone of the committed HEAD in a temp
 * folder, `npm ci` (from the local npm cache when it has the packages: the download is no part of what
 * we control), then `npm start` until the sandbox page answers 200; then `npm start` again with nothing
 * changed; then once more after touching one source file. Each start is stopped with SIGTERM to its own
 * process group. Also counts npm's warnings after `npm ci`, and records what the terminal said.
 *
 * No reference process: the goals are absolute (≤ 15 s to a usable page on an idle machine, ≤ 3 s for a
 * second start); the load average is recorded next to each figure instead, because this box is shared.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { BenchContext, BenchResult, Figure } from '../lib/context';
import { freePort, log, round, ROOT, SCRATCH_DIR, sleep } from '../lib/util';

interface StartRun {
  ms: number;
  /** lines the terminal showed, JSON log lines reduced to their message */
  said: string[];
  load: number;
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR'])
    if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return env;
}

async function pageUp(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    const body = await res.text();
    return res.status === 200 && body.includes('<');
  } catch {
    return false;
  }
}

/** `npm start` in `dir` until GET / answers 200 with the page; then SIGTERM to its process group. */
async function timeStart(dir: string, timeoutMs: number): Promise<StartRun> {
  const port = await freePort();
  const load = os.loadavg()[0]!;
  const t0 = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: dir,
    env: { ...baseEnv(), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const said: string[] = [];
  const onLine = (line: string) => {
    if (!line.trim()) return;
    try {
      const j = JSON.parse(line) as { msg?: string };
      said.push(j.msg ?? line);
    } catch {
      said.push(line);
    }
  };
  readline.createInterface({ input: child.stdout! }).on('line', onLine);
  readline.createInterface({ input: child.stderr! }).on('line', onLine);
  let exited = false;
  const done = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  try {
    const deadline = Date.now() + timeoutMs;
    for (let i = 0; i < 100_000; i++) {
      if (exited) throw new Error(`npm start exited:\n${said.join('\n')}`);
      if (await pageUp(`http://127.0.0.1:${port}/`)) break;
      if (Date.now() > deadline) throw new Error(`no page after ${timeoutMs} ms:\n${said.join('\n')}`);
      await sleep(50);
    }
    return { ms: round(performance.now() - t0, 0), said: [...said], load: round(load, 2) };
  } finally {
    if (child.pid) {
      // npm, its shell and the app share the group we started; wait until every one of them is gone
      const group = -child.pid;
      const alive = () => {
        try {
          process.kill(group, 0);
          return true;
        } catch {
          return false;
        }
      };
      if (alive()) process.kill(group, 'SIGTERM');
      for (let i = 0; i < 300 && alive(); i++) await sleep(50);
      if (alive()) process.kill(group, 'SIGKILL');
      await Promise.race([done, sleep(5000)]);
    }
  }
}

export async function startBench(ctx: BenchContext): Promise<BenchResult> {
  const t0 = Date.now();
  const dir = path.join(SCRATCH_DIR, `start-clone-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const notes: string[] = [];
  try {
    const head = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).stdout.trim();
    const clone = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, dir], { encoding: 'utf8' });
    if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr}`);
    notes.push(`fresh clone of ${head} (committed state only)`);
    const ciLoad = round(os.loadavg()[0]!, 2);
    const c0 = performance.now();
    const ci = spawnSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: dir,
      env: baseEnv(),
      encoding: 'utf8',
    });
    const ciMs = round(performance.now() - c0, 0);
    if (ci.status !== 0) throw new Error(`npm ci failed: ${ci.stderr.slice(-2000)}`);
    const warnings = `${ci.stdout}\n${ci.stderr}`.split('\n').filter((l) => /npm warn/i.test(l));
    log(`start: npm ci ${ciMs} ms (load ${ciLoad}), ${warnings.length} warning line(s)`);
    const first = await timeStart(dir, 300_000);
    log(`start: first npm start ${first.ms} ms (load ${first.load}): ${first.said.join(' | ')}`);
    const runs: StartRun[] = [];
    for (let i = 0; i < (ctx.quick ? 1 : ctx.runs); i++) {
      const again = await timeStart(dir, 120_000);
      runs.push(again);
      log(`start: nothing changed, npm start ${again.ms} ms (load ${again.load}): ${again.said.join(' | ')}`);
    }
    const touched = path.join(dir, 'src', 'clock.ts');
    const now = new Date();
    fs.utimesSync(touched, now, now);
    const changed = await timeStart(dir, 120_000);
    log(
      `start: one source file changed, npm start ${changed.ms} ms (load ${changed.load}): ${changed.said.join(' | ')}`,
    );
    const second = runs.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
    const figures: Figure[] = [
      {
        name: 'fresh clone: npm ci + first npm start to a usable sandbox page',
        value: round(ciMs + first.ms, 0),
        unit: 'ms',
        goal: '≤ 15 s on an idle machine',
        met: ciMs + first.ms <= 15_000,
        note: `npm ci ${ciMs} ms (load ${ciLoad}), npm start ${first.ms} ms (load ${first.load}); the machine's 1-min load average is in brackets`,
      },
      {
        name: 'second npm start, nothing changed, to a usable page',
        value: second,
        unit: 'ms',
        goal: '≤ 3 s',
        met: second <= 3000,
        note: `runs ${runs.map((r) => `${r.ms} ms (load ${r.load})`).join(', ')}`,
      },
      {
        name: 'npm start after one source file changed',
        value: changed.ms,
        unit: 'ms',
        note: `load ${changed.load}`,
      },
      {
        name: 'npm warnings after npm ci',
        value: warnings.length,
        unit: 'lines',
        goal: 'none a newcomer cannot act on',
        met: warnings.length === 0,
        note: warnings.slice(0, 5).join(' / ') || 'none',
      },
    ];
    return {
      name: 'start',
      figures,
      raw: { ciMs, first, runs, changed, warnings },
      notes,
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    // the stopped sandbox may still be saving its state for a moment
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}
