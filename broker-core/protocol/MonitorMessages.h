#pragma once

#include "domain/Account.h"
#include "domain/AuditEntry.h"
#include "domain/InstitutionSettings.h"
#include "domain/LoginSession.h"
#include "domain/OfflineReason.h"
#include "domain/ShareCursor.h"
#include "domain/ShareMetadata.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

// The monitor feed: what an admin connection asks for and what the broker pushes to it. Part of
// Messages.h; MessageCodec turns these into JSON and back, in both directions.
namespace ddalab::protocol {

// Largest and default number of shares in one page of the monitor's share list.
constexpr int kMaxSharesPageSize = 200;

// Admin → broker.
struct MonitorSubscribe
{
    static constexpr char kType[] = "monitor_subscribe";
    int pageSize = kMaxSharesPageSize; // shares in the snapshot's first page
};
struct MonitorSharesPage
{
    static constexpr char kType[] = "monitor_shares_page";
    ShareCursor cursor; // a next_cursor the broker sent
    int pageSize = kMaxSharesPageSize;
};
struct AdminRevokeShare
{
    static constexpr char kType[] = "admin_revoke_share";
    QString token;
};
struct AdminDisconnectUser
{
    static constexpr char kType[] = "admin_disconnect_user";
    QString userId;
};

// Accounts and sessions (AUTH_MODE=password), for the monitor's accounts view.
struct AdminListAccounts
{
    static constexpr char kType[] = "admin_list_accounts";
};
struct AdminCreateAccount
{
    static constexpr char kType[] = "admin_create_account";
    QString userId;
    QString password;
};
struct AdminSetPassword
{
    static constexpr char kType[] = "admin_set_password";
    QString userId;
    QString password;
};
struct AdminSetAccountDisabled
{
    static constexpr char kType[] = "admin_set_account_disabled";
    QString userId;
    bool disabled = true;
};
struct AdminRemoveAccount
{
    static constexpr char kType[] = "admin_remove_account";
    QString userId;
};
// Every live session, or userId's.
struct AdminListSessions
{
    static constexpr char kType[] = "admin_list_sessions";
    std::optional<QString> userId;
};
// Ends a session; its connections are closed with 1008.
struct AdminRevokeSession
{
    static constexpr char kType[] = "admin_revoke_session";
    QString sessionId;
};

// An account with how many sessions it has open.
struct AccountEntry
{
    Account account;
    int openSessions = 0;
};
// A live session with how many WebSocket connections registered with it.
struct SessionEntry
{
    LoginSession session;
    int connections = 0;
};
struct AccountList
{
    static constexpr char kType[] = "account_list";
    QList<AccountEntry> accounts; // ordered by user id
    // Whether desktops log in with these accounts (AUTH_MODE=password, PASSWORD_SOURCE=accounts);
    // in other modes the accounts are kept but nobody logs in with them.
    bool accountsInUse = true;
};
struct SessionList
{
    static constexpr char kType[] = "session_list";
    QList<SessionEntry> sessions; // oldest first
};

// One registered connection (a device) of an online user.
struct ConnectionInfo
{
    quint64 connectionId = 0;
    QString endpoint;
    QDateTime connectedAt;
    QDateTime lastHeartbeat;
    // The address of the replica that holds the connection (ReplicaInfo::address); empty from a
    // broker older than replicas.
    QString replica;

    friend bool operator==(const ConnectionInfo &, const ConnectionInfo &) = default;
};
struct OnlineUser
{
    QString userId;
    QList<ConnectionInfo> connections;

    friend bool operator==(const OnlineUser &, const OnlineUser &) = default;
};

// One daemon of the broker (several share one PostgreSQL), as its lease row says.
struct ReplicaInfo
{
    QString replicaId;    // "replica_id": new at every start
    QString address;      // "address": REPLICA_ADDRESS (host:port by default)
    QDateTime startedAt;  // "started_at"
    QDateTime lastSeen;   // "last_seen": its last lease renewal, by the database's clock
    QDateTime leaseUntil; // "lease_until"
    bool live = false;    // "live": lease_until is still ahead; false = dead (crashed/stopped)
    bool self = false;    // "self": the replica this monitor is connected to
    int connections = 0;  // "connections": its registered connections, as it last reported
    int usersOnline = 0;  // "users_online"

