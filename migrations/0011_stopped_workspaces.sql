-- Workspaces Trustloop no longer serves: the app was uninstalled, its tokens were revoked, or Slack
-- answered a delivery with invalid_auth / token_revoked / account_inactive. While a workspace is here,
-- nothing new is queued for it (the outbox statement checks) and its pending messages were dropped with
-- the reason. Its data stays (what happens to it is the workspace's call, a later feature). A new install
-- (OAuth) or a start with a token of that workspace (single-workspace mode) takes it off the list.
create table stopped_workspaces (
  team_id      text primary key,
  reason       text not null,
  stopped_at   timestamptz not null
);

-- The Enterprise Grid org of a workspace, as its requests say (team_id, enterprise_id). An org-wide
-- install is stored under the org alone; the delivery loop and the scheduler know only a message's
-- team, and find the org's installation through this.
create table workspace_orgs (
  team_id        text primary key,
  enterprise_id  text not null
);
