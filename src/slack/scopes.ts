/**
 * The bot scopes Trustloop asks for, and why — the same list as manifest.json's
 * `oauth_config.scopes.bot` (a test holds them equal). Shown on the install page and requested by
 * "Add to Slack". No user scopes: Trustloop never acts as the person who installs it.
 */
export const BOT_SCOPES: readonly { scope: string; why: string }[] = [
  { scope: 'commands', why: 'The five slash commands: /delegate, /outcome, /commit, /ledger and /ritual.' },
  {
    scope: 'chat:write',
    why: 'Direct messages to the people involved, celebrations, retros and threaded notes.',
  },
  {
    scope: 'chat:write.public',
    why: 'Celebrate and run rituals in public channels without being invited first.',
  },
  {
    scope: 'files:write',
    why: 'Send you your own data as a file when you ask for it (/ledger export).',
  },
  { scope: 'im:write', why: 'Open a direct message with a person to tell them about work given to them.' },
  {
    scope: 'users:read',
    why: 'Each person’s time zone (for dates and working hours) and names for plain @mentions.',
  },
];

export const BOT_SCOPE_NAMES: string[] = BOT_SCOPES.map((s) => s.scope);
