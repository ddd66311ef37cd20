#include "PresenceService.h"

#include "Session.h"
#include "logging/LogCategories.h"
#include "logging/LogContext.h"

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

PresenceService::PresenceService(PresenceRegistry &registry, QObject *parent)
    : QObject(parent), m_registry(registry)
{
    // Once a second keeps anybody from staying online more than a second past the timeout.
    m_sweepTimer.setInterval(1000);
    connect(&m_sweepTimer, &QTimer::timeout, this, &PresenceService::sweep);
    m_sweepTimer.start();
}

Reply PresenceService::registerUser(Session &session, const RegisterUser &message)
{
    const bool wasOnline = m_registry.isOnline(message.userId);
    m_registry.registerConnection(session.id(), message.userId, message.endpoint);
    session.setRegisteredEndpoint(message.endpoint);
    qCInfo(lcWs).noquote() << "connection" << session.id() << "registered as" << message.userId
                           << (wasOnline ? "(another device)" : "");
    emit connectionOnline(*m_registry.find(session.id()));
    return Ack{};
}

Reply PresenceService::heartbeat(Session &session, const Heartbeat &)
{
    if (m_registry.heartbeat(session.id())) {
        emit heartbeatReceived(*m_registry.find(session.id()));
        return Ack{};
    }
    // A live, registered connection whose presence timed out comes back with its heartbeat.
    if (const auto &endpoint = session.registeredEndpoint()) {
        m_registry.registerConnection(session.id(), *session.boundUserId(), *endpoint);
        qCInfo(lcWs).noquote() << "connection" << session.id() << "is back online as"
                               << *session.boundUserId();
        emit connectionOnline(*m_registry.find(session.id()));
        return Ack{};
    }
    return Error{ErrorCode::UserNotFound, u"user is not registered on this connection"_s};
}

Reply PresenceService::disconnect(Session &session, const Disconnect &message)
{
    session.setRegisteredEndpoint(std::nullopt);
    if (const auto entry = m_registry.remove(session.id()))
        wentOffline(*entry, OfflineReason::Disconnect);
    else
        qCDebug(lcWs).noquote() << "connection" << session.id() << "disconnect of" << message.userId
                                << "while not online";
    return Ack{};
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
