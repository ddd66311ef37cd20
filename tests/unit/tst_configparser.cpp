#include "config/ConfigParser.h"

#include <QCoreApplication>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using ddalab::Config;
using ddalab::ConfigAction;
using ddalab::ConfigError;
using ddalab::ConfigParser;
using ddalab::ConfigResult;
using ddalab::DatabaseUrl;

Q_DECLARE_METATYPE(ddalab::DatabaseUrl::Engine)

namespace {

const QString kProgram = u"ddalab-broker"_s;
const QString kHome = u"/home/tester"_s;

// An environment with only the variables a case sets, plus HOME so that defaults do not
// depend on who runs the tests.
QProcessEnvironment environment(const QList<std::pair<QString, QString>> &variables = {})
{
    QProcessEnvironment env;
    env.insert(u"HOME"_s, kHome);
    for (const auto &[name, value] : variables)
        env.insert(name, value);
    return env;
}

QString describe(const ConfigResult &result)
{
    if (const auto *error = std::get_if<ConfigError>(&result))
        return u"ConfigError(%1)"_s.arg(error->toString());
    if (const auto *action = std::get_if<ConfigAction>(&result))
        return u"ConfigAction(%1)"_s.arg(int(action->kind));
    return u"Config"_s;
}

} // namespace

class tst_ConfigParser : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void defaults();
    void defaultDataDir_data();
    void defaultDataDir();
    void dataDirSetting();
    void environmentBeatsDefaults();
    void commandLineBeatsEnvironment();

    void bindAddress_data();
    void bindAddress();
    void badBindAddress_data();
    void badBindAddress();

    void heartbeatTimeout_data();
    void heartbeatTimeout();
    void badHeartbeatTimeout_data();
    void badHeartbeatTimeout();

    void databaseUrl_data();
    void databaseUrl();
    void badDatabaseUrl_data();
    void badDatabaseUrl();
    void redactedHidesPassword_data();
    void redactedHidesPassword();

    void downloadGrants();

    void helpAndVersion_data();
    void helpAndVersion();
    void badCommandLine_data();
    void badCommandLine();
};

void tst_ConfigParser::downloadGrants()
{
    const auto grantsEnabled = [](const QString &value) -> std::optional<bool> {
        const ConfigResult result = ConfigParser::parse(
            {kProgram},
            value.isNull() ? environment() : environment({{u"DOWNLOAD_GRANTS"_s, value}}));
        const auto *config = std::get_if<Config>(&result);
        return config ? std::optional<bool>(config->grants.enabled) : std::nullopt;
    };
    QCOMPARE(grantsEnabled(QString()), std::optional<bool>(true));
    QCOMPARE(grantsEnabled(u"true"_s), std::optional<bool>(true));
    QCOMPARE(grantsEnabled(u"false"_s), std::optional<bool>(false));

    const ConfigResult bad =
        ConfigParser::parse({kProgram}, environment({{u"DOWNLOAD_GRANTS"_s, u"off"_s}}));
    const auto *error = std::get_if<ConfigError>(&bad);
    QVERIFY2(error, qPrintable(describe(bad)));
    QCOMPARE(error->setting, u"DOWNLOAD_GRANTS"_s);
    QVERIFY2(error->toString().contains(u"'off' is neither true nor false"_s),
             qPrintable(error->toString()));
}

void tst_ConfigParser::initTestCase()
{
    QCoreApplication::setApplicationName(kProgram);
    QCoreApplication::setApplicationVersion(u"9.8.7"_s);
}

void tst_ConfigParser::defaults()
{
    const ConfigResult result = ConfigParser::parse({kProgram}, environment());
    const auto *config = std::get_if<Config>(&result);
    QVERIFY2(config, qPrintable(describe(result)));

    QCOMPARE(config->bindAddress, QHostAddress(QHostAddress::Any));
    QCOMPARE(config->bindAddress.toString(), u"0.0.0.0"_s);
    QCOMPARE(config->port, quint16(8080));
    QCOMPARE(config->heartbeatTimeout, 300s);
    QCOMPARE(config->dataDir, kHome + u"/.local/share/ddalab-broker"_s);
    QVERIFY(config->databaseIsEmbedded);
    QCOMPARE(config->database.engine, DatabaseUrl::Engine::Sqlite);
    QCOMPARE(config->database.database, config->dataDir + u"/broker.db"_s);
}

