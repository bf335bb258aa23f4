-- Trustloop's first schema: workspaces and members, the trust loop (delegations), the say/do ledger
-- (commitments + append-only ledger entries), the outbox that carries every message to Slack, and the
-- claim table that lets every replica run the same cron tick safely.
-- Every table is keyed by workspace (team_id): a reference like D-12 means nothing outside it.

create table workspaces (
  team_id               text primary key,
  next_delegation_ref   integer not null default 1,
  next_commitment_ref   integer not null default 1,
  created_at            timestamptz not null default now()
);

-- People as Slack knows them, cached (users.info / users.list) with their own time zone and hours.
create table members (
  team_id       text not null references workspaces (team_id),
  user_id       text not null,
  name          text not null default '',
  real_name     text not null default '',
  tz            text not null default 'UTC',
  is_bot        boolean not null default false,
  deleted       boolean not null default false,
  -- working hours in the member's own time zone, minutes after midnight, and ISO weekdays (1 = Monday)
  work_start    smallint not null default 540,
  work_end      smallint not null default 1080,
  work_days     smallint[] not null default '{1,2,3,4,5}',
  fetched_at    timestamptz,
  primary key (team_id, user_id)
);
create index members_by_name on members (team_id, lower(name));

create table delegations (
  team_id       text not null references workspaces (team_id),
  ref           integer not null,
  leader_id     text not null,
  assignee_id   text not null,
  title         text not null,
  success       text,
  buffer        text,
  stakes        text not null check (stakes in ('small', 'medium', 'large')),
  due_at        timestamptz not null,
  channel_id    text not null,
  status        text not null default 'open' check (status in ('open', 'won', 'lost', 'cancelled')),
  accepted_at   timestamptz,
  lesson        text,
  closed_by     text,
  closed_at     timestamptz,
  created_at    timestamptz not null,
  primary key (team_id, ref),
  check ((status = 'open') = (closed_at is null))
);
create index delegations_by_assignee on delegations (team_id, assignee_id, status);
create index delegations_by_leader on delegations (team_id, leader_id, status);
create index delegations_open_due on delegations (due_at) where status = 'open';

-- A promise with a due date, owned by one person, optionally owed to another (the counterpart).
create table commitments (
  team_id          text not null references workspaces (team_id),
  ref              integer not null,
  owner_id         text not null,
  counterpart_id   text,
  delegation_ref   integer,
  text             text not null,
  due_at           timestamptz not null,
  original_due_at  timestamptz not null,
  status           text not null default 'open' check (status in ('open', 'kept', 'missed', 'released')),
  times_moved      integer not null default 0,
  -- for kept promises owed to someone: pending until they answer, confirmed, or unconfirmed after 3 days
  confirmation     text check (confirmation in ('pending', 'confirmed', 'unconfirmed')),
  kept_on_time     boolean,
  closed_at        timestamptz,
  created_at       timestamptz not null,
  primary key (team_id, ref),
  foreign key (team_id, delegation_ref) references delegations (team_id, ref),
  check ((status = 'open') = (closed_at is null))
);
create index commitments_by_owner on commitments (team_id, owner_id, status, due_at);
create index commitments_by_counterpart on commitments (team_id, counterpart_id, status);
create index commitments_open_due on commitments (due_at) where status = 'open';
create index commitments_settled_by_owner on commitments (team_id, owner_id, closed_at) where closed_at is not null;

-- The append-only ledger: every say, do, move, miss and confirmation, with who, when and from/to state.
-- Nothing updates or deletes a row here (a trigger refuses it); current state lives beside it, written
-- in the same transaction.
create table ledger_entries (
  id               bigint generated always as identity primary key,
  team_id          text not null references workspaces (team_id),
  subject          text not null check (subject in ('delegation', 'commitment')),
  subject_ref      integer not null,
  owner_id         text not null,         -- whose record this is (assignee of a delegation, owner of a promise)
  actor_id         text not null,         -- who did it (the owner, a counterpart, the leader, or 'trustloop')
  action           text not null,
  from_status      text,
  to_status        text not null,
  note             text,
  due_at           timestamptz,
  stakes           text,
  at               timestamptz not null,  -- business time, from the app's clock
  action_key       text,                  -- idempotency key of the Slack action that caused it
  created_at       timestamptz not null default now()
);
create unique index ledger_entries_action_key on ledger_entries (team_id, action_key) where action_key is not null;
create index ledger_entries_by_subject on ledger_entries (team_id, subject, subject_ref, id);
create index ledger_entries_by_owner on ledger_entries (team_id, owner_id, at);

create function ledger_entries_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'ledger_entries is append-only: % is not allowed', tg_op;
end;
$$;
create trigger ledger_entries_no_update before update or delete on ledger_entries
  for each row execute function ledger_entries_append_only();

-- Messages waiting to be sent, written in the same transaction as the change that caused them.
-- `kind` 'api' carries a ready Web API call; 'home' re-renders the person's Home tab when sent.
create table outbox (
  id               bigint generated always as identity primary key,
  team_id          text not null,
  idempotency_key  text not null,
  kind             text not null default 'api' check (kind in ('api', 'home', 'nudge', 'weekly')),
  method           text not null,
  payload          jsonb not null,
  channel_key      text not null,          -- the conversation it goes to: per-channel order and rate limits
  status           text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'dropped')),
  attempts         integer not null default 0,
  not_before       timestamptz not null,   -- business time: when it is meant to go (a reminder's moment)
  retry_at         timestamptz,            -- wall time: after a failure or a 429, not before this
  lease_until      timestamptz,            -- wall time: a claim by a sender lasts until then
  last_error       text,
  result           jsonb,
  -- bumped when a 'home' row is asked for again while being sent: it is then sent once more
  generation       integer not null default 0,
  created_at       timestamptz not null default now(),
  sent_at          timestamptz,
  unique (team_id, idempotency_key)
);
create index outbox_due on outbox (not_before, id) where status in ('pending', 'sending');
create index outbox_channel_order on outbox (team_id, channel_key, id) where status in ('pending', 'sending');

-- When each conversation may next receive a message (Slack allows about one per second per channel),
-- in wall time. Shared by every replica, so N senders together still respect it.
create table channel_pace (
  team_id          text not null,
  channel_key      text not null,
  next_allowed_at  timestamptz not null,
  primary key (team_id, channel_key)
);

-- One row per cron slot: the replica that inserts it runs the tick, the others skip (node-cron's
-- runCoordinator). Idempotent enqueueing stays the second line of defence.
create table cron_runs (
  key         text primary key,
  claimed_at  timestamptz not null default now()
);
