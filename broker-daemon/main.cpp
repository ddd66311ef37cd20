#include "auth/Authenticator.h"
#include "auth/KeySealer.h"
#include "auth/LoginSessions.h"
#include "config/ConfigParser.h"
#include "directory/CachedTeamDirectory.h"
#include "directory/LdapDirectory.h"
#include "eventloop/EpollEventDispatcher.h"
#include "logging/LogCategories.h"
#include "logging/LogOutput.h"
#include "operations/AccountTool.h"
#include "operations/BrokerOperations.h"
#include "operations/ExitGuard.h"
#include "operations/HealthCheck.h"
#include "server/BrokerServer.h"
#include "server/TlsConfiguration.h"
#include "services/AuditTrail.h"
#include "services/DownloadGrants.h"
#include "services/InstitutionService.h"
#include "services/TeamMemberCheck.h"
#include "storage/Database.h"
#include "storage/ReplicaStore.h"
#include "storage/SingleNodeLock.h"
#include "storage/SqlAccountStore.h"
#include "storage/SqlAuditStore.h"
#include "storage/SqlBackupStore.h"
#include "storage/SqlGrantKeyStore.h"
#include "storage/SqlInstitutionStore.h"
#include "storage/SqlLoginSessionStore.h"
#include "storage/SqlShareStore.h"
#include "storage/SqlTeamStore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QSysInfo>
#include <QTextStream>
#include <QUuid>

using namespace ddalab;
using namespace Qt::StringLiterals;

namespace {

constexpr int kExitBadSetting = 2;
// Once the connections are done, how long closing the storage may take before ExitGuard ends
// the process anyway.
constexpr std::chrono::seconds kStorageCloseBudget{5};

int fail(const ConfigError &error)
{
    // One line, even when the reason comes from a driver that wraps its text (libpq does).
    QTextStream(stderr) << QCoreApplication::applicationName() << ": " << error.setting << ": "
                        << error.reason.simplified() << '\n';
    return kExitBadSetting;
}

// The key that seals the download grant signing keys (none while DOWNLOAD_GRANTS is false):
// GRANT_KEY_FILE; without it, with SQLite,
// a file beside the database created at the first start; with PostgreSQL none (grants off), as
// several daemons on one database must share one key, which only an operator can hand out.
std::optional<KeySealer> grantSealer(const Config &config, std::optional<ConfigError> *error)
{
    QString problem;
    std::optional<KeySealer> sealer;
    if (!config.grants.enabled) {
        qCInfo(lcBroker) << "DOWNLOAD_GRANTS is false: share_info carries no download grant";
        return std::nullopt;
    }
    if (!config.grants.keyFile.isEmpty()) {
        sealer = KeySealer::fromFile(config.grants.keyFile, &problem);
    } else if (config.database.engine == DatabaseUrl::Engine::Sqlite) {
        sealer = KeySealer::fromFileCreating(
            QFileInfo(config.database.database).absolutePath() + u"/grant-sealing.key"_s, &problem);
    } else {
        qCWarning(lcBroker) << "GRANT_KEY_FILE is not set: download grants are off (share_info "
                               "carries no grant, jwks.json lists no key)";
        return std::nullopt;
    }
    if (!sealer)
        *error = ConfigError{u"GRANT_KEY_FILE"_s, problem};
    return sealer;
}

} // namespace

