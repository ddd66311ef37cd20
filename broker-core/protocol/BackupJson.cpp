#include "BackupJson.h"

#include "FieldLimits.h"
#include "ProtocolFields.h"
#include "Rfc3339.h"
#include "domain/StateHash.h"

#include <limits>

namespace ddalab::protocol::backup_json {

using namespace Qt::StringLiterals;

namespace {
}

QJsonObject descriptionToJson(const BackupRecord &backup)
{
    return {{"user_id"_L1, backup.userId},
            {"state_hash"_L1, backup.stateHash},
            {"size_bytes"_L1, double(backup.sizeBytes)},
            {"created_at"_L1, rfc3339::format(backup.createdAt)},
            {"updated_at"_L1, rfc3339::format(backup.updatedAt)}};
}

QJsonObject backupToJson(const BackupRecord &backup)
{
    QJsonObject object = descriptionToJson(backup);
    object.insert("data"_L1, QString::fromLatin1(backup.data.toBase64()));
    return object;
}

BackupRecord readBackup(JsonFieldReader &reader)
{
    BackupRecord backup;
    backup.userId = fields::readUserId(reader, "user_id"_L1);
    backup.stateHash = readStateHash(reader);
    backup.sizeBytes = reader.requiredInteger("size_bytes"_L1, 0, limits::kMaxExactInteger);
    backup.createdAt = fields::readTime(reader, "created_at"_L1);
    backup.updatedAt = fields::readTime(reader, "updated_at"_L1);
    backup.data = readBase64(reader, "data"_L1);
    if (reader.ok() && backup.data.size() != backup.sizeBytes)
        reader.fail(
            u"field '%1' does not hold size_bytes bytes"_s.arg(reader.fieldPath("data"_L1)));
    return backup;
}

QByteArray readBase64(JsonFieldReader &reader, QLatin1StringView name)
{
    // The data's size is bounded by the frame's.
    const QString text = reader.requiredString(name, std::numeric_limits<qsizetype>::max());
    if (!reader.ok())
        return {};
    auto decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        reader.fail(u"field '%1' must be base64"_s.arg(reader.fieldPath(name)));
        return {};
    }
    return std::move(decoded.decoded);
}

QString readStateHash(JsonFieldReader &reader)
{
    QString hash = reader.requiredString("state_hash"_L1, StateHash::kLength);
    if (reader.ok() && !StateHash::isWellFormed(hash))
        reader.fail(u"field '%1' must be a hex SHA-256 (64 hex digits)"_s.arg(
            reader.fieldPath("state_hash"_L1)));
    return hash;
}

} // namespace ddalab::protocol::backup_json
