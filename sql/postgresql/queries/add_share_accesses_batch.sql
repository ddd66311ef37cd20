UPDATE shared_results AS s
SET download_count = s.download_count + a.count,
    last_accessed_at = GREATEST(s.last_accessed_at, to_timestamp(a.last_accessed_at_ms / 1000.0))
FROM json_to_recordset(CAST(:accesses AS JSON))
    AS a(token TEXT, count BIGINT, last_accessed_at_ms BIGINT)
WHERE s.share_token = a.token
