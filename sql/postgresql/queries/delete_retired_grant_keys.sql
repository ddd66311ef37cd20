DELETE FROM grant_keys WHERE retired_at < to_timestamp(:before_ms / 1000.0)
