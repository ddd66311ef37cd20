-- Shares end: expires_at (NULL: never, which only unclassified shares may have) and an optional
-- limit of granted requests. expiry_announced is set once the sweeper has told the monitor that
-- the share expired, so that it says so once. Shares published before expiry existed get the
-- unclassified default of 30 days from the upgrade, not from their creation: an upgrade ends no
-- share at once.
ALTER TABLE shared_results ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE shared_results ADD COLUMN max_downloads BIGINT;
ALTER TABLE shared_results ADD COLUMN expiry_announced BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE shared_results SET expires_at = NOW() + INTERVAL '30 days';
-- The sweeper's two questions: which live shares are due, and which ended rows are old.
CREATE INDEX shared_results_due_idx ON shared_results (expires_at)
    WHERE revoked_at IS NULL AND NOT expiry_announced;
CREATE INDEX shared_results_revoked_idx ON shared_results (revoked_at)
    WHERE revoked_at IS NOT NULL;
