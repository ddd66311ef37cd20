#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace ddalab {

// A user's latest app state as the broker keeps it: opaque bytes and their hex SHA-256.
struct BackupRecord
{
    QString userId;
    QByteArray data;   // empty when only the description is carried (after a write)
    QString stateHash; // lower-case hex SHA-256 of data
    qint64 sizeBytes = 0;
    QDateTime createdAt; // UTC, millisecond precision: the user's first backup
    QDateTime updatedAt; // the latest write
};

} // namespace ddalab
