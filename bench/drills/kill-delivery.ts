import type { DrillContext, DrillResult } from './common';

export async function killDeliveryDrill(_ctx: DrillContext): Promise<DrillResult> {
  throw new Error('not written yet');
}
