#pragma once

#include "auth/LoginThrottle.h"
#include "auth/PasswordWorker.h"
#include "config/Config.h"
#include "config/ConfigParser.h"
#include "domain/Clock.h"
#include "domain/PresenceRegistry.h"
#include "http/AccountHttpController.h"
#include "http/AuditHttpController.h"
#include "http/AuthHttpController.h"
#include "http/BackupHttpController.h"
#include "http/GrantKeysHttpController.h"
#include "http/HttpServer.h"
#include "http/InstitutionHttpController.h"
#include "http/JsonApi.h"
#include "http/ShareAccessHttpController.h"
#include "http/ShareHttpController.h"
#include "http/TeamHttpController.h"
#include "http/TeamMemberHttpController.h"
#include "http/UserTeamsHttpController.h"
#include "metrics/BrokerStats.h"
#include "replicas/Replication.h"
#include "services/AccountService.h"
#include "services/AdminActions.h"
#include "services/AuditRetention.h"
#include "services/AuditTrail.h"
#include "services/BackupService.h"
#include "services/LoginService.h"
#include "services/MonitorService.h"
#include "services/PresenceService.h"
#include "services/ShareAccessLog.h"
#include "services/ShareExpirySweeper.h"
#include "services/ShareService.h"
#include "services/TeamService.h"
#include "websocket/AccountWsHandler.h"
#include "websocket/AdminWsHandler.h"
#include "websocket/BackupWsHandler.h"
#include "websocket/MonitorWsHandler.h"
#include "websocket/PresenceWsHandler.h"
#include "websocket/RequestDispatcher.h"
#include "websocket/SessionRegistry.h"
#include "websocket/ShareWsHandler.h"
#include "websocket/TeamWsHandler.h"
#include "websocket/WebSocketGateway.h"

#include <QObject>

class QTcpServer;

namespace ddalab {

class AccountStore;
class Authenticator;
class InstitutionService;
class BackupStore;
class DownloadGrants;
class LdapDirectory;
class LoginSessions;
class ReplicaStore;
class ShareStore;
class StorageStats;
class TeamMemberCheck;
class TeamStore;

// What the broker keeps its state in: the stores (on one database), the directory or registry
// that says who is in a team, and the institution's directory, if any.
struct BrokerStorage
{
    ShareStore &shares;
    TeamStore &teams;
    BackupStore &backups;
    AccountStore &accounts;
    AuditStore &audit;
    TeamMemberCheck &membership;
    LdapDirectory *directory;
    const StorageStats &stats;
    // With PostgreSQL: this daemon's rows among the replicas, and who it is among them; with
    // SQLite (one broker) neither.
    ReplicaStore *replicas = nullptr;
    ReplicaIdentity *replica = nullptr;
    const DatabaseUrl *databaseUrl = nullptr; // for the outbox listener's connection
};

// The whole broker on one port: HTTP routes and WebSocket upgrades on /ws, wired to the
// presence registry and the stores. Its parts are members in the order they depend on each
// other, so each is built after, and destroyed before, everything it uses.
class BrokerServer : public QObject
{
    Q_OBJECT
public:
    // institution is loaded already; its expiry rules are the ones shares are published with.
    BrokerServer(const Config &config, const BrokerStorage &storage,
                 const Authenticator &authenticator, LoginSessions &loginSessions,
                 InstitutionService &institution, DownloadGrants &grants, AuditTrail &auditTrail,
                 const Clock &clock, QObject *parent = nullptr);

    // Starts listening on the configured address, with TLS when configured; the setting at
    // fault and why when it cannot.
    std::optional<ConfigError> listen();
    quint16 port() const;
    // Shutdown: takes no new connections; open ones stay.
    void stopListening();

    // SIGHUP: the limits and the heartbeat timeout of config take effect.
    void applyRuntimeSettings(const Config &config);
    // SIGHUP: re-reads the TLS certificate and key for new connections; the setting at fault and
    // why (the running ones kept) when they cannot be used.
    std::optional<ConfigError> reloadTls(const QString &certFile, const QString &keyFile);

    // What readiness, metrics and shutdown look at.
    HttpServer &http() { return m_http; }
    WebSocketGateway &gateway() { return m_gateway; }
    const SessionRegistry &sessions() const { return m_sessions; }
    const BrokerStats &stats() const { return m_stats; }
    const PresenceRegistry &presence() const { return m_presence; }
    // nullptr when this daemon is the only one (SQLite).
    const Replication *replication() const { return m_replication.get(); }
    // Whose name the mDNS announcement carries.
    const InstitutionService &institution() const { return m_institution; }

private:
    Config m_config;
    BrokerStats m_stats;
    PresenceRegistry m_presence;
    SessionRegistry m_sessions;
    HttpServer m_http;
    QTcpServer *m_tcpServer = nullptr; // created by listen(), owned by m_http

    InstitutionService &m_institution;
    AuditTrail &m_auditTrail;
    AuditRetention m_auditRetention;
    PresenceService m_presenceService;
    ShareService m_shareService;
    ShareAccessLog m_shareAccessLog;
    ShareExpirySweeper m_expirySweeper;
    TeamService m_teamService;
    BackupService m_backupService;
    MonitorService m_monitorService;
    AdminActions m_adminActions;
    PasswordWorker m_passwords;
    LoginThrottle m_loginThrottle;
    LoginService m_loginService;
    AccountService m_accountService;

    PresenceWsHandler m_presenceHandler;
    ShareWsHandler m_shareHandler;
    TeamWsHandler m_teamHandler;
    BackupWsHandler m_backupHandler;
    MonitorWsHandler m_monitorHandler;
    AdminWsHandler m_adminHandler;
    AccountWsHandler m_accountHandler;
    RequestDispatcher m_dispatcher;
    WebSocketGateway m_gateway;

    JsonApi m_api;
    ShareHttpController m_shareController;
    TeamHttpController m_teamController;
    TeamMemberHttpController m_memberController;
    UserTeamsHttpController m_userTeamsController;
    BackupHttpController m_backupController;
    AuthHttpController m_authController;
    AccountHttpController m_accountController;
    InstitutionHttpController m_institutionController;
    GrantKeysHttpController m_grantKeysController;
    AuditHttpController m_auditController;
    ShareAccessHttpController m_shareAccessController;

    std::unique_ptr<Replication> m_replication; // last: it uses the services above
};

} // namespace ddalab
