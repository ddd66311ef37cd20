#pragma once

#include "config/Config.h"
#include "config/ConfigParser.h"
#include "domain/Clock.h"
#include "domain/PresenceRegistry.h"
#include "metrics/BrokerStats.h"

#include <QObject>

#include <memory>

class QHttpServerRequest;
class QTcpServer;
class QTcpSocket;

namespace ddalab {

class AdminActions;
class Authenticator;
class HttpServer;
class MonitorFeed;
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
    BrokerServer(const Config &config, ShareStore &store, const Authenticator &authenticator,
                 const Clock &clock, QObject *parent = nullptr);
    ~BrokerServer() override;

    // Starts listening on the configured address, with TLS when configured; the setting at
    // fault and why when it cannot.
    std::optional<ConfigError> listen();
    quint16 port() const;

private:
    void addRoutes();
    void upgradeOrRefuse(const QHttpServerRequest &request, QTcpSocket *socket);

    Config m_config;
    const Authenticator &m_authenticator;
    BrokerStats m_stats;
    PresenceRegistry m_presence;
    HttpServer *m_http;       // child
    QTcpServer *m_tcpServer = nullptr; // child, created by listen()
    PresenceService *m_presenceService; // child
    ShareService *m_shareService;       // child
    MonitorFeed *m_monitorFeed;         // child
    std::unique_ptr<AdminActions> m_adminActions;
    std::unique_ptr<RequestDispatcher> m_dispatcher;
    WebSocketGateway *m_gateway;             // child
    ShareHttpController *m_shareController;  // child
};

} // namespace ddalab
