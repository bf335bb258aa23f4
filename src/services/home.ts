import { markHomeOpened } from '../db/members';
import { ensureWorkspace } from '../db/workspaces';
import type { ServiceDeps } from './ports';

/** The person opened their Home tab: it is published fresh, at once, and kept fresh from now on. */
export async function requestHomeRefresh(deps: ServiceDeps, teamId: string, userId: string): Promise<void> {
  const now = deps.clock.now();
  await ensureWorkspace(deps.db, teamId);
  await deps.db.transaction(async (tx) => {
    await markHomeOpened(tx, teamId, userId, now);
    await deps.announce(tx, [{ type: 'home_opened', teamId, userId }], now);
  });
  deps.wakeDelivery();
}
