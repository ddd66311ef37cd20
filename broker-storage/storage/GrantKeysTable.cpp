#include "GrantKeysTable.h"

#include "SqlConnection.h"

#include <QVariant>

namespace ddalab {

using namespace Qt::StringLiterals;

std::optional<GrantKeysResult> GrantKeysTable::all()
{
    // select_grant_keys's columns.
    enum Column { Kid, SealedPrivateKey, CreatedAtMs, RetiredAtMs };

    SqlStatement select = m_connection.prepare(u"select_grant_keys"_s);
    if (!select.exec())
        return std::nullopt;
    GrantKeysResult result{GrantKeysResult::Status::Found, {}, {}};
    while (select.next()) {
        StoredGrantKey key;
        key.kid = select.value(Kid).toString();
        key.sealedPrivateKey = select.value(SealedPrivateKey).toByteArray();
        key.createdAt =
            QDateTime::fromMSecsSinceEpoch(select.value(CreatedAtMs).toLongLong(), Qt::UTC);
        const QVariant retired = select.value(RetiredAtMs);
        if (!retired.isNull())
            key.retiredAt = QDateTime::fromMSecsSinceEpoch(retired.toLongLong(), Qt::UTC);
        result.keys.append(key);
    }
    return result;
}

bool GrantKeysTable::insert(const StoredGrantKey &key)
{
    SqlStatement insert = m_connection.prepare(u"insert_grant_key"_s);
    insert.bind(u":kid"_s, key.kid);
    insert.bind(u":sealed_private_key"_s, key.sealedPrivateKey);
    insert.bind(u":created_at_ms"_s, key.createdAt.toMSecsSinceEpoch());
    return insert.exec();
}

std::optional<GrantKeysResult> GrantKeysTable::addFirst(const StoredGrantKey &key)
{
    // Two daemons starting together on an empty table may both get here; each then signs with
    // its own key until it reloads the keys, and both keys are published, so grants verify.
    bool hasCurrent = false;
    {
        SqlStatement count = m_connection.prepare(u"count_current_grant_keys"_s);
        if (!count.exec() || !count.next())
            return std::nullopt;
        hasCurrent = count.value(0).toLongLong() > 0;
    }
    if (!hasCurrent && !insert(key))
        return std::nullopt;
    return all();
}

std::optional<GrantKeysResult> GrantKeysTable::rotate(const StoredGrantKey &key,
                                                      const QDateTime &dropRetiredBefore)
{
    SqlStatement retire = m_connection.prepare(u"retire_grant_keys"_s);
    retire.bind(u":retired_at_ms"_s, key.createdAt.toMSecsSinceEpoch());
    if (!retire.exec())
        return std::nullopt;
    SqlStatement drop = m_connection.prepare(u"delete_retired_grant_keys"_s);
    drop.bind(u":before_ms"_s, dropRetiredBefore.toMSecsSinceEpoch());
    if (!drop.exec() || !insert(key))
        return std::nullopt;
    return all();
}

} // namespace ddalab
