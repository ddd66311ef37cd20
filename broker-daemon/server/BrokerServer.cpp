#include "BrokerServer.h"

#include "HttpServer.h"
#include "PresenceService.h"
#include "RequestDispatcher.h"
#include "ShareHttpController.h"
#include "ShareService.h"
#include "WebSocketGateway.h"

#include <QTcpServer>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kMaxMessageBytes = 1024 * 1024;
}

BrokerServer::BrokerServer(const Config &config, ShareStore &store, const Clock &clock,
                           QObject *parent)
    : QObject(parent), m_config(config), m_presence(clock, config.heartbeatTimeout),
      m_http(new HttpServer(this)), m_tcpServer(new QTcpServer(this)),
      m_presenceService(new PresenceService(m_presence, this)),
      m_shareService(new ShareService(store, m_presence, clock, this)),
      m_dispatcher(std::make_unique<RequestDispatcher>(*m_presenceService, *m_shareService)),
      m_gateway(new WebSocketGateway(*m_http, *m_dispatcher, *m_presenceService,
                                     kMaxMessageBytes, this)),
      m_shareController(new ShareHttpController(*m_http, *m_shareService, this))
{
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
                            QTcpSocket *socket) {
                         // An upgrade request stays unanswered: QAbstractHttpServer then hands
                         // the socket over as a WebSocket connection.
                         if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) ==
                             0)
                             return;
                         m_http->respond(request, socket,
                                         HttpServer::jsonError(
                                             QHttpServerResponse::StatusCode::BadRequest,
                                             u"UPGRADE_REQUIRED"_s,
                                             u"/ws speaks WebSocket only"_s));
                     });
}

bool BrokerServer::listen(QString *error)
{
    if (!m_tcpServer->listen(m_config.bindAddress, m_config.port)) {
        *error = m_tcpServer->errorString();
        return false;
    }
    m_http->bind(m_tcpServer);
    return true;
}

quint16 BrokerServer::port() const
{
    return m_tcpServer->serverPort();
}

} // namespace ddalab
