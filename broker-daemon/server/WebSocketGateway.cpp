#include "WebSocketGateway.h"

#include "HttpServer.h"
#include "PresenceService.h"
#include "Session.h"
#include "logging/LogCategories.h"

#include <QWebSocket>

namespace ddalab {

WebSocketGateway::WebSocketGateway(HttpServer &http, RequestDispatcher &dispatcher,
                                   PresenceService &presence, qint64 maxMessageBytes,
                                   QObject *parent)
    : QObject(parent), m_http(http), m_dispatcher(dispatcher), m_presence(presence),
      m_maxMessageBytes(maxMessageBytes)
{
    connect(&m_http, &QAbstractHttpServer::newWebSocketConnection, this,
            &WebSocketGateway::acceptPending);
}

void WebSocketGateway::acceptPending()
{
    while (std::unique_ptr<QWebSocket> socket = m_http.nextPendingWebSocketConnection()) {
        // Qt's own limits are about 2 GiB; one client must not make us allocate that.
        socket->setMaxAllowedIncomingFrameSize(quint64(m_maxMessageBytes));
        socket->setMaxAllowedIncomingMessageSize(quint64(m_maxMessageBytes));
        auto *session = new Session(m_nextId++, socket.release(), m_dispatcher, this);
        ++m_sessionCount;
        connect(session, &Session::closed, this, &WebSocketGateway::sessionClosed);
        qCInfo(lcWs).noquote() << "connection" << session->id() << "opened from"
                               << session->peer();
    }
}

void WebSocketGateway::sessionClosed(Session *session)
{
    --m_sessionCount;
    m_presence.connectionClosed(session->id());
    qCInfo(lcWs).noquote() << "connection" << session->id() << "closed";
    session->deleteLater();
}

} // namespace ddalab
