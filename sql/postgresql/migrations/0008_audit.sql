-- The audit trail: who did what to what, from where, and how it ended. Append-only: a row is
-- written in the same transaction as the change it records, and the database itself refuses to
-- change one (only the retention sweep deletes rows). id is the keyset paging key, newest first.
CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    source_address TEXT,
    outcome TEXT NOT NULL,
    details JSONB NOT NULL DEFAULT '{}'
);
CREATE FUNCTION audit_log_refuse_update() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_update();
-- The filters (each with the paging key after it) and the retention sweep.
CREATE INDEX audit_log_actor_idx ON audit_log (actor, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_target_idx ON audit_log (target, id);
CREATE INDEX audit_log_time_idx ON audit_log (occurred_at);
