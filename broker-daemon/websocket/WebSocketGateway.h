#pragma once

#include "auth/Identity.h"
#include "config/Config.h"
#include "domain/Clock.h"
#include "domain/PresenceRegistry.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWebSocketProtocol>

#include <optional>

class QHttpServerRequest;
class QTcpSocket;

namespace ddalab {

class Authenticator;
class BrokerStats;
class HttpServer;
class RequestDispatcher;
class Session;
class SessionRegistry;

// The WebSocket endpoint /ws: answers the upgrade request (refusing a foreign Origin or a bad
// credential with an HTTP status before any upgrade), gives each upgraded connection a Session
// of its own, and closes the ones that break the connection rules: too many from one address,
// no register_user in time, an expired credential. Owns the sessions; SessionRegistry lists them.
class WebSocketGateway : public QObject
{
    Q_OBJECT
public:
    WebSocketGateway(HttpServer &http, RequestDispatcher &dispatcher, SessionRegistry &sessions,
                     const Authenticator &authenticator, const LimitSettings &limits,
                     const Clock &clock, BrokerStats &stats, QObject *parent = nullptr);

    // Closes connections whose credential expired or that never registered; runs every second.
    void enforceDeadlines();
    // New limits (SIGHUP): connection counts, Origins and the register deadline at once,
    // message size and rate for connections opened from now on.
    void setLimits(const LimitSettings &limits) { m_limits = limits; }
    // Before the first connection: where this daemon's connection ids start (replicas number
    // theirs apart).
    void setFirstConnectionId(ConnectionId first) { m_nextId = first; }
    // Shutdown: every connection sends the replies it owes, then closes with code; connections
    // that still come in are closed at once.
    void closeAllWhenIdle(QWebSocketProtocol::CloseCode code, const QString &reason);

private:
    void upgradeOrRefuse(const QHttpServerRequest &request, QTcpSocket *socket);
    void acceptPending();
    void sessionClosed(Session *session);

    // What the upgrade request's credential proved, kept from the /ws route until the
    // upgraded connection comes out of the server, by the connection's peer address and port.
    struct PendingUpgrade
    {
        QPointer<QTcpSocket> socket; // gone: the handshake failed
        AuthDecision decision;
    };
    static QString peerKey(const QHostAddress &address, quint16 port);

    HttpServer &m_http;
    RequestDispatcher &m_dispatcher;
    SessionRegistry &m_sessions;
    const Authenticator &m_authenticator;
    LimitSettings m_limits;
    const Clock &m_clock;
    BrokerStats &m_stats;
    ConnectionId m_nextId = 1;
    QHash<QString, PendingUpgrade> m_pendingUpgrades;
    QHash<QString, int> m_connectionsPerAddress;
    QTimer m_deadlineTimer;
    std::optional<std::pair<QWebSocketProtocol::CloseCode, QString>> m_closingAll;
};

} // namespace ddalab
