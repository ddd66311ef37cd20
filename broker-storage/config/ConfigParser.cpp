#include "ConfigParser.h"

#include "EnvFile.h"

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
        {u"SHARE_CACHE_ENTRIES"_s, u"share-cache-entries"_s, u"number"_s,
         u"shares kept in memory for lookups by token; 0 turns the cache off (default: 100000)"_s},
        {u"EXPIRY_SWEEP_SECONDS"_s, u"expiry-sweep"_s, u"seconds"_s,
         u"how often shares that expired are looked for, announced (share event expired) and "
         "old ended ones purged; lookups refuse an expired share at once regardless "
         "(default: 60)"_s},
        {u"SHARE_RETENTION_DAYS"_s, u"share-retention-days"_s, u"days"_s,
         u"revoked and expired shares are deleted this long after they ended; until then "
         "their tokens cannot be taken again (default: 30)"_s},
        {u"REPLICA_LEASE_SECONDS"_s, u"replica-lease"_s, u"seconds"_s,
         u"PostgreSQL: a replica that stops renewing its lease (every fifth of it) counts as "
         "dead this long after its last renewal, and its users go offline on the other "
         "replicas, 3 to 300 (default: 10)"_s},
        {u"REPLICA_ADDRESS"_s, u"replica-address"_s, u"host:port"_s,
         u"PostgreSQL: how this replica is named to administrators (default: the host name "
         "and BIND_ADDR's port)"_s},
        {u"DOWNLOAD_GRANTS"_s, u"download-grants"_s, u"true|false"_s,
         u"false: share_info carries no download grant and no signing key is made; each new "
         "(share, requester) pair otherwise costs a signature (default: true)"_s},
        {u"GRANT_KEY_FILE"_s, u"grant-key-file"_s, u"file"_s,
         u"32-byte key (raw, or 64 hex digits) that seals the grant signing keys in the "
         "database (default: with SQLite, grant-sealing.key beside the database, created at "
         "first start; with PostgreSQL, download grants are off)"_s},
        {u"GRANT_LIFETIME_SECONDS"_s, u"grant-lifetime"_s, u"seconds"_s,
         u"how long a download grant in share_info is valid, 30 to 3600 (default: 300)"_s},
        {u"GRANT_ISSUER"_s, u"grant-issuer"_s, u"iss"_s,
         u"the iss claim of download grants (default: ddalab-broker)"_s},
        {u"AUDIT_RETENTION_DAYS"_s, u"audit-retention-days"_s, u"days"_s,
         u"audit rows older than this are deleted, once a day (default: 365)"_s},
        {u"AUDIT_RECORD_ADDRESSES"_s, u"audit-record-addresses"_s, u"true|false"_s,
         u"whether audit rows keep the client's address; false stores none, for privacy "
         "(default: true)"_s},
        {u"TLS_CERT_FILE"_s, u"tls-cert"_s, u"file"_s,
         u"PEM certificate (chain): serve https:// and wss:// (needs TLS_KEY_FILE)"_s},
        {u"TLS_KEY_FILE"_s, u"tls-key"_s, u"file"_s, u"PEM private key of TLS_CERT_FILE"_s},
        {u"AUTH_MODE"_s, u"auth-mode"_s, u"none|password|jwt"_s,
         u"none: anybody may claim any user id; password: users log in (see PASSWORD_SOURCE); "
         "jwt: credentials are JWTs (default: none)"_s},
        {u"PASSWORD_SOURCE"_s, u"password-source"_s, u"accounts|ldap|shared"_s,
         u"with AUTH_MODE=password, where passwords are checked: the broker's accounts "
         "(ddalab-broker user ...), binding to LDAP_URL as the user, or BROKER_PASSWORD for "
         "everybody (default: accounts)"_s},
        {u"BROKER_PASSWORD"_s, u"broker-password"_s, u"password"_s,
         u"a lab-wide shared password (weak: see README); also accepted as register_user's "
         "password"_s},
        {u"SESSION_TIMEOUT_SECONDS"_s, u"session-timeout"_s, u"seconds"_s,
         u"how long a session from POST /auth/login lasts (default: 86400)"_s},
        {u"LOGIN_FAILURES_PER_ACCOUNT"_s, u"login-failures-per-account"_s, u"number"_s,
         u"failed logins of one user id before its logins back off (default: 5)"_s},
        {u"LOGIN_FAILURES_PER_ADDRESS"_s, u"login-failures-per-address"_s, u"number"_s,
         u"failed logins from one client address before its logins back off (default: 20)"_s},
        {u"BROKER_ADMIN_TOKEN"_s, u"admin-token"_s, u"token"_s,
         u"bearer token that marks admin connections and requests, in both modes"_s},
        {u"JWT_SECRET"_s, u"jwt-secret"_s, u"secret"_s,
         u"shared secret for HS256/HS384/HS512 tokens"_s},
        {u"JWT_PUBLIC_KEY_FILE"_s, u"jwt-public-key"_s, u"file"_s,
         u"PEM public key for RS256/ES256 (and 384/512) tokens"_s},
        {u"JWT_ALGORITHMS"_s, u"jwt-algorithms"_s, u"list"_s,
         u"accepted algorithms, comma-separated (default: HS256 with a secret, RS256,ES256 "
         "with a key)"_s},
        {u"JWT_ISSUER"_s, u"jwt-issuer"_s, u"iss"_s, u"required iss claim, when set"_s},
        {u"JWT_AUDIENCE"_s, u"jwt-audience"_s, u"aud"_s, u"required aud claim, when set"_s},
        {u"JWT_USER_CLAIM"_s, u"jwt-user-claim"_s, u"claim"_s,
         u"claim holding the user id (default: sub)"_s},
        {u"JWT_ROLES_CLAIM"_s, u"jwt-roles-claim"_s, u"claim"_s,
         u"claim holding the roles, a string or an array (default: roles)"_s},
        {u"JWT_ADMIN_ROLE"_s, u"jwt-admin-role"_s, u"role"_s,
         u"role that makes a token an admin credential (default: broker-admin)"_s},
        {u"JWT_LEEWAY_SECONDS"_s, u"jwt-leeway"_s, u"seconds"_s,
         u"clock skew allowed on exp and nbf (default: 30)"_s},
        {u"MAX_MESSAGE_BYTES"_s, u"max-message-bytes"_s, u"bytes"_s,
         u"largest WebSocket message; larger ones close the connection with 1009 "
         "(default: 1048576)"_s},
        {u"RATE_LIMIT_PER_SECOND"_s, u"rate-limit"_s, u"number"_s,
         u"publish/request/revoke messages per second per connection, sustained (default: 5)"_s},
        {u"RATE_LIMIT_BURST"_s, u"rate-burst"_s, u"number"_s,
         u"publish/request/revoke messages allowed at once per connection (default: 30)"_s},
        {u"MAX_CONNECTIONS_PER_ADDRESS"_s, u"max-connections-per-address"_s, u"number"_s,
         u"open WebSocket connections allowed from one client address (default: 64)"_s},
        {u"REGISTER_TIMEOUT_SECONDS"_s, u"register-timeout"_s, u"seconds"_s,
         u"a connection that has not sent register_user by then is closed (default: 30)"_s},
        {u"ALLOWED_ORIGINS"_s, u"allowed-origins"_s, u"list"_s,
         u"comma-separated Origin values browsers may connect from, matched exactly; "
         "requests without Origin are not affected (default: any)"_s},
        {u"CONFIG_FILE"_s, u"config-file"_s, u"file"_s,
         u"file of KEY=VALUE lines with any of these settings, above the environment and "
         "below the command line; re-read on SIGHUP"_s},
        {u"QT_LOGGING_RULES"_s, u"logging-rules"_s, u"rules"_s,
         u"Qt logging rules separated by ';', e.g. ddalab.broker.ws.debug=true; re-applied "
         "on SIGHUP"_s},
        {u"LOG_FORMAT"_s, u"log-format"_s, u"text|json"_s,
         u"json: one JSON object per log line, for log shippers (default: text)"_s},
        {u"SHUTDOWN_TIMEOUT_SECONDS"_s, u"shutdown-timeout"_s, u"seconds"_s,
         u"on SIGTERM/SIGINT, how long open connections may take to finish what they sent "
         "(default: 10)"_s},
        {u"DISCOVERY"_s, u"discovery"_s, u"on|off"_s,
         u"announce the broker by mDNS as _ddalab-broker._tcp through avahi-daemon "
         "(default: on)"_s},
        {u"INSTITUTION_NAME"_s, u"institution-name"_s, u"name"_s,
         u"the institution's name at the first start (mDNS TXT key institution); stored, then "
         "changed with PUT /api/institution/config"_s},
        {u"DISCOVERY_AUTH_PASSWORD"_s, u"discovery-auth-password"_s, u"password"_s,
         u"publish its SHA-256 as mDNS TXT key auth_hash for the desktop's pre-shared "
         "password check (protects nothing on the broker; see README)"_s},
        {u"BACKUP_MAX_BYTES"_s, u"backup-max-bytes"_s, u"bytes"_s,
         u"largest state a user may back up, over WebSocket or HTTP (default: 16777216)"_s},
        {u"LDAP_URL"_s, u"ldap-url"_s, u"url"_s,
         u"ldap://, ldaps:// or ldapi:// URL of a directory whose groups add team members "
         "(default: none)"_s},
        {u"LDAP_BASE_DN"_s, u"ldap-base-dn"_s, u"dn"_s,
         u"where team groups are searched (required with LDAP_URL)"_s},
        {u"LDAP_GROUP_FILTER"_s, u"ldap-group-filter"_s, u"filter"_s,
         u"filter that finds a team's group, {team} standing for the team id (default: "
         "(&(objectClass=groupOfNames)(cn={team})))"_s},
        {u"LDAP_MEMBER_ATTRIBUTE"_s, u"ldap-member-attribute"_s, u"attribute"_s,
         u"attribute of the group that lists its members (default: member)"_s},
        {u"LDAP_USER_ATTRIBUTE"_s, u"ldap-user-attribute"_s, u"attribute"_s,
         u"attribute of a member's entry that holds its user id; empty when the member "
         "attribute holds user ids itself, e.g. memberUid (default: mail)"_s},
        {u"LDAP_USER_BASE_DN"_s, u"ldap-user-base-dn"_s, u"dn"_s,
         u"with PASSWORD_SOURCE=ldap, where user entries are searched (default: "
         "LDAP_BASE_DN)"_s},
        {u"LDAP_USER_FILTER"_s, u"ldap-user-filter"_s, u"filter"_s,
         u"with PASSWORD_SOURCE=ldap, the filter that finds a user's entry, {user} standing for "
         "the user id (default: (mail={user}))"_s},
        {u"LDAP_BIND_DN"_s, u"ldap-bind-dn"_s, u"dn"_s, u"DN to bind as (default: anonymous)"_s},
        {u"LDAP_BIND_PASSWORD"_s, u"ldap-bind-password"_s, u"password"_s,
         u"password of LDAP_BIND_DN"_s},
        {u"LDAP_CACHE_SECONDS"_s, u"ldap-cache-seconds"_s, u"seconds"_s,
         u"how long a group's members are reused before the directory is asked again; 0 asks "
         "every time (default: 60)"_s},
    };
    return list;
}

