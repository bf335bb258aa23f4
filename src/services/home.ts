import { clearPace, enqueueHomeRefresh } from '../db/outbox';
import { ensureWorkspace } from '../db/workspaces';
import { markHomeOpened } from '../db/members';
import { homeView } from '../views/home';
import { ledgerSummary } from './ledger-summary';
import type { ServiceDeps } from './ports';

/** The person opened their Home tab: publish it fresh. */
export async function requestHomeRefresh(deps: ServiceDeps, teamId: string, userId: string): Promise<void> {
  await ensureWorkspace(deps.db, teamId);
  await markHomeOpened(deps.db, teamId, userId, deps.clock.now());
  // Opening the tab asks for it now: the pacing that coalesces bursts of changes does not apply.
  await clearPace(deps.db, teamId, `home:${userId}`);
  await enqueueHomeRefresh(deps.db, teamId, [userId], deps.clock.now());
  deps.wakeDelivery();
}

/** The Home view, rendered fresh when the outbox sends it. */
export async function renderHome(
  deps: ServiceDeps,
  teamId: string,
  userId: string,
): Promise<Record<string, unknown>> {
  return homeView(await ledgerSummary(deps, teamId, userId)) as unknown as Record<string, unknown>;
}
