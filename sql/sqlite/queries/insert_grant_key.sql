INSERT INTO grant_keys (kid, sealed_private_key, created_at)
VALUES (:kid, :sealed_private_key, :created_at_ms)
