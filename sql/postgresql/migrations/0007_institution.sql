-- The institution's settings (GET and PUT /api/institution/config): one row, written at first
-- start from INSTITUTION_NAME and by each PUT after that. Expiry days per classification (NULL:
-- never, which only unclassified shares may have), the maximum any share may ask for, and the
-- phi maximum that caps phi shares in HIPAA mode. federated_institutions is a JSON array of
-- institution ids.
CREATE TABLE institution_settings (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    institution_id TEXT NOT NULL,
    name TEXT NOT NULL,
    hipaa_mode BOOLEAN NOT NULL,
    allow_federation BOOLEAN NOT NULL,
    federated_institutions JSONB NOT NULL,
    phi_expiry_days INTEGER NOT NULL,
    de_identified_expiry_days INTEGER NOT NULL,
    synthetic_expiry_days INTEGER NOT NULL,
    unclassified_expiry_days INTEGER,
    max_expiry_days INTEGER NOT NULL,
    phi_max_expiry_days INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
