-- Several brokers on one database. Each daemon (a replica) holds a lease row, renewed every few
-- seconds and judged by the database's clock; a new row at every start. Its registered
-- connections are presence rows, deleted with it once its lease expired.
CREATE TABLE replicas (
    replica_id TEXT PRIMARY KEY,
    replica_number BIGINT NOT NULL,
    address TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen TIMESTAMPTZ NOT NULL DEFAULT now(),
    lease_until TIMESTAMPTZ NOT NULL,
    stats JSONB NOT NULL DEFAULT '{}'
);
-- Numbers connection ids apart: a replica's ids are its number times 2^32 plus a counter.
CREATE SEQUENCE replica_numbers CYCLE MINVALUE 1 MAXVALUE 1048575;
CREATE TABLE presence (
    replica_id TEXT NOT NULL,
    connection_id BIGINT NOT NULL,
    user_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (replica_id, connection_id)
);
-- What one replica changed that the others must hear of, written in the change's transaction;
-- NOTIFY ddalab_outbox wakes the others, who read it by id. Kept for minutes, not as history.
CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    replica_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX outbox_created_at ON outbox (created_at);
