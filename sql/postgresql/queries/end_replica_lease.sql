UPDATE replicas SET lease_until = now(), last_seen = now() WHERE replica_id = :replica_id