void tst_ConfigParser::defaultDataDir_data()
{
    QTest::addColumn<QString>("stateDirectory");
    QTest::addColumn<QString>("xdgDataHome");
    QTest::addColumn<QString>("expected");

    QTest::newRow("HOME only") << QString() << QString()
                               << kHome + u"/.local/share/ddalab-broker"_s;
    QTest::newRow("XDG_DATA_HOME") << QString() << u"/srv/xdg"_s << u"/srv/xdg/ddalab-broker"_s;
    QTest::newRow("STATE_DIRECTORY")
        << u"/var/lib/ddalab-broker"_s << QString() << u"/var/lib/ddalab-broker"_s;
    QTest::newRow("STATE_DIRECTORY beats XDG_DATA_HOME")
        << u"/var/lib/ddalab-broker"_s << u"/srv/xdg"_s << u"/var/lib/ddalab-broker"_s;
    QTest::newRow("STATE_DIRECTORY with several folders")
        << u"/var/lib/ddalab-broker:/var/lib/other"_s << QString() << u"/var/lib/ddalab-broker"_s;
}

void tst_ConfigParser::defaultDataDir()
{
    QFETCH(QString, stateDirectory);
    QFETCH(QString, xdgDataHome);
    QFETCH(QString, expected);

    QProcessEnvironment env = environment();
    if (!stateDirectory.isEmpty())
        env.insert(u"STATE_DIRECTORY"_s, stateDirectory);
    if (!xdgDataHome.isEmpty())
        env.insert(u"XDG_DATA_HOME"_s, xdgDataHome);

    QCOMPARE(ConfigParser::defaultDataDir(env), expected);
    const ConfigResult result = ConfigParser::parse({kProgram}, env);
    const auto *config = std::get_if<Config>(&result);
    QVERIFY2(config, qPrintable(describe(result)));
    QCOMPARE(config->dataDir, expected);
    QVERIFY(config->databaseIsEmbedded);
    QCOMPARE(config->database.engine, DatabaseUrl::Engine::Sqlite);
    QCOMPARE(config->database.database, expected + u"/broker.db"_s);
}

void tst_ConfigParser::dataDirSetting()
{
    const ConfigResult result = ConfigParser::parse(
        {kProgram},
        environment({{u"DATA_DIR"_s, u"/data"_s}, {u"STATE_DIRECTORY"_s, u"/state"_s}}));
    const auto *config = std::get_if<Config>(&result);
    QVERIFY2(config, qPrintable(describe(result)));
    QCOMPARE(config->dataDir, u"/data"_s);
    QCOMPARE(config->database.database, u"/data/broker.db"_s);

    const ConfigResult relative =
        ConfigParser::parse({kProgram}, environment({{u"DATA_DIR"_s, u"data"_s}}));
    const auto *error = std::get_if<ConfigError>(&relative);
    QVERIFY2(error, qPrintable(describe(relative)));
    QCOMPARE(error->setting, u"DATA_DIR"_s);
    QVERIFY(error->toString().startsWith("DATA_DIR: "_L1));
}

