#pragma once

#include "DatabaseUrl.h"
#include "logging/LogFormat.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <chrono>

namespace ddalab {

// How connections prove who they are. Documented, setting by setting, in README.md.
struct AuthSettings
{
    enum class Mode { None, Password, Jwt };
    // Where AUTH_MODE=password checks passwords.
    enum class PasswordSource { Accounts, Ldap, Shared };

    Mode mode = Mode::None;                                   // AUTH_MODE
    PasswordSource passwordSource = PasswordSource::Accounts; // PASSWORD_SOURCE
    QString sharedPassword;                                   // BROKER_PASSWORD; never logged
    std::chrono::seconds sessionTimeout{86400};               // SESSION_TIMEOUT_SECONDS
    int loginFailuresPerAccount = 5;  // LOGIN_FAILURES_PER_ACCOUNT, before logins back off
    int loginFailuresPerAddress = 20; // LOGIN_FAILURES_PER_ADDRESS
    QString adminToken;               // BROKER_ADMIN_TOKEN; never logged
    QString jwtSecret;                // JWT_SECRET (HS256/384/512); never logged
    QString jwtPublicKeyFile;         // JWT_PUBLIC_KEY_FILE (RS*/ES* PEM)
    QStringList jwtAlgorithms;        // JWT_ALGORITHMS; default by key kind
    QString jwtIssuer;                // JWT_ISSUER, checked when set
    QString jwtAudience;              // JWT_AUDIENCE, checked when set
    QString jwtUserClaim = QStringLiteral("sub");          // JWT_USER_CLAIM
    QString jwtRolesClaim = QStringLiteral("roles");       // JWT_ROLES_CLAIM
    QString jwtAdminRole = QStringLiteral("broker-admin"); // JWT_ADMIN_ROLE
    std::chrono::seconds jwtLeeway{30};                    // JWT_LEEWAY_SECONDS

    // Whether logins check the broker's own accounts.
    bool usesAccounts() const
    {
        return mode == Mode::Password && passwordSource == PasswordSource::Accounts;
    }
};

// What one client may cost the broker.
struct LimitSettings
{
    qint64 maxMessageBytes = 1024 * 1024;     // MAX_MESSAGE_BYTES
    double shareRatePerSecond = 5;            // RATE_LIMIT_PER_SECOND
    int shareRateBurst = 30;                  // RATE_LIMIT_BURST
    int maxConnectionsPerAddress = 64;        // MAX_CONNECTIONS_PER_ADDRESS
    std::chrono::seconds registerTimeout{30}; // REGISTER_TIMEOUT_SECONDS
    QStringList allowedOrigins;               // ALLOWED_ORIGINS, exact matches
    qint64 backupMaxBytes = 16 * 1024 * 1024; // BACKUP_MAX_BYTES, per user state
};

// Team membership from the institution's LDAP directory, when url is set: the members of team T
// are those of the directory group that groupFilter finds for T, besides the registry's.
struct LdapSettings
{
    QString url;    // LDAP_URL: ldap://, ldaps:// or ldapi://; empty: no directory
    QString baseDn; // LDAP_BASE_DN: where groups are searched (subtree)
    // LDAP_GROUP_FILTER: {team} stands for the team id, escaped
    QString groupFilter = QStringLiteral("(&(objectClass=groupOfNames)(cn={team}))");
    QString memberAttribute = QStringLiteral("member"); // LDAP_MEMBER_ATTRIBUTE
    // LDAP_USER_ATTRIBUTE: of a member's entry; empty when member values are user ids themselves
    QString userAttribute = QStringLiteral("mail");
    // For PASSWORD_SOURCE=ldap: where users are searched (LDAP_USER_BASE_DN, default
    // LDAP_BASE_DN) and the filter that finds one, {user} standing for the user id
    // (LDAP_USER_FILTER); the broker then binds as that entry with the password.
    QString userBaseDn;
    QString userFilter = QStringLiteral("(mail={user})");
    QString bindDn;                     // LDAP_BIND_DN; empty: anonymous
    QString bindPassword;               // LDAP_BIND_PASSWORD; never logged
    std::chrono::seconds cacheTime{60}; // LDAP_CACHE_SECONDS

