UPDATE grant_keys SET retired_at = :retired_at_ms WHERE retired_at IS NULL
