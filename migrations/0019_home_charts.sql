-- The Home tab's chart image (issue 16): one cached picture per person, uploaded to Slack once and shown
-- by its file id. Drawn again only when what it shows changes (data_hash) or on a new day in the
-- person's time zone (rendered_day) — never on every Home open.
--
-- It holds a Slack file id and a hash of counts, no words of anyone's: deleted with the workspace (the
-- foreign key; trustloop_delete_workspace deletes workspaces last) and by forget-me (src/db/erasure.ts).
create table home_charts (
  team_id       text not null references workspaces (team_id) on delete cascade,
  user_id       text not null,
  data_hash     text not null,
  rendered_day  date not null,
  file_id       text not null,
  uploaded_at   timestamptz not null,
  primary key (team_id, user_id)
);
