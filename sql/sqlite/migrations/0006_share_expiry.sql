-- Shares end: expires_at (NULL: never, which only unclassified shares may have) and an optional
-- limit of granted requests. expiry_announced is set once the sweeper has told the monitor that
-- the share expired, so that it says so once. Shares published before expiry existed get the
-- unclassified default of 30 days from the upgrade, not from their creation: an upgrade ends no
-- share at once. Times are milliseconds since the Unix epoch, UTC.
ALTER TABLE shared_results ADD COLUMN expires_at INTEGER;
ALTER TABLE shared_results ADD COLUMN max_downloads INTEGER;
ALTER TABLE shared_results ADD COLUMN expiry_announced INTEGER NOT NULL DEFAULT 0;
UPDATE shared_results
SET expires_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 30 * 86400000;
-- The sweeper's two questions: which live shares are due, and which ended rows are old.
CREATE INDEX shared_results_due_idx ON shared_results (expires_at)
    WHERE revoked_at IS NULL AND expiry_announced = 0;
CREATE INDEX shared_results_revoked_idx ON shared_results (revoked_at)
    WHERE revoked_at IS NOT NULL;