std::optional<QString> valueOf(const Setting &setting, const QCommandLineParser &parser,
                               const QHash<QString, QString> &fileValues,
                               const QProcessEnvironment &environment)
{
    if (parser.isSet(setting.option))
        return parser.value(setting.option);
    if (const auto it = fileValues.constFind(setting.env); it != fileValues.cend())
        return *it;
    if (environment.contains(setting.env))
        return environment.value(setting.env);
    return std::nullopt;
}

// The values of CONFIG_FILE when the command line or the environment names one; keys that are
// no setting are left out and reported in warnings.
std::variant<QHash<QString, QString>, ConfigError> readConfigFile(const QString &path,
                                                                  QStringList *warnings)
{
    if (path.isEmpty())
        return QHash<QString, QString>();
    QString error;
    auto values = EnvFile::read(path, &error);
    if (!values)
        return ConfigError{u"CONFIG_FILE"_s, error};
    for (auto it = values->begin(); it != values->end();) {
        const QString key = it.key();
        const bool known =
            key != "CONFIG_FILE"_L1 &&
            std::any_of(settings().cbegin(), settings().cend(),
                        [&key](const Setting &setting) { return setting.env == key; });
        if (known) {
            ++it;
            continue;
        }
        warnings->append(u"CONFIG_FILE: %1 is not a setting of this broker; ignored"_s.arg(key));
        it = values->erase(it);
    }
    warnings->sort();
    return *values;
}

