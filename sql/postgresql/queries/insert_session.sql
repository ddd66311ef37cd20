INSERT INTO sessions
    (session_id, token_hash, user_id, created_at, expires_at, client_address, endpoint)
VALUES (:session_id, :token_hash, :user_id, to_timestamp(:created_at_ms / 1000.0), to_timestamp(:expires_at_ms / 1000.0), :client_address, :endpoint)
