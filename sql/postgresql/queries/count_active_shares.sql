SELECT COUNT(*) FROM shared_results WHERE revoked_at IS NULL
