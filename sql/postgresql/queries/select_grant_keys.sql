SELECT kid, sealed_private_key, CAST(round(extract(epoch FROM created_at) * 1000) AS BIGINT), CAST(round(extract(epoch FROM retired_at) * 1000) AS BIGINT)
FROM grant_keys
ORDER BY created_at, kid
