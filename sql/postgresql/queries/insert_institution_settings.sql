INSERT INTO institution_settings (singleton, institution_id, name, hipaa_mode, allow_federation, federated_institutions, phi_expiry_days, de_identified_expiry_days, synthetic_expiry_days, unclassified_expiry_days, max_expiry_days, phi_max_expiry_days, updated_at)
VALUES (1, :institution_id, :name, :hipaa_mode, :allow_federation, CAST(:federated_institutions AS JSONB), :phi_expiry_days, :de_identified_expiry_days, :synthetic_expiry_days, :unclassified_expiry_days, :max_expiry_days, :phi_max_expiry_days, to_timestamp(:updated_at_ms / 1000.0))
ON CONFLICT (singleton) DO NOTHING
