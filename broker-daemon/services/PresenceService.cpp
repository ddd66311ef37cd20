#include "services/PresenceService.h"

#include "logging/LogCategories.h"
#include "logging/LogContext.h"

#include <QSet>

namespace ddalab {

PresenceService::PresenceService(PresenceRegistry &registry, QObject *parent)
    : QObject(parent), m_registry(registry)
{
    // Once a second keeps anybody from staying online more than a second past the timeout.
    m_sweepTimer.setInterval(1000);
    connect(&m_sweepTimer, &QTimer::timeout, this, &PresenceService::sweep);
    m_sweepTimer.start();
}

void PresenceService::registerConnection(ConnectionId connection, const Registration &registration)
{
    const bool wasOnline = m_registry.isOnline(registration.userId);
    m_registry.registerConnection(connection, registration.userId, registration.endpoint);
    qCInfo(lcWs).noquote() << "connection" << connection << "registered as" << registration.userId
                           << (wasOnline ? "(another device)" : "");
    emit connectionOnline(*m_registry.find(connection));
}

bool PresenceService::heartbeat(ConnectionId connection,
                                const std::optional<Registration> &registration)
{
    if (m_registry.heartbeat(connection)) {
        emit heartbeatReceived(*m_registry.find(connection));
        return true;
    }
    // A live, registered connection whose presence timed out comes back with its heartbeat.
    if (!registration)
        return false;
    m_registry.registerConnection(connection, registration->userId, registration->endpoint);
    qCInfo(lcWs).noquote() << "connection" << connection << "is back online as"
                           << registration->userId;
    emit connectionOnline(*m_registry.find(connection));
    return true;
}

void PresenceService::disconnect(ConnectionId connection)
{
    if (const auto entry = m_registry.remove(connection))
        wentOffline(*entry, OfflineReason::Disconnect);
    else
        qCDebug(lcWs).noquote() << "connection" << connection << "disconnected while not online";
}

void PresenceService::connectionClosed(ConnectionId connection, OfflineReason reason)
{
    if (const auto entry = m_registry.remove(connection))
        wentOffline(*entry, reason);
}

void PresenceService::sweep()
{
    for (const PresenceEntry &entry : m_registry.removeExpired())
        wentOffline(entry, OfflineReason::HeartbeatTimeout);
}

void PresenceService::remoteOnline(const PresenceEntry &entry)
{
    m_registry.addRemote(entry);
    emit connectionOnline(entry);
}

void PresenceService::remoteOffline(ConnectionId connection, OfflineReason reason)
{
    const PresenceEntry *entry = m_registry.find(connection);
    if (!entry || !entry->isRemote())
        return;
    if (const auto removed = m_registry.remove(connection))
        emit connectionOffline(*removed, reason);
}

void PresenceService::replicaLost(const QString &replicaId)
{
    const QList<PresenceEntry> lost = m_registry.removeRemote(replicaId);
    if (!lost.isEmpty())
        qCWarning(lcWs).noquote() << "replica" << lost.first().replicaAddress
                                  << "lost its lease:" << lost.size()
                                  << "of its connections are offline";
    for (const PresenceEntry &entry : lost)
        emit connectionOffline(entry, OfflineReason::ReplicaLost);
}

void PresenceService::replaceRemote(const QList<PresenceEntry> &entries)
{
    QSet<ConnectionId> current;
    for (const PresenceEntry &entry : entries)
        current.insert(entry.connection);
    QSet<ConnectionId> known;
    for (const PresenceEntry &entry : m_registry.allConnections()) {
        if (!entry.isRemote())
            continue;
        known.insert(entry.connection);
        if (!current.contains(entry.connection))
            remoteOffline(entry.connection, OfflineReason::ReplicaLost);
    }
    for (const PresenceEntry &entry : entries) {
        if (!known.contains(entry.connection))
            remoteOnline(entry);
    }
}

void PresenceService::wentOffline(const PresenceEntry &entry, OfflineReason reason)
{
    static const char *const kReasons[] = {"disconnect", "socket closed", "heartbeat timeout",
                                           "disconnected by an administrator",
                                           "its replica was lost"};
    const LogContext::Scope logScope({entry.connection, entry.userId});
    qCInfo(lcWs).noquote() << "connection" << entry.connection << "of" << entry.userId
                           << "went offline:" << kReasons[int(reason)];
    emit connectionOffline(entry, reason);
}

} // namespace ddalab
