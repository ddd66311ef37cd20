#include "server/BrokerServer.h"

#include "auth/LoginSessions.h"
#include "domain/AuditAction.h"
#include "http/HttpTcpServer.h"
#include "server/TlsConfiguration.h"
#include "services/InstitutionService.h"

#include <QSslServer>
#include <QSysInfo>
#include <QTcpServer>

namespace ddalab {

using namespace Qt::StringLiterals;

BrokerServer::BrokerServer(const Config &config, const BrokerStorage &storage,
                           const Authenticator &authenticator, LoginSessions &loginSessions,
                           InstitutionService &institution, DownloadGrants &grants,
                           AuditTrail &auditTrail, const Clock &clock, QObject *parent)
    : QObject(parent), m_config(config), m_presence(clock, config.heartbeatTimeout),
      m_institution(institution), m_auditTrail(auditTrail),
      m_auditRetention(storage.audit, clock, config.auditRetentionDays),
      m_presenceService(m_presence),
      m_shareService(storage.shares, storage.membership, m_presence, clock,
                     institution.expiryRules(), m_auditTrail, config.shareCacheEntries),
      m_shareAccessLog(storage.shares, m_auditTrail),
      m_expirySweeper(storage.shares, clock, config.expirySweepInterval, config.shareRetentionDays),
      m_teamService(storage.teams, clock, m_auditTrail),
      m_backupService(storage.backups, clock, m_auditTrail, config.limits.backupMaxBytes),
      m_monitorService(m_presence, m_sessions, m_shareService, m_stats, storage.stats, clock),
      m_adminActions(m_shareService, m_sessions, m_auditTrail, storage.replicas),
      m_loginThrottle(config.auth.loginFailuresPerAccount, config.auth.loginFailuresPerAddress,
                      clock),
      m_loginService(config.auth, storage.accounts, loginSessions, m_passwords, m_loginThrottle,
                     storage.directory, authenticator, clock, m_auditTrail),
      m_accountService(storage.accounts, loginSessions, m_passwords, clock, m_auditTrail),
      m_presenceHandler(m_presenceService), m_shareHandler(m_shareService, m_shareAccessLog),
      m_teamHandler(m_teamService), m_backupHandler(m_backupService),
      m_monitorHandler(m_monitorService, m_presenceService, m_shareService, m_expirySweeper,
                       institution, m_auditTrail, m_sessions),
      m_adminHandler(m_adminActions),
      m_accountHandler(m_accountService, loginSessions, m_sessions, config.auth.usesAccounts()),
      m_dispatcher({m_presenceHandler, m_shareHandler, m_teamHandler, m_backupHandler,
                    m_monitorHandler, m_adminHandler, m_accountHandler},
                   authenticator, m_stats),
      m_gateway(m_http, m_dispatcher, m_sessions, authenticator, config.limits, clock, m_stats),
      m_api(m_http, authenticator), m_shareController(m_http, m_shareService, authenticator),
      m_teamController(m_api, m_teamService), m_memberController(m_api, m_teamService),
      m_userTeamsController(m_api, m_teamService), m_backupController(m_api, m_backupService),
      m_authController(m_api, m_loginService, loginSessions),
      m_accountController(m_api, m_accountService, loginSessions, m_sessions),
      m_institutionController(m_api, institution),
      m_grantKeysController(m_api, grants, m_auditTrail), m_auditController(m_api, m_auditTrail),
      m_shareAccessController(m_api, m_shareAccessLog)
{
    m_shareService.setDownloadGrants(&grants);
    if (storage.replicas && storage.replica && storage.databaseUrl) {
        m_gateway.setFirstConnectionId(storage.replica->firstConnectionId());
        m_replication = std::make_unique<Replication>(
            *storage.replicas, *storage.databaseUrl, *storage.replica,
            OutboxApplier::Targets{m_shareService, loginSessions, institution, m_presenceService,
                                   m_sessions},
            m_presence);
        m_monitorHandler.setReplication(m_replication.get());
    }
    // Whatever ends a connection (its socket, an administrator) takes it offline.
    connect(&m_sessions, &SessionRegistry::connectionEnded, &m_presenceService,
            &PresenceService::connectionClosed);
    // The sweeper's marks committed with their share.expired rows: the live feed hears of them.
    connect(&m_expirySweeper, &ShareExpirySweeper::shareExpired, this,
            [this](const ExpiredShare &share) {
                m_auditTrail.committed(AuditEntry{
                    0, m_auditTrail.entry(AuditAction::ShareExpired, {}, share.token).time,
                    AuditAction::BrokerActor, AuditAction::ShareExpired, share.token, std::nullopt,
                    AuditOutcome::Success, QJsonObject{{"owner"_L1, share.ownerUserId}}});
            });
    // A revoked login session (a stolen laptop) loses its connections at once.
    connect(&loginSessions, &LoginSessions::revoked, &m_sessions,
            &SessionRegistry::closeConnectionsOfLoginSession);
    m_http.addRoute(u"/health"_s, QHttpServerRequest::Method::Get,
                    [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                           QTcpSocket *socket) {
                        m_http.respond(request, socket, QHttpServerResponse("text/plain", "OK"));
                    });
}

std::optional<ConfigError> BrokerServer::listen()
{
    if (m_config.tlsEnabled()) {
        ConfigError error;
        const auto tls = TlsConfiguration::load(m_config.tlsCertFile, m_config.tlsKeyFile, &error);
        if (!tls)
            return error;
        auto *sslServer = new QSslServer(&m_http);
        sslServer->setSslConfiguration(*tls);
        // Sockets must reach the HttpServer's guard before it reads from them.
        connect(sslServer, &QSslServer::startedEncryptionHandshake, &m_http,
                &HttpServer::adoptConnection);
        m_tcpServer = sslServer;
    } else {
        m_tcpServer = new HttpTcpServer(m_http, &m_http);
    }
    // Thousands of desktops reconnect at once after a restart; Qt's default backlog is 50.
    m_tcpServer->setListenBacklogSize(4096);
    if (!m_tcpServer->listen(m_config.bindAddress, m_config.port))
        return ConfigError{u"BIND_ADDR"_s,
                           u"cannot listen on %1:%2: %3"_s.arg(m_config.bindAddress.toString())
                               .arg(m_config.port)
                               .arg(m_tcpServer->errorString())};
    m_http.bind(m_tcpServer);
    if (m_replication)
        m_replication->start(m_config.replicaAddress.isEmpty()
                                 ? u"%1:%2"_s.arg(QSysInfo::machineHostName()).arg(port())
                                 : m_config.replicaAddress);
    m_expirySweeper.start();
    m_auditRetention.start();
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
    m_gateway.setLimits(config.limits);
    m_presence.setHeartbeatTimeout(config.heartbeatTimeout);
    m_expirySweeper.setInterval(config.expirySweepInterval);
    m_expirySweeper.setRetentionDays(config.shareRetentionDays);
    m_auditRetention.setRetentionDays(config.auditRetentionDays);
    m_auditTrail.setRecordAddresses(config.auditRecordAddresses);
}

std::optional<ConfigError> BrokerServer::reloadTls(const QString &certFile, const QString &keyFile)
{
    auto *sslServer = qobject_cast<QSslServer *>(m_tcpServer);
    if (!sslServer)
        return ConfigError{u"TLS_CERT_FILE"_s, u"TLS is off; turning it on needs a restart"_s};
    ConfigError error;
    const auto tls = TlsConfiguration::load(certFile, keyFile, &error);
    if (!tls)
        return error;
    sslServer->setSslConfiguration(*tls);
    return std::nullopt;
}

} // namespace ddalab
