-- Issue 17: a tick that reads only what is due.
--
-- `remind_at` is the INDEX of an open item's reminder plan, not the plan: the plan
-- (src/services/schedule/reminders.ts, with the owner's zone, hours, time away and snooze) stays the
-- only source of truth. The column holds a conservative lower bound of the moment the item next needs
-- a look: never later than its next reminder could be sent, possibly earlier. The tick reads only rows
-- with `remind_at <= now` (one range scan of the partial indexes below), re-plans them, and advances
-- each row to the next point its plan still has (null when none is left), in the same transaction as
-- the DMs. A value that is too early costs one re-plan; a value that is too late would cost a missed
-- reminder, so every write below only ever moves it EARLIER than the truth, and only the tick (which
-- has just planned the item) moves it later.
--
-- Who keeps it right, inside the very statement that changes what the plan depends on (so no code path,
-- present or future, can forget it):
-- * the item itself (create; move = renegotiate; close; reassign; stakes): a trigger sets the tz-free
--   lower bound below. `null` once the item is no longer open.
-- * the person (zone, working hours, quiet days, time away, snooze — anything in their rhythm): a
--   trigger on `members` moves every open item of theirs to before its creation, i.e. "due for a re-plan
--   now", and always strictly earlier than before. "Strictly earlier" is what makes the tick's own write
--   safe: the tick advances a row only if `remind_at` still holds the value it read (compare-and-set), so
--   a change committed between its read and its write always wins.

alter table delegations add column remind_at timestamptz;
alter table commitments add column remind_at timestamptz;

-- The earliest any reminder of an item can be, whatever the owner's zone: the "before" point is never
-- more than a wall-clock day (plus a DST hour) before the due instant, the halfway check-in (large
-- stakes only) is the midpoint in elapsed time. 26 h leaves an hour to spare.
create or replace function reminder_lower_bound(created_at timestamptz, due_at timestamptz, stakes text)
returns timestamptz language sql immutable as $$
  select least(due_at - interval '26 hours',
               case when stakes = 'large' then created_at + (due_at - created_at) / 2 end)
$$;

create or replace function items_keep_remind_at() returns trigger language plpgsql as $$
begin
  if new.status <> 'open' then
    new.remind_at := null;
  elsif tg_op = 'INSERT' then
    new.remind_at := reminder_lower_bound(new.created_at, new.due_at,
                                          case when tg_table_name = 'delegations' then to_jsonb(new) ->> 'stakes' end);
  else
    -- strictly earlier than what a concurrent tick may have read (see above)
    new.remind_at := least(reminder_lower_bound(new.created_at, new.due_at,
                                                case when tg_table_name = 'delegations' then to_jsonb(new) ->> 'stakes' end),
                           coalesce(old.remind_at, 'infinity')) - interval '1 millisecond';
  end if;
  return new;
end
$$;

create trigger delegations_keep_remind_at before insert or update of due_at, status, stakes, assignee_id on delegations
  for each row execute function items_keep_remind_at();
create trigger commitments_keep_remind_at before insert or update of due_at, status, owner_id on commitments
  for each row execute function items_keep_remind_at();

create or replace function members_replan_items() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and new.tz is not distinct from old.tz and new.work_start is not distinct from old.work_start
     and new.work_end is not distinct from old.work_end and new.work_days is not distinct from old.work_days
     and new.quiet_dates is not distinct from old.quiet_dates and new.away_from is not distinct from old.away_from
     and new.away_until is not distinct from old.away_until and new.snoozed_until is not distinct from old.snoozed_until
  then
    return null;
  end if;
  update delegations set remind_at = least(coalesce(remind_at, created_at), created_at) - interval '1 millisecond'
   where team_id = new.team_id and assignee_id = new.user_id and status = 'open';
  update commitments set remind_at = least(coalesce(remind_at, created_at), created_at) - interval '1 millisecond'
   where team_id = new.team_id and owner_id = new.user_id and status = 'open';
  return null;
end
$$;

create trigger members_replan_items after insert or update on members
  for each row execute function members_replan_items();

-- Backfill: every open item gets its lower bound; the first tick re-plans what is due and advances it.
update delegations set remind_at = reminder_lower_bound(created_at, due_at, stakes) where status = 'open';
update commitments set remind_at = reminder_lower_bound(created_at, due_at, null) where status = 'open';

-- What the tick scans: open rows whose instant has come, oldest first.
create index delegations_remind_at on delegations (remind_at) where status = 'open' and remind_at is not null;
create index commitments_remind_at on commitments (remind_at) where status = 'open' and remind_at is not null;
