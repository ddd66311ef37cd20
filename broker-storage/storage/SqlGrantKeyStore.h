#pragma once

#include "GrantKeyStore.h"

namespace ddalab {

class Database;

// GrantKeyStore on the broker's Database: the same thread and connection as the shares.
class SqlGrantKeyStore final : public GrantKeyStore
{
public:
    explicit SqlGrantKeyStore(Database &database) : m_database(database) {}

    void loadKeys(QObject *context, std::function<void(const GrantKeysResult &)> done) override;
    void addFirstKey(const StoredGrantKey &key, QObject *context,
                     std::function<void(const GrantKeysResult &)> done) override;
    void rotate(const StoredGrantKey &key, const QDateTime &dropRetiredBefore,
                const AuditEntry &audit, QObject *context,
                std::function<void(const GrantKeysResult &)> done) override;

private:
    Database &m_database;
};

} // namespace ddalab
