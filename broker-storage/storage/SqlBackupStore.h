#pragma once

#include "BackupStore.h"

namespace ddalab {

class Database;

// BackupStore on the broker's Database: the same thread and connection as shares and teams.
class SqlBackupStore final : public BackupStore
{
public:
    explicit SqlBackupStore(Database &database) : m_database(database) {}

    void writeBackup(const BackupRecord &backup,
                     const std::optional<BackupPrecondition> &precondition, const AuditEntry &audit,
                     QObject *context,
                     std::function<void(const BackupWriteResult &)> done) override;
    void readBackup(const QString &userId, QObject *context,
                    std::function<void(const BackupReadResult &)> done) override;
    void deleteBackup(const QString &userId, const std::optional<BackupPrecondition> &precondition,
                      const AuditEntry &audit, QObject *context,
                      std::function<void(const BackupDeleteResult &)> done) override;

private:
    Database &m_database;
};

} // namespace ddalab
