#include "BrokerServer.h"

#include "AdminActions.h"
#include "HttpServer.h"
#include "MonitorFeed.h"
#include "PresenceService.h"
#include "RequestDispatcher.h"
#include "ShareHttpController.h"
#include "ShareService.h"
#include "WebSocketGateway.h"

#include "TlsConfiguration.h"
#include "auth/Authenticator.h"
#include "logging/LogCategories.h"

#include <QSslServer>
#include <QTcpServer>

namespace ddalab {

using namespace Qt::StringLiterals;

BrokerServer::BrokerServer(const Config &config, ShareStore &store,
                           const Authenticator &authenticator, const Clock &clock, QObject *parent)
    : QObject(parent), m_config(config), m_authenticator(authenticator),
      m_presence(clock, config.heartbeatTimeout), m_http(new HttpServer(this)),
      m_presenceService(new PresenceService(m_presence, this)),
      m_shareService(new ShareService(store, m_presence, clock, this)),
      m_monitorFeed(new MonitorFeed(*m_presenceService, m_presence, *m_shareService, store, m_stats,
                                    clock, this)),
      m_adminActions(std::make_unique<AdminActions>(*m_shareService)),
      m_dispatcher(std::make_unique<RequestDispatcher>(*m_presenceService, *m_shareService,
                                                       *m_monitorFeed, *m_adminActions,
                                                       authenticator, m_stats)),
      m_gateway(new WebSocketGateway(*m_http, *m_dispatcher, *m_presenceService, authenticator,
                                     config.limits, clock, m_stats, this)),
      m_shareController(
          new ShareHttpController(*m_http, *m_shareService, authenticator, this))
{
    // The gateway needs the dispatcher, which needs these two: they learn of it last.
    m_monitorFeed->setGateway(m_gateway);
    m_adminActions->setGateway(m_gateway);
    addRoutes();
}

BrokerServer::~BrokerServer()
{
    // Sessions refer to the dispatcher: they go first.
    delete m_gateway;
}

void BrokerServer::addRoutes()
{
    m_http->addRoute(u"/health"_s, QHttpServerRequest::Method::Get,
                     [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                            QTcpSocket *socket) {
                         m_http->respond(request, socket,
                                         QHttpServerResponse("text/plain", "OK"));
                     });
    m_http->addRoute(u"/ws"_s, QHttpServerRequest::Method::Get,
                     [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                            QTcpSocket *socket) { upgradeOrRefuse(request, socket); });
}

void BrokerServer::upgradeOrRefuse(const QHttpServerRequest &request, QTcpSocket *socket)
{
    using Status = QHttpServerResponse::StatusCode;
    if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) != 0) {
        m_http->respond(request, socket,
                        HttpServer::jsonError(Status::BadRequest, u"UPGRADE_REQUIRED"_s,
                                              u"/ws speaks WebSocket only"_s));
        return;
    }
    // Browsers send Origin; desktop clients do not and are not affected.
    const QByteArray origin = request.value("origin");
    const QStringList &allowed = m_config.limits.allowedOrigins;
    if (!allowed.isEmpty() && !origin.isEmpty() && !allowed.contains(QString::fromUtf8(origin))) {
        qCWarning(lcWs).noquote() << "refused an upgrade from" << request.remoteAddress().toString()
                                  << "with a foreign Origin";
        m_http->refuseUpgrade(request, socket,
                              HttpServer::jsonError(Status::Forbidden, u"FORBIDDEN_ORIGIN"_s,
                                                    u"Origin is not allowed"_s));
        return;
    }
    const AuthDecision decision = m_authenticator.authenticate(request);
    if (!decision.accepted) {
        qCWarning(lcWs).noquote() << "refused an upgrade from" << request.remoteAddress().toString()
                                  << "-" << decision.reason;
        m_http->refuseUpgrade(request, socket, HttpServer::unauthorized(decision.reason));
        return;
    }
    // A reply of several TCP segments (a page of shares for the monitor) must not wait for the
    // peer's delayed ACK of the previous one (Nagle): up to 40 ms per reply otherwise.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Unanswered, the request is handed over by QAbstractHttpServer as a WebSocket connection.
}

std::optional<ConfigError> BrokerServer::listen()
{
    if (m_config.tlsEnabled()) {
        QString error;
        const auto tls = TlsConfiguration::load(m_config.tlsCertFile, m_config.tlsKeyFile, &error);
        if (!tls)
            return ConfigError{error.section(u':', 0, 0), error.section(u':', 1).trimmed()};
        auto *sslServer = new QSslServer(this);
        sslServer->setSslConfiguration(*tls);
        m_tcpServer = sslServer;
    } else {
        m_tcpServer = new QTcpServer(this);
    }
    if (!m_tcpServer->listen(m_config.bindAddress, m_config.port))
        return ConfigError{u"BIND_ADDR"_s, u"cannot listen on %1:%2: %3"_s.arg(
                                               m_config.bindAddress.toString())
                                               .arg(m_config.port)
                                               .arg(m_tcpServer->errorString())};
    m_http->bind(m_tcpServer);
    return std::nullopt;
}

quint16 BrokerServer::port() const
{
    return m_tcpServer->serverPort();
}

} // namespace ddalab
