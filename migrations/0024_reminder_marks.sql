-- Issue 17: which reminder points of an item were already bundled, kept on its `reminder_due` row.
--
-- Until now the tick wrote one `reminder_points` row per bundled point (migration 0002: by its natural
-- key, `reminderKey` in src/services/schedule/reminders.ts) and read them back for every item it
-- planned: a second wide insert and a hash join of every candidate key, each tick, for 100,000 items.
-- The row the tick advances anyway can say the same for the item's current deadline, in the very
-- update that moves its instant:
-- * `bundled_due`  — the deadline (due instant, to the millisecond, as the app reads it) the marks are for;
-- * `bundled_kinds` — the kinds bundled for that deadline, one bit each: before 1, halfway 2, due 4,
--   overdue 8 (`REMINDER_KIND_BITS`, src/domain/reminders.ts);
-- * `bundled_at`   — business time of the latest bundling (what `reminder_points.at` records).
--
-- The one rule, kept by everything below: a point (item, kind, deadline) was bundled if and only if its
-- key is in `reminder_points`, or the item's row has `bundled_due` = that deadline and the kind's bit.
-- Marks for the item's CURRENT deadline are complete — `reminder_points` holds nothing more for it — so
-- the tick reads `reminder_points` only for an item whose marks are for another deadline or unknown:
-- * a new item gets marks "nothing bundled yet" for its deadline (refs are never reused: a workspace's
--   counters only grow, and deleting a workspace deletes its `reminder_points` too);
-- * a row made again later (the owner's rhythm changed after the plan ran out, a promise reopened) and
--   every row from before this migration have no marks (`bundled_due is null`): unknown, read the
--   record; the tick then writes complete marks (what it read, plus what it bundled);
-- * the deadline moves (renegotiation): the marks stay, for the old deadline; the next tick reads the
--   record for the new one, and when it writes the new deadline's marks, the old ones move to
--   `reminder_points` first (trigger below), so moving the deadline back finds them there;
-- * the row goes (item closed, plan run out): its marks move to `reminder_points` first (trigger
--   below), with the item's owner as the person reminded — unless the item itself is gone (workspace
--   deletion: nothing to keep). Forget-me closes the person's items first, so their marks land under
--   their id in `reminder_points` and are deleted with the rest, as before.
-- So no point is ever sent twice and none is lost, across crashes too: the marks commit with the DM's
-- outbox row in one transaction, exactly as the `reminder_points` rows did.

alter table reminder_due
  add column bundled_due   timestamptz,
  add column bundled_kinds smallint not null default 0,
  add column bundled_at    timestamptz,
  add constraint reminder_due_marks check (bundled_kinds = 0 or bundled_due is not null);

-- The `reminder_points` keys of `kinds` (bits as above) for one deadline: `reminderKey`, in SQL
-- (to_char gives the same text as JavaScript's toISOString for years 0–9999).
create or replace function reminder_point_keys(p_team text, p_subject text, p_ref integer, p_due timestamptz, p_kinds integer)
returns setof text language sql immutable as $$
  select 'reminder:' || p_team || ':' || p_subject || ':' || p_ref || ':' || k.kind || ':'
         || to_char(p_due at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    from (values (1, 'before'), (2, 'halfway'), (4, 'due'), (8, 'overdue')) as k(bit, kind)
   where p_kinds & k.bit <> 0
$$;

-- Marks about to be replaced (another deadline) or dropped with their row move to `reminder_points`.
-- Per row, but only for rows that have marks and lose them (the WHEN clause): rare, and the tick's
-- 100,000-row update pays one cheap test per row.
create or replace function reminder_due_keep_marks() returns trigger language plpgsql as $$
begin
  insert into reminder_points (team_id, key, user_id, bundled_in, at)
  select old.team_id, k.key, o.user_id, 'reminder_due', coalesce(old.bundled_at, old.bundled_due)
    from (select d.assignee_id as user_id from delegations d
           where old.subject = 'delegation' and d.team_id = old.team_id and d.ref = old.ref
          union all
          select c.owner_id from commitments c
           where old.subject = 'commitment' and c.team_id = old.team_id and c.ref = old.ref) o,
         reminder_point_keys(old.team_id, old.subject, old.ref, old.bundled_due, old.bundled_kinds) as k(key)
  on conflict (team_id, key) do nothing;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end
$$;

create trigger reminder_due_marks_replaced before update on reminder_due for each row
  when (old.bundled_kinds <> 0 and old.bundled_due is distinct from new.bundled_due)
  execute function reminder_due_keep_marks();
create trigger reminder_due_marks_dropped before delete on reminder_due for each row
  when (old.bundled_kinds <> 0)
  execute function reminder_due_keep_marks();

-- A new item: nothing bundled yet for its deadline (the rest of 0022's insert triggers unchanged; a
-- conflict — a row already there — keeps that row's marks).
create or replace function reminder_due_delegations_inserted() returns trigger language plpgsql as $$
begin
  insert into reminder_due (team_id, subject, ref, remind_at, bundled_due)
  select n.team_id, 'delegation', n.ref, reminder_lower_bound(n.created_at, n.due_at, n.stakes),
         date_trunc('milliseconds', n.due_at)
    from new_rows n where n.status = 'open'
  on conflict (team_id, subject, ref) do update
    set remind_at = least(excluded.remind_at, reminder_due.remind_at - interval '1 millisecond');
  return null;
end
$$;

create or replace function reminder_due_commitments_inserted() returns trigger language plpgsql as $$
begin
  insert into reminder_due (team_id, subject, ref, remind_at, bundled_due)
  select n.team_id, 'commitment', n.ref, reminder_lower_bound(n.created_at, n.due_at, null),
         date_trunc('milliseconds', n.due_at)
    from new_rows n where n.status = 'open'
  on conflict (team_id, subject, ref) do update
    set remind_at = least(excluded.remind_at, reminder_due.remind_at - interval '1 millisecond');
  return null;
end
$$;
