-- "Delegate this…" / "Make this a promise…" from a message: a link back to it, shown with the work.
alter table delegations add column source_permalink text;
alter table commitments add column source_permalink text;
