#pragma once

#include "config/Config.h"
#include "domain/Clock.h"
#include "domain/PresenceRegistry.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QWebSocketProtocol>

#include <optional>

namespace ddalab {

class Authenticator;
class BrokerStats;
class HttpServer;
class PresenceService;
class RequestDispatcher;
class Session;

// Takes the WebSocket connections that HttpServer upgraded on /ws, gives each a Session, and
// closes the ones that break the connection rules: too many from one address, no
// register_user in time, an expired credential.
class WebSocketGateway : public QObject
{
    Q_OBJECT
public:
    WebSocketGateway(HttpServer &http, RequestDispatcher &dispatcher, PresenceService &presence,
                     const Authenticator &authenticator, const LimitSettings &limits,
                     const Clock &clock, BrokerStats &stats, QObject *parent = nullptr);

    qsizetype sessionCount() const { return m_sessions.size(); }
    // Ends every open connection registered as userId (an administrator's decision): each goes
    // offline with reason admin_disconnect and is closed with code 1008. Returns how many.
    int closeConnectionsOf(const QString &userId, const QString &reason);
    // Closes connections whose credential expired or that never registered; runs every second.
    void enforceDeadlines();
    // New limits (SIGHUP): connection counts and the register deadline at once, message size
    // and rate for connections opened from now on.
    void setLimits(const LimitSettings &limits) { m_limits = limits; }
    // Shutdown: every connection sends the replies it owes, then closes with code; connections
    // that still come in are closed at once.
    void closeAllWhenIdle(QWebSocketProtocol::CloseCode code, const QString &reason);

signals:
    void sessionCountChanged(qsizetype count);

private:
    void acceptPending();
    void sessionClosed(Session *session);

    HttpServer &m_http;
    RequestDispatcher &m_dispatcher;
    PresenceService &m_presence;
    const Authenticator &m_authenticator;
    LimitSettings m_limits;
    const Clock &m_clock;
    BrokerStats &m_stats;
    ConnectionId m_nextId = 1;
    QSet<Session *> m_sessions;
    QHash<QString, int> m_connectionsPerAddress;
    QTimer m_deadlineTimer;
    std::optional<std::pair<QWebSocketProtocol::CloseCode, QString>> m_closingAll;
};

} // namespace ddalab
