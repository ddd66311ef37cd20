#pragma once

#include "domain/PresenceRegistry.h"

#include <QObject>

namespace ddalab {

class HttpServer;
class PresenceService;
class RequestDispatcher;
class Session;

// Takes the WebSocket connections that HttpServer upgraded on /ws and gives each a Session.
class WebSocketGateway : public QObject
{
    Q_OBJECT
public:
    WebSocketGateway(HttpServer &http, RequestDispatcher &dispatcher, PresenceService &presence,
                     qint64 maxMessageBytes, QObject *parent = nullptr);

    qsizetype sessionCount() const { return m_sessionCount; }

private:
    void acceptPending();
    void sessionClosed(Session *session);

    HttpServer &m_http;
    RequestDispatcher &m_dispatcher;
    PresenceService &m_presence;
    qint64 m_maxMessageBytes;
    ConnectionId m_nextId = 1;
    qsizetype m_sessionCount = 0;
};

} // namespace ddalab
