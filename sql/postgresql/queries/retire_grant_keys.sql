UPDATE grant_keys SET retired_at = to_timestamp(:retired_at_ms / 1000.0) WHERE retired_at IS NULL
