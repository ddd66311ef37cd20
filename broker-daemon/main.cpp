#include "auth/Authenticator.h"
#include "config/ConfigParser.h"
#include "directory/CachedTeamDirectory.h"
#include "directory/DirectoryShareStore.h"
#include "directory/LdapTeamDirectory.h"
#include "eventloop/EpollEventDispatcher.h"
#include "logging/LogCategories.h"
#include "logging/LogOutput.h"
#include "operations/BrokerOperations.h"
#include "operations/ExitGuard.h"
#include "operations/HealthCheck.h"
#include "server/BrokerServer.h"
#include "server/TlsConfiguration.h"
#include "storage/CachingShareStore.h"
#include "storage/SqlBackupStore.h"
#include "storage/SqlShareStore.h"
#include "storage/SqlTeamStore.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace ddalab;
using namespace Qt::StringLiterals;

namespace {

constexpr int kExitBadSetting = 2;
// Once the connections are done, how long closing the storage may take before ExitGuard ends
// the process anyway.
constexpr std::chrono::seconds kStorageCloseBudget{5};

int fail(const QString &setting, const QString &reason)
{
    // One line, even when the reason comes from a driver that wraps its text (libpq does).
    QTextStream(stderr) << QCoreApplication::applicationName() << ": " << setting << ": "
                        << reason.simplified() << '\n';
    return kExitBadSetting;
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
        return fail(error->setting, error->reason);
    const Config &config = std::get<Config>(parsed);
    if (config.runMode == Config::RunMode::CheckHealth)
        return HealthCheck::run(config);
    LogOutput::install(config.operation.logFormat);
    LogOutput::applyLoggingRules(config.operation.loggingRules);
    for (const QString &warning : config.operation.configFileWarnings)
        qCWarning(lcBroker).noquote() << warning;

    // The key and certificate files are settings too: checked before the database is touched,
    // so a bad one stops the daemon with its one line and nothing else done.
    QString error;
    std::unique_ptr<JwtVerifier> verifier = JwtVerifier::create(config.auth, &error);
    if (!verifier && !error.isEmpty())
        return fail(error.startsWith("JWT_ALGORITHMS"_L1) ? u"JWT_ALGORITHMS"_s
                                                          : u"JWT_PUBLIC_KEY_FILE"_s,
                    error.section(u':', error.startsWith("JWT_ALGORITHMS"_L1) ? 1 : 0).trimmed());
    if (config.tlsEnabled() &&
        !TlsConfiguration::load(config.tlsCertFile, config.tlsKeyFile, &error))
        return fail(error.section(u':', 0, 0), error.section(u':', 1).trimmed());

    qCInfo(lcBroker).noquote() << "opening" << config.database.redacted();
    const std::unique_ptr<SqlShareStore> store = SqlShareStore::open(config.database, &error);
    if (!store)
        return fail(config.databaseIsEmbedded ? u"DATA_DIR"_s : u"DATABASE_URL"_s,
                    u"cannot open %1: %2"_s.arg(config.database.redacted(), error));

    const SystemClock clock;
    const Authenticator authenticator(config.auth, std::move(verifier), clock);
    if (config.auth.mode == AuthSettings::Mode::None)
        qCWarning(lcBroker) << "AUTH_MODE=none: the broker runs without authentication; any "
                               "client may claim any user id";

    // Teams and backups use the share store's storage thread and connection.
    SqlTeamStore teams(store->worker());
    SqlBackupStore backups(store->worker());
    // With a directory, team policies also admit the members of the team's LDAP group.
    std::unique_ptr<LdapTeamDirectory> ldap;
    std::unique_ptr<CachedTeamDirectory> directory;
    std::unique_ptr<DirectoryShareStore> sharesWithDirectory;
    if (config.ldap.enabled()) {
        ldap = std::make_unique<LdapTeamDirectory>(config.ldap);
        directory = std::make_unique<CachedTeamDirectory>(*ldap, clock, config.ldap.cacheTime);
        sharesWithDirectory = std::make_unique<DirectoryShareStore>(*store, *directory);
        qCInfo(lcBroker).noquote()
            << "team groups from" << config.ldap.url << "under" << config.ldap.baseDn;
    }
    ShareStore &storedShares = sharesWithDirectory ? static_cast<ShareStore &>(*sharesWithDirectory)
                                                   : static_cast<ShareStore &>(*store);
    // Lookups by token from memory; writes go through to the store.
    CachingShareStore shares(storedShares, config.shareCacheEntries);
    BrokerServer server(config, BrokerStores{shares, teams, backups}, authenticator, clock);
    if (const auto listenError = server.listen())
        return fail(listenError->setting, listenError->reason);
    qCInfo(lcBroker).noquote() << "listening on"
                               << u"%1:%2"_s.arg(config.bindAddress.toString()).arg(server.port())
                               << (config.tlsEnabled() ? "(TLS: https and wss)" : "");

    BrokerOperations operations(config, app.arguments(), environment, server, *store);
    QObject::connect(&operations, &BrokerOperations::finished, &app, &QCoreApplication::quit);
    operations.start();
    const int status = app.exec();
    exitGuard.arm(kStorageCloseBudget);
    return status;
}
