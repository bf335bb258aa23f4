/**
 * The sandbox's own state in DATA_DIR, next to the app's PGlite folder (`pgdata/`):
 * `sandbox/state.json` holds the Slack stand-in's snapshot and how far the clock was moved, so a
 * restart picks up where the person left off. Written atomically (temp file + rename), debounced.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { StandInSnapshot } from './slack-api';

const STATE_VERSION = 1;

const persisted = z.object({
  version: z.literal(STATE_VERSION),
  clockOffsetMs: z.number().finite().min(0),
  /** Checked by the stand-in itself when it loads (parseSnapshot). */
  workspace: z.unknown(),
});

export interface SandboxSaved {
  clockOffsetMs: number;
  workspace: StandInSnapshot | undefined;
}

export const sandboxFolder = (dataDir: string): string => path.join(dataDir, 'sandbox');
const statePath = (dataDir: string) => path.join(sandboxFolder(dataDir), 'state.json');

/** Reads the saved state; a missing file means a fresh sandbox, an unreadable one is set aside. */
export function readSaved(dataDir: string, log: Logger): SandboxSaved {
  const file = statePath(dataDir);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    return { clockOffsetMs: 0, workspace: undefined };
  }
  try {
    const parsed = persisted.parse(JSON.parse(raw));
    return { clockOffsetMs: parsed.clockOffsetMs, workspace: parsed.workspace as StandInSnapshot };
  } catch (err) {
    setAside(file, log, err);
    return { clockOffsetMs: 0, workspace: undefined };
  }
}

/** Keeps a file we could not use as `state.json.unreadable-<time>`, so starting fresh loses nothing. */
export function setAside(file: string, log: Logger, err: unknown): void {
  const aside = `${file}.unreadable-${Date.now()}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    /* already gone */
  }
  log.warn({ err, file: aside }, 'the saved sandbox state could not be read; starting a fresh sandbox (the old file was kept)');
}

export interface Saver {
  /** Writes soon (several changes in a burst become one write). */
  schedule(): void;
  /** Writes now if anything is pending. */
  flush(): void;
  /** Forgets pending writes (reset). */
  cancel(): void;
}

export function createSaver(dataDir: string, current: () => SandboxSaved, log: Logger, delayMs = 250): Saver {
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    timer = undefined;
    const file = statePath(dataDir);
    const { clockOffsetMs, workspace } = current();
    const body = JSON.stringify({ version: STATE_VERSION, clockOffsetMs, workspace });
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, body);
      fs.renameSync(tmp, file);
    } catch (err) {
      log.warn({ err, file }, 'could not save the sandbox state');
    }
  };
  return {
    schedule() {
      timer ??= setTimeout(write, delayMs);
    },
    flush() {
      if (!timer) return;
      clearTimeout(timer);
      write();
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * Removes what the sandbox keeps in DATA_DIR — its state file and the app's PGlite folder — and nothing
 * else: DATA_DIR may be a folder the person also uses for other things.
 */
export function clearSandboxData(dataDir: string): void {
  for (const sub of [sandboxFolder(dataDir), path.join(dataDir, 'pgdata')]) {
    fs.rmSync(sub, { recursive: true, force: true });
  }
}
