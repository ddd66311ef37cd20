#pragma once

#include "BackupResults.h"
#include "domain/BackupPrecondition.h"

#include "domain/AuditEntry.h"

#include <QObject>

#include <functional>
#include <optional>

namespace ddalab {

// Users' state backups, asynchronous and without SQL, like ShareStore. A write stores the whole
// backup in one transaction or nothing; its answer comes after the commit.
class BackupStore
{
public:
    virtual ~BackupStore() = default;

    // Stores backup (its data, hash, size and updatedAt) as the user's latest. With a
    // precondition, only when the stored backup satisfies it (PreconditionFailed otherwise).
    virtual void writeBackup(const BackupRecord &backup,
                             const std::optional<BackupPrecondition> &precondition,
                             const AuditEntry &audit, QObject *context,
                             std::function<void(const BackupWriteResult &)> done) = 0;
    virtual void readBackup(const QString &userId, QObject *context,
                            std::function<void(const BackupReadResult &)> done) = 0;
    virtual void deleteBackup(const QString &userId,
                              const std::optional<BackupPrecondition> &precondition,
                              const AuditEntry &audit, QObject *context,
                              std::function<void(const BackupDeleteResult &)> done) = 0;
};

} // namespace ddalab
