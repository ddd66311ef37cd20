#include "BackupsTable.h"

#include "SqlConnection.h"

#include <QSqlQuery>
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
    state->reset();
    QSqlQuery *select = m_connection.statement(u"lock_backup_state"_s);
    if (!select)
        return false;
    select->bindValue(u":user_id"_s, userId);
    if (!m_connection.exec(*select, u"lock_backup_state"_s))
        return false;
    if (select->next())
        *state = StoredState{select->value(0).toString(), fromMs(select->value(1))};
    select->finish();
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

    QSqlQuery *upsert = m_connection.statement(u"upsert_backup"_s);
    if (!upsert)
        return std::nullopt;
    // A null QByteArray binds as SQL NULL; an empty state is zero bytes, not NULL.
    const QByteArray data = backup.data.isNull() ? QByteArray(0, '\0') : backup.data;
    upsert->bindValue(u":user_id"_s, backup.userId);
    upsert->bindValue(u":data"_s, data);
    upsert->bindValue(u":state_hash"_s, backup.stateHash);
    upsert->bindValue(u":size_bytes"_s, backup.sizeBytes);
    upsert->bindValue(u":updated_at_ms"_s, backup.updatedAt.toMSecsSinceEpoch());
    const bool written = m_connection.exec(*upsert, u"upsert_backup"_s);
    // The statement keeps its bound values (the whole state) until the next binding.
    upsert->bindValue(u":data"_s, QByteArray(0, '\0'));
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
    QSqlQuery *select = m_connection.statement(u"select_backup"_s);
    if (!select)
        return std::nullopt;
    select->bindValue(u":user_id"_s, userId);
    if (!m_connection.exec(*select, u"select_backup"_s))
        return std::nullopt;
    BackupReadResult result{BackupReadResult::Status::NotFound, {}, {}};
    if (select->next()) {
        result.status = BackupReadResult::Status::Found;
        BackupRecord &backup = result.backup;
        backup.userId = userId;
        backup.data = select->value(0).toByteArray();
        backup.stateHash = select->value(1).toString();
        backup.sizeBytes = select->value(2).toLongLong();
        backup.createdAt = fromMs(select->value(3));
        backup.updatedAt = fromMs(select->value(4));
    }
    // Also frees the driver's copy of the state.
    select->finish();
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
    QSqlQuery *remove = m_connection.statement(u"delete_backup"_s);
    if (!remove)
        return std::nullopt;
    remove->bindValue(u":user_id"_s, userId);
    if (!m_connection.exec(*remove, u"delete_backup"_s))
        return std::nullopt;
    return BackupDeleteResult{BackupDeleteResult::Status::Deleted, {}};
}

} // namespace ddalab
