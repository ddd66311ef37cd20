UPDATE accounts SET last_login_at = :login_at_ms WHERE user_id = :user_id