// `user VERB [USER]`.
std::variant<AccountCommand, ConfigError> parseAccountCommand(const QStringList &arguments)
{
    static const QList<std::pair<QString, AccountCommand::Verb>> kVerbs{
        {u"add"_s, AccountCommand::Verb::Add},         {u"passwd"_s, AccountCommand::Verb::Passwd},
        {u"disable"_s, AccountCommand::Verb::Disable}, {u"enable"_s, AccountCommand::Verb::Enable},
        {u"remove"_s, AccountCommand::Verb::Remove},   {u"list"_s, AccountCommand::Verb::List},
    };
    const ConfigError usage{
        u"command line"_s, u"expected: user add|passwd|disable|enable|remove USER, or user list"_s};
    if (arguments.first() != "user"_L1 || arguments.size() < 2)
        return arguments.first() == "user"_L1
                   ? usage
                   : ConfigError{u"command line"_s,
                                 u"unexpected argument '%1'"_s.arg(arguments.first())};
    const auto verb = std::find_if(kVerbs.cbegin(), kVerbs.cend(), [&](const auto &candidate) {
        return candidate.first == arguments[1];
    });
    if (verb == kVerbs.cend())
        return usage;
    AccountCommand command{verb->second, {}};
    const bool needsUser = command.verb != AccountCommand::Verb::List;
    if (arguments.size() != (needsUser ? 3 : 2))
        return usage;
    if (needsUser)
        command.userId = arguments[2];
    return command;
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
        "Each option can also be set by the environment variable named in brackets or by a "
        "line of CONFIG_FILE; the command line wins over the file, the file over the "
        "environment."_s);
    const QCommandLineOption help(QStringList{u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption version(u"version"_s, u"Show the version."_s);
    const QCommandLineOption checkHealth(
        u"check-health"_s,
        u"Ask the broker these settings describe for /health on its loopback address and exit "
        "0 when it answers 200 (for container health checks)."_s);
    parser.addOption(help);
    parser.addOption(version);
    parser.addOption(checkHealth);
    for (const Setting &setting : settings())
        parser.addOption(QCommandLineOption(
            setting.option, setting.description + u" ["_s + setting.env + u']', setting.valueName));

    if (!parser.parse(arguments))
        return ConfigError{u"command line"_s, parser.errorText()};
    if (parser.isSet(help))
        return ConfigAction{ConfigAction::ShowHelp, parser.helpText()};
    if (parser.isSet(version))
        return ConfigAction{ConfigAction::ShowVersion, QCoreApplication::applicationName() + u' ' +
                                                           QCoreApplication::applicationVersion()};
    Config config;
    if (const QStringList positional = parser.positionalArguments(); !positional.isEmpty()) {
        const auto command = parseAccountCommand(positional);
        if (const auto *error = std::get_if<ConfigError>(&command))
            return *error;
        config.runMode = Config::RunMode::ManageAccounts;
        config.accountCommand = std::get<AccountCommand>(command);
    }

    auto setting = [](QStringView env) -> const Setting & {
        const auto &all = settings();
        const auto it = std::find_if(all.cbegin(), all.cend(),
                                     [env](const Setting &setting) { return setting.env == env; });
        Q_ASSERT(it != all.cend());
        return *it;
    };

    if (parser.isSet(checkHealth))
        config.runMode = Config::RunMode::CheckHealth;
    config.operation.configFile =
        valueOf(setting(u"CONFIG_FILE"), parser, {}, environment).value_or(QString());
    const auto fileValues =
        readConfigFile(config.operation.configFile, &config.operation.configFileWarnings);
    if (const auto *fileError = std::get_if<ConfigError>(&fileValues))
        return *fileError;
    const auto &fromFile = std::get<QHash<QString, QString>>(fileValues);
    auto value = [&](QStringView env) {
        return valueOf(setting(env), parser, fromFile, environment);
    };

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

    std::optional<ConfigError> error;
    auto readInteger = [&](QStringView env, qint64 min, qint64 max, auto &target) {
        const auto text = value(env);
        if (!text || error)
            return;
        bool ok = false;
        const qint64 number = text->toLongLong(&ok);
        if (!ok || number < min || number > max) {
            error = ConfigError{
                env.toString(),
                u"'%1' is not a whole number from %2 to %3"_s.arg(*text).arg(min).arg(max)};
            return;
        }
        using Target = std::decay_t<decltype(target)>;
        if constexpr (std::is_same_v<Target, std::chrono::seconds>)
            target = std::chrono::seconds(number);
        else
            target = Target(number);
    };
    auto readText = [&](QStringView env, QString &target) {
        if (const auto text = value(env))
            target = *text;
    };
    auto readList = [&](QStringView env, QStringList &target) {
        if (const auto text = value(env)) {
            target.clear();
            for (const QString &item : text->split(u','))
                if (!item.trimmed().isEmpty())
                    target.append(item.trimmed());
        }
    };

    readInteger(u"HEARTBEAT_TIMEOUT_SECONDS", 1, 7 * 86400, config.heartbeatTimeout);
    readInteger(u"SHARE_CACHE_ENTRIES", 0, 100000000, config.shareCacheEntries);
    readInteger(u"EXPIRY_SWEEP_SECONDS", 1, 86400, config.expirySweepInterval);
    readInteger(u"SHARE_RETENTION_DAYS", 1, 36500, config.shareRetentionDays);
    readInteger(u"REPLICA_LEASE_SECONDS", 3, 300, config.replicaLease);
    readText(u"REPLICA_ADDRESS", config.replicaAddress);
    if (const auto grants = value(u"DOWNLOAD_GRANTS")) {
        if (*grants == "true"_L1)
            config.grants.enabled = true;
        else if (*grants == "false"_L1)
            config.grants.enabled = false;
        else
            return ConfigError{u"DOWNLOAD_GRANTS"_s,
                               u"'%1' is neither true nor false"_s.arg(*grants)};
    }
    readText(u"GRANT_KEY_FILE", config.grants.keyFile);
    readInteger(u"GRANT_LIFETIME_SECONDS", 30, 3600, config.grants.lifetime);
    readText(u"GRANT_ISSUER", config.grants.issuer);
    if (config.grants.issuer.isEmpty() || config.grants.issuer.size() > 256)
        return ConfigError{u"GRANT_ISSUER"_s, u"must be 1 to 256 characters"_s};
    readInteger(u"AUDIT_RETENTION_DAYS", 1, 36500, config.auditRetentionDays);
    if (const auto record = value(u"AUDIT_RECORD_ADDRESSES")) {
        if (*record == "true"_L1)
            config.auditRecordAddresses = true;
        else if (*record == "false"_L1)
            config.auditRecordAddresses = false;
        else
            return ConfigError{u"AUDIT_RECORD_ADDRESSES"_s,
                               u"'%1' is neither true nor false"_s.arg(*record)};
    }
    readText(u"TLS_CERT_FILE", config.tlsCertFile);
    readText(u"TLS_KEY_FILE", config.tlsKeyFile);
    if (config.tlsCertFile.isEmpty() != config.tlsKeyFile.isEmpty())
        return ConfigError{config.tlsCertFile.isEmpty() ? u"TLS_CERT_FILE"_s : u"TLS_KEY_FILE"_s,
                           u"TLS needs both TLS_CERT_FILE and TLS_KEY_FILE"_s};

    AuthSettings &auth = config.auth;
    if (const auto mode = value(u"AUTH_MODE")) {
        if (*mode == "none"_L1)
            auth.mode = AuthSettings::Mode::None;
        else if (*mode == "password"_L1)
            auth.mode = AuthSettings::Mode::Password;
        else if (*mode == "jwt"_L1)
            auth.mode = AuthSettings::Mode::Jwt;
        else
            return ConfigError{u"AUTH_MODE"_s,
                               u"'%1' is none of none, password and jwt"_s.arg(*mode)};
    }
    if (const auto source = value(u"PASSWORD_SOURCE")) {
        if (*source == "accounts"_L1)
            auth.passwordSource = AuthSettings::PasswordSource::Accounts;
        else if (*source == "ldap"_L1)
            auth.passwordSource = AuthSettings::PasswordSource::Ldap;
        else if (*source == "shared"_L1)
            auth.passwordSource = AuthSettings::PasswordSource::Shared;
        else
            return ConfigError{u"PASSWORD_SOURCE"_s,
                               u"'%1' is none of accounts, ldap and shared"_s.arg(*source)};
    }
    readText(u"BROKER_PASSWORD", auth.sharedPassword);
    if (auth.mode == AuthSettings::Mode::Password &&
        auth.passwordSource == AuthSettings::PasswordSource::Shared &&
        auth.sharedPassword.isEmpty())
        return ConfigError{u"PASSWORD_SOURCE"_s, u"shared needs BROKER_PASSWORD"_s};
    readInteger(u"SESSION_TIMEOUT_SECONDS", 60, 90 * 86400, auth.sessionTimeout);
    readInteger(u"LOGIN_FAILURES_PER_ACCOUNT", 1, 1000000, auth.loginFailuresPerAccount);
    readInteger(u"LOGIN_FAILURES_PER_ADDRESS", 1, 1000000, auth.loginFailuresPerAddress);
    readText(u"BROKER_ADMIN_TOKEN", auth.adminToken);
    if (!auth.adminToken.isEmpty() && auth.adminToken.size() < 16)
        return ConfigError{u"BROKER_ADMIN_TOKEN"_s, u"must be at least 16 characters"_s};
    readText(u"JWT_SECRET", auth.jwtSecret);
    readText(u"JWT_PUBLIC_KEY_FILE", auth.jwtPublicKeyFile);
    readList(u"JWT_ALGORITHMS", auth.jwtAlgorithms);
    readText(u"JWT_ISSUER", auth.jwtIssuer);
    readText(u"JWT_AUDIENCE", auth.jwtAudience);
    readText(u"JWT_USER_CLAIM", auth.jwtUserClaim);
    readText(u"JWT_ROLES_CLAIM", auth.jwtRolesClaim);
    readText(u"JWT_ADMIN_ROLE", auth.jwtAdminRole);
    readInteger(u"JWT_LEEWAY_SECONDS", 0, 3600, auth.jwtLeeway);
    if (!auth.jwtSecret.isEmpty() && !auth.jwtPublicKeyFile.isEmpty())
        return ConfigError{u"JWT_SECRET"_s,
                           u"set either JWT_SECRET or JWT_PUBLIC_KEY_FILE, never both"_s};
    if (auth.mode == AuthSettings::Mode::Jwt && auth.jwtSecret.isEmpty() &&
        auth.jwtPublicKeyFile.isEmpty())
        return ConfigError{u"AUTH_MODE"_s, u"jwt needs JWT_SECRET or JWT_PUBLIC_KEY_FILE"_s};
    if (!auth.jwtSecret.isEmpty() && auth.jwtSecret.toUtf8().size() < 32)
        return ConfigError{u"JWT_SECRET"_s, u"must be at least 32 bytes"_s};

    LimitSettings &limits = config.limits;
    readInteger(u"MAX_MESSAGE_BYTES", 1024, 256 * 1024 * 1024, limits.maxMessageBytes);
    readInteger(u"RATE_LIMIT_BURST", 1, 1000000, limits.shareRateBurst);
    readInteger(u"MAX_CONNECTIONS_PER_ADDRESS", 1, 1000000, limits.maxConnectionsPerAddress);
    readInteger(u"REGISTER_TIMEOUT_SECONDS", 1, 86400, limits.registerTimeout);
    readList(u"ALLOWED_ORIGINS", limits.allowedOrigins);
    readText(u"QT_LOGGING_RULES", config.operation.loggingRules);
    readInteger(u"SHUTDOWN_TIMEOUT_SECONDS", 1, 3600, config.operation.shutdownTimeout);
    readText(u"INSTITUTION_NAME", config.discovery.institution);
    readText(u"DISCOVERY_AUTH_PASSWORD", config.discovery.authPassword);
    if (error)
        return *error;
    if (const auto format = value(u"LOG_FORMAT")) {
        if (*format == "text"_L1)
            config.operation.logFormat = LogFormat::Text;
        else if (*format == "json"_L1)
            config.operation.logFormat = LogFormat::Json;
        else
            return ConfigError{u"LOG_FORMAT"_s, u"'%1' is neither text nor json"_s.arg(*format)};
    }
    if (const auto discovery = value(u"DISCOVERY")) {
        if (*discovery == "on"_L1)
            config.discovery.enabled = true;
        else if (*discovery == "off"_L1)
            config.discovery.enabled = false;
        else
            return ConfigError{u"DISCOVERY"_s, u"'%1' is neither on nor off"_s.arg(*discovery)};
    }
    // A TXT string holds at most 255 bytes, key and '=' included.
    if (config.discovery.institution.toUtf8().size() > 200)
        return ConfigError{u"INSTITUTION_NAME"_s, u"longer than 200 bytes"_s};
    readInteger(u"BACKUP_MAX_BYTES", 1, 256 * 1024 * 1024, limits.backupMaxBytes);

    LdapSettings &ldap = config.ldap;
    readText(u"LDAP_URL", ldap.url);
    readText(u"LDAP_BASE_DN", ldap.baseDn);
    readText(u"LDAP_GROUP_FILTER", ldap.groupFilter);
    readText(u"LDAP_MEMBER_ATTRIBUTE", ldap.memberAttribute);
    readText(u"LDAP_USER_ATTRIBUTE", ldap.userAttribute);
    readText(u"LDAP_USER_BASE_DN", ldap.userBaseDn);
    readText(u"LDAP_USER_FILTER", ldap.userFilter);
    readText(u"LDAP_BIND_DN", ldap.bindDn);
    readText(u"LDAP_BIND_PASSWORD", ldap.bindPassword);
    readInteger(u"LDAP_CACHE_SECONDS", 0, 86400, ldap.cacheTime);
    if (error)
        return *error;
    if (ldap.enabled()) {
        const QString scheme = ldap.url.section(u"://"_s, 0, 0).toLower();
        if (!ldap.url.contains(u"://"_s) ||
            (scheme != "ldap"_L1 && scheme != "ldaps"_L1 && scheme != "ldapi"_L1))
            return ConfigError{u"LDAP_URL"_s,
                               u"'%1' is not an ldap://, ldaps:// or ldapi:// URL"_s.arg(ldap.url)};
        if (ldap.baseDn.isEmpty())
            return ConfigError{u"LDAP_BASE_DN"_s, u"LDAP_URL needs LDAP_BASE_DN"_s};
        if (!ldap.groupFilter.contains(u"{team}"_s))
            return ConfigError{u"LDAP_GROUP_FILTER"_s,
                               u"'%1' does not contain {team}"_s.arg(ldap.groupFilter)};
        if (ldap.memberAttribute.isEmpty())
            return ConfigError{u"LDAP_MEMBER_ATTRIBUTE"_s, u"must not be empty"_s};
        if (ldap.userBaseDn.isEmpty())
            ldap.userBaseDn = ldap.baseDn;
        if (!ldap.userFilter.contains(u"{user}"_s))
            return ConfigError{u"LDAP_USER_FILTER"_s,
                               u"'%1' does not contain {user}"_s.arg(ldap.userFilter)};
    }
    if (auth.mode == AuthSettings::Mode::Password &&
        auth.passwordSource == AuthSettings::PasswordSource::Ldap && !ldap.enabled())
        return ConfigError{u"PASSWORD_SOURCE"_s, u"ldap needs LDAP_URL"_s};
    if (const auto rate = value(u"RATE_LIMIT_PER_SECOND")) {
        bool ok = false;
        const double perSecond = rate->toDouble(&ok);
        if (!ok || !(perSecond > 0) || perSecond > 1e6)
            return ConfigError{u"RATE_LIMIT_PER_SECOND"_s,
                               u"'%1' is not a number above 0 and up to 1000000"_s.arg(*rate)};
        limits.shareRatePerSecond = perSecond;
    }
    return config;
}

} // namespace ddalab
