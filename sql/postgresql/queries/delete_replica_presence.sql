DELETE FROM presence WHERE replica_id = :replica_id
