UPDATE accounts SET last_login_at = to_timestamp(:login_at_ms / 1000.0) WHERE user_id = :user_id
