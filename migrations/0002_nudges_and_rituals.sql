-- The third loop: nudges that respect people's time, and channel rituals.

-- A person's own rhythm, beside their working hours (0001): days without nudges, an out-of-office
-- period (local dates, inclusive), and a snooze of their reminders.
alter table members
  add column quiet_dates    date[] not null default '{}',
  add column away_from      date,
  add column away_until     date,
  add column snoozed_until  timestamptz,
  add constraint members_away_order check (away_from is null or away_until is null or away_from <= away_until);

-- Each reminder point that went into a bundle, by its natural key (reminderKey): sent once, ever.
create table reminder_points (
  team_id     text not null,
  key         text not null,
  user_id     text not null,
  bundled_in  text not null,           -- the outbox key of the DM that carried it
  at          timestamptz not null,    -- business time it was bundled
  primary key (team_id, key)
);

-- The leader's acknowledgement of an outcome ("nudges to celebrate").
alter table delegations
  add column acknowledged_at  timestamptz,
  add column ack_note         text;
create index delegations_closed_by_leader on delegations (team_id, leader_id, closed_at) where closed_at is not null;

-- Channel rituals: a retro prompt or a wins-and-losses digest, on a schedule in the configuring
-- person's time zone (stored with the ritual, so it never drifts with anyone's travels).
create table rituals (
  id              bigint generated always as identity primary key,
  team_id         text not null references workspaces (team_id),
  channel_id      text not null,
  kind            text not null check (kind in ('retro', 'digest')),
  schedule        jsonb not null,
  tz              text not null,
  enabled         boolean not null default true,
  created_by      text not null,
  -- occurrences before this instant are never posted (set on creation and on resume)
  active_since    timestamptz not null,
  last_fired_key  text,
  last_fired_at   timestamptz,
  created_at      timestamptz not null,
  unique (team_id, channel_id, kind)
);
create index rituals_enabled on rituals (enabled) where enabled;
create index delegations_closed_in_channel on delegations (team_id, channel_id, closed_at) where closed_at is not null;