int main(int argc, char *argv[])
{
    // QT_LOGGING_RULES is a setting of ours (CONFIG_FILE may set it, SIGHUP re-applies it), so
    // Qt must not apply it on its own: its environment rules would outrank ours.
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    qunsetenv("QT_LOGGING_RULES");
    LogOutput::useTextPattern();
    ExitGuard exitGuard; // outlives the storage, whose closing it bounds
    // Thousands of mostly idle sockets: wait on them with epoll rather than Qt's poll().
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    app.setApplicationName(u"ddalab-broker"_s);
    app.setApplicationVersion(QStringLiteral(DDALAB_BROKER_VERSION));

    const ConfigResult parsed = ConfigParser::parse(app.arguments(), environment);
    if (const auto *action = std::get_if<ConfigAction>(&parsed)) {
        QTextStream(stdout) << action->text << (action->text.endsWith(u'\n') ? "" : "\n");
        return 0;
    }
    if (const auto *error = std::get_if<ConfigError>(&parsed))
        return fail(*error);
    const Config &config = std::get<Config>(parsed);
    if (config.runMode == Config::RunMode::CheckHealth)
        return HealthCheck::run(config);
    if (config.runMode == Config::RunMode::ManageAccounts)
        return AccountTool::run(config);
    LogOutput::install(config.operation.logFormat);
    LogOutput::applyLoggingRules(config.operation.loggingRules);
    for (const QString &warning : config.operation.configFileWarnings)
        qCWarning(lcBroker).noquote() << warning;

    // The key and certificate files are settings too: checked before the database is touched,
    // so a bad one stops the daemon with its one line and nothing else done.
    std::optional<ConfigError> jwtError;
    std::unique_ptr<JwtVerifier> verifier = JwtVerifier::create(config.auth, &jwtError);
    if (jwtError)
        return fail(*jwtError);
    ConfigError tlsError;
    if (config.tlsEnabled() &&
        !TlsConfiguration::load(config.tlsCertFile, config.tlsKeyFile, &tlsError))
        return fail(tlsError);

    const QString databaseSetting = config.databaseIsEmbedded ? u"DATA_DIR"_s : u"DATABASE_URL"_s;
    QString error;
    // SQLite serves one broker: a second daemon on the same file stops here, before it writes.
    // Declared before the database, so the claim ends only after the database has closed.
    std::unique_ptr<SingleNodeLock> singleNode;
    if (config.database.engine == DatabaseUrl::Engine::Sqlite) {
        singleNode = SingleNodeLock::acquire(config.database.database, &error);
        if (!singleNode)
            return fail({databaseSetting, error});
    }
    qCInfo(lcBroker).noquote() << "opening" << config.database.redacted();
    // Declared before everything that uses it: the database outlives its stores by construction.
    const std::unique_ptr<Database> database = Database::open(config.database, &error);
    if (!database)
        return fail(
            {databaseSetting, u"cannot open %1: %2"_s.arg(config.database.redacted(), error)});

    // With PostgreSQL this daemon is one replica of however many share the database: named
    // before its first change, numbered before its first connection.
    std::unique_ptr<ReplicaStore> replicaStore;
    ReplicaIdentity replica{QUuid::createUuid().toString(QUuid::WithoutBraces), 0,
                            config.replicaAddress, config.replicaLease};
    if (config.database.engine == DatabaseUrl::Engine::PostgreSql) {
        database->setReplicaId(replica.id);
        replicaStore = std::make_unique<ReplicaStore>(*database);
        QString startError;
        QEventLoop starting;
        replicaStore->start(replica.address.isEmpty() ? QSysInfo::machineHostName()
                                                      : replica.address,
                            replica.lease, &starting, [&](const ReplicaStartResult &result) {
                                replica.number = result.number;
                                startError = result.error;
                                starting.quit();
                            });
        starting.exec();
        if (replica.number == 0)
            return fail({u"DATABASE_URL"_s, u"cannot start a replica lease: %1"_s.arg(startError)});
    }

    const SystemClock clock;
    SqlShareStore shares(*database);
    SqlTeamStore teams(*database);
    SqlBackupStore backups(*database);
    SqlAccountStore accounts(*database);
    SqlLoginSessionStore loginSessionStore(*database);
    SqlInstitutionStore institutionStore(*database);
    SqlGrantKeyStore grantKeys(*database);
    SqlAuditStore audit(*database);

    std::optional<ConfigError> sealerError;
    std::optional<KeySealer> sealer = grantSealer(config, &sealerError);
    if (sealerError)
        return fail(*sealerError);
    // The signing key is known (or made) before the first share is granted.
    DownloadGrants grants(config.grants, grantKeys, std::move(sealer), clock);
    std::optional<QString> grantsError;
    QEventLoop loadingGrants;
    grants.start([&](const QString &problem) {
        grantsError = problem;
        loadingGrants.quit();
    });
    if (!grantsError) // answered at once when grants are off
        loadingGrants.exec();
    if (!grantsError->isEmpty())
        return fail({u"GRANT_KEY_FILE"_s, *grantsError});

    // The sessions that survive a restart are known before the first desktop registers again.
    LoginSessions loginSessions(loginSessionStore, clock, config.auth.sessionTimeout);
    QString loadError;
    QEventLoop loading;
    loginSessions.load([&](const QString &problem) {
        loadError = problem;
        loading.quit();
    });
    loading.exec();
    if (!loadError.isEmpty())
        return fail({databaseSetting, u"cannot read the sessions: %1"_s.arg(loadError)});

    // The institution's settings are known before the first share is published: their expiry
    // rules decide it. INSTITUTION_NAME only names the institution of a new database.
    // Before the services that record to it; it writes what waits when it goes, before the
    // database closes.
    AuditTrail auditTrail(audit, clock, config.auditRecordAddresses, AuditTrail::kFlushInterval);
    InstitutionService institution(institutionStore, clock, auditTrail);
    QEventLoop loadingInstitution;
    institution.load(InstitutionService::seed(config.discovery.institution),
                     [&](const QString &problem) {
                         loadError = problem;
                         loadingInstitution.quit();
                     });
    loadingInstitution.exec();
    if (!loadError.isEmpty())
        return fail(
            {databaseSetting, u"cannot read the institution's settings: %1"_s.arg(loadError)});

    const Authenticator authenticator(config.auth, std::move(verifier), &loginSessions, clock);
    if (config.auth.mode == AuthSettings::Mode::None)
        qCWarning(lcBroker) << "AUTH_MODE=none: the broker runs without authentication; any "
                               "client may claim any user id";
    if (config.auth.mode == AuthSettings::Mode::Password &&
        config.auth.passwordSource == AuthSettings::PasswordSource::Shared)
        qCWarning(lcBroker) << "PASSWORD_SOURCE=shared: one password for everybody; anyone who "
                               "knows it may claim any user id";
    // With a directory, team policies also admit the members of the team's LDAP group.
    std::unique_ptr<LdapDirectory> ldap;
    std::unique_ptr<CachedTeamDirectory> directory;
    if (config.ldap.enabled()) {
        ldap = std::make_unique<LdapDirectory>(config.ldap);
        directory = std::make_unique<CachedTeamDirectory>(*ldap, clock, config.ldap.cacheTime);
        qCInfo(lcBroker).noquote()
            << "team groups from" << config.ldap.url << "under" << config.ldap.baseDn;
    }
    TeamMemberCheck membership(teams, directory.get());
    BrokerServer server(config,
                        BrokerStorage{shares, teams, backups, accounts, audit, membership,
                                      ldap.get(), database->stats(), replicaStore.get(),
                                      replicaStore ? &replica : nullptr, &config.database},
                        authenticator, loginSessions, institution, grants, auditTrail, clock);
    if (const auto listenError = server.listen())
        return fail(*listenError);
    qCInfo(lcBroker).noquote() << "listening on"
                               << u"%1:%2"_s.arg(config.bindAddress.toString()).arg(server.port())
                               << (config.tlsEnabled() ? "(TLS: https and wss)" : "");

    BrokerOperations operations(config, app.arguments(), environment, server, *database);
    QObject::connect(&operations, &BrokerOperations::finished, &app, &QCoreApplication::quit);
    operations.start();
    const int status = app.exec();
    exitGuard.arm(kStorageCloseBudget);
    return status;
}
