INSERT INTO replicas (replica_id, replica_number, address, lease_until)
VALUES (:replica_id, nextval('replica_numbers'), :address,
        now() + make_interval(secs => :lease_seconds))
RETURNING replica_number
