-- Installations of Trustloop in OAuth mode: one row per (enterprise_id, team_id).
--
-- A workspace outside Enterprise Grid: ('', T…). A workspace of an org installed on its own: (E…, T…).
-- An org-wide install: (E…, '') with is_enterprise_install. The empty string stands for "none" so the
-- pair can be the primary key (NULLs are never equal, so a unique key over nullable columns would let
-- two rows for the same workspace in).
--
-- Tokens (bot, bot refresh, user, user refresh) and the incoming-webhook URL are stored only encrypted
-- (AES-256-GCM, src/slack/token-crypto.ts); `installation` is the rest of @slack/oauth's Installation
-- object with those secrets taken out, so operators can read it without seeing a credential.
create table installations (
  enterprise_id           text not null default '',
  team_id                 text not null default '',
  is_enterprise_install   boolean not null default false,
  team_name               text,
  enterprise_name         text,
  enterprise_url          text,
  app_id                  text,
  bot_id                  text,
  bot_user_id             text,
  bot_scopes              text[] not null default '{}',
  bot_token_enc           text,
  bot_refresh_token_enc   text,
  bot_token_expires_at    timestamptz,
  user_id                 text,
  user_scopes             text[] not null default '{}',
  user_token_enc          text,
  user_refresh_token_enc  text,
  user_token_expires_at   timestamptz,
  incoming_webhook_enc    text,
  -- Who installed (or last reinstalled) the app: Slack's authed_user.
  installer_user_id       text not null,
  installation            jsonb not null,
  -- Key every encrypted column of the row was written with (rows are re-encrypted on their next write).
  key_id                  text not null,
  installed_at            timestamptz not null,
  updated_at              timestamptz not null,
  primary key (enterprise_id, team_id),
  constraint installations_has_a_key check (enterprise_id <> '' or team_id <> ''),
  constraint installations_org_wide_has_no_team
    check (is_enterprise_install = (team_id = '') and (not is_enterprise_install or enterprise_id <> ''))
);

-- Token refresh looks for rows about to expire (the delivery loop and scheduler refresh ahead of use).
create index installations_bot_token_expiry on installations (bot_token_expires_at)
  where bot_token_expires_at is not null;
