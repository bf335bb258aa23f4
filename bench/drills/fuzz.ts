import type { DrillContext, DrillResult } from './common';

export async function fuzzDrill(_ctx: DrillContext): Promise<DrillResult> {
  throw new Error('not written yet');
}
