-- Retention after uninstall: a workspace that uninstalled Trustloop (app_uninstalled / tokens_revoked)
-- keeps its data for DATA_RETENTION_DAYS, so a reinstall within that time finds everything as it was;
-- then the scheduler deletes all of it, ledger included, through trustloop_delete_workspace() alone.
--
-- The ledger's trigger lets a DELETE through only inside that function (it runs as the tables' owner,
-- SECURITY DEFINER, and names the one workspace it is deleting in its own transaction); UPDATE stays
-- for trustloop_forget_person(), TRUNCATE stays refused. A workspace stopped for another reason (Slack
-- refused a token mid-delivery, a single-workspace token gone bad) is never deleted on its own: that may
-- be a configuration mistake, not a goodbye.
--
-- One transaction per workspace: a crash rolls it back and the next tick starts it again; the stop row
-- is locked first, so two replicas never delete the same workspace twice, and a reinstall (which deletes
-- the stop row) either comes first and keeps everything, or after, and starts fresh.

create table workspace_deletions (
  team_id       text not null,
  reason        text not null,          -- why it was stopped (app_uninstalled, tokens_revoked)
  stopped_at    timestamptz not null,
  deleted_at    timestamptz not null,
  rows_deleted  integer not null,
  primary key (team_id, deleted_at)
);

create index stopped_workspaces_by_age on stopped_workspaces (stopped_at);

create or replace function ledger_entries_append_only() returns trigger language plpgsql as $$
declare
  owner text := (select r.rolname from pg_class c join pg_roles r on r.oid = c.relowner where c.oid = tg_relid);
begin
  if tg_op = 'UPDATE' and current_setting('trustloop.erasing', true) = 'on' and current_user = owner then
    return new;
  end if;
  if tg_op = 'DELETE' and current_user = owner then
    if current_setting('trustloop.deleting_workspace', true) = old.team_id then
      return old;
    end if;
  end if;
  raise exception 'ledger_entries is append-only: % is not allowed', tg_op;
end;
$$;

-- Deletes everything Trustloop holds for p_team if it uninstalled no later than p_stopped_before.
-- Returns the rows deleted, or null when the workspace is not (or no longer) due.
create function trustloop_delete_workspace(p_team text, p_stopped_before timestamptz, p_at timestamptz)
returns integer language plpgsql security definer set search_path from current as $$
declare
  stop record;
  n integer := 0;
  k integer;
begin
  select * into stop from stopped_workspaces
   where team_id = p_team and reason in ('app_uninstalled', 'tokens_revoked') and stopped_at <= p_stopped_before
   for update;
  if not found then
    return null;
  end if;
  perform set_config('trustloop.deleting_workspace', p_team, true);

  delete from reminder_points where team_id = p_team;   get diagnostics k = row_count; n := n + k;
  delete from outbox where team_id = p_team;            get diagnostics k = row_count; n := n + k;
  delete from channel_pace where team_id = p_team;      get diagnostics k = row_count; n := n + k;
  delete from ledger_entries where team_id = p_team;    get diagnostics k = row_count; n := n + k;
  delete from commitments where team_id = p_team;       get diagnostics k = row_count; n := n + k;
  delete from delegations where team_id = p_team;       get diagnostics k = row_count; n := n + k;
  delete from rituals where team_id = p_team;           get diagnostics k = row_count; n := n + k;
  delete from members where team_id = p_team;           get diagnostics k = row_count; n := n + k;
  delete from erasures where team_id = p_team;          get diagnostics k = row_count; n := n + k;
  delete from installations where team_id = p_team;     get diagnostics k = row_count; n := n + k;
  delete from workspace_orgs where team_id = p_team;    get diagnostics k = row_count; n := n + k;
  delete from workspaces where team_id = p_team;        get diagnostics k = row_count; n := n + k;
  delete from stopped_workspaces where team_id = p_team;

  insert into workspace_deletions (team_id, reason, stopped_at, deleted_at, rows_deleted)
    values (p_team, stop.reason, stop.stopped_at, p_at, n);
  return n;
end;
$$;
