-- Forget me: a person's personal data is erased by one audited operation, never by an UPDATE the app
-- role can run. The ledger's append-only trigger lets an UPDATE through only inside
-- trustloop_forget_person(), which runs as the owner of the tables (SECURITY DEFINER) and marks its own
-- transaction; DELETE and TRUNCATE stay refused.
--
-- Identity in history is replaced by one marker per erasure ("forgotten:<random>", chosen by the app;
-- random, not a hash of the user id, which anyone with the member list could recompute), so everyone
-- else's ledger and ratios stay as they were: a leader's kept promise to a forgotten person still counts.

create table erasures (
  team_id       text not null,
  marker        text not null,
  requested_by  text not null,
  at            timestamptz not null,
  rows_changed  integer not null,
  primary key (team_id, marker)
);

create or replace function ledger_entries_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and current_setting('trustloop.erasing', true) = 'on'
     and current_user = (select r.rolname from pg_class c join pg_roles r on r.oid = c.relowner
                          where c.oid = tg_relid) then
    return new;
  end if;
  raise exception 'ledger_entries is append-only: % is not allowed', tg_op;
end;
$$;

create function trustloop_forget_person(p_team text, p_person text, p_marker text, p_by text, p_at timestamptz)
returns integer language plpgsql security definer set search_path from current as $$
declare
  n integer := 0;
  k integer;
begin
  if p_person is null or p_person = '' or p_marker not like 'forgotten:%' then
    raise exception 'trustloop_forget_person: a person and a forgotten: marker are needed';
  end if;
  perform set_config('trustloop.erasing', 'on', true);

  -- their open work ends first, counting against no one: promises by or to them are released,
  -- delegations given by or to them cancelled, each with its ledger entry
  insert into ledger_entries (team_id, subject, subject_ref, owner_id, actor_id, action, from_status, to_status, due_at, at)
    select team_id, 'commitment', ref, owner_id, 'trustloop', 'released', 'open', 'released', due_at, p_at
      from commitments where team_id = p_team and status = 'open' and (owner_id = p_person or counterpart_id = p_person);
  update commitments set status = 'released', closed_at = p_at
   where team_id = p_team and status = 'open' and (owner_id = p_person or counterpart_id = p_person);
  insert into ledger_entries (team_id, subject, subject_ref, owner_id, actor_id, action, from_status, to_status, due_at, stakes, at)
    select team_id, 'delegation', ref, assignee_id, 'trustloop', 'cancelled', 'open', 'cancelled', due_at, stakes, p_at
      from delegations where team_id = p_team and status = 'open' and (leader_id = p_person or assignee_id = p_person);
  update delegations set status = 'cancelled', closed_at = p_at
   where team_id = p_team and status = 'open' and (leader_id = p_person or assignee_id = p_person);

  update ledger_entries set
      note = case when actor_id = p_person then null else note end,
      owner_id = case when owner_id = p_person then p_marker else owner_id end,
      actor_id = case when actor_id = p_person then p_marker else actor_id end
   where team_id = p_team and (owner_id = p_person or actor_id = p_person);
  get diagnostics k = row_count; n := n + k;

  -- what they wrote: titles, criteria and safety nets of work they gave, lessons of work they closed,
  -- their cancel reasons and acknowledgement notes
  update delegations set
      title = case when leader_id = p_person then '(erased)' else title end,
      success = case when leader_id = p_person then null else success end,
      buffer = case when leader_id = p_person then null else buffer end,
      cancel_reason = case when leader_id = p_person then null else cancel_reason end,
      ack_note = case when leader_id = p_person then null else ack_note end,
      lesson = case when closed_by = p_person then null else lesson end,
      leader_id = case when leader_id = p_person then p_marker else leader_id end,
      assignee_id = case when assignee_id = p_person then p_marker else assignee_id end,
      closed_by = case when closed_by = p_person then p_marker else closed_by end
   where team_id = p_team and (leader_id = p_person or assignee_id = p_person or closed_by = p_person);
  get diagnostics k = row_count; n := n + k;

  update commitments set
      text = case when owner_id = p_person then '(erased)' else text end,
      owner_id = case when owner_id = p_person then p_marker else owner_id end,
      counterpart_id = case when counterpart_id = p_person then p_marker else counterpart_id end
   where team_id = p_team and (owner_id = p_person or counterpart_id = p_person);
  get diagnostics k = row_count; n := n + k;

  update rituals set created_by = p_marker where team_id = p_team and created_by = p_person;
  get diagnostics k = row_count; n := n + k;

  -- their name, profile cache and working hours; reminders and messages about or to them
  delete from members where team_id = p_team and user_id = p_person;
  get diagnostics k = row_count; n := n + k;
  delete from reminder_points where team_id = p_team and user_id = p_person;
  get diagnostics k = row_count; n := n + k;
  delete from outbox where team_id = p_team
     and (channel_key = p_person or in_hours_of = p_person or strpos(payload::text, p_person) > 0);
  get diagnostics k = row_count; n := n + k;

  -- audited once: a second confirmation finds nothing left and records nothing
  if n > 0 then
    insert into erasures (team_id, marker, requested_by, at, rows_changed) values (p_team, p_marker, p_by, p_at, n);
  end if;
  return n;
end;
$$;
