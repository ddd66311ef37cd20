#pragma once

#include "replicas/ReplicaIdentity.h"
#include "storage/ReplicaResults.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>

namespace ddalab {

class ReplicaStore;

// This replica's lease, renewed every fifth of REPLICA_LEASE_SECONDS, and what the renewals read
// of the others: each other replica is declared dead at the moment its lease ends (by the
// database's clock, carried over to this one's monotonic clock), unless a later renewal read it
// extended.
class ReplicaLease : public QObject
{
    Q_OBJECT
public:
    ReplicaLease(ReplicaStore &store, ReplicaIdentity &identity, std::function<QJsonObject()> stats,
                 QObject *parent = nullptr);

    void start();
    // Renewed within the lease, as far as this replica can tell.
    bool held() const;
    // Seconds since the last renewal (since the start before the first).
    double ageSeconds() const;
    const ReplicaSnapshot &snapshot() const { return m_snapshot; }
    bool isDead(const QString &replicaId) const { return m_dead.contains(replicaId); }
    // Replicas whose lease is live as this replica last read them.
    int liveCount() const;

signals:
    // The renewal found this replica's lease lapsed: the others dropped its connections.
    void lapsed();
    void replicaDied(const QString &replicaId);
    void snapshotRead(const ddalab::ReplicaSnapshot &snapshot);

private:
    void renew();
    void renewed(const LeaseResult &result);
    void declareDeadReplicas();

    ReplicaStore &m_store;
    ReplicaIdentity &m_identity;
    std::function<QJsonObject()> m_stats;
    QTimer m_renewTimer;
    QTimer m_expiryTimer;
    QElapsedTimer m_sinceRenewal;
    bool m_renewing = false;
    ReplicaSnapshot m_snapshot;
    QHash<QString, QDeadlineTimer> m_leaseEnds; // other replicas: when their lease ends here
    QSet<QString> m_dead;
};

} // namespace ddalab
