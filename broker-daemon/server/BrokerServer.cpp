#include "BrokerServer.h"

#include "AdminActions.h"
#include "BackupHttpController.h"
#include "BackupService.h"
#include "HttpServer.h"
#include "HttpTcpServer.h"
#include "JsonApi.h"
#include "MonitorFeed.h"
#include "PresenceService.h"
#include "RequestDispatcher.h"
#include "ShareHttpController.h"
#include "ShareService.h"
#include "TeamHttpController.h"
#include "TeamMemberHttpController.h"
#include "TeamService.h"
#include "UserTeamsHttpController.h"
#include "WebSocketGateway.h"

#include "TlsConfiguration.h"
#include "auth/Authenticator.h"
#include "logging/LogCategories.h"

#include <QSslServer>
#include <QTcpServer>

namespace ddalab {

using namespace Qt::StringLiterals;

BrokerServer::BrokerServer(const Config &config, const BrokerStores &stores,
                           const Authenticator &authenticator, const Clock &clock, QObject *parent)
    : QObject(parent), m_config(config), m_authenticator(authenticator),
      m_presence(clock, config.heartbeatTimeout), m_http(new HttpServer(this)),
      m_presenceService(new PresenceService(m_presence, this)),
      m_shareService(new ShareService(stores.shares, m_presence, clock, this)),
      m_teamService(new TeamService(stores.teams, clock, this)),
      m_backupService(new BackupService(stores.backups, clock, config.limits.backupMaxBytes, this)),
      m_monitorFeed(new MonitorFeed(*m_presenceService, m_presence, *m_shareService, stores.shares,
                                    m_stats, clock, this)),
      m_adminActions(std::make_unique<AdminActions>(*m_shareService)),
      m_dispatcher(std::make_unique<RequestDispatcher>(
          *m_presenceService, *m_shareService, *m_teamService, *m_backupService, *m_monitorFeed,
          *m_adminActions, authenticator, m_stats)),
      m_api(std::make_unique<JsonApi>(*m_http, authenticator)),
      m_gateway(new WebSocketGateway(*m_http, *m_dispatcher, *m_presenceService, authenticator,
                                     config.limits, clock, m_stats, this)),
      m_shareController(new ShareHttpController(*m_http, *m_shareService, authenticator, this)),
      m_teamController(new TeamHttpController(*m_api, *m_teamService, this)),
      m_memberController(new TeamMemberHttpController(*m_api, *m_teamService, this)),
      m_userTeamsController(new UserTeamsHttpController(*m_api, *m_teamService, this)),
      m_backupController(new BackupHttpController(*m_api, *m_backupService, this))
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
                         m_http->respond(request, socket, QHttpServerResponse("text/plain", "OK"));
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
    // Unanswered, the request is handed over by QAbstractHttpServer as a WebSocket connection,
    // which has frame and message limits of its own; the HTTP read bound stops applying (with
    // it QWebSocket fails to close on an oversized message).
    HttpServer::releaseConnection(socket);
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
        // Sockets must reach the HttpServer's guard before it reads from them.
        connect(sslServer, &QSslServer::startedEncryptionHandshake, m_http,
                &HttpServer::adoptConnection);
        m_tcpServer = sslServer;
    } else {
        m_tcpServer = new HttpTcpServer(*m_http, this);
    }
    // Thousands of desktops reconnect at once after a restart; Qt's default backlog is 50.
    m_tcpServer->setListenBacklogSize(4096);
    if (!m_tcpServer->listen(m_config.bindAddress, m_config.port))
        return ConfigError{u"BIND_ADDR"_s,
                           u"cannot listen on %1:%2: %3"_s.arg(m_config.bindAddress.toString())
                               .arg(m_config.port)
                               .arg(m_tcpServer->errorString())};
    m_http->bind(m_tcpServer);
    return std::nullopt;
}

quint16 BrokerServer::port() const
{
    return m_tcpServer->serverPort();
}

void BrokerServer::stopListening()
{
    if (m_tcpServer)
        m_tcpServer->close();
}

void BrokerServer::applyRuntimeSettings(const Config &config)
{
    m_config.limits = config.limits;
    m_config.heartbeatTimeout = config.heartbeatTimeout;
    m_gateway->setLimits(config.limits);
    m_presence.setHeartbeatTimeout(config.heartbeatTimeout);
}

bool BrokerServer::reloadTls(const QString &certFile, const QString &keyFile, QString *error)
{
    auto *sslServer = qobject_cast<QSslServer *>(m_tcpServer);
    if (!sslServer) {
        *error = u"TLS_CERT_FILE: TLS is off; turning it on needs a restart"_s;
        return false;
    }
    const auto tls = TlsConfiguration::load(certFile, keyFile, error);
    if (!tls)
        return false;
    sslServer->setSslConfiguration(*tls);
    return true;
}

} // namespace ddalab
