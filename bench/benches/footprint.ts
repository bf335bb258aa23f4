import type { BenchContext, BenchResult } from '../lib/context';

export async function footprintBench(_ctx: BenchContext): Promise<BenchResult> {
  return { name: 'footprint', figures: [], raw: null, notes: ['not written yet'], seconds: 0 };
}
