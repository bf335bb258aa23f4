-- The say/do ledger is append-only for everyone but a migration.
--
-- 0001's row trigger refuses UPDATE and DELETE; TRUNCATE fires no row triggers, so it gets a statement
-- trigger of its own (it also fires when a TRUNCATE … CASCADE from workspaces reaches this table).
-- Disabling or dropping a trigger needs the table's owner: the app runs as a role that owns nothing
-- (DATABASE_MIGRATION_URL, docs/app-role.sql), so only a migration can.
create trigger ledger_entries_no_truncate before truncate on ledger_entries
  for each statement execute function ledger_entries_append_only();

-- Any role other than the owner keeps at most SELECT and INSERT here, and only SELECT on the migration
-- history. Default privileges (docs/app-role.sql) grant the app's role SELECT/INSERT/UPDATE/DELETE on
-- every table a migration creates, ledger_entries included when the role was set up before the first
-- migration; this takes back what it must not have, whichever order things were done in.
do $$
declare
  r record;
begin
  for r in
    select c.relname, a.grantee
      from pg_class c
      cross join lateral aclexplode(c.relacl) a
     where c.oid in (to_regclass('ledger_entries'), to_regclass('schema_migrations'))
       and a.grantee <> c.relowner
     group by c.relname, a.grantee
  loop
    execute format(
      'revoke %s on table %I from %s',
      case when r.relname = 'ledger_entries' then 'update, delete, truncate, references, trigger'
           else 'insert, update, delete, truncate, references, trigger' end,
      r.relname,
      case when r.grantee = 0 then 'public' else quote_ident(pg_get_userbyid(r.grantee)) end
    );
  end loop;
end
$$;
