INSERT INTO sessions
    (session_id, token_hash, user_id, created_at, expires_at, client_address, endpoint)
VALUES (:session_id, :token_hash, :user_id, :created_at_ms, :expires_at_ms, :client_address,
        :endpoint)
