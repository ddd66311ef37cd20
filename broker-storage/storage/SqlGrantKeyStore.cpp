#include "SqlGrantKeyStore.h"

#include "AuditTable.h"
#include "Database.h"
#include "GrantKeysTable.h"

namespace ddalab {

void SqlGrantKeyStore::loadKeys(QObject *context, std::function<void(const GrantKeysResult &)> done)
{
    m_database.run<GrantKeysResult>(
        StorageAccess::Read,
        [](SqlConnection &connection) { return GrantKeysTable(connection).all(); }, context,
        std::move(done));
}

void SqlGrantKeyStore::addFirstKey(const StoredGrantKey &key, QObject *context,
                                   std::function<void(const GrantKeysResult &)> done)
{
    m_database.run<GrantKeysResult>(
        StorageAccess::Write,
        [key](SqlConnection &connection) { return GrantKeysTable(connection).addFirst(key); },
        context, std::move(done));
}

void SqlGrantKeyStore::rotate(const StoredGrantKey &key, const QDateTime &dropRetiredBefore,
                              const AuditEntry &audit, QObject *context,
                              std::function<void(const GrantKeysResult &)> done)
{
    m_database.run<GrantKeysResult>(
        StorageAccess::Write,
        [key, dropRetiredBefore,
         audit](SqlConnection &connection) -> std::optional<GrantKeysResult> {
            auto keys = GrantKeysTable(connection).rotate(key, dropRetiredBefore);
            if (keys && !AuditTable(connection).insert(audit))
                return std::nullopt;
            return keys;
        },
        context, std::move(done));
}

} // namespace ddalab
