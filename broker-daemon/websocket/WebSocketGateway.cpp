#include "websocket/WebSocketGateway.h"

#include "auth/Authenticator.h"
#include "http/HttpServer.h"
#include "logging/LogCategories.h"
#include "websocket/Session.h"
#include "websocket/SessionRegistry.h"

#include <QTcpSocket>
#include <QWebSocket>

namespace ddalab {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;

namespace {
constexpr auto kPolicyViolated = QWebSocketProtocol::CloseCodePolicyViolated;
}

WebSocketGateway::WebSocketGateway(HttpServer &http, RequestDispatcher &dispatcher,
                                   SessionRegistry &sessions, const Authenticator &authenticator,
                                   const LimitSettings &limits, const Clock &clock,
                                   BrokerStats &stats, QObject *parent)
    : QObject(parent), m_http(http), m_dispatcher(dispatcher), m_sessions(sessions),
      m_authenticator(authenticator), m_limits(limits), m_clock(clock), m_stats(stats)
{
    m_http.addRoute(u"/ws"_s, QHttpServerRequest::Method::Get,
                    [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                           QTcpSocket *socket) { upgradeOrRefuse(request, socket); });
    connect(&m_http, &QAbstractHttpServer::newWebSocketConnection, this,
            &WebSocketGateway::acceptPending);
    m_deadlineTimer.setInterval(1000);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &WebSocketGateway::enforceDeadlines);
    m_deadlineTimer.start();
}

QString WebSocketGateway::peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + u'#' + QString::number(port);
}

void WebSocketGateway::upgradeOrRefuse(const QHttpServerRequest &request, QTcpSocket *socket)
{
    using Status = QHttpServerResponse::StatusCode;
    if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) != 0) {
        m_http.respond(request, socket,
                       HttpServer::jsonError(Status::BadRequest, ErrorCode::UpgradeRequired,
                                             u"/ws speaks WebSocket only"_s));
        return;
    }
    // Browsers send Origin; desktop clients do not and are not affected.
    const QByteArray origin = request.value("origin");
    const QStringList &allowed = m_limits.allowedOrigins;
    if (!allowed.isEmpty() && !origin.isEmpty() && !allowed.contains(QString::fromUtf8(origin))) {
        qCWarning(lcWs).noquote() << "refused an upgrade from" << request.remoteAddress().toString()
                                  << "with a foreign Origin";
        m_http.refuseUpgrade(request, socket,
                             HttpServer::jsonError(Status::Forbidden, ErrorCode::ForbiddenOrigin,
                                                   u"Origin is not allowed"_s));
        return;
    }
    const AuthDecision decision = m_authenticator.authenticateUpgrade(request);
    if (!decision.accepted) {
        qCWarning(lcWs).noquote() << "refused an upgrade from" << request.remoteAddress().toString()
                                  << "-" << decision.reason;
        m_http.refuseUpgrade(request, socket, HttpServer::unauthorized(decision.reason));
        return;
    }
    // Handshakes that never completed left entries whose socket is gone.
    m_pendingUpgrades.removeIf([](const auto &entry) { return entry.value().socket.isNull(); });
    m_pendingUpgrades.insert(peerKey(socket->peerAddress(), socket->peerPort()),
                             PendingUpgrade{socket, decision});
    // A reply of several TCP segments (a page of shares for the monitor) must not wait for the
    // peer's delayed ACK of the previous one (Nagle): up to 40 ms per reply otherwise.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Unanswered, the request is handed over by QAbstractHttpServer as a WebSocket connection,
    // which has frame and message limits of its own; the HTTP read bound stops applying (with
    // it QWebSocket fails to close on an oversized message).
    HttpServer::releaseConnection(socket);
}

void WebSocketGateway::acceptPending()
{
    while (std::unique_ptr<QWebSocket> socket = m_http.nextPendingWebSocketConnection()) {
        // Qt's own limits are about 2 GiB; one client must not make us allocate that.
        socket->setMaxAllowedIncomingFrameSize(quint64(m_limits.maxMessageBytes));
        socket->setMaxAllowedIncomingMessageSize(quint64(m_limits.maxMessageBytes));
        // The /ws route checked the credential before the upgrade.
        const auto pending =
            m_pendingUpgrades.constFind(peerKey(socket->peerAddress(), socket->peerPort()));
        const AuthDecision decision =
            pending != m_pendingUpgrades.cend()
                ? pending->decision
                : AuthDecision{false, {}, u"the upgrade request was not authenticated"_s};
        if (pending != m_pendingUpgrades.cend())
            m_pendingUpgrades.erase(pending);
        auto *session = new Session(m_nextId++, socket.release(), decision.identity,
                                    {m_limits.shareRatePerSecond, m_limits.shareRateBurst},
                                    m_dispatcher, m_stats, this);
        m_sessions.add(session);
        const LogContext::Scope logScope(session->logContext());
        const QString address = session->peerAddress();
        const int fromAddress = ++m_connectionsPerAddress[address];
        connect(session, &Session::closed, this, &WebSocketGateway::sessionClosed);
        qCInfo(lcWs).noquote() << "connection" << session->id() << "opened from" << session->peer()
                               << (decision.identity.admin ? "(admin)" : "");
        if (!decision.accepted) {
            qCWarning(lcWs).noquote()
                << "connection" << session->id() << "closed:" << decision.reason;
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
    for (Session *session : m_sessions.sessions())
        session->closeWhenIdle(code, reason);
}

void WebSocketGateway::enforceDeadlines()
{
    const QDateTime now = m_clock.now();
    const qint64 registerDeadline =
        Session::monotonicMs() - qint64(m_limits.registerTimeout.count()) * 1000;
    for (Session *session : m_sessions.sessions()) {
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

void WebSocketGateway::sessionClosed(Session *session)
{
    if (!m_sessions.remove(session))
        return;
    const LogContext::Scope logScope(session->logContext());
    const QString address = session->peerAddress();
    if (--m_connectionsPerAddress[address] <= 0)
        m_connectionsPerAddress.remove(address);
    qCInfo(lcWs).noquote() << "connection" << session->id() << "closed";
    session->deleteLater();
}

} // namespace ddalab
