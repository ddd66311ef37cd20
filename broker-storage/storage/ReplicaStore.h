#pragma once

#include "OutboxTable.h"
#include "ReplicaResults.h"

#include "domain/OfflineReason.h"
#include "domain/PresenceRegistry.h"

#include <QObject>

#include <chrono>
#include <functional>

namespace ddalab {

class Database;

// One replica's rows in the database it shares with the others (PostgreSQL): its lease, its
// connections' presence rows, and the announcements that are not part of another change. The
// database names the replica (Database::setReplicaId) before any of these is called. Callbacks
// run on the thread of `context`, after the commit.
class ReplicaStore
{
public:
    // What happened to one of this replica's connections.
    struct PresenceChange
    {
        bool online = true;
        PresenceEntry entry;
        OfflineReason reason = OfflineReason::SocketClosed; // when it went offline
        QString address;                                    // of this replica
    };

    explicit ReplicaStore(Database &database) : m_database(database) {}

    void start(const QString &address, std::chrono::seconds lease, QObject *context,
               std::function<void(const ReplicaStartResult &)> done);
    // Renews the lease, cleans up after dead replicas when no other replica does it right now,
    // and reads every replica's row.
    void renewLease(qint64 number, const QString &address, std::chrono::seconds lease,
                    const QJsonObject &stats, QObject *context,
                    std::function<void(const LeaseResult &)> done);
    // A clean stop: the lease ends and the presence rows go at once.
    void endLease(QObject *context, std::function<void(const ReplicaWriteResult &)> done);
    // Writes the changes' presence rows with their announcements in the next group commit
    // (changes queued together become one statement each).
    void writePresence(const PresenceChange &change, QObject *context,
                       std::function<void(const ReplicaWriteResult &)> done);
    // Rewrites every presence row of this replica (after its lease lapsed, when the others
    // dropped them), announcing each connection again.
    void rewritePresence(const QList<PresenceEntry> &entries, const QString &address,
                         QObject *context, std::function<void(const ReplicaWriteResult &)> done);
    void announce(const OutboxTable::Row &row, QObject *context,
                  std::function<void(const ReplicaWriteResult &)> done);
    // The other live replicas' connections and the outbox id they are current to.
    void presenceElsewhere(QObject *context,
                           std::function<void(const PresenceSnapshotResult &)> done);

private:
    Database &m_database;
};

} // namespace ddalab
