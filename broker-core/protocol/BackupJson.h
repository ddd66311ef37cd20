#pragma once

#include "JsonFieldReader.h"
#include "domain/BackupRecord.h"

#include <QJsonObject>

// The wire shapes of state backups, both ways: state_backup over WebSocket and the description
// the HTTP backup API answers a write with.
namespace ddalab::protocol::backup_json {

// Everything about a backup but its data.
QJsonObject descriptionToJson(const BackupRecord &backup);
// The description and the data (standard base64), as state_backup carries them.
QJsonObject backupToJson(const BackupRecord &backup);
BackupRecord readBackup(JsonFieldReader &reader);

// Standard base64 with padding; fails reader when the field is not.
QByteArray readBase64(JsonFieldReader &reader, QLatin1StringView name);
// A lower-case or upper-case hex SHA-256; fails reader when the field is not.
QString readStateHash(JsonFieldReader &reader);

} // namespace ddalab::protocol::backup_json
