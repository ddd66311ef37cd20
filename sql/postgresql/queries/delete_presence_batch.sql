DELETE FROM presence
WHERE replica_id = :replica_id
  AND connection_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(:ids AS JSON)))
