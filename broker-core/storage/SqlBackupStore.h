#pragma once

#include "BackupStore.h"

namespace ddalab {

class StorageWorker;

// BackupStore on the storage thread of a SqlShareStore: same thread, same connection. The
// worker must outlive this store.
class SqlBackupStore final : public BackupStore
{
public:
    explicit SqlBackupStore(StorageWorker &worker) : m_worker(worker) {}

    void writeBackup(const BackupRecord &backup,
                     const std::optional<BackupPrecondition> &precondition, QObject *context,
                     std::function<void(const BackupWriteResult &)> done) override;
    void readBackup(const QString &userId, QObject *context,
                    std::function<void(const BackupReadResult &)> done) override;
    void deleteBackup(const QString &userId, const std::optional<BackupPrecondition> &precondition,
                      QObject *context,
                      std::function<void(const BackupDeleteResult &)> done) override;

private:
    StorageWorker &m_worker;
};

} // namespace ddalab
