-- The monitor lists shares newest first, a page at a time, by (created_at, share_token).
CREATE INDEX shared_results_created_idx ON shared_results (created_at, share_token);
