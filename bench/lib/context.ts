/** What every benchmark receives, and the shape of what it returns. */
import type { LeanSlackClient } from './lean-slack';

export interface BenchContext {
  quick: boolean;
  runs: number;
  /** Write CPU profiles of the app under test into this folder (--cpu-prof). */
  profileDir: string | null;
  slack: LeanSlackClient;
  flags: Set<string>;
}

export interface Figure {
  /** What was measured, e.g. "/delegate @20 on PostgreSQL: req/s". */
  name: string;
  value: number;
  unit: string;
  /** The reference measured in the same run, and value / reference. */
  reference?: { name: string; value: number };
  ratio?: number;
  goal?: string;
  met?: boolean;
  note?: string;
}

export interface BenchResult {
  name: string;
  figures: Figure[];
  raw: unknown;
  notes: string[];
  seconds: number;
}
