-- Issue 17: `reminder_lower_bound` (0020) is declared STABLE, what its body is, so PostgreSQL inlines it.
--
-- Declared IMMUTABLE, its body (timestamptz - interval, a STABLE operator) is more volatile than its
-- declaration, and PostgreSQL then refuses to inline it: every statement that calls it runs it as a
-- function of its own, parsed and planned again for that statement. It runs in the triggers that keep
-- `reminder_due` (0022, 0024), so in every `/delegate`'s write: measured with auto_explain, the scan of
-- the one new row took 0.14 ms of that trigger's 0.25 ms (bench/REPORT.md). Inlined, it is a plain
-- expression. The result is the same: no index, constraint or generated column uses the function,
-- which is all IMMUTABLE would be needed for.
alter function reminder_lower_bound(timestamptz, timestamptz, text) stable;
