SELECT kid, sealed_private_key, created_at, retired_at
FROM grant_keys
ORDER BY created_at, kid
