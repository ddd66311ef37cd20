#pragma once

#include "StorageResults.h"

#include <optional>

class QSqlQuery;

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
    // Revokes regardless of the owner: NotFound for unknown and already revoked tokens.
    std::optional<RevokeResult> revokeAsAdmin(const QString &token, const QDateTime &revokedAt);
    // Up to limit shares newest first (by created_at, then token), after the cursor if given.
    std::optional<SharePageResult> page(const std::optional<ShareCursor> &after, int limit);

private:
    // The share in a result row whose columns, from `first` on, are owner_user_id, result_id,
    // title, description, access_policy, created_at and revoked_at (milliseconds).
    static ShareRecord shareFromRow(const QString &token, const QSqlQuery &row, int first);

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
