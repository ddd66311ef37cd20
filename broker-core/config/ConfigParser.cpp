#include "ConfigParser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// One setting: its environment variable and its command-line option, which wins.
struct Setting
{
    QString env;
    QString option;
    QString valueName;
    QString description;
};

const QList<Setting> &settings()
{
    static const QList<Setting> list{
        {u"DATABASE_URL"_s, u"database-url"_s, u"url"_s,
         u"postgres://USER:PASS@HOST:PORT/DB or sqlite:///ABSOLUTE/PATH.db "
         "(default: the embedded SQLite file DATA_DIR/broker.db)"_s},
        {u"DATA_DIR"_s, u"data-dir"_s, u"dir"_s,
         u"folder of the embedded SQLite database (default: $STATE_DIRECTORY, else "
         "$XDG_DATA_HOME/ddalab-broker, else ~/.local/share/ddalab-broker)"_s},
        {u"BIND_ADDR"_s, u"bind"_s, u"host:port"_s,
         u"address and port to listen on; [v6]:port for IPv6; port 0 picks a free port "
         "(default: 0.0.0.0:8080)"_s},
        {u"HEARTBEAT_TIMEOUT_SECONDS"_s, u"heartbeat-timeout"_s, u"seconds"_s,
         u"a connection without heartbeat for this long goes offline (default: 300)"_s},
    };
    return list;
}

std::optional<QString> valueOf(const Setting &setting, const QCommandLineParser &parser,
                               const QProcessEnvironment &environment)
{
    if (parser.isSet(setting.option))
        return parser.value(setting.option);
    if (environment.contains(setting.env))
        return environment.value(setting.env);
    return std::nullopt;
}

std::optional<ConfigError> parseBindAddress(const QString &text, Config &config)
{
    const ConfigError error{u"BIND_ADDR"_s,
                            u"'%1' is not HOST:PORT (e.g. 0.0.0.0:8080 or [::]:8080)"_s.arg(text)};
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return error;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    else if (host.contains(u':'))
        return error;
    bool portOk = false;
    const uint port = text.mid(colon + 1).toUInt(&portOk);
    if (!portOk || port > 65535)
        return error;
    QHostAddress address;
    if (host == "localhost"_L1)
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host))
        return error;
    config.bindAddress = address;
    config.port = quint16(port);
    return std::nullopt;
}

} // namespace

QString ConfigParser::defaultDataDir(const QProcessEnvironment &environment)
{
    // systemd's StateDirectory= hands the folder over in STATE_DIRECTORY.
    const QString state = environment.value(u"STATE_DIRECTORY"_s);
    if (!state.isEmpty())
        return state.split(u':').first();
    QString dataHome = environment.value(u"XDG_DATA_HOME"_s);
    if (dataHome.isEmpty())
        dataHome = environment.value(u"HOME"_s, QDir::homePath()) + u"/.local/share"_s;
    return dataHome + u"/ddalab-broker"_s;
}

ConfigResult ConfigParser::parse(const QStringList &arguments,
                                 const QProcessEnvironment &environment)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"DDALAB Sync Broker: presence, share links and state backup for DDALAB desktops.\n"
        "Each option can also be set by the environment variable named in brackets; the "
        "command line wins."_s);
    const QCommandLineOption help(QStringList{u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption version(u"version"_s, u"Show the version."_s);
    parser.addOption(help);
    parser.addOption(version);
    for (const Setting &setting : settings())
        parser.addOption(QCommandLineOption(setting.option,
                                           setting.description + u" ["_s + setting.env + u']',
                                           setting.valueName));

    if (!parser.parse(arguments))
        return ConfigError{u"command line"_s, parser.errorText()};
    if (parser.isSet(help))
        return ConfigAction{ConfigAction::ShowHelp, parser.helpText()};
    if (parser.isSet(version))
        return ConfigAction{ConfigAction::ShowVersion,
                            QCoreApplication::applicationName() + u' ' +
                                QCoreApplication::applicationVersion()};
    if (!parser.positionalArguments().isEmpty())
        return ConfigError{u"command line"_s,
                           u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first())};

    auto value = [&](QStringView env) {
        const auto &all = settings();
        const auto it = std::find_if(all.cbegin(), all.cend(),
                                     [env](const Setting &setting) { return setting.env == env; });
        Q_ASSERT(it != all.cend());
        return valueOf(*it, parser, environment);
    };

    Config config;
    config.dataDir = value(u"DATA_DIR").value_or(defaultDataDir(environment));
    if (config.dataDir.isEmpty() || !QDir::isAbsolutePath(config.dataDir))
        return ConfigError{u"DATA_DIR"_s, u"'%1' is not an absolute path"_s.arg(config.dataDir)};

    if (const auto url = value(u"DATABASE_URL"); url && !url->isEmpty()) {
        QString reason;
        const auto parsed = DatabaseUrl::parse(*url, &reason);
        if (!parsed)
            return ConfigError{u"DATABASE_URL"_s, reason};
        config.database = *parsed;
        config.databaseIsEmbedded = false;
    } else {
        config.database = DatabaseUrl::sqliteFile(config.dataDir + u"/broker.db"_s);
        config.databaseIsEmbedded = true;
    }

    if (const auto bind = value(u"BIND_ADDR")) {
        if (auto error = parseBindAddress(*bind, config))
            return *error;
    }

    if (const auto timeout = value(u"HEARTBEAT_TIMEOUT_SECONDS")) {
        bool ok = false;
        const qlonglong seconds = timeout->toLongLong(&ok);
        if (!ok || seconds <= 0 || seconds > 86400 * 7)
            return ConfigError{u"HEARTBEAT_TIMEOUT_SECONDS"_s,
                               u"'%1' is not a whole number of seconds from 1 to 604800"_s.arg(
                                   *timeout)};
        config.heartbeatTimeout = std::chrono::seconds(seconds);
    }
    return config;
}

} // namespace ddalab
