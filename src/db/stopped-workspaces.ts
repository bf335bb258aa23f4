/**
 * Workspaces Trustloop stopped serving (migrations/0011_stopped_workspaces.sql): after an uninstall, a
 * revoked token, or Slack refusing the token mid-delivery. The outbox statement queues nothing for them
 * (outbox.ts), and stopping drops their pending messages with the reason. Their data is kept.
 */
import type { Queryable } from './db';

/**
 * Marks the workspace stopped and drops its pending (and claimed) messages with `reason` recorded.
 * Returns how many messages were dropped. Idempotent: `app_uninstalled` and `tokens_revoked` may both
 * come, in either order, and a delivery may find out on its own.
 */
export async function stopWorkspace(
  db: Queryable,
  teamId: string,
  reason: string,
  at: Date,
): Promise<number> {
  const { rows } = await db.query<{ dropped: number }>(
    `with mark as (
       insert into stopped_workspaces (team_id, reason, stopped_at) values ($1, $2, $3)
       on conflict (team_id) do nothing
     ), dropped as (
       update outbox set status = 'dropped', last_error = $2, lease_until = null
        where team_id = $1 and status in ('pending', 'sending')
       returning 1
     )
     select count(*)::int as dropped from dropped`,
    [teamId, reason, at],
  );
  return rows[0]?.dropped ?? 0;
}

/** The workspace is served again (installed anew, or started with its own token). */
export async function resumeWorkspace(db: Queryable, teamId: string): Promise<boolean> {
  const { rowCount } = await db.query('delete from stopped_workspaces where team_id = $1', [teamId]);
  return rowCount > 0;
}

/** Why the workspace was stopped, or null when it is served. */
export async function stoppedReason(db: Queryable, teamId: string): Promise<string | null> {
  const { rows } = await db.query<{ reason: string }>(
    'select reason from stopped_workspaces where team_id = $1',
    [teamId],
  );
  return rows[0]?.reason ?? null;
}

/** Records the Enterprise Grid org a workspace belongs to (from its requests). */
export async function rememberWorkspaceOrg(
  db: Queryable,
  teamId: string,
  enterpriseId: string,
): Promise<void> {
  await db.query(
    `insert into workspace_orgs (team_id, enterprise_id) values ($1, $2)
     on conflict (team_id) do update set enterprise_id = excluded.enterprise_id
      where workspace_orgs.enterprise_id <> excluded.enterprise_id`,
    [teamId, enterpriseId],
  );
}

/** The org a workspace belongs to, if a request of it said so. */
export async function workspaceOrg(db: Queryable, teamId: string): Promise<string | null> {
  const { rows } = await db.query<{ enterpriseId: string }>(
    'select enterprise_id as "enterpriseId" from workspace_orgs where team_id = $1',
    [teamId],
  );
  return rows[0]?.enterpriseId ?? null;
}
