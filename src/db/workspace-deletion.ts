/**
 * Retention after uninstall (migrations/0016_workspace_deletion.sql): a workspace that uninstalled keeps
 * its data for DATA_RETENTION_DAYS, then all of it goes through `trustloop_delete_workspace`, the one
 * audited path that may delete ledger rows. A reinstall before then takes the workspace off the stop
 * list (stopped-workspaces.ts resumeWorkspace), so nothing is due any more and everything is as it was.
 */
import type { Db } from './db';

const DAY_MS = 24 * 3600_000;

/** Why a stop may lead to deletion: the workspace said goodbye, not a token that went bad. */
const GOODBYE_REASONS = ['app_uninstalled', 'tokens_revoked'] as const;

export interface WorkspaceDeleted {
  teamId: string;
  rows: number;
}

/**
 * Deletes every workspace that uninstalled at least `retentionDays` before `now`, at most `limit` per
 * call (one transaction each: a crash loses nothing and the next tick resumes). Safe with replicas: the
 * function locks the stop row and answers null for a workspace another replica already deleted.
 */
export async function deleteUninstalledWorkspaces(
  db: Db,
  now: Date,
  retentionDays: number,
  limit = 5,
): Promise<WorkspaceDeleted[]> {
  const stoppedBefore = new Date(now.getTime() - retentionDays * DAY_MS);
  const { rows } = await db.query<{ teamId: string }>(
    `select team_id as "teamId" from stopped_workspaces
      where reason = any($1::text[]) and stopped_at <= $2
      order by stopped_at limit $3`,
    [[...GOODBYE_REASONS], stoppedBefore, limit],
  );
  const deleted: WorkspaceDeleted[] = [];
  for (const { teamId } of rows) {
    const r = await db.query<{ n: number | null }>('select trustloop_delete_workspace($1, $2, $3) as n', [
      teamId,
      stoppedBefore,
      now,
    ]);
    const n = r.rows[0]?.n;
    if (n !== null && n !== undefined) deleted.push({ teamId, rows: n });
  }
  return deleted;
}
