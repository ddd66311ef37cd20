#include "operations/ConfigReloader.h"

#include "config/ConfigParser.h"
#include "logging/LogCategories.h"
#include "logging/LogOutput.h"
#include "server/BrokerServer.h"

namespace ddalab {

using namespace Qt::StringLiterals;

ConfigReloader::ConfigReloader(const Config &running, QStringList arguments,
                               QProcessEnvironment environment, BrokerServer &server)
    : m_running(running), m_arguments(std::move(arguments)), m_environment(std::move(environment)),
      m_server(server)
{
}

const QStringList &ConfigReloader::reloadableSettings()
{
    static const QStringList names{
        u"QT_LOGGING_RULES"_s,
        u"HEARTBEAT_TIMEOUT_SECONDS"_s,
        u"MAX_MESSAGE_BYTES"_s,
        u"RATE_LIMIT_PER_SECOND"_s,
        u"RATE_LIMIT_BURST"_s,
        u"MAX_CONNECTIONS_PER_ADDRESS"_s,
        u"REGISTER_TIMEOUT_SECONDS"_s,
        u"ALLOWED_ORIGINS"_s,
        u"EXPIRY_SWEEP_SECONDS"_s,
        u"SHARE_RETENTION_DAYS"_s,
        u"AUDIT_RETENTION_DAYS"_s,
        u"AUDIT_RECORD_ADDRESSES"_s,
        u"TLS_CERT_FILE"_s,
        u"TLS_KEY_FILE"_s,
    };
    return names;
}

QMap<QString, QString> ConfigReloader::comparableValues(const Config &config)
{
    const DatabaseUrl &db = config.database;
    const AuthSettings &auth = config.auth;
    const LimitSettings &limits = config.limits;
    const auto number = [](auto value) {
        return QString::number(value);
    };
    return {
        {u"DATABASE_URL"_s, QStringList{db.host, number(db.port), db.user, db.password, db.database,
                                        db.connectOptions, number(int(db.engine))}
                                .join(u'\n')},
        {u"DATA_DIR"_s, config.dataDir},
        {u"BIND_ADDR"_s, config.bindAddress.toString() + u':' + number(config.port)},
        {u"HEARTBEAT_TIMEOUT_SECONDS"_s, number(config.heartbeatTimeout.count())},
        {u"EXPIRY_SWEEP_SECONDS"_s, number(config.expirySweepInterval.count())},
        {u"SHARE_RETENTION_DAYS"_s, number(config.shareRetentionDays)},
        {u"GRANT_KEY_FILE"_s, config.grants.keyFile},
        {u"GRANT_LIFETIME_SECONDS"_s, number(config.grants.lifetime.count())},
        {u"GRANT_ISSUER"_s, config.grants.issuer},
        {u"AUDIT_RETENTION_DAYS"_s, number(config.auditRetentionDays)},
        {u"AUDIT_RECORD_ADDRESSES"_s, number(int(config.auditRecordAddresses))},
        {u"TLS_CERT_FILE"_s, config.tlsCertFile},
        {u"TLS_KEY_FILE"_s, config.tlsKeyFile},
        {u"AUTH_MODE"_s, number(int(auth.mode))},
        {u"BROKER_ADMIN_TOKEN"_s, auth.adminToken},
        {u"JWT_SECRET"_s, auth.jwtSecret},
        {u"JWT_PUBLIC_KEY_FILE"_s, auth.jwtPublicKeyFile},
        {u"JWT_ALGORITHMS"_s, auth.jwtAlgorithms.join(u',')},
        {u"JWT_ISSUER"_s, auth.jwtIssuer},
        {u"JWT_AUDIENCE"_s, auth.jwtAudience},
        {u"JWT_USER_CLAIM"_s, auth.jwtUserClaim},
        {u"JWT_ROLES_CLAIM"_s, auth.jwtRolesClaim},
        {u"JWT_ADMIN_ROLE"_s, auth.jwtAdminRole},
        {u"JWT_LEEWAY_SECONDS"_s, number(auth.jwtLeeway.count())},
        {u"MAX_MESSAGE_BYTES"_s, number(limits.maxMessageBytes)},
        {u"RATE_LIMIT_PER_SECOND"_s, number(limits.shareRatePerSecond)},
        {u"RATE_LIMIT_BURST"_s, number(limits.shareRateBurst)},
        {u"MAX_CONNECTIONS_PER_ADDRESS"_s, number(limits.maxConnectionsPerAddress)},
        {u"REGISTER_TIMEOUT_SECONDS"_s, number(limits.registerTimeout.count())},
        {u"ALLOWED_ORIGINS"_s, limits.allowedOrigins.join(u',')},
        {u"QT_LOGGING_RULES"_s, config.operation.loggingRules},
        {u"LOG_FORMAT"_s, number(int(config.operation.logFormat))},
        {u"SHUTDOWN_TIMEOUT_SECONDS"_s, number(config.operation.shutdownTimeout.count())},
        {u"DISCOVERY"_s, number(config.discovery.enabled)},
        {u"INSTITUTION_NAME"_s, config.discovery.institution},
        {u"DISCOVERY_AUTH_PASSWORD"_s, config.discovery.authPassword},
    };
}

bool ConfigReloader::reload()
{
    const ConfigResult parsed = ConfigParser::parse(m_arguments, m_environment);
    if (const auto *error = std::get_if<ConfigError>(&parsed)) {
        qCCritical(lcBroker).noquote() << "reload refused, the running settings stay:"
                                       << error->setting + u": "_s + error->reason.simplified();
        return false;
    }
    if (!std::holds_alternative<Config>(parsed))
        return false; // --help or --version in the start arguments: nothing runs that way
    const Config &fresh = std::get<Config>(parsed);
    for (const QString &warning : fresh.operation.configFileWarnings)
        qCWarning(lcBroker).noquote() << warning;

    const QMap<QString, QString> before = comparableValues(m_running);
    const QMap<QString, QString> after = comparableValues(fresh);
    QStringList applied;
    QStringList needRestart;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        if (before.value(it.key()) == it.value())
            continue;
        (reloadableSettings().contains(it.key()) ? applied : needRestart).append(it.key());
    }
    // TLS can be renewed, not switched on or off.
    if (fresh.tlsEnabled() != m_running.tlsEnabled()) {
        for (const QString &name : {u"TLS_CERT_FILE"_s, u"TLS_KEY_FILE"_s}) {
            applied.removeAll(name);
            if (!needRestart.contains(name))
                needRestart.append(name);
        }
    }

