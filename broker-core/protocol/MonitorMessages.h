#pragma once

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
    int pageSize = kMaxSharesPageSize; // shares in the snapshot's first page
};
struct MonitorSharesPage
{
    ShareCursor cursor; // a next_cursor the broker sent
    int pageSize = kMaxSharesPageSize;
};
struct AdminRevokeShare
{
    QString token;
};
struct AdminDisconnectUser
{
    QString userId;
};

// One registered connection (a device) of an online user.
struct ConnectionInfo
{
    quint64 connectionId = 0;
    QString endpoint;
    QDateTime connectedAt;
    QDateTime lastHeartbeat;

    friend bool operator==(const ConnectionInfo &, const ConnectionInfo &) = default;
};
struct OnlineUser
{
    QString userId;
    QList<ConnectionInfo> connections;

    friend bool operator==(const OnlineUser &, const OnlineUser &) = default;
};

// Shares newest first; nextCursor asks for the page after this one, none when this is the last.
struct SharesPage
{
    QList<ShareRecord> shares;
    std::optional<ShareCursor> nextCursor;
};

// The broker's health over the last second, pushed once a second.
struct StatsReport
{
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
    QDateTime startedAt; // when the broker started
    QList<OnlineUser> users;
    SharesPage shares;
    StatsReport stats;
};

// Broker → admin, pushed as things happen after monitor_subscribe. Presence events are per
// connection; devices counts the user's connections after the change.
struct UserOnline
{
    QString userId;
    ConnectionInfo connection;
    int devices = 0;
};
struct UserOffline
{
    QString userId;
    quint64 connectionId = 0;
    OfflineReason reason = OfflineReason::SocketClosed;
    int devices = 0;
};
struct UserHeartbeat
{
    QString userId;
    quint64 connectionId = 0;
    QDateTime at;
};
struct SharePublished
{
    ShareRecord share;
};
// An owner published its token again: only these three fields change.
struct ShareUpdated
{
    QString token;
    QString title;
    std::optional<QString> description;
    AccessPolicy accessPolicy;
};
struct ShareRevoked
{
    QString token;
    QDateTime revokedAt;
    bool byAdmin = false;
};

} // namespace ddalab::protocol
