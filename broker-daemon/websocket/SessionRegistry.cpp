#include "websocket/SessionRegistry.h"

#include "websocket/Session.h"

namespace ddalab {

void SessionRegistry::add(Session *session)
{
    m_sessions.insert(session);
    // Sessions are the gateway's; whatever the order of teardown, none is left here dangling.
    connect(session, &QObject::destroyed, this,
            [this](QObject *object) { forget(static_cast<Session *>(object)); });
    emit countChanged(m_sessions.size());
}

bool SessionRegistry::remove(Session *session)
{
    if (!m_sessions.contains(session))
        return false;
    forget(session);
    disconnect(session, &QObject::destroyed, this, nullptr);
    emit connectionEnded(session->id(), OfflineReason::SocketClosed);
    emit countChanged(m_sessions.size());
    return true;
}

void SessionRegistry::forget(Session *session)
{
    m_sessions.remove(session);
    m_monitors.remove(session);
}

void SessionRegistry::end(Session *session, const QString &reason)
{
    emit connectionEnded(session->id(), OfflineReason::AdminDisconnect);
    session->setRegisteredEndpoint(std::nullopt); // a late heartbeat must not bring it back
    session->close(QWebSocketProtocol::CloseCodePolicyViolated, reason);
}

int SessionRegistry::closeConnectionsOf(const QString &userId, const QString &reason)
{
    int closed = 0;
    for (Session *session : sessions()) {
        if (session->isClosing() || session->boundUserId() != userId)
            continue;
        end(session, reason);
        ++closed;
    }
    return closed;
}

int SessionRegistry::closeConnectionsOfLoginSession(const QString &sessionId)
{
    int closed = 0;
    for (Session *session : sessions()) {
        if (session->isClosing() || session->identity().sessionId != sessionId)
            continue;
        end(session, QStringLiteral("session revoked"));
        ++closed;
    }
    return closed;
}

QHash<QString, int> SessionRegistry::connectionsByLoginSession() const
{
    QHash<QString, int> counts;
    for (Session *session : m_sessions) {
        if (const auto &sessionId = session->identity().sessionId;
            sessionId && !session->isClosing())
            ++counts[*sessionId];
    }
    return counts;
}

void SessionRegistry::pushToMonitors(const QByteArray &frame)
{
    const QSet<Session *> monitors = m_monitors; // a push that fails may close its session
    for (Session *session : monitors)
        session->push(frame);
}

} // namespace ddalab