    LogOutput::applyLoggingRules(fresh.operation.loggingRules);
    m_running.operation.loggingRules = fresh.operation.loggingRules;
    m_running.limits = fresh.limits;
    m_running.heartbeatTimeout = fresh.heartbeatTimeout;
    m_server.applyRuntimeSettings(m_running);
    if (m_running.tlsEnabled() && fresh.tlsEnabled()) {
        if (const auto error = m_server.reloadTls(fresh.tlsCertFile, fresh.tlsKeyFile); !error) {
            m_running.tlsCertFile = fresh.tlsCertFile;
            m_running.tlsKeyFile = fresh.tlsKeyFile;
            qCInfo(lcBroker).noquote() << "TLS certificate and key re-read for new connections";
        } else {
            applied.removeAll(u"TLS_CERT_FILE"_s);
            applied.removeAll(u"TLS_KEY_FILE"_s);
            qCCritical(lcBroker).noquote()
                << "TLS files not renewed, the running ones stay:" << error->toString();
        }
    }

    // The stored settings win over it once they exist: not even a restart applies it.
    if (needRestart.removeAll(u"INSTITUTION_NAME"_s))
        qCWarning(lcBroker).noquote()
            << "INSTITUTION_NAME only names the institution of a database without stored "
               "settings; rename it with PUT /api/institution/config";
    if (!needRestart.isEmpty())
        qCWarning(lcBroker).noquote()
            << "changed settings that only a restart applies:" << needRestart.join(u", "_s);
    qCInfo(lcBroker).noquote() << "configuration reloaded;"
                               << (applied.isEmpty() ? u"no run-time setting changed"_s
                                                     : u"applied: "_s + applied.join(u", "_s));
    return true;
}

} // namespace ddalab
