#pragma once

#include "ShareStore.h"

namespace ddalab {

class Database;

// ShareStore on the broker's Database (PostgreSQL or SQLite): the calling (network) thread never
// waits for it. Publishes and lookups that reach the storage thread together run as one
// statement where the engine has one.
class SqlShareStore final : public ShareStore
{
public:
    explicit SqlShareStore(Database &database) : m_database(database) {}

    void publish(const ShareRecord &share, const AuditEntry &audit, QObject *context,
                 std::function<void(const PublishResult &)> done) override;
    void revoke(const QString &token, const QString &ownerUserId, const QDateTime &revokedAt,
                const AuditEntry &audit, QObject *context,
                std::function<void(const RevokeResult &)> done) override;
    void findShare(const QString &token, QObject *context,
                   std::function<void(const LookupResult &)> done) override;
    void listOwnedShares(const QString &ownerUserId, int limit, QObject *context,
                         std::function<void(const ShareListResult &)> done) override;
    void revokeAsAdmin(const QString &token, const QDateTime &revokedAt, const AuditEntry &audit,
                       QObject *context, std::function<void(const RevokeResult &)> done) override;
    void listShares(const std::optional<ShareCursor> &after, int limit, QObject *context,
                    std::function<void(const SharePageResult &)> done) override;
    void addAccesses(const QList<ShareAccessCount> &accesses, QObject *context,
                     std::function<void(const AccessCountResult &)> done) override;
    void sweepExpired(const QDateTime &now, int limit, QObject *context,
                      std::function<void(const ExpirySweepResult &)> done) override;
    void purgeEnded(const QDateTime &before, int limit, QObject *context,
                    std::function<void(const SharePurgeResult &)> done) override;

private:
    Database &m_database;
};

} // namespace ddalab
