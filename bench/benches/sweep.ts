import type { BenchContext, BenchResult } from '../lib/context';

export async function sweepBench(_ctx: BenchContext): Promise<BenchResult> {
  return { name: 'sweep', figures: [], raw: null, notes: ['not written yet'], seconds: 0 };
}
