#include "SqlShareStore.h"

#include "Announcement.h"
#include "AuditTable.h"
#include "AuditedWork.h"
#include "Database.h"
#include "GroupedOperation.h"
#include "SharesTable.h"
#include "domain/AuditAction.h"

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// A publish with the audit row of its change.
struct AuditedShare
{
    ShareRecord share;
    AuditEntry audit;
};

// The group's shares with one statement, and the rows of those it created or updated with
// another, in the same transaction.
std::optional<QList<PublishResult>> publishShares(SqlConnection &connection,
                                                  const QList<AuditedShare> &publishes)
{
    QList<ShareRecord> shares;
    shares.reserve(publishes.size());
    for (const AuditedShare &publish : publishes)
        shares.append(publish.share);
    auto results = SharesTable(connection).publishAll(shares);
    if (!results || results->size() != publishes.size())
        return std::nullopt;
    QList<AuditEntry> rows;
    QList<OutboxTable::Row> announcements;
    for (qsizetype i = 0; i < publishes.size(); ++i) {
        const PublishResult::Status status = (*results)[i].status;
        if (status != PublishResult::Status::Created && status != PublishResult::Status::Updated)
            continue;
        AuditEntry row = publishes[i].audit;
        if (status == PublishResult::Status::Updated)
            row.action = AuditAction::ShareUpdated;
        rows.append(row);
        announcements.append(announcement::shareChanged({publishes[i].share.token,
                                                         status == PublishResult::Status::Created
                                                             ? announcement::ShareChange::Published
                                                             : announcement::ShareChange::Updated,
                                                         row.time}));
    }
    if (!AuditTable(connection).insertAll(rows) ||
        !OutboxTable(connection).appendAll(announcements))
        return std::nullopt;
    return results;
}

bool revoked(const RevokeResult &result, AuditEntry &)
{
    return result.status == RevokeResult::Status::Revoked;
}

// A revocation, announced to the other replicas in its transaction.
std::optional<RevokeResult> announcedRevocation(SqlConnection &connection,
                                                std::optional<RevokeResult> result,
                                                const QString &token, const QDateTime &at,
                                                announcement::ShareChange change)
{
    if (result && result->status == RevokeResult::Status::Revoked &&
        !OutboxTable(connection).appendAll({announcement::shareChanged({token, change, at})}))
        return std::nullopt;
    return result;
}

std::optional<QList<LookupResult>> findShares(SqlConnection &connection,
                                              const QList<QString> &tokens)
{
    return SharesTable(connection).findAll(tokens);
}

} // namespace

void SqlShareStore::publish(const ShareRecord &share, const AuditEntry &audit, QObject *context,
                            std::function<void(const PublishResult &)> done)
{
    m_database.enqueue(std::make_unique<GroupedOperation<AuditedShare, PublishResult>>(
        StorageAccess::Write, &publishShares, AuditedShare{share, audit}, context,
        std::move(done)));
}

void SqlShareStore::revoke(const QString &token, const QString &ownerUserId,
                           const QDateTime &revokedAt, const AuditEntry &audit, QObject *context,
                           std::function<void(const RevokeResult &)> done)
{
    m_database.run<RevokeResult>(
        StorageAccess::Write,
        auditedWork<RevokeResult>(
            [token, ownerUserId, revokedAt](SqlConnection &connection) {
                return announcedRevocation(
                    connection, SharesTable(connection).revoke(token, ownerUserId, revokedAt),
                    token, revokedAt, announcement::ShareChange::Revoked);
            },
            audit, &revoked),
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
                                  const AuditEntry &audit, QObject *context,
                                  std::function<void(const RevokeResult &)> done)
{
    m_database.run<RevokeResult>(
        StorageAccess::Write,
        auditedWork<RevokeResult>(
            [token, revokedAt](SqlConnection &connection) {
                return announcedRevocation(
                    connection, SharesTable(connection).revokeAsAdmin(token, revokedAt), token,
                    revokedAt, announcement::ShareChange::RevokedByAdmin);
            },
            audit, &revoked),
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
            // The broker ends these shares itself: its rows commit with the marks.
            QList<AuditEntry> rows;
            QList<OutboxTable::Row> announcements;
            for (const ExpiredShare &share : std::as_const(*expired)) {
                rows.append(AuditEntry{0, now, AuditAction::BrokerActor, AuditAction::ShareExpired,
                                       share.token, std::nullopt, AuditOutcome::Success,
                                       QJsonObject{{"owner"_L1, share.ownerUserId}}});
                announcements.append(announcement::shareChanged(
                    {share.token, announcement::ShareChange::Expired, now}));
            }
            if (!AuditTable(connection).insertAll(rows) ||
                !OutboxTable(connection).appendAll(announcements))
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
