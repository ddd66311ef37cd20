#pragma once

#include "StorageResults.h"

#include <optional>

namespace ddalab {

class SqlConnection;

// The shared_results table. Runs on the storage thread inside whatever transaction the caller
// holds; nullopt means the database failed (the connection's lastError says why).
class SharesTable
{
public:
    explicit SharesTable(SqlConnection &connection) : m_connection(connection) {}

    std::optional<PublishResult> publish(const ShareRecord &share);
    std::optional<RevokeResult> revoke(const QString &token, const QString &ownerUserId,
                                       const QDateTime &revokedAt);
    std::optional<LookupResult> find(const QString &token);
    std::optional<ShareListResult> listByOwner(const QString &ownerUserId, int limit);

private:
    // Owner and revocation of an existing token, to explain a refused write.
    struct TokenState
    {
        bool exists = false;
        QString ownerUserId;
        bool revoked = false;
    };
    std::optional<TokenState> tokenState(const QString &token);

    SqlConnection &m_connection;
};

} // namespace ddalab
