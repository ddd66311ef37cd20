INSERT INTO institution_settings (singleton, institution_id, name, hipaa_mode, allow_federation, federated_institutions, phi_expiry_days, de_identified_expiry_days, synthetic_expiry_days, unclassified_expiry_days, max_expiry_days, phi_max_expiry_days, updated_at)
VALUES (1, :institution_id, :name, :hipaa_mode, :allow_federation, :federated_institutions, :phi_expiry_days, :de_identified_expiry_days, :synthetic_expiry_days, :unclassified_expiry_days, :max_expiry_days, :phi_max_expiry_days, :updated_at_ms)
ON CONFLICT (singleton) DO UPDATE
SET institution_id = excluded.institution_id, name = excluded.name, hipaa_mode = excluded.hipaa_mode,
    allow_federation = excluded.allow_federation, federated_institutions = excluded.federated_institutions,
    phi_expiry_days = excluded.phi_expiry_days, de_identified_expiry_days = excluded.de_identified_expiry_days,
    synthetic_expiry_days = excluded.synthetic_expiry_days, unclassified_expiry_days = excluded.unclassified_expiry_days,
    max_expiry_days = excluded.max_expiry_days, phi_max_expiry_days = excluded.phi_max_expiry_days,
    updated_at = excluded.updated_at
