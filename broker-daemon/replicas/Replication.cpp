#include "replicas/Replication.h"

#include "logging/LogCategories.h"
#include "services/PresenceService.h"
#include "storage/ReplicaStore.h"

#include <QSet>
#include <QTimer>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// What a replica reports of itself in its lease row.
QJsonObject statsOf(const PresenceRegistry &registry)
{
    QSet<QString> users;
    qint64 connections = 0;
    for (const PresenceEntry &entry : registry.allConnections()) {
        if (entry.isRemote())
            continue;
        ++connections;
        users.insert(entry.userId);
    }
    return {{"connections"_L1, double(connections)}, {"users_online"_L1, double(users.size())}};
}

} // namespace

Replication::Replication(ReplicaStore &store, const DatabaseUrl &url, ReplicaIdentity &identity,
                         const OutboxApplier::Targets &targets, const PresenceRegistry &registry,
                         QObject *parent)
    : QObject(parent), m_store(store), m_identity(identity), m_presence(targets.presence),
      m_lease(store, identity, [&registry] { return statsOf(registry); }),
      m_mirror(store, identity, registry, targets.presence), m_applier(targets, m_lease),
      m_follower(url, identity.id)
{
    connect(&m_lease, &ReplicaLease::lapsed, &m_mirror, &PresenceMirror::rewriteAll);
    connect(&m_lease, &ReplicaLease::replicaDied, &m_presence, &PresenceService::replicaLost);
    connect(&m_lease, &ReplicaLease::snapshotRead, this, &Replication::replicasRead);
    connect(&m_follower, &OutboxFollower::eventsRead, &m_applier, &OutboxApplier::apply);
    connect(&m_follower, &OutboxFollower::listenerChanged, this,
            [this](bool up) { m_listenerUp = up; });
    connect(&m_follower, &OutboxFollower::resynchronize, this, [this] {
        m_applier.resynchronize();
        readPresence([](qint64) {});
    });
}

Replication::~Replication()
{
    // Queued before the database closes, which finishes it; nobody is left to hear the answer.
    m_store.endLease(nullptr, [](const ReplicaWriteResult &) {});
}

void Replication::start(const QString &address)
{
    m_identity.address = address;
    m_lease.start();
    readPresence([this](qint64 head) { m_follower.start(head); });
    qCInfo(lcStorage).noquote() << "replica" << m_identity.id << "as" << address << "with a"
                                << m_identity.lease.count() << "s lease";
}

void Replication::readPresence(std::function<void(qint64)> then)
{
    m_store.presenceElsewhere(this, [this,
                                     then = std::move(then)](const PresenceSnapshotResult &result) {
        if (result.status != PresenceSnapshotResult::Status::Found) {
            qCWarning(lcStorage).noquote()
                << "cannot read the other replicas' connections:" << result.error;
            QTimer::singleShot(std::chrono::seconds(1), this, [this, then] { readPresence(then); });
            return;
        }
        QList<PresenceEntry> entries;
        for (const RemoteConnection &connection : result.connections) {
            if (m_lease.isDead(connection.replicaId))
                continue;
            entries.append(connection.toPresenceEntry());
        }
        m_presence.replaceRemote(entries);
        then(result.outboxHead);
    });
}

Replication::Status Replication::status() const
{
    Status status;
    status.leaseHeld = m_lease.held();
    status.leaseAgeSeconds = m_lease.ageSeconds();
    status.listenerUp = m_listenerUp;
    status.outboxLagSeconds = m_applier.lagSeconds();
    status.replicasLive = m_lease.liveCount();
    for (const ReplicaRow &row : m_lease.snapshot().replicas) {
        if (row.replicaId == m_identity.id || !m_lease.isDead(row.replicaId))
            status.presenceRows += row.stats.value("connections"_L1).toInt();
    }
    return status;
}

QList<protocol::ReplicaInfo> Replication::replicas() const
{
    QList<protocol::ReplicaInfo> replicas;
    for (const ReplicaRow &row : m_lease.snapshot().replicas) {
        const bool self = row.replicaId == m_identity.id;
        replicas.append(protocol::ReplicaInfo{
            row.replicaId, row.address, row.startedAt, row.lastSeen, row.leaseUntil,
            self ? m_lease.held() : !m_lease.isDead(row.replicaId), self,
            row.stats.value("connections"_L1).toInt(), row.stats.value("users_online"_L1).toInt()});
    }
    return replicas;
}

std::optional<QString> Replication::problem() const
{
    if (!m_lease.held())
        return u"the replica lease is lost (last renewed %1 s ago)"_s.arg(m_lease.ageSeconds(), 0,
                                                                          'f', 1);
    if (!m_listenerUp)
        return u"the outbox listener is down"_s;
    return std::nullopt;
}

} // namespace ddalab
