UPDATE shared_results
SET download_count = download_count + a.count,
    last_accessed_at = MAX(COALESCE(shared_results.last_accessed_at, 0), a.last_accessed_at_ms)
FROM (SELECT json_extract(value, '$.token') AS token,
             json_extract(value, '$.count') AS count,
             json_extract(value, '$.last_accessed_at_ms') AS last_accessed_at_ms
      FROM json_each(:accesses)) AS a
WHERE shared_results.share_token = a.token
