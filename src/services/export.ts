/**
 * `/ledger export`: your own history as a file; `/ledger export workspace`: everything, for a workspace
 * admin or owner only. The file is produced and sent through the outbox, after the reply.
 */
import { randomUUID } from 'node:crypto';
import { ForbiddenError } from '../errors';
import { memberOf } from './members';
import type { ServiceDeps } from './ports';

export async function requestExport(
  deps: ServiceDeps,
  r: { teamId: string; userId: string; scope: 'self' | 'workspace' },
): Promise<{ scope: 'self' | 'workspace' }> {
  if (r.scope === 'workspace') {
    const profile = await deps.directory.userInfo(r.teamId, r.userId);
    if (!(profile?.isAdmin || profile?.isOwner))
      throw new ForbiddenError(
        'not_admin',
        'Only a workspace admin or owner can export the whole workspace. `/ledger export` sends you your own data.',
      );
  }
  const me = await memberOf(deps, r.teamId, r.userId);
  const now = deps.clock.now();
  const requestKey = randomUUID();
  await deps.db.transaction(async (tx) => {
    await deps.announce(
      tx,
      [
        {
          type: 'export_requested',
          teamId: r.teamId,
          userId: r.userId,
          scope: r.scope,
          tz: me.tz,
          requestKey,
        },
      ],
      now,
    );
    // A second announcement, so the progress message queued by the first is there to be updated.
    await deps.announce(tx, [{ type: 'export_queued', teamId: r.teamId, userId: r.userId, requestKey }], now);
  });
  deps.wakeDelivery();
  deps.log.info({ teamId: r.teamId, user: r.userId, scope: r.scope }, 'export requested');
  return { scope: r.scope };
}
