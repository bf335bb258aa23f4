-- Messages that keep up with the work.
-- A queued message names the subjects it shows ('delegation:3', 'commitment:7'); when one of them
-- changes, every message that shows it is updated in place (chat.update), through the outbox.
alter table outbox add column subjects text[];
create index outbox_by_subject on outbox using gin (subjects) where subjects is not null;

-- The leader can change a delegation: each edit is a new version (the assignee's DM of an older one
-- says it was changed), a reassignment or a cancellation closes the old person's part. A cancellation
-- is not a loss: it never counts on anyone's ladder (only 'won' and 'lost' do).
alter table delegations
  add column version              integer not null default 1,
  add column change_requested_at  timestamptz,
  add column cancel_reason        text;
