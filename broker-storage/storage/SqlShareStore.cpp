#include "SqlShareStore.h"

#include "Database.h"
#include "GroupedOperation.h"
#include "SharesTable.h"

namespace ddalab {

namespace {

std::optional<QList<PublishResult>> publishShares(SqlConnection &connection,
                                                  const QList<ShareRecord> &shares)
{
    return SharesTable(connection).publishAll(shares);
}

std::optional<QList<LookupResult>> findShares(SqlConnection &connection,
                                              const QList<QString> &tokens)
{
    return SharesTable(connection).findAll(tokens);
}

} // namespace

void SqlShareStore::publish(const ShareRecord &share, QObject *context,
                            std::function<void(const PublishResult &)> done)
{
    m_database.enqueue(std::make_unique<GroupedOperation<ShareRecord, PublishResult>>(
        StorageAccess::Write, &publishShares, share, context, std::move(done)));
}

void SqlShareStore::revoke(const QString &token, const QString &ownerUserId,
                           const QDateTime &revokedAt, QObject *context,
                           std::function<void(const RevokeResult &)> done)
{
    m_database.run<RevokeResult>(
        StorageAccess::Write,
        [token, ownerUserId, revokedAt](SqlConnection &connection) {
            return SharesTable(connection).revoke(token, ownerUserId, revokedAt);
        },
        context, std::move(done));
}

void SqlShareStore::findShare(const QString &token, QObject *context,
                              std::function<void(const LookupResult &)> done)
{
    m_database.enqueue(std::make_unique<GroupedOperation<QString, LookupResult>>(
        StorageAccess::Read, &findShares, token, context, std::move(done)));
}

void SqlShareStore::listOwnedShares(const QString &ownerUserId, int limit, QObject *context,
                                    std::function<void(const ShareListResult &)> done)
{
    m_database.run<ShareListResult>(
        StorageAccess::Read,
        [ownerUserId, limit](SqlConnection &connection) {
            return SharesTable(connection).listByOwner(ownerUserId, limit);
        },
        context, std::move(done));
}

void SqlShareStore::revokeAsAdmin(const QString &token, const QDateTime &revokedAt,
                                  QObject *context, std::function<void(const RevokeResult &)> done)
{
    m_database.run<RevokeResult>(
        StorageAccess::Write,
        [token, revokedAt](SqlConnection &connection) {
            return SharesTable(connection).revokeAsAdmin(token, revokedAt);
        },
        context, std::move(done));
}

void SqlShareStore::listShares(const std::optional<ShareCursor> &after, int limit, QObject *context,
                               std::function<void(const SharePageResult &)> done)
{
    m_database.run<SharePageResult>(
        StorageAccess::Read,
        [after, limit](SqlConnection &connection) {
            return SharesTable(connection).page(after, limit);
        },
        context, std::move(done));
}

void SqlShareStore::addAccesses(const QList<ShareAccessCount> &accesses, QObject *context,
                                std::function<void(const AccessCountResult &)> done)
{
    m_database.run<AccessCountResult>(
        StorageAccess::Write,
        [accesses](SqlConnection &connection) -> std::optional<AccessCountResult> {
            if (!SharesTable(connection).addAccesses(accesses))
                return std::nullopt;
            return AccessCountResult{AccessCountResult::Status::Written, {}};
        },
        context, std::move(done));
}

void SqlShareStore::sweepExpired(const QDateTime &now, int limit, QObject *context,
                                 std::function<void(const ExpirySweepResult &)> done)
{
    m_database.run<ExpirySweepResult>(
        StorageAccess::Write,
        [now, limit](SqlConnection &connection) -> std::optional<ExpirySweepResult> {
            auto expired = SharesTable(connection).markExpired(now, limit);
            if (!expired)
                return std::nullopt;
            return ExpirySweepResult{ExpirySweepResult::Status::Swept, *expired, {}};
        },
        context, std::move(done));
}

void SqlShareStore::purgeEnded(const QDateTime &before, int limit, QObject *context,
                               std::function<void(const SharePurgeResult &)> done)
{
    m_database.run<SharePurgeResult>(
        StorageAccess::Write,
        [before, limit](SqlConnection &connection) -> std::optional<SharePurgeResult> {
            const auto deleted = SharesTable(connection).deleteEnded(before, limit);
            if (!deleted)
                return std::nullopt;
            return SharePurgeResult{SharePurgeResult::Status::Purged, *deleted, {}};
        },
        context, std::move(done));
}

} // namespace ddalab
