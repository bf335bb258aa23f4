-- The message seam: a queued row says what the message is about (its kind and that kind's facts, in
-- `payload`, rendered when it is sent by messages/), and its delivery instructions get their own
-- columns instead of keys mixed into Slack's arguments.
--   stale_unless    when the message stops being worth sending (checked at send time)
--   fallback_dm_to  who gets it by DM when its channel cannot be reached
-- Kinds are defined in the code now (messages/), so the list in the check constraint goes; 'api' keeps
-- meaning "a Web API call prepared before sending", which is what rows queued before this are.
alter table outbox
  add column stale_unless jsonb,
  add column fallback_dm_to text[];

alter table outbox drop constraint outbox_kind_check;

-- Rows already queued keep being deliverable: their instructions move out of the Slack arguments.
update outbox
   set stale_unless = payload -> 'stale_unless',
       fallback_dm_to = case when jsonb_typeof(payload -> 'fallback_dm_to') = 'array'
                             then array(select jsonb_array_elements_text(payload -> 'fallback_dm_to')) end,
       payload = payload - 'stale_unless' - 'fallback_dm_to'
 where kind = 'api' and (payload ? 'stale_unless' or payload ? 'fallback_dm_to');
