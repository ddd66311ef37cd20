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
class BackupHttpController;
class BackupService;
class BackupStore;
class HttpServer;
class JsonApi;
class MonitorFeed;
class PresenceService;
class RequestDispatcher;
class ShareHttpController;
class ShareService;
class ShareStore;
class TeamHttpController;
class TeamMemberHttpController;
class TeamService;
class TeamStore;
class UserTeamsHttpController;
class WebSocketGateway;

// The stores the broker keeps its state in; they share one storage thread.
struct BrokerStores
{
    ShareStore &shares;
    TeamStore &teams;
    BackupStore &backups;
};

// The whole broker on one port: HTTP routes and WebSocket upgrades on /ws, wired to the
// presence registry and the stores.
class BrokerServer : public QObject
{
    Q_OBJECT
public:
    BrokerServer(const Config &config, const BrokerStores &stores,
                 const Authenticator &authenticator, const Clock &clock, QObject *parent = nullptr);
    ~BrokerServer() override;

    // Starts listening on the configured address, with TLS when configured; the setting at
    // fault and why when it cannot.
    std::optional<ConfigError> listen();
    quint16 port() const;
    // Shutdown: takes no new connections; open ones stay.
    void stopListening();

    // SIGHUP: the limits and the heartbeat timeout of config take effect.
    void applyRuntimeSettings(const Config &config);
    // SIGHUP: re-reads the TLS certificate and key for new connections; false with the reason
    // (the running ones kept) when they cannot be used.
    bool reloadTls(const QString &certFile, const QString &keyFile, QString *error);

    // What readiness, metrics and shutdown look at.
    HttpServer &http() { return *m_http; }
    WebSocketGateway &gateway() { return *m_gateway; }
    const BrokerStats &stats() const { return m_stats; }
    const PresenceRegistry &presence() const { return m_presence; }

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
    TeamService *m_teamService;         // child
    BackupService *m_backupService;     // child
    MonitorFeed *m_monitorFeed;         // child
    std::unique_ptr<AdminActions> m_adminActions;
    std::unique_ptr<RequestDispatcher> m_dispatcher;
    std::unique_ptr<JsonApi> m_api;
    WebSocketGateway *m_gateway;                    // child
    ShareHttpController *m_shareController;         // child
    TeamHttpController *m_teamController;           // child
    TeamMemberHttpController *m_memberController;   // child
    UserTeamsHttpController *m_userTeamsController; // child
    BackupHttpController *m_backupController;       // child
};

} // namespace ddalab