void tst_ConfigParser::environmentBeatsDefaults()
{
    const ConfigResult result = ConfigParser::parse(
        {kProgram}, environment({{u"BIND_ADDR"_s, u"127.0.0.1:9000"_s},
                                 {u"HEARTBEAT_TIMEOUT_SECONDS"_s, u"90"_s},
                                 {u"DATABASE_URL"_s, u"postgres://u:p@db.example:5433/broker"_s},
                                 {u"DATA_DIR"_s, u"/env/data"_s}}));
    const auto *config = std::get_if<Config>(&result);
    QVERIFY2(config, qPrintable(describe(result)));
    QCOMPARE(config->bindAddress, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(config->port, quint16(9000));
    QCOMPARE(config->heartbeatTimeout, 90s);
    QCOMPARE(config->dataDir, u"/env/data"_s);
    QVERIFY(!config->databaseIsEmbedded);
    QCOMPARE(config->database.engine, DatabaseUrl::Engine::PostgreSql);
    QCOMPARE(config->database.host, u"db.example"_s);
}

void tst_ConfigParser::commandLineBeatsEnvironment()
{
    const QProcessEnvironment env =
        environment({{u"BIND_ADDR"_s, u"127.0.0.1:9000"_s},
                     {u"HEARTBEAT_TIMEOUT_SECONDS"_s, u"90"_s},
                     {u"DATABASE_URL"_s, u"postgres://u:p@db.example:5433/broker"_s},
                     {u"DATA_DIR"_s, u"/env/data"_s}});
    const QStringList arguments{kProgram,
                                u"--bind"_s,
                                u"[::1]:7000"_s,
                                u"--heartbeat-timeout"_s,
                                u"45"_s,
                                u"--database-url"_s,
                                u"sqlite:///cli/broker.db"_s,
                                u"--data-dir"_s,
                                u"/cli/data"_s};
    const ConfigResult result = ConfigParser::parse(arguments, env);
    const auto *config = std::get_if<Config>(&result);
    QVERIFY2(config, qPrintable(describe(result)));
    QCOMPARE(config->bindAddress, QHostAddress(QHostAddress::LocalHostIPv6));
    QCOMPARE(config->port, quint16(7000));
    QCOMPARE(config->heartbeatTimeout, 45s);
    QCOMPARE(config->dataDir, u"/cli/data"_s);
    QVERIFY(!config->databaseIsEmbedded);
    QCOMPARE(config->database.engine, DatabaseUrl::Engine::Sqlite);
    QCOMPARE(config->database.database, u"/cli/broker.db"_s);

    // An option given as --name=value counts the same.
    const ConfigResult equals = ConfigParser::parse({kProgram, u"--bind=127.0.0.1:7001"_s}, env);
    const auto *equalsConfig = std::get_if<Config>(&equals);
    QVERIFY2(equalsConfig, qPrintable(describe(equals)));
    QCOMPARE(equalsConfig->port, quint16(7001));
    QCOMPARE(equalsConfig->heartbeatTimeout, 90s); // from the environment

    // A bad command-line value is reported even when the environment's is fine.
    const ConfigResult bad = ConfigParser::parse({kProgram, u"--bind"_s, u"foo"_s}, env);
    const auto *error = std::get_if<ConfigError>(&bad);
    QVERIFY2(error, qPrintable(describe(bad)));
    QCOMPARE(error->setting, u"BIND_ADDR"_s);
}

void tst_ConfigParser::bindAddress_data()
{
    QTest::addColumn<QString>("bind");
    QTest::addColumn<QHostAddress>("address");
    QTest::addColumn<int>("port");

    QTest::newRow("IPv4 any") << u"0.0.0.0:8080"_s << QHostAddress(QHostAddress::AnyIPv4) << 8080;
    QTest::newRow("IPv4 host:port")
        << u"127.0.0.1:9000"_s << QHostAddress(QHostAddress::LocalHost) << 9000;
    QTest::newRow("LAN address") << u"192.168.1.10:443"_s << QHostAddress(u"192.168.1.10"_s) << 443;
    QTest::newRow("[::1]:9000") << u"[::1]:9000"_s << QHostAddress(QHostAddress::LocalHostIPv6)
                                << 9000;
    QTest::newRow("[::]:8080") << u"[::]:8080"_s << QHostAddress(QHostAddress::AnyIPv6) << 8080;
    QTest::newRow("localhost:0 picks a free port")
        << u"localhost:0"_s << QHostAddress(QHostAddress::LocalHost) << 0;
    QTest::newRow("highest port") << u"127.0.0.1:65535"_s << QHostAddress(QHostAddress::LocalHost)
                                  << 65535;
}

void tst_ConfigParser::bindAddress()
{
    QFETCH(QString, bind);
    QFETCH(QHostAddress, address);
    QFETCH(int, port);

    const ConfigResult result =
        ConfigParser::parse({kProgram}, environment({{u"BIND_ADDR"_s, bind}}));
    const auto *config = std::get_if<Config>(&result);
    QVERIFY2(config, qPrintable(describe(result)));
    QCOMPARE(config->bindAddress, address);
    QCOMPARE(config->port, quint16(port));
}

void tst_ConfigParser::badBindAddress_data()
{
    QTest::addColumn<QString>("bind");

    QTest::newRow("no port") << u"foo"_s;
    QTest::newRow("host name") << u"foo:80"_s;
    QTest::newRow("port out of range") << u"1.2.3.4:99999"_s;
    QTest::newRow("no host") << u":80"_s;
    QTest::newRow("IPv6 without brackets") << u"::1:80"_s;
    QTest::newRow("empty port") << u"1.2.3.4:"_s;
    QTest::newRow("negative port") << u"1.2.3.4:-1"_s;
    QTest::newRow("port with letters") << u"1.2.3.4:80x"_s;
    QTest::newRow("bad IPv4") << u"1.2.3.400:80"_s;
    QTest::newRow("unclosed bracket") << u"[::1:80"_s;
    QTest::newRow("empty") << QString();
}

void tst_ConfigParser::badBindAddress()
{
    QFETCH(QString, bind);

    const ConfigResult result =
        ConfigParser::parse({kProgram}, environment({{u"BIND_ADDR"_s, bind}}));
    const auto *error = std::get_if<ConfigError>(&result);
    QVERIFY2(error, qPrintable(describe(result)));
    QCOMPARE(error->setting, u"BIND_ADDR"_s);
    QVERIFY2(error->toString().startsWith("BIND_ADDR: "_L1), qPrintable(error->toString()));
    QVERIFY2(error->reason.contains(bind), qPrintable(error->reason));
}

void tst_ConfigParser::heartbeatTimeout_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<qint64>("seconds");

    QTest::newRow("one second") << u"1"_s << qint64(1);
    QTest::newRow("one minute") << u"60"_s << qint64(60);
    QTest::newRow("one week") << u"604800"_s << qint64(604800);
}

