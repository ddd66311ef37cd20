#pragma once

#include "BackupResults.h"
#include "domain/BackupPrecondition.h"

#include <optional>

namespace ddalab {

class SqlConnection;

// The user_backups table: one row per user, its latest state. Runs on the storage thread inside
// the transaction the caller holds (writes need one: the stored state is read, locked on
// PostgreSQL, and then replaced); nullopt means the database failed.
class BackupsTable
{
public:
    explicit BackupsTable(SqlConnection &connection) : m_connection(connection) {}

    // Created or Replaced (the record without its data), or PreconditionFailed.
    std::optional<BackupWriteResult> write(const BackupRecord &backup,
                                           const std::optional<BackupPrecondition> &precondition);
    std::optional<BackupReadResult> read(const QString &userId);
    std::optional<BackupDeleteResult> remove(const QString &userId,
                                             const std::optional<BackupPrecondition> &precondition);

private:
    struct StoredState
    {
        QString stateHash;
        QDateTime createdAt;
    };
    // The stored backup's hash and creation time, read so that no other writer can change them
    // before this transaction ends: PostgreSQL locks the row (SELECT ... FOR UPDATE); SQLite
    // has no row locks, but a transaction that read and then writes fails with SQLITE_BUSY
    // rather than overwrite a write committed in between. False when the database failed;
    // *state stays empty when the user has no backup.
    bool lockStoredState(const QString &userId, std::optional<StoredState> *state);
    static std::optional<QString> storedHash(const std::optional<StoredState> &state);

    SqlConnection &m_connection;
};

} // namespace ddalab
