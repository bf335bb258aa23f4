-- Team days off and quieter reminders.
--
-- days_off: dates on which nothing Trustloop sends on its own goes out to the people concerned.
--   channel_id  the channel whose days off these are (its rituals, and reminders about work delegated
--               in it); null for a workspace-wide day off, set by a workspace admin.
--   from_date / until_date  calendar dates, both inclusive, read in each recipient's own time zone.
--   label       optional words ("Winter break"); no personal data is kept here (who set it is logged only).
-- reminder_preferences: one row per person and reminder kind they turned down; a kind without a row is on.
--   kind     'before' | 'due' | 'overdue' | 'weekly'   ('halfway' follows 'before': both come ahead of the due date)
--   setting  'off' ("never")
-- Deleting a workspace's data (trustloop_delete_workspace) deletes these rows with its workspaces row;
-- forgetting a person (src/db/erasure.ts) deletes their preferences in the same transaction.
create table days_off (
  id          bigint generated always as identity primary key,
  team_id     text not null references workspaces (team_id) on delete cascade,
  channel_id  text,
  from_date   date not null,
  until_date  date not null,
  label       text,
  created_at  timestamptz not null,
  check (from_date <= until_date)
);
create index days_off_by_team on days_off (team_id, until_date);

create table reminder_preferences (
  team_id     text not null references workspaces (team_id) on delete cascade,
  user_id     text not null,
  kind        text not null check (kind in ('before', 'due', 'overdue', 'weekly')),
  setting     text not null check (setting in ('off')),
  updated_at  timestamptz not null,
  primary key (team_id, user_id, kind)
);
