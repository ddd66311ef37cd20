#include "ReplicaStore.h"

#include "Announcement.h"
#include "Database.h"
#include "GroupedOperation.h"
#include "PresenceTable.h"
#include "ReplicasTable.h"

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// A group of presence changes: each connection's last change decides its row; every change is
// announced, in order.
std::optional<QList<ReplicaWriteResult>>
writePresenceChanges(SqlConnection &connection, const QList<ReplicaStore::PresenceChange> &changes)
{
    QHash<ConnectionId, const ReplicaStore::PresenceChange *> last;
    QList<OutboxTable::Row> announcements;
    for (const ReplicaStore::PresenceChange &change : changes) {
        last.insert(change.entry.connection, &change);
        announcements.append(
            change.online
                ? announcement::connectionOnline(change.entry, change.address)
                : announcement::connectionOffline(change.entry.connection, change.reason));
    }
    QList<PresenceEntry> online;
    QList<ConnectionId> offline;
    for (const ReplicaStore::PresenceChange *change : std::as_const(last)) {
        if (change->online)
            online.append(change->entry);
        else
            offline.append(change->entry.connection);
    }
    PresenceTable presence(connection);
    if (!presence.deleteAll(offline) || !presence.insertAll(online) ||
        !OutboxTable(connection).appendAll(announcements))
        return std::nullopt;
    return QList<ReplicaWriteResult>(changes.size(),
                                     ReplicaWriteResult{ReplicaWriteResult::Status::Written, {}});
}

ReplicaWriteResult written()
{
    return {ReplicaWriteResult::Status::Written, {}};
}

} // namespace

void ReplicaStore::start(const QString &address, std::chrono::seconds lease, QObject *context,
                         std::function<void(const ReplicaStartResult &)> done)
{
    m_database.run<ReplicaStartResult>(
        StorageAccess::Write,
        [address, lease](SqlConnection &connection) -> std::optional<ReplicaStartResult> {
            const auto number = ReplicasTable(connection).start(address, lease);
            if (!number)
                return std::nullopt;
            return ReplicaStartResult{ReplicaStartResult::Status::Started, *number, {}};
        },
        context, std::move(done));
}

void ReplicaStore::renewLease(qint64 number, const QString &address, std::chrono::seconds lease,
                              const QJsonObject &stats, QObject *context,
                              std::function<void(const LeaseResult &)> done)
{
    m_database.run<LeaseResult>(
        StorageAccess::Write,
        [number, address, lease, stats](SqlConnection &connection) -> std::optional<LeaseResult> {
            ReplicasTable replicas(connection);
            const auto lapsed = replicas.renew(number, address, lease, stats);
            if (!lapsed || !replicas.cleanUpIfFirst())
                return std::nullopt;
            auto snapshot = replicas.all();
            if (!snapshot)
                return std::nullopt;
            return LeaseResult{LeaseResult::Status::Renewed, *lapsed, std::move(*snapshot), {}};
        },
        context, std::move(done));
}

void ReplicaStore::endLease(QObject *context, std::function<void(const ReplicaWriteResult &)> done)
{
    m_database.run<ReplicaWriteResult>(
        StorageAccess::Write,
        [](SqlConnection &connection) -> std::optional<ReplicaWriteResult> {
            if (!ReplicasTable(connection).end())
                return std::nullopt;
            return written();
        },
        context, std::move(done));
}

void ReplicaStore::writePresence(const PresenceChange &change, QObject *context,
                                 std::function<void(const ReplicaWriteResult &)> done)
{
    m_database.enqueue(std::make_unique<GroupedOperation<PresenceChange, ReplicaWriteResult>>(
        StorageAccess::Write, &writePresenceChanges, change, context, std::move(done)));
}

void ReplicaStore::rewritePresence(const QList<PresenceEntry> &entries, const QString &address,
                                   QObject *context,
                                   std::function<void(const ReplicaWriteResult &)> done)
{
    m_database.run<ReplicaWriteResult>(
        StorageAccess::Write,
        [entries, address](SqlConnection &connection) -> std::optional<ReplicaWriteResult> {
            QList<OutboxTable::Row> announcements;
            for (const PresenceEntry &entry : entries)
                announcements.append(announcement::connectionOnline(entry, address));
            if (!PresenceTable(connection).insertAll(entries) ||
                !OutboxTable(connection).appendAll(announcements))
                return std::nullopt;
            return written();
        },
        context, std::move(done));
}

void ReplicaStore::announce(const OutboxTable::Row &row, QObject *context,
                            std::function<void(const ReplicaWriteResult &)> done)
{
    m_database.run<ReplicaWriteResult>(
        StorageAccess::Write,
        [row](SqlConnection &connection) -> std::optional<ReplicaWriteResult> {
            if (!OutboxTable(connection).appendAll({row}))
                return std::nullopt;
            return written();
        },
        context, std::move(done));
}

void ReplicaStore::presenceElsewhere(QObject *context,
                                     std::function<void(const PresenceSnapshotResult &)> done)
{
    m_database.run<PresenceSnapshotResult>(
        StorageAccess::Read,
        [](SqlConnection &connection) -> std::optional<PresenceSnapshotResult> {
            // The head first: a change committed meanwhile is in the rows and in the outbox
            // after it, and applying it twice changes nothing.
            const auto head = OutboxTable(connection).head();
            if (!head)
                return std::nullopt;
            auto connections = PresenceTable(connection).liveElsewhere();
            if (!connections)
                return std::nullopt;
            return PresenceSnapshotResult{
                PresenceSnapshotResult::Status::Found, *head, std::move(*connections), {}};
        },
        context, std::move(done));
}

} // namespace ddalab
