import { enqueueHomeRefresh } from '../db/outbox';
import { ensureWorkspace } from '../db/workspaces';
import { homeView } from '../views/home';
import { ledgerSummary } from './ledger-summary';
import type { ServiceDeps } from './ports';

/** Asks for the person's Home tab to be (re)published. */
export async function requestHomeRefresh(deps: ServiceDeps, teamId: string, userId: string): Promise<void> {
  await ensureWorkspace(deps.db, teamId);
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