void tst_ConfigParser::heartbeatTimeout()
{
    QFETCH(QString, value);
    QFETCH(qint64, seconds);

    const ConfigResult result =
        ConfigParser::parse({kProgram}, environment({{u"HEARTBEAT_TIMEOUT_SECONDS"_s, value}}));
    const auto *config = std::get_if<Config>(&result);
    QVERIFY2(config, qPrintable(describe(result)));
    QCOMPARE(config->heartbeatTimeout.count(), seconds);
}

void tst_ConfigParser::badHeartbeatTimeout_data()
{
    QTest::addColumn<QString>("value");

    QTest::newRow("-1") << u"-1"_s;
    QTest::newRow("0") << u"0"_s;
    QTest::newRow("abc") << u"abc"_s;
    QTest::newRow("fraction") << u"1.5"_s;
    QTest::newRow("unit") << u"60s"_s;
    QTest::newRow("over a week") << u"604801"_s;
    QTest::newRow("overflow") << u"99999999999999999999999"_s;
}

void tst_ConfigParser::badHeartbeatTimeout()
{
    QFETCH(QString, value);

    const ConfigResult result =
        ConfigParser::parse({kProgram}, environment({{u"HEARTBEAT_TIMEOUT_SECONDS"_s, value}}));
    const auto *error = std::get_if<ConfigError>(&result);
    QVERIFY2(error, qPrintable(describe(result)));
    QCOMPARE(error->setting, u"HEARTBEAT_TIMEOUT_SECONDS"_s);
    QVERIFY2(error->toString().startsWith("HEARTBEAT_TIMEOUT_SECONDS: "_L1),
             qPrintable(error->toString()));
    QVERIFY2(error->reason.contains(value), qPrintable(error->reason));
}

void tst_ConfigParser::databaseUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<DatabaseUrl::Engine>("engine");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("options");

    const auto pg = DatabaseUrl::Engine::PostgreSql;
    QTest::newRow("postgres://") << u"postgres://u:p@h:5433/db"_s << pg << u"h"_s << 5433 << u"u"_s
                                 << u"p"_s << u"db"_s << QString();
    QTest::newRow("postgresql:// with the default port")
        << u"postgresql://ddalab:secret@db.example.org/ddalab_broker"_s << pg << u"db.example.org"_s
        << 5432 << u"ddalab"_s << u"secret"_s << u"ddalab_broker"_s << QString();
    QTest::newRow("upper-case scheme") << u"POSTGRES://u@h/db"_s << pg << u"h"_s << 5432 << u"u"_s
                                       << QString() << u"db"_s << QString();
    QTest::newRow("percent-encoded password")
        << u"postgres://u:p%40ss%2Fw%3Ard@h/db"_s << pg << u"h"_s << 5432 << u"u"_s
        << u"p@ss/w:rd"_s << u"db"_s << QString();
    QTest::newRow("IPv6 host") << u"postgres://u@[::1]:5433/db"_s << pg << u"::1"_s << 5433
                               << u"u"_s << QString() << u"db"_s << QString();
    QTest::newRow("socket folder from ?host=")
        << u"postgres://u@localhost/db?host=/run/postgresql"_s << pg << u"/run/postgresql"_s << 5432
        << u"u"_s << QString() << u"db"_s << QString();
    QTest::newRow("sslmode and connect_timeout")
        << u"postgres://u@h/db?sslmode=require&connect_timeout=5"_s << pg << u"h"_s << 5432
        << u"u"_s << QString() << u"db"_s << u"sslmode=require;connect_timeout=5"_s;
    QTest::newRow("sqlite:///abs/path.db")
        << u"sqlite:///abs/path.db"_s << DatabaseUrl::Engine::Sqlite << QString() << 5432
        << QString() << QString() << u"/abs/path.db"_s << QString();
    QTest::newRow("sqlite with an encoded space")
        << u"sqlite:///var/lib/my%20broker/broker.db"_s << DatabaseUrl::Engine::Sqlite << QString()
        << 5432 << QString() << QString() << u"/var/lib/my broker/broker.db"_s << QString();
}

