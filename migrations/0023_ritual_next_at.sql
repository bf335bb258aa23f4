-- Issue 17: a tick that reads only the rituals that are due.
--
-- `next_at` is the INDEX of a ritual's schedule, not the schedule: the pure rules in
-- src/services/schedule/ritual-schedule.ts (`dueOccurrence`, with the ritual's schedule, zone,
-- active_since and last fired key) stay the only source of truth. The column holds a conservative
-- lower bound of the first moment `dueOccurrence` can return an occurrence: never later, possibly
-- earlier. The tick reads only enabled rituals with `next_at <= now` (one range scan of the partial
-- index below), decides exactly as before, and advances `next_at` to the next occurrence that can post
-- (`nextLookAt`) in the same statement that claims the occurrence, by compare-and-set on what it read.
-- A value too early costs one re-plan; a value too late would cost a missed post, so the writes here
-- only ever move it to a point no later than anything the new plan can post, and only the tick (which
-- has just planned the ritual) moves it later.
--
-- Who keeps it right: a trigger, inside the very statement that changes what the plan depends on, so
-- no code path (the command, a future "move to channel", an admin's update) can forget it:
-- * create, reschedule (schedule, zone), resume: `next_at = active_since`. Every such write sets
--   active_since to its own injected-clock "now" (occurrences before it never post), so that is both
--   "re-plan at the next tick" and a true lower bound — and no database clock is involved.
-- * pause: `null`. A paused ritual has no next occurrence; resuming re-plans it.
-- * channel: a channel's days off only SKIP an occurrence (schedule/days-off.ts), they never move one,
--   so they are read when firing, as before, and adding or removing a day off leaves next_at alone. A
--   change of channel needs no re-plan for the same reason; it is in the list anyway so that a future
--   change that does depend on the channel cannot forget it (a re-plan costs one read).
-- * delete (the command, workspace deletion): the row goes, with it its index entry.
-- * last_fired_key is written by the tick only, together with next_at; it is left out of the list so
--   the tick's own write is not undone.

alter table rituals add column next_at timestamptz;

create or replace function rituals_keep_next_at() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and new.schedule is not distinct from old.schedule and new.tz is not distinct from old.tz
     and new.enabled is not distinct from old.enabled and new.active_since is not distinct from old.active_since
     and new.channel_id is not distinct from old.channel_id
  then
    return new;
  end if;
  new.next_at := case when new.enabled then new.active_since end;
  return new;
end
$$;

create trigger rituals_keep_next_at before insert or update of schedule, tz, enabled, active_since, channel_id
  on rituals for each row execute function rituals_keep_next_at();

-- Backfill: active_since is in the past for every existing ritual, so the first tick re-plans every
-- enabled one (as every tick did until now) and advances it.
update rituals set next_at = active_since where enabled;

-- What the tick scans: enabled rituals whose moment has come, oldest first. The old index on `enabled`
-- served the read of every enabled ritual, which is gone.
create index rituals_next_at on rituals (next_at, id) where enabled and next_at is not null;
drop index rituals_enabled;