    friend bool operator==(const ReplicaInfo &, const ReplicaInfo &) = default;
};

// Shares newest first; nextCursor asks for the page after this one, none when this is the last.
struct SharesPage
{
    static constexpr char kType[] = "monitor_shares";
    QList<ShareRecord> shares;
    std::optional<ShareCursor> nextCursor;
};

// The broker's health over the last second, pushed once a second.
struct StatsReport
{
    static constexpr char kType[] = "stats";
    QDateTime serverTime;
    qint64 uptimeSeconds = 0;
    int openConnections = 0;       // WebSocket connections, admin ones included
    int registeredConnections = 0; // connections registered as a user
    int usersOnline = 0;
    int monitors = 0;                        // subscribed admin connections
    QMap<QString, double> messagesPerSecond; // by message type ("invalid" for bad frames)
    QMap<QString, double> errorsPerSecond;   // by error code
    double storageTransactionsPerSecond = 0;
    std::optional<double> storageMeanMs;   // none when no transaction ran in the last second
    std::optional<double> storageP95Ms;    // upper bound of the bucket that holds the 95th
    quint64 storageFailedTransactions = 0; // since start

    friend bool operator==(const StatsReport &, const StatsReport &) = default;
};

// Broker → admin: the answer to monitor_subscribe and to monitor_shares_page.
struct MonitorSnapshot
{
    static constexpr char kType[] = "monitor_snapshot";
    QDateTime startedAt; // when the broker started
    QList<OnlineUser> users;
    SharesPage shares;
    StatsReport stats;
    // The institution's settings as they are now (the broker always sends them; optional so
    // that a snapshot without them still reads).
    std::optional<InstitutionSettings> institution;
    // Every replica the database knows, as in ReplicaList; empty on SQLite (a single broker)
    // and from a broker older than replicas.
    QList<ReplicaInfo> replicas;
};

// Broker → admin, pushed as things happen after monitor_subscribe. Presence events are per
// connection; devices counts the user's connections after the change.
struct UserOnline
{
    static constexpr char kType[] = "user_online";
    QString userId;
    ConnectionInfo connection;
    int devices = 0;
};
struct UserOffline
{
    static constexpr char kType[] = "user_offline";
    QString userId;
    quint64 connectionId = 0;
    OfflineReason reason = OfflineReason::SocketClosed;
    int devices = 0;
};
struct UserHeartbeat
{
    static constexpr char kType[] = "user_heartbeat";
    QString userId;
    quint64 connectionId = 0;
    QDateTime at;
};
// Broker → admin: every replica the database knows (live ones and those dead for less than an
// hour), pushed when the list changes and at most every 2 s; also in the snapshot.
struct ReplicaList
{
    static constexpr char kType[] = "replicas";
    QList<ReplicaInfo> replicas;

    friend bool operator==(const ReplicaList &, const ReplicaList &) = default;
};
struct SharePublished
{
    static constexpr char kType[] = "share_published";
    ShareRecord share;
};
// An owner published its token again: these fields change (the id, owner and creation time stay).
struct ShareUpdated
{
    static constexpr char kType[] = "share_updated";
    QString token;
    QString title;
    std::optional<QString> description;
    AccessPolicy accessPolicy;
    ContentType contentType = ContentType::DdaResult;
    Classification classification = Classification::Unclassified;
    std::optional<QDateTime> expiresAt; // nullopt: never
    std::optional<quint64> maxDownloads;
};
struct ShareRevoked
{
    static constexpr char kType[] = "share_revoked";
    QString token;
    QDateTime revokedAt;
    bool byAdmin = false;
};
// A share reached its expires_at (announced by the broker's sweep, once).
struct ShareExpired
{
    static constexpr char kType[] = "share_expired";
    QString token;
    QDateTime expiresAt;
};

// The institution's settings changed (PUT /api/institution/config): all of them, as they are now.
struct InstitutionConfig
{
    static constexpr char kType[] = "institution_config";
    InstitutionSettings settings;
};

// The audit trail, for the monitor's audit view. Admin → broker: a page of rows newest first,
// with the filters and paging of GET /api/admin/audit (query.afterId continues a page).
struct AdminAuditQuery
{
    static constexpr char kType[] = "admin_audit_query";
    AuditQuery query;
};
// Its answer.
struct AuditPageReply
{
    static constexpr char kType[] = "audit_page";
    AuditPage page;
};
// Pushed: a row just committed (its id is 0: the live tail does not wait for the database to
// number it). At most kMaxAuditEventsPerSecond a second; the rest are counted in `skipped` of
// the next one pushed, and the audit query has them all.
struct AuditEvent
{
    static constexpr char kType[] = "audit_event";
    AuditEntry entry;
    quint64 skipped = 0; // rows committed since the previous event that were not pushed
};
constexpr int kMaxAuditEventsPerSecond = 200;

} // namespace ddalab::protocol
