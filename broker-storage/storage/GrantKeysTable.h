#pragma once

#include "GrantKeyResults.h"

#include <optional>

namespace ddalab {

class SqlConnection;

// The grant_keys table. Runs on the storage thread inside the transaction the caller holds;
// nullopt means the database failed.
class GrantKeysTable
{
public:
    explicit GrantKeysTable(SqlConnection &connection) : m_connection(connection) {}

    std::optional<GrantKeysResult> all();
    std::optional<GrantKeysResult> addFirst(const StoredGrantKey &key);
    std::optional<GrantKeysResult> rotate(const StoredGrantKey &key,
                                          const QDateTime &dropRetiredBefore);

private:
    bool insert(const StoredGrantKey &key);

    SqlConnection &m_connection;
};

} // namespace ddalab
