import type { BenchContext, BenchResult } from '../lib/context';

export async function scaleoutBench(_ctx: BenchContext): Promise<BenchResult> {
  return { name: 'scaleout', figures: [], raw: null, notes: ['not written yet'], seconds: 0 };
}
