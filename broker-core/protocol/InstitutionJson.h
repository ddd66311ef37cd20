#pragma once

#include "JsonFieldReader.h"
#include "domain/InstitutionSettings.h"

#include <QJsonObject>

#include <optional>

// The JSON shape of the institution's settings, for GET and PUT /api/institution/config and the
// monitor feed's institution_config: the fields DDALAB's third-generation desktop reads and
// writes ({"id", "name", "hipaa_mode", "default_share_expiry_days", "allow_federation",
// "federated_institutions"}) and the expiry rules it ignores ("share_expiry_days" per
// classification, "max_share_expiry_days", "phi_max_share_expiry_days").
// default_share_expiry_days is share_expiry_days.unclassified; 0 there stands for "never"
// (null in share_expiry_days), since the desktop reads an unsigned number.
namespace ddalab::protocol::institution_json {

QJsonObject toJson(const InstitutionSettings &settings);

// Every field required and checked as a PUT checks it (the monitor feed); fails reader
// otherwise.
InstitutionSettings read(JsonFieldReader &reader);

// PUT: the fields present in body applied to current (absent or null federated_institutions
// keeps the list; unknown fields are ignored), everything checked before anything is taken;
// nullopt with the reason, naming the field, in error.
std::optional<InstitutionSettings> applyUpdate(const QJsonObject &body,
                                               const InstitutionSettings &current, QString *error);

} // namespace ddalab::protocol::institution_json
