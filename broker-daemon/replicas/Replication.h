#pragma once

#include "protocol/MonitorMessages.h"
#include "replicas/OutboxApplier.h"
#include "replicas/PresenceMirror.h"
#include "replicas/ReplicaIdentity.h"
#include "replicas/ReplicaLease.h"
#include "storage/OutboxFollower.h"

#include <QObject>

#include <optional>

namespace ddalab {

class ReplicaStore;

// This daemon as one replica of several on one PostgreSQL: its lease, its presence rows, and the
// outbox it follows, wired to the services they keep in step. What /ready and /metrics report of
// it comes from here.
class Replication : public QObject
{
    Q_OBJECT
public:
    struct Status
    {
        bool leaseHeld = false;
        double leaseAgeSeconds = 0;
        bool listenerUp = false;
        double outboxLagSeconds = 0;
        int presenceRows = 0; // of the live replicas, as they last reported
        int replicasLive = 0;
    };

    // targets: the services the other replicas' announcements reach; registry: this daemon's
    // presence, whose own connections become presence rows.
    Replication(ReplicaStore &store, const DatabaseUrl &url, ReplicaIdentity &identity,
                const OutboxApplier::Targets &targets, const PresenceRegistry &registry,
                QObject *parent = nullptr);
    // A clean stop ends the lease, so that the others drop this replica at once.
    ~Replication() override;

    // Once the broker listens (its address is known): renews the lease, reads the others'
    // connections and follows the outbox from the newest row.
    void start(const QString &address);

    const ReplicaIdentity &identity() const { return m_identity; }
    const ReplicaLease &lease() const { return m_lease; }
    Status status() const;
    // Every replica as the last renewal read it, for the monitor feed.
    QList<protocol::ReplicaInfo> replicas() const;
    // Why the balancer should not send desktops here now; nullopt when it may.
    std::optional<QString> problem() const;

signals:
    // Every replica's row, as the last renewal read it.
    void replicasRead(const ddalab::ReplicaSnapshot &snapshot);

private:
    // The others' connections as the database has them, then the outbox after `head`.
    void readPresence(std::function<void(qint64 head)> then);

    ReplicaStore &m_store;
    ReplicaIdentity &m_identity;
    PresenceService &m_presence;
    ReplicaLease m_lease;
    PresenceMirror m_mirror;
    OutboxApplier m_applier;
    OutboxFollower m_follower;
    bool m_listenerUp = false;
};

} // namespace ddalab
