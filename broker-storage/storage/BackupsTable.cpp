#include "BackupsTable.h"

#include "SqlConnection.h"

#include <QVariant>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

QDateTime fromMs(const QVariant &value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

} // namespace

std::optional<QString> BackupsTable::storedHash(const std::optional<StoredState> &state)
{
    return state ? std::optional(state->stateHash) : std::nullopt;
}

bool BackupsTable::lockStoredState(const QString &userId, std::optional<StoredState> *state)
{
    // lock_backup_state's columns.
    enum Column { StateHash, CreatedAtMs };

    state->reset();
    SqlStatement select = m_connection.prepare(u"lock_backup_state"_s);
    select.bind(u":user_id"_s, userId);
    if (!select.exec())
        return false;
    if (select.next())
        *state = StoredState{select.value(StateHash).toString(), fromMs(select.value(CreatedAtMs))};
    return true;
}

std::optional<BackupWriteResult>
BackupsTable::write(const BackupRecord &backup,
                    const std::optional<BackupPrecondition> &precondition)
{
    std::optional<StoredState> stored;
    if (!lockStoredState(backup.userId, &stored))
        return std::nullopt;
    if (precondition && !precondition->admits(storedHash(stored))) {
        BackupWriteResult refused{BackupWriteResult::Status::PreconditionFailed, {}, {}, {}};
        if (stored)
            refused.storedHash = stored->stateHash;
        return refused;
    }

    SqlStatement upsert = m_connection.prepare(u"upsert_backup"_s);
    // A null QByteArray binds as SQL NULL; an empty state is zero bytes, not NULL.
    const QByteArray data = backup.data.isNull() ? QByteArray(0, '\0') : backup.data;
    upsert.bind(u":user_id"_s, backup.userId);
    upsert.bind(u":data"_s, data);
    upsert.bind(u":state_hash"_s, backup.stateHash);
    upsert.bind(u":size_bytes"_s, backup.sizeBytes);
    upsert.bind(u":updated_at_ms"_s, backup.updatedAt.toMSecsSinceEpoch());
    const bool written = upsert.exec();
    // The cached statement keeps its bound values (the whole state) until the next binding;
    // finishing it at the end of the scope does not clear them.
    upsert.bind(u":data"_s, QByteArray(0, '\0'));
    if (!written)
        return std::nullopt;

    BackupWriteResult result{stored ? BackupWriteResult::Status::Replaced
                                    : BackupWriteResult::Status::Created,
                             backup,
                             std::nullopt,
                             {}};
    result.backup.data.clear();
    result.backup.createdAt = stored ? stored->createdAt : backup.updatedAt;
    return result;
}

std::optional<BackupReadResult> BackupsTable::read(const QString &userId)
{
    // select_backup's columns.
    enum Column { Data, StateHash, SizeBytes, CreatedAtMs, UpdatedAtMs };

    // Finished when it goes out of scope, which also frees the driver's copy of the state.
    SqlStatement select = m_connection.prepare(u"select_backup"_s);
    select.bind(u":user_id"_s, userId);
    if (!select.exec())
        return std::nullopt;
    BackupReadResult result{BackupReadResult::Status::NotFound, {}, {}};
    if (select.next()) {
        result.status = BackupReadResult::Status::Found;
        BackupRecord &backup = result.backup;
        backup.userId = userId;
        backup.data = select.value(Data).toByteArray();
        backup.stateHash = select.value(StateHash).toString();
        backup.sizeBytes = select.value(SizeBytes).toLongLong();
        backup.createdAt = fromMs(select.value(CreatedAtMs));
        backup.updatedAt = fromMs(select.value(UpdatedAtMs));
    }
    return result;
}

std::optional<BackupDeleteResult>
BackupsTable::remove(const QString &userId, const std::optional<BackupPrecondition> &precondition)
{
    std::optional<StoredState> stored;
    if (!lockStoredState(userId, &stored))
        return std::nullopt;
    if (precondition && !precondition->admits(storedHash(stored)))
        return BackupDeleteResult{BackupDeleteResult::Status::PreconditionFailed, {}};
    if (!stored)
        return BackupDeleteResult{BackupDeleteResult::Status::NotFound, {}};
    SqlStatement remove = m_connection.prepare(u"delete_backup"_s);
    remove.bind(u":user_id"_s, userId);
    if (!remove.exec())
        return std::nullopt;
    return BackupDeleteResult{BackupDeleteResult::Status::Deleted, {}};
}

} // namespace ddalab
