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
    // Publishes in order, with one statement for all new rows where the engine has one.
    std::optional<QList<PublishResult>> publishAll(const QList<ShareRecord> &shares);
    std::optional<RevokeResult> revoke(const QString &token, const QString &ownerUserId,
                                       const QDateTime &revokedAt);
    std::optional<LookupResult> find(const QString &token);
    // One result per token, in order, with one statement where the engine has one.
    std::optional<QList<LookupResult>> findAll(const QList<QString> &tokens);
    // How many shares are not revoked (for /metrics).
    std::optional<qint64> countActive();
    std::optional<ShareListResult> listByOwner(const QString &ownerUserId, int limit);

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
    // The existing row's fate for a publish whose insert found the token taken.
    std::optional<PublishResult> publishOverExisting(const ShareRecord &share);

    SqlConnection &m_connection;
};

} // namespace ddalab
