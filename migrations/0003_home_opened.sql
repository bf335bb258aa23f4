-- Who has ever opened Trustloop's Home tab: only their Home views are re-published after a change.
-- (A person who never opened it has no view to refresh; publishing one for every change of every
-- person would cost more than the change itself.)
alter table members add column home_opened_at timestamptz;