void tst_ConfigParser::databaseUrl()
{
    QFETCH(QString, url);
    QFETCH(DatabaseUrl::Engine, engine);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, database);
    QFETCH(QString, options);

    const ConfigResult result =
        ConfigParser::parse({kProgram}, environment({{u"DATABASE_URL"_s, url}}));
    const auto *config = std::get_if<Config>(&result);
    QVERIFY2(config, qPrintable(describe(result)));
    QVERIFY(!config->databaseIsEmbedded);
    const DatabaseUrl &parsed = config->database;
    QCOMPARE(parsed.engine, engine);
    QCOMPARE(parsed.database, database);
    if (engine == DatabaseUrl::Engine::PostgreSql) {
        QCOMPARE(parsed.host, host);
        QCOMPARE(parsed.port, port);
        QCOMPARE(parsed.user, user);
        QCOMPARE(parsed.password, password);
        QCOMPARE(parsed.connectOptions, options);
    }
}

void tst_ConfigParser::badDatabaseUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("reason"); // part of the reason

    QTest::newRow("mysql") << u"mysql://u:p@h/db"_s << u"unknown scheme 'mysql'"_s;
    QTest::newRow("http") << u"http://h/db"_s << u"unknown scheme 'http'"_s;
    QTest::newRow("sqlite://relative") << u"sqlite://relative.db"_s << u"sqlite"_s;
    QTest::newRow("sqlite://relative/path") << u"sqlite://data/broker.db"_s << u"sqlite"_s;
    QTest::newRow("sqlite:relative") << u"sqlite:broker.db"_s << u"sqlite"_s;
    QTest::newRow("sqlite without a file") << u"sqlite:///"_s << u"sqlite"_s;
    QTest::newRow("postgres without a database") << u"postgres://h/"_s << u"one database"_s;
    QTest::newRow("postgres without a path") << u"postgres://u:p@h:5432"_s << u"one database"_s;
    QTest::newRow("postgres with a nested path") << u"postgres://h/db/more"_s << u"one database"_s;
    QTest::newRow("postgres without a host") << u"postgres:///db"_s << u"no host"_s;
    QTest::newRow("unknown query parameter") << u"postgres://u:p@h/db?foo=bar"_s << u"'foo'"_s;
    QTest::newRow("password as query parameter")
        << u"postgres://u@h/db?password=secret"_s << u"'password'"_s;
    QTest::newRow("no scheme") << u"db.example.org/broker"_s << u"not a URL"_s;
    QTest::newRow("plain text") << u"my database"_s << u"not a URL"_s;
}

void tst_ConfigParser::badDatabaseUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, reason);

    const ConfigResult result =
        ConfigParser::parse({kProgram}, environment({{u"DATABASE_URL"_s, url}}));
    const auto *error = std::get_if<ConfigError>(&result);
    QVERIFY2(error, qPrintable(describe(result)));
    QCOMPARE(error->setting, u"DATABASE_URL"_s);
    QVERIFY2(error->toString().startsWith("DATABASE_URL: "_L1), qPrintable(error->toString()));
    QVERIFY2(error->reason.contains(reason), qPrintable(error->reason));

    // The same from the command line.
    const ConfigResult fromCommandLine =
        ConfigParser::parse({kProgram, u"--database-url"_s, url}, environment());
    const auto *commandLineError = std::get_if<ConfigError>(&fromCommandLine);
    QVERIFY2(commandLineError, qPrintable(describe(fromCommandLine)));
    QCOMPARE(commandLineError->setting, u"DATABASE_URL"_s);
}

