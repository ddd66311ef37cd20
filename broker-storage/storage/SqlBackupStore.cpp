#include "SqlBackupStore.h"

#include "BackupsTable.h"
#include "Database.h"

namespace ddalab {

void SqlBackupStore::writeBackup(const BackupRecord &backup,
                                 const std::optional<BackupPrecondition> &precondition,
                                 QObject *context,
                                 std::function<void(const BackupWriteResult &)> done)
{
    // A write is one statement in a transaction: the whole state is stored, or none of it.
    m_database.run<BackupWriteResult>(
        StorageAccess::Write,
        [backup, precondition](SqlConnection &connection) {
            return BackupsTable(connection).write(backup, precondition);
        },
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
                                  QObject *context,
                                  std::function<void(const BackupDeleteResult &)> done)
{
    m_database.run<BackupDeleteResult>(
        StorageAccess::Write,
        [userId, precondition](SqlConnection &connection) {
            return BackupsTable(connection).remove(userId, precondition);
        },
        context, std::move(done));
}

} // namespace ddalab
