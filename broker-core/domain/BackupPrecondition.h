#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace ddalab {

// An HTTP If-Match on a backup: the write or delete goes ahead only when the stored backup is
// one the client has seen, so two devices of one user cannot overwrite each other unnoticed.
struct BackupPrecondition
{
    bool anyExisting = false; // If-Match: *
    QStringList stateHashes;  // lower-case hex SHA-256 values

    bool admits(const std::optional<QString> &storedHash) const
    {
        return storedHash && (anyExisting || stateHashes.contains(*storedHash));
    }
};

} // namespace ddalab
