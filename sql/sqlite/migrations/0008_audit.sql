-- The audit trail: who did what to what, from where, and how it ended. Append-only: a row is
-- written in the same transaction as the change it records, and the database itself refuses to
-- change one (only the retention sweep deletes rows). id is the keyset paging key, newest first
-- (AUTOINCREMENT: an id is never used twice, even after the newest rows were deleted). Times are
-- milliseconds since the Unix epoch, UTC.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    source_address TEXT,
    outcome TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- The filters (each with the paging key after it) and the retention sweep.
CREATE INDEX audit_log_actor_idx ON audit_log (actor, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_target_idx ON audit_log (target, id);
CREATE INDEX audit_log_time_idx ON audit_log (occurred_at);
