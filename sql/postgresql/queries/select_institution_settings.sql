SELECT institution_id, name, hipaa_mode, allow_federation, CAST(federated_institutions AS TEXT), phi_expiry_days, de_identified_expiry_days, synthetic_expiry_days, unclassified_expiry_days, max_expiry_days, phi_max_expiry_days
FROM institution_settings
WHERE singleton = 1
