#pragma once

#include "StorageResults.h"

#include <optional>

namespace ddalab {

class SqlConnection;
class SqlStatement;

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
    // Adds granted requests to the shares' download counts (one statement where the engine
    // has one); tokens no longer there are passed over.
    std::optional<bool> addAccesses(const QList<ShareAccessCount> &accesses);
    // Marks up to `limit` live shares whose expiry is not after `now` and that were not marked
    // yet, soonest first; those it marked.
    std::optional<QList<ExpiredShare>> markExpired(const QDateTime &now, int limit);
    // Deletes up to `limit` shares revoked or expired before `before`; how many.
    std::optional<int> deleteEnded(const QDateTime &before, int limit);

private:
    // The share in the current row of any share SELECT (they all begin with the same columns).
    static ShareRecord shareFromRow(const SqlStatement &row);

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
