-- Trustloop's database roles (README, Security). The test suite runs this very file
-- (test/integration/app-role.test.ts), so what is documented is what is tested.
--
--   trustloop_owner  owns every table and runs the migrations      (DATABASE_MIGRATION_URL)
--   trustloop_app    what the app's pool logs in as; owns nothing   (DATABASE_URL)
--
-- Run as a superuser (or a CREATEROLE role that is a member of trustloop_owner), connected to
-- Trustloop's database, once: before the first migration or after, both work, and running it again
-- changes nothing. First, once per server:
--   create role trustloop_owner login password '…';
--   create database trustloop owner trustloop_owner;
-- then: psql -d trustloop -f docs/app-role.sql, and give the app role a password:
--   alter role trustloop_app password '…';

do $$
begin
  if not exists (select from pg_roles where rolname = 'trustloop_app') then
    create role trustloop_app login;
  end if;
end
$$;

-- Only the owner creates objects here (PostgreSQL 15 and later already refuse PUBLIC this).
revoke create on schema public from public;
grant usage on schema public to trustloop_app;

-- The tables that exist now, and those later migrations create (they run as trustloop_owner): read and
-- write rows, nothing more — no TRUNCATE, no triggers, no schema changes (those need the owner).
-- Sequences: identity columns need no grant to insert; USAGE covers any serial column a migration adds.
grant select, insert, update, delete on all tables in schema public to trustloop_app;
grant usage on all sequences in schema public to trustloop_app;
alter default privileges for role trustloop_owner in schema public
  grant select, insert, update, delete on tables to trustloop_app;
alter default privileges for role trustloop_owner in schema public
  grant usage on sequences to trustloop_app;

-- Functions are the app's only way to do what its grants refuse (e.g. a SECURITY DEFINER function owned
-- by trustloop_owner that a later migration adds): the app may call them, other roles may not.
revoke execute on all functions in schema public from public;
grant execute on all functions in schema public to trustloop_app;
alter default privileges for role trustloop_owner in schema public revoke execute on functions from public;
alter default privileges for role trustloop_owner in schema public grant execute on functions to trustloop_app;

-- The say/do ledger is read and appended to, never rewritten; the migration history is read only.
-- (Migration 0005 takes the same back whenever it runs after this.)
do $$
begin
  if to_regclass('public.ledger_entries') is not null then
    revoke update, delete, truncate, references, trigger on public.ledger_entries from trustloop_app;
  end if;
  if to_regclass('public.schema_migrations') is not null then
    revoke insert, update, delete, truncate, references, trigger on public.schema_migrations from trustloop_app;
  end if;
end
$$;
