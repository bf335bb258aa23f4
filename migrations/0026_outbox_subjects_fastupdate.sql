-- Issue 17: migration 0025's subject index goes back to GIN's default, `fastupdate = on`.
--
-- 0025 turned the pending list off, to spare each lookup a read of the whole list, on the evidence of
-- `/outcome` slowing down from run to run. That slowdown turned out to be the bench's frozen outbox
-- statistics (bench/REPORT.md), not the list. Without the list, every queued reminder put its keys
-- into the index at once: the tick's outbox insert for 25,000 bundled DMs went from 1.3-1.4 s to
-- 1.9-2.0 s (bench/tools/profile-tick.ts, paired). With the list, the keys are merged in bulk by
-- (auto)vacuum, as for 0009's index before.
alter index outbox_by_workspace_subject set (fastupdate = on);
