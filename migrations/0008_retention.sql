-- Nothing grows without bound: finished outbox rows and reminder points are purged after a retention
-- (db/retention.ts, run by the tick). These indexes keep that purge cheap however large the tables get.
create index outbox_finished_by_age on outbox (not_before) where status in ('sent', 'failed', 'dropped');
create index reminder_points_by_age on reminder_points (at);
create index channel_pace_by_age on channel_pace (next_allowed_at);
