-- Signed Slack requests already acted on, so a replay inside Slack's 5-minute signature window acts once.
-- Kept in the database (not in memory) so that every replica behind a load balancer agrees.
--   key: 'sig:<hex of X-Slack-Signature>' (commands, interactivity), or 'event:<event_id>' (Events API,
--        whose retries are re-signed and carry the same event_id).
-- Not scoped by team_id: the check runs before the body is trusted enough to say whose it is, and both
-- kinds of key are unique across workspaces (an HMAC over the whole body; Slack's global event ids).
-- Rows are only useful until expires_at (the signature has gone stale by then) and are purged after it.
-- UNLOGGED: no WAL, so recording a request costs about what a `select 1` does instead of a durable
-- commit (an fsync) per request. What that gives up: after a crash of PostgreSQL, or on a standby
-- promoted by a failover, the table starts empty, so a request captured in the few minutes before could
-- be replayed once more. The use cases' own idempotency still holds; this is the cheap outer layer.
create unlogged table slack_request_replays (
  key text primary key,
  expires_at timestamptz not null
);

create index slack_request_replays_expires_at on slack_request_replays (expires_at);
