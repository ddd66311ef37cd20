#pragma once

#include "config/Config.h"
#include "domain/Clock.h"
#include "domain/PresenceRegistry.h"

#include <QObject>

#include <memory>

class QTcpServer;

namespace ddalab {

class HttpServer;
class PresenceService;
class RequestDispatcher;
class ShareHttpController;
class ShareService;
class ShareStore;
class WebSocketGateway;

// The whole broker on one port: HTTP routes and WebSocket upgrades on /ws, wired to the
// presence registry and the share store.
class BrokerServer : public QObject
{
    Q_OBJECT
public:
    BrokerServer(const Config &config, ShareStore &store, const Clock &clock,
                 QObject *parent = nullptr);
    ~BrokerServer() override;

    // Starts listening on the configured address; false with the reason when it cannot.
    bool listen(QString *error);
    quint16 port() const;

private:
    void addRoutes();

    Config m_config;
    PresenceRegistry m_presence;
    HttpServer *m_http;       // child
    QTcpServer *m_tcpServer;  // child of m_http once bound
    PresenceService *m_presenceService; // child
    ShareService *m_shareService;       // child
    std::unique_ptr<RequestDispatcher> m_dispatcher;
    WebSocketGateway *m_gateway;             // child
    ShareHttpController *m_shareController;  // child
};

} // namespace ddalab
