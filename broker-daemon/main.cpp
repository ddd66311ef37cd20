#include "config/ConfigParser.h"
#include "directory/CachedTeamDirectory.h"
#include "directory/DirectoryShareStore.h"
#include "directory/LdapTeamDirectory.h"
#include "logging/LogCategories.h"
#include "auth/Authenticator.h"
#include "server/BrokerServer.h"
#include "server/TlsConfiguration.h"
#include "storage/SqlBackupStore.h"
#include "storage/SqlShareStore.h"
#include "storage/SqlTeamStore.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace ddalab;
using namespace Qt::StringLiterals;

namespace {

constexpr int kExitBadSetting = 2;

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
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(u"%{time yyyy-MM-ddThh:mm:ss.zzz} %{type} %{category}: %{message}"_s);
    QCoreApplication app(argc, argv);
    app.setApplicationName(u"ddalab-broker"_s);
    app.setApplicationVersion(QStringLiteral(DDALAB_BROKER_VERSION));

    const ConfigResult parsed =
        ConfigParser::parse(app.arguments(), QProcessEnvironment::systemEnvironment());
    if (const auto *action = std::get_if<ConfigAction>(&parsed)) {
        QTextStream(stdout) << action->text << (action->text.endsWith(u'\n') ? "" : "\n");
        return 0;
    }
    if (const auto *error = std::get_if<ConfigError>(&parsed))
        return fail(error->setting, error->reason);
    const Config &config = std::get<Config>(parsed);

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
        qCInfo(lcBroker).noquote() << "team groups from" << config.ldap.url << "under"
                                   << config.ldap.baseDn;
    }
    ShareStore &shares = sharesWithDirectory ? static_cast<ShareStore &>(*sharesWithDirectory)
                                             : static_cast<ShareStore &>(*store);
    BrokerServer server(config, BrokerStores{shares, teams, backups}, authenticator, clock);
    if (const auto listenError = server.listen())
        return fail(listenError->setting, listenError->reason);
    qCInfo(lcBroker).noquote() << "listening on"
                               << u"%1:%2"_s.arg(config.bindAddress.toString()).arg(server.port())
                               << (config.tlsEnabled() ? "(TLS: https and wss)" : "");
    return app.exec();
}
