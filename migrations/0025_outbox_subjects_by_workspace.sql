-- Issue 17: finding the messages that show a changed subject, within its workspace only.
--
-- A subject is named the same in every workspace ('delegation:3'), and 0009's GIN index on `subjects`
-- alone answered "which messages show delegation:3?" with every workspace's, which the query then cut
-- down to one `team_id`. So each close, move or edit read more rows the more workspaces there were. The
-- index now holds each subject with its workspace ('T0123 delegation:3'), and the one query that looks
-- a subject up (`outboxInserts`' updates, src/db/outbox.ts) asks for exactly that key.
--
-- `fastupdate = off`: a GIN index normally collects new entries in a pending list that every lookup
-- reads in full until (auto)vacuum merges it. Every message with subjects adds to it, and every
-- lookup comes from a command that must answer Slack in 3 s, so entries go straight into the index
-- (a few keys per row) instead: measured on a server without autovacuum, `/outcome` fell from 263 to
-- 156 req/s over three runs with the pending list, see bench/REPORT.md.

-- Each subject with its workspace, as the index and the lookup both spell it (subjects and Slack team
-- ids contain neither ',' nor ' '). A plain expression, so it can be an index expression.
create function outbox_subject_keys(p_team text, p_subjects text[]) returns text[]
  language sql immutable parallel safe
  return string_to_array(p_team || ' ' || array_to_string(p_subjects, ',' || p_team || ' '), ',');

create index outbox_by_workspace_subject on outbox using gin (outbox_subject_keys(team_id, subjects))
  with (fastupdate = off) where subjects is not null;
drop index outbox_by_subject;
