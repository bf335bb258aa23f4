-- Issue 17: the next-reminder instant in a narrow table of its own.
--
-- Migration 0020 kept `remind_at` on `delegations` and `commitments`. Advancing it — the tick writes it
-- for every item it plans — was a non-HOT update of the item's wide row that maintained all of the
-- table's indexes (3.3 s of a 100,000-item tick). Here the instant moves to `reminder_due`, one narrow
-- row per open item that still has a next look, with the primary key and one index on the instant.
-- Everything 0020's header says still holds, unchanged:
-- * `remind_at` is the INDEX of the item's reminder plan, not the plan (src/services/schedule/
--   reminders.ts stays the only source of truth): a conservative lower bound of the moment the item
--   next needs a look, never later than its next reminder could be sent, possibly earlier.
-- * Only the tick, which has just planned the item, moves it later — by compare-and-set on the value it
--   read (src/db/nudges.ts) — or removes the row when the plan has nothing left (0020's `null`).
-- * Everything else only moves it EARLIER, strictly, inside the very statement that changes what the
--   plan depends on, so no code path can forget it and a change committed between the tick's read and
--   its write always wins the compare-and-set:
--   - the item itself (create; move = renegotiate; close; reassign; stakes): triggers below write the
--     tz-free lower bound (`reminder_lower_bound`, 0020), minus a millisecond on a change and never
--     later than before; no row once the item is not open (closed or deleted);
--   - the person (zone, working hours, quiet days, time away, snooze — anything in their rhythm): the
--     trigger on `members` makes every open item of theirs due for a re-plan now (before its creation),
--     strictly earlier than before.
-- A row exists exactly for an open item whose plan has a point left; its absence means "nothing to
-- look at until the item or its owner changes" (0020's `remind_at is null`).
--
-- The item triggers are per statement, over transition tables: one set-based write for a statement that
-- inserts or changes many items (a seed of 1,000,000 promises, a workspace deletion), as cheap as 0020's
-- per-row column for a single item.

create table reminder_due (
  team_id    text not null references workspaces (team_id) on delete cascade,
  subject    text not null check (subject in ('delegation', 'commitment')),
  ref        integer not null,
  remind_at  timestamptz not null,
  primary key (team_id, subject, ref)
);
-- What the tick scans: rows whose instant has come, oldest first.
create index reminder_due_at on reminder_due (remind_at);

-- Delegations ---------------------------------------------------------------------------------------

create or replace function reminder_due_delegations_inserted() returns trigger language plpgsql as $$
begin
  insert into reminder_due (team_id, subject, ref, remind_at)
  select n.team_id, 'delegation', n.ref, reminder_lower_bound(n.created_at, n.due_at, n.stakes)
    from new_rows n where n.status = 'open'
  on conflict (team_id, subject, ref) do update
    set remind_at = least(excluded.remind_at, reminder_due.remind_at - interval '1 millisecond');
  return null;
end
$$;

create or replace function reminder_due_delegations_updated() returns trigger language plpgsql as $$
begin
  delete from reminder_due r using new_rows n
   where r.team_id = n.team_id and r.subject = 'delegation' and r.ref = n.ref and n.status <> 'open';
  -- strictly earlier than what a concurrent tick may have read (see above)
  insert into reminder_due (team_id, subject, ref, remind_at)
  select n.team_id, 'delegation', n.ref,
         reminder_lower_bound(n.created_at, n.due_at, n.stakes) - interval '1 millisecond'
    from new_rows n join old_rows o on o.team_id = n.team_id and o.ref = n.ref
   where n.status = 'open'
     and (n.due_at, n.status, n.stakes, n.assignee_id) is distinct from (o.due_at, o.status, o.stakes, o.assignee_id)
  on conflict (team_id, subject, ref) do update
    set remind_at = least(excluded.remind_at, reminder_due.remind_at - interval '1 millisecond');
  return null;
end
$$;

create or replace function reminder_due_delegations_deleted() returns trigger language plpgsql as $$
begin
  delete from reminder_due r using old_rows o
   where r.team_id = o.team_id and r.subject = 'delegation' and r.ref = o.ref;
  return null;
end
$$;

-- Commitments (no stakes: they count as medium, `reminder_lower_bound(…, null)`) ----------------------

create or replace function reminder_due_commitments_inserted() returns trigger language plpgsql as $$
begin
  insert into reminder_due (team_id, subject, ref, remind_at)
  select n.team_id, 'commitment', n.ref, reminder_lower_bound(n.created_at, n.due_at, null)
    from new_rows n where n.status = 'open'
  on conflict (team_id, subject, ref) do update
    set remind_at = least(excluded.remind_at, reminder_due.remind_at - interval '1 millisecond');
  return null;
end
$$;

create or replace function reminder_due_commitments_updated() returns trigger language plpgsql as $$
begin
  delete from reminder_due r using new_rows n
   where r.team_id = n.team_id and r.subject = 'commitment' and r.ref = n.ref and n.status <> 'open';
  insert into reminder_due (team_id, subject, ref, remind_at)
  select n.team_id, 'commitment', n.ref,
         reminder_lower_bound(n.created_at, n.due_at, null) - interval '1 millisecond'
    from new_rows n join old_rows o on o.team_id = n.team_id and o.ref = n.ref
   where n.status = 'open'
     and (n.due_at, n.status, n.owner_id) is distinct from (o.due_at, o.status, o.owner_id)
  on conflict (team_id, subject, ref) do update
    set remind_at = least(excluded.remind_at, reminder_due.remind_at - interval '1 millisecond');
  return null;
end
$$;

create or replace function reminder_due_commitments_deleted() returns trigger language plpgsql as $$
begin
  delete from reminder_due r using old_rows o
   where r.team_id = o.team_id and r.subject = 'commitment' and r.ref = o.ref;
  return null;
end
$$;

-- 0020's per-row triggers and columns go; the values they hold move over as they are (lower bounds).
drop trigger delegations_keep_remind_at on delegations;
drop trigger commitments_keep_remind_at on commitments;
drop function items_keep_remind_at();

insert into reminder_due (team_id, subject, ref, remind_at)
select team_id, 'delegation', ref, remind_at from delegations where status = 'open' and remind_at is not null
union all
select team_id, 'commitment', ref, remind_at from commitments where status = 'open' and remind_at is not null;

drop index delegations_remind_at;
drop index commitments_remind_at;
alter table delegations drop column remind_at;
alter table commitments drop column remind_at;

create trigger reminder_due_delegations_inserted after insert on delegations
  referencing new table as new_rows for each statement execute function reminder_due_delegations_inserted();
create trigger reminder_due_delegations_updated after update on delegations
  referencing old table as old_rows new table as new_rows
  for each statement execute function reminder_due_delegations_updated();
create trigger reminder_due_delegations_deleted after delete on delegations
  referencing old table as old_rows for each statement execute function reminder_due_delegations_deleted();
create trigger reminder_due_commitments_inserted after insert on commitments
  referencing new table as new_rows for each statement execute function reminder_due_commitments_inserted();
create trigger reminder_due_commitments_updated after update on commitments
  referencing old table as old_rows new table as new_rows
  for each statement execute function reminder_due_commitments_updated();
create trigger reminder_due_commitments_deleted after delete on commitments
  referencing old table as old_rows for each statement execute function reminder_due_commitments_deleted();

-- The person's rhythm (same trigger as 0020, same columns; it now writes reminder_due).
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
  insert into reminder_due (team_id, subject, ref, remind_at)
  select d.team_id, 'delegation', d.ref, d.created_at - interval '1 millisecond'
    from delegations d where d.team_id = new.team_id and d.assignee_id = new.user_id and d.status = 'open'
  union all
  select c.team_id, 'commitment', c.ref, c.created_at - interval '1 millisecond'
    from commitments c where c.team_id = new.team_id and c.owner_id = new.user_id and c.status = 'open'
  on conflict (team_id, subject, ref) do update
    set remind_at = least(excluded.remind_at, reminder_due.remind_at - interval '1 millisecond');
  return null;
end
$$;
