#include "WebSocketGateway.h"

#include "HttpServer.h"
#include "PresenceService.h"
#include "Session.h"
#include "auth/Authenticator.h"
#include "logging/LogCategories.h"

#include <QWebSocket>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {
constexpr auto kPolicyViolated = QWebSocketProtocol::CloseCodePolicyViolated;
}

WebSocketGateway::WebSocketGateway(HttpServer &http, RequestDispatcher &dispatcher,
                                   PresenceService &presence, const Authenticator &authenticator,
                                   const LimitSettings &limits, const Clock &clock,
                                   BrokerStats &stats, QObject *parent)
    : QObject(parent), m_http(http), m_dispatcher(dispatcher), m_presence(presence),
      m_authenticator(authenticator), m_limits(limits), m_clock(clock), m_stats(stats)
{
    connect(&m_http, &QAbstractHttpServer::newWebSocketConnection, this,
            &WebSocketGateway::acceptPending);
    m_deadlineTimer.setInterval(1000);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &WebSocketGateway::enforceDeadlines);
    m_deadlineTimer.start();
}

void WebSocketGateway::acceptPending()
{
    while (std::unique_ptr<QWebSocket> socket = m_http.nextPendingWebSocketConnection()) {
        // Qt's own limits are about 2 GiB; one client must not make us allocate that.
        socket->setMaxAllowedIncomingFrameSize(quint64(m_limits.maxMessageBytes));
        socket->setMaxAllowedIncomingMessageSize(quint64(m_limits.maxMessageBytes));
        // The upgrade route already refused bad credentials with 401; this reads the identity
        // from the same handshake.
        const AuthDecision decision = m_authenticator.authenticate(socket->request());
        auto *session = new Session(m_nextId++, socket.release(), decision.identity,
                                    {m_limits.shareRatePerSecond, m_limits.shareRateBurst},
                                    m_dispatcher, m_stats, this);
        m_sessions.insert(session);
        emit sessionCountChanged(m_sessions.size());
        const LogContext::Scope logScope(session->logContext());
        const QString address = session->peerAddress();
        const int fromAddress = ++m_connectionsPerAddress[address];
        connect(session, &Session::closed, this, &WebSocketGateway::sessionClosed);
        qCInfo(lcWs).noquote() << "connection" << session->id() << "opened from"
                               << session->peer()
                               << (decision.identity.admin ? "(admin)" : "");
        if (!decision.accepted) {
            qCWarning(lcWs).noquote() << "connection" << session->id()
                                      << "closed:" << decision.reason;
            session->close(kPolicyViolated, decision.reason);
        } else if (fromAddress > m_limits.maxConnectionsPerAddress) {
            qCWarning(lcWs).noquote() << "connection" << session->id() << "closed:" << fromAddress
                                      << "connections from" << address;
            session->close(kPolicyViolated, u"too many connections from your address"_s);
        } else if (m_closingAll) {
            session->close(m_closingAll->first, m_closingAll->second);
        }
    }
}

void WebSocketGateway::closeAllWhenIdle(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    m_closingAll.emplace(code, reason);
    // Closing may report a session closed at once, which changes m_sessions: walk a copy.
    const QSet<Session *> sessions = m_sessions;
    for (Session *session : sessions)
        session->closeWhenIdle(code, reason);
}

void WebSocketGateway::enforceDeadlines()
{
    const QDateTime now = m_clock.now();
    const qint64 registerDeadline =
        Session::monotonicMs() - qint64(m_limits.registerTimeout.count()) * 1000;
    // Closing may report a session closed at once, which changes m_sessions: walk a copy.
    const QSet<Session *> sessions = m_sessions;
    for (Session *session : sessions) {
        if (session->isClosing())
            continue;
        const LogContext::Scope logScope(session->logContext());
        const Identity &identity = session->identity();
        if (identity.expiresAt && *identity.expiresAt <= now) {
            qCInfo(lcWs) << "connection" << session->id() << "closed: credential expired";
            session->close(kPolicyViolated, u"credential expired"_s);
        } else if (!session->boundUserId() && !identity.admin &&
                   session->openedAtMs() < registerDeadline) {
            qCInfo(lcWs) << "connection" << session->id() << "closed: no register_user in"
                         << m_limits.registerTimeout.count() << "s";
            session->close(kPolicyViolated, u"register_user did not come in time"_s);
        }
    }
}

int WebSocketGateway::closeConnectionsOf(const QString &userId, const QString &reason)
{
    int closed = 0;
    // Closing may report a session closed at once, which changes m_sessions: walk a copy.
    const QSet<Session *> sessions = m_sessions;
    for (Session *session : sessions) {
        if (session->isClosing() || session->boundUserId() != userId)
            continue;
        m_presence.connectionClosed(session->id(), OfflineReason::AdminDisconnect);
        session->setRegisteredEndpoint(std::nullopt); // a late heartbeat must not bring it back
        session->close(kPolicyViolated, reason);
        ++closed;
    }
    return closed;
}

void WebSocketGateway::sessionClosed(Session *session)
{
    if (!m_sessions.remove(session))
        return;
    const LogContext::Scope logScope(session->logContext());
    const QString address = session->peerAddress();
    if (--m_connectionsPerAddress[address] <= 0)
        m_connectionsPerAddress.remove(address);
    m_presence.connectionClosed(session->id());
    qCInfo(lcWs).noquote() << "connection" << session->id() << "closed";
    session->deleteLater();
    emit sessionCountChanged(m_sessions.size());
}

} // namespace ddalab
