-- The rows of reads (shares granted and denied, failed logins) are nearly every row of a busy
-- broker's audit trail, and each index entry of one cost more than writing the row itself. They
-- are found by scanning the trail newest first (the paging key's order); the indexes keep only
-- the rows of changes and administrators' actions, where a filter picks a few among many. The
-- retention sweep finds old rows at the table's start and needs no index.
DROP INDEX audit_log_actor_idx;
DROP INDEX audit_log_action_idx;
DROP INDEX audit_log_target_idx;
DROP INDEX audit_log_time_idx;
CREATE INDEX audit_log_change_actor_idx ON audit_log (actor, id)
    WHERE action NOT IN ('share.granted', 'share.denied', 'login.failed');
CREATE INDEX audit_log_change_action_idx ON audit_log (action, id)
    WHERE action NOT IN ('share.granted', 'share.denied', 'login.failed');
CREATE INDEX audit_log_change_target_idx ON audit_log (target, id)
    WHERE action NOT IN ('share.granted', 'share.denied', 'login.failed');
