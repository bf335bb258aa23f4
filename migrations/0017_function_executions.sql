-- Workflow Builder custom steps: one row per function execution that changed something, written in the
-- same transaction as the change. Slack redelivers events it thinks were lost; a second delivery of the
-- same execution finds its row and writes nothing (the unique key makes a concurrent one roll back).
--   bot_access_token  the execution's own token (xwfp-…), valid only while the execution runs: the
--                     delivery loop completes the step with it once the step's message has gone out.
--                     Cleared when the step has completed.
--   outputs           what the step completes with (the permalink, known only after delivery, is added then)
-- Deleting a workspace's data (trustloop_delete_workspace) deletes its rows with its workspaces row.
create table function_executions (
  team_id               text not null references workspaces (team_id) on delete cascade,
  function_execution_id text not null,
  callback_id           text not null,
  bot_access_token      text,
  outputs               jsonb not null,
  created_at            timestamptz not null,
  completed_at          timestamptz,
  primary key (team_id, function_execution_id)
);
