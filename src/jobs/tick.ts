import { purgeHistory } from '../db/retention';
import { pruneCronRuns } from './scheduler';
import { sweepCommitments } from '../services/commitments';
import { enqueueReminders, enqueueWeeklyNotes } from '../services/nudges';
import { fireDueRituals } from '../services/rituals';
import type { ServiceDeps } from '../services/ports';

/**
 * One tick of timed work. Every step computes what is due from the database at the injected clock's
 * time and is idempotent, so a late, repeated or concurrent tick does each thing once.
 */
export async function runTick(deps: ServiceDeps): Promise<void> {
  const swept = await sweepCommitments(deps);
  if (swept.missed + swept.unconfirmed > 0) deps.log.info(swept, 'say/do sweep recorded changes');
  await enqueueReminders(deps);
  await enqueueWeeklyNotes(deps);
  await fireDueRituals(deps);
  await pruneCronRuns(deps.db, deps.clock.now());
  // pacing slots are wall time (Slack's own clock), everything else business time
  const purged = await purgeHistory(deps.db, deps.clock.now(), new Date());
  if (purged.messages + purged.reminderPoints + purged.stepRuns > 0) deps.log.info(purged, 'purged finished bookkeeping');
  deps.wakeDelivery();
}
