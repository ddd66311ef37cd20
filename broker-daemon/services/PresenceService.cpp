#include "services/PresenceService.h"

#include "logging/LogCategories.h"
#include "logging/LogContext.h"

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

void PresenceService::wentOffline(const PresenceEntry &entry, OfflineReason reason)
{
    static const char *const kReasons[] = {"disconnect", "socket closed", "heartbeat timeout",
                                           "disconnected by an administrator"};
    const LogContext::Scope logScope({entry.connection, entry.userId});
    qCInfo(lcWs).noquote() << "connection" << entry.connection << "of" << entry.userId
                           << "went offline:" << kReasons[int(reason)];
    emit connectionOffline(entry, reason);
}

} // namespace ddalab
