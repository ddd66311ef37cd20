#include "SqlBackupStore.h"

#include "AuditedWork.h"
#include "BackupsTable.h"
#include "Database.h"

namespace ddalab {

namespace {

bool backupWritten(const BackupWriteResult &result, AuditEntry &)
{
    return result.status == BackupWriteResult::Status::Created ||
           result.status == BackupWriteResult::Status::Replaced;
}

bool backupDeleted(const BackupDeleteResult &result, AuditEntry &)
{
    return result.status == BackupDeleteResult::Status::Deleted;
}

} // namespace

void SqlBackupStore::writeBackup(const BackupRecord &backup,
                                 const std::optional<BackupPrecondition> &precondition,
                                 const AuditEntry &audit, QObject *context,
                                 std::function<void(const BackupWriteResult &)> done)
{
    // A write is one statement in a transaction: the whole state is stored, or none of it.
    m_database.run<BackupWriteResult>(
        StorageAccess::Write,
        auditedWork<BackupWriteResult>(
            [backup, precondition](SqlConnection &connection) {
                return BackupsTable(connection).write(backup, precondition);
            },
            audit, &backupWritten),
        context, std::move(done));
}

void SqlBackupStore::readBackup(const QString &userId, QObject *context,
                                std::function<void(const BackupReadResult &)> done)
{
    m_database.run<BackupReadResult>(
        StorageAccess::Read,
        [userId](SqlConnection &connection) { return BackupsTable(connection).read(userId); },
        context, std::move(done));
}

void SqlBackupStore::deleteBackup(const QString &userId,
                                  const std::optional<BackupPrecondition> &precondition,
                                  const AuditEntry &audit, QObject *context,
                                  std::function<void(const BackupDeleteResult &)> done)
{
    m_database.run<BackupDeleteResult>(
        StorageAccess::Write,
        auditedWork<BackupDeleteResult>(
            [userId, precondition](SqlConnection &connection) {
                return BackupsTable(connection).remove(userId, precondition);
            },
            audit, &backupDeleted),
        context, std::move(done));
}

} // namespace ddalab
