-- A DM the scheduler sends on its own (a reminder, a miss notice, a nudge to acknowledge, the weekly
-- note) waits for the recipient's working hours: checked again when it is sent, so hours changed,
-- time away set or a clock moved meanwhile never make one arrive at night.
alter table outbox add column in_hours_of text;
