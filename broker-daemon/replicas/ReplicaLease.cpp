#include "replicas/ReplicaLease.h"

#include "logging/LogCategories.h"
#include "storage/ReplicaStore.h"

#include <algorithm>

namespace ddalab {

ReplicaLease::ReplicaLease(ReplicaStore &store, ReplicaIdentity &identity,
                           std::function<QJsonObject()> stats, QObject *parent)
    : QObject(parent), m_store(store), m_identity(identity), m_stats(std::move(stats))
{
    m_renewTimer.setInterval(
        std::max<std::chrono::milliseconds>(std::chrono::milliseconds(1000), m_identity.lease / 5));
    connect(&m_renewTimer, &QTimer::timeout, this, &ReplicaLease::renew);
    m_expiryTimer.setSingleShot(true);
    m_expiryTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_expiryTimer, &QTimer::timeout, this, &ReplicaLease::declareDeadReplicas);
    m_sinceRenewal.start();
}

void ReplicaLease::start()
{
    m_renewTimer.start();
    renew();
}

bool ReplicaLease::held() const
{
    return m_sinceRenewal.elapsed() <
           std::chrono::duration_cast<std::chrono::milliseconds>(m_identity.lease).count();
}

double ReplicaLease::ageSeconds() const
{
    return double(m_sinceRenewal.elapsed()) / 1000.0;
}

int ReplicaLease::liveCount() const
{
    return int(std::count_if(
        m_snapshot.replicas.cbegin(), m_snapshot.replicas.cend(), [this](const ReplicaRow &row) {
            return row.replicaId == m_identity.id ? held() : !m_dead.contains(row.replicaId);
        }));
}

void ReplicaLease::renew()
{
    // One renewal at a time: a slow database must not pile them up.
    if (std::exchange(m_renewing, true))
        return;
    QElapsedTimer asked;
    asked.start();
    m_store.renewLease(m_identity.number, m_identity.address, m_identity.lease, m_stats(), this,
                       [this, asked](const LeaseResult &result) {
                           m_renewing = false;
                           if (result.status != LeaseResult::Status::Renewed) {
                               qCWarning(lcStorage).noquote()
                                   << "replica lease not renewed:" << result.error;
                               return;
                           }
                           // The lease runs from when the database set it, which is no earlier
                           // than when this replica asked.
                           const bool wasHeld = held();
                           m_sinceRenewal = asked;
                           if (!wasHeld || result.lapsed)
                               qCInfo(lcStorage) << "replica lease held";
                           renewed(result);
                       });
}

void ReplicaLease::renewed(const LeaseResult &result)
{
    if (result.lapsed && !m_snapshot.databaseNow.isNull())
        emit lapsed();
    m_snapshot = result.snapshot;
    const QDateTime &now = m_snapshot.databaseNow;
    for (const ReplicaRow &row : std::as_const(m_snapshot.replicas)) {
        if (row.replicaId == m_identity.id)
            continue;
        const qint64 left = now.msecsTo(row.leaseUntil);
        if (left > 0) {
            m_leaseEnds.insert(row.replicaId, QDeadlineTimer(left, Qt::PreciseTimer));
            m_dead.remove(row.replicaId);
        } else if (!m_leaseEnds.contains(row.replicaId) && !m_dead.contains(row.replicaId)) {
            m_leaseEnds.insert(row.replicaId, QDeadlineTimer(0));
        }
    }
    // Rows of replicas dead for an hour are deleted; so are their marks here.
    QSet<QString> listed;
    for (const ReplicaRow &row : std::as_const(m_snapshot.replicas))
        listed.insert(row.replicaId);
    m_dead.intersect(listed);
    declareDeadReplicas();
    emit snapshotRead(m_snapshot);
}

void ReplicaLease::declareDeadReplicas()
{
    qint64 next = -1;
    for (auto it = m_leaseEnds.begin(); it != m_leaseEnds.end();) {
        if (it->hasExpired()) {
            const QString replicaId = it.key();
            it = m_leaseEnds.erase(it);
            m_dead.insert(replicaId);
            emit replicaDied(replicaId);
            continue;
        }
        const qint64 left = it->remainingTime();
        next = next < 0 ? left : std::min(next, left);
        ++it;
    }
    if (next >= 0)
        m_expiryTimer.start(int(next));
}

} // namespace ddalab
