DELETE FROM grant_keys WHERE retired_at < :before_ms