void tst_ConfigParser::redactedHidesPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QStringList>("kept"); // what the redacted form still shows

    QTest::newRow("plain password")
        << u"postgres://ddalab:s3cr3tPa55@db.example:5433/broker"_s << u"s3cr3tPa55"_s
        << QStringList{u"ddalab"_s, u"db.example"_s, u"5433"_s, u"broker"_s};
    QTest::newRow("encoded password")
        << u"postgres://ddalab:p%40ss%2Fw0rd@db.example/broker"_s << u"p@ss/w0rd"_s
        << QStringList{u"ddalab"_s, u"db.example"_s, u"broker"_s};
    QTest::newRow("password with options")
        << u"postgresql://u:hunter2hunter2@h/db?sslmode=require"_s << u"hunter2hunter2"_s
        << QStringList{u"h"_s, u"db"_s};
}

void tst_ConfigParser::redactedHidesPassword()
{
    QFETCH(QString, url);
    QFETCH(QString, password);
    QFETCH(QStringList, kept);

    QString error;
    const auto parsed = DatabaseUrl::parse(url, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->password, password);

    const QString redacted = parsed->redacted();
    QVERIFY2(!redacted.contains(password), qPrintable(redacted));
    QVERIFY2(!redacted.contains(QString::fromLatin1(QUrl::toPercentEncoding(password))),
             qPrintable(redacted));
    QVERIFY2(redacted.contains("***"_L1), qPrintable(redacted));
    for (const QString &part : kept)
        QVERIFY2(redacted.contains(part), qPrintable(redacted + u" lacks "_s + part));

    // No password, nothing to hide, and no placeholder either.
    const auto withoutPassword = DatabaseUrl::parse(u"postgres://u@h/db"_s, &error);
    QVERIFY2(withoutPassword, qPrintable(error));
    QVERIFY(!withoutPassword->redacted().contains("***"_L1));

    const DatabaseUrl sqlite = DatabaseUrl::sqliteFile(u"/var/lib/ddalab-broker/broker.db"_s);
    QCOMPARE(sqlite.redacted(), u"sqlite:///var/lib/ddalab-broker/broker.db"_s);
}

void tst_ConfigParser::helpAndVersion_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QStringList>("mentions");

    const QStringList help{
        u"--bind"_s,     u"BIND_ADDR"_s, u"--database-url"_s,      u"DATABASE_URL"_s,
        u"--data-dir"_s, u"DATA_DIR"_s,  u"--heartbeat-timeout"_s, u"HEARTBEAT_TIMEOUT_SECONDS"_s};
    QTest::newRow("--help") << u"--help"_s << int(ConfigAction::ShowHelp) << help;
    QTest::newRow("-h") << u"-h"_s << int(ConfigAction::ShowHelp) << help;
    QTest::newRow("--version") << u"--version"_s << int(ConfigAction::ShowVersion)
                               << QStringList{u"9.8.7"_s};
}

void tst_ConfigParser::helpAndVersion()
{
    QFETCH(QString, argument);
    QFETCH(int, kind);
    QFETCH(QStringList, mentions);

    // Asking for help works even when a setting is broken.
    const ConfigResult result =
        ConfigParser::parse({kProgram, argument}, environment({{u"BIND_ADDR"_s, u"foo"_s}}));
    const auto *action = std::get_if<ConfigAction>(&result);
    QVERIFY2(action, qPrintable(describe(result)));
    QCOMPARE(int(action->kind), kind);
    for (const QString &text : mentions)
        QVERIFY2(action->text.contains(text), qPrintable(action->text + u" lacks "_s + text));
}

void tst_ConfigParser::badCommandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");

    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("missing value") << QStringList{u"--bind"_s} << u"bind"_s;
    QTest::newRow("positional argument") << QStringList{u"serve"_s} << u"serve"_s;
}

void tst_ConfigParser::badCommandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);

    const ConfigResult result =
        ConfigParser::parse(QStringList{kProgram} + arguments, environment());
    const auto *error = std::get_if<ConfigError>(&result);
    QVERIFY2(error, qPrintable(describe(result)));
    QCOMPARE(error->setting, u"command line"_s);
    QVERIFY2(error->reason.contains(reason), qPrintable(error->reason));
}

QTEST_GUILESS_MAIN(tst_ConfigParser)
#include "tst_configparser.moc"
