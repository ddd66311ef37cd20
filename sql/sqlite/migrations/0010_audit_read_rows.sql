-- The rows of reads (shares granted and denied, failed logins) are nearly every row of a busy
-- broker's audit trail, and each index entry of one cost more than writing the row itself. The
-- trail is read by scanning it newest first (the paging key's order), which a lab's trail keeps
-- short; SQLite would not use indexes of the other rows alone (it cannot tell that a filter on
-- one action excludes the others), so there are none. The retention sweep finds old rows at the
-- table's start.
DROP INDEX audit_log_actor_idx;
DROP INDEX audit_log_action_idx;
DROP INDEX audit_log_target_idx;
DROP INDEX audit_log_time_idx;
