#include "SqlGrantKeyStore.h"

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
                              QObject *context, std::function<void(const GrantKeysResult &)> done)
{
    m_database.run<GrantKeysResult>(
        StorageAccess::Write,
        [key, dropRetiredBefore](SqlConnection &connection) {
            return GrantKeysTable(connection).rotate(key, dropRetiredBefore);
        },
        context, std::move(done));
}

} // namespace ddalab