    bool enabled() const { return !url.isEmpty(); }
};

// How the daemon is operated: its logs, its shutdown, the file it re-reads on SIGHUP.
struct OperationSettings
{
    LogFormat logFormat = LogFormat::Text;    // LOG_FORMAT
    QString loggingRules;                     // QT_LOGGING_RULES, ';'-separated as Qt's
    std::chrono::seconds shutdownTimeout{10}; // SHUTDOWN_TIMEOUT_SECONDS
    QString configFile;                       // CONFIG_FILE, re-read on SIGHUP
    QStringList configFileWarnings;           // what in CONFIG_FILE was ignored, for the log
};

// The mDNS announcement that lets DDALAB desktops find the broker.
struct DiscoverySettings
{
    bool enabled = true;  // DISCOVERY
    QString institution;  // INSTITUTION_NAME, the TXT key institution
    QString authPassword; // DISCOVERY_AUTH_PASSWORD; never logged, only its SHA-256 is published
};

// `ddalab-broker user VERB [USER]`: an account change on the configured database.
struct AccountCommand
{
    enum class Verb { Add, Passwd, Disable, Enable, Remove, List };
    Verb verb = Verb::List;
    QString userId; // all verbs but List
};

// Download grants: the signed tokens share_info carries (README "Download grants").
struct GrantSettings
{
    // GRANT_KEY_FILE: the 32-byte key that seals the signing keys in the database. Empty: with
    // SQLite, grant-sealing.key beside the database file (created at first start); with
    // PostgreSQL, grants are off.
    QString keyFile;
    // DOWNLOAD_GRANTS=false: no grants whatever the engine (no key file, no key, no signature
    // per request), for labs whose API servers do not check them.
    bool enabled = true;
    std::chrono::seconds lifetime{300};               // GRANT_LIFETIME_SECONDS
    QString issuer = QStringLiteral("ddalab-broker"); // GRANT_ISSUER, the iss claim
};

// The daemon's settings, parsed once at start-up (command line > CONFIG_FILE > environment >
// defaults) and passed to the objects that need them.
struct Config
{
    // Serve, only ask a running broker's /health (--check-health, for container probes), or
    // change an account (`user ...`).
    enum class RunMode { Serve, CheckHealth, ManageAccounts };

    RunMode runMode = RunMode::Serve;
    AccountCommand accountCommand; // RunMode::ManageAccounts
    DatabaseUrl database;          // DATABASE_URL, or the embedded SQLite file in dataDir
    bool databaseIsEmbedded = true;
    QString dataDir;                              // DATA_DIR
    QHostAddress bindAddress = QHostAddress::Any; // BIND_ADDR host
    quint16 port = 8080;                          // BIND_ADDR port; 0 picks a free one
    std::chrono::seconds heartbeatTimeout{300};   // HEARTBEAT_TIMEOUT_SECONDS
    int shareCacheEntries = 100000;               // SHARE_CACHE_ENTRIES; 0 turns the cache off
    std::chrono::seconds expirySweepInterval{60}; // EXPIRY_SWEEP_SECONDS
    int shareRetentionDays = 30;                  // SHARE_RETENTION_DAYS
    int auditRetentionDays = 365;                 // AUDIT_RETENTION_DAYS
    std::chrono::seconds replicaLease{10};        // REPLICA_LEASE_SECONDS
    QString replicaAddress;                       // REPLICA_ADDRESS; empty: host name and port
    bool auditRecordAddresses = true;             // AUDIT_RECORD_ADDRESSES
    QString tlsCertFile;                          // TLS_CERT_FILE
    QString tlsKeyFile;                           // TLS_KEY_FILE
    AuthSettings auth;
    LimitSettings limits;
    OperationSettings operation;
    DiscoverySettings discovery;
    LdapSettings ldap;
    GrantSettings grants;

    bool tlsEnabled() const { return !tlsCertFile.isEmpty(); }
};

} // namespace ddalab
