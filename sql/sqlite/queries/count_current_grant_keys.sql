SELECT COUNT(*) FROM grant_keys WHERE retired_at IS NULL
