#include "MonitorFeed.h"

#include "PresenceService.h"
#include "ShareService.h"
#include "WebSocketGateway.h"
#include "logging/LogCategories.h"
#include "protocol/MessageCodec.h"
#include "storage/ShareStore.h"

#include <QPointer>

#include <algorithm>

namespace ddalab {

using namespace Qt::StringLiterals;
using namespace protocol;

MonitorFeed::MonitorFeed(PresenceService &presenceService, const PresenceRegistry &presence,
                         ShareService &shares, ShareStore &store, const BrokerStats &stats,
                         const Clock &clock, QObject *parent)
    : QObject(parent), m_presence(presence), m_store(store), m_clock(clock),
      m_sampler(stats, store.stats()), m_startedAt(clock.now())
{
    m_uptime.start();
    m_sinceLastSample.start();
    m_lastStats.serverTime = m_startedAt;

    connect(&presenceService, &PresenceService::connectionOnline, this,
            &MonitorFeed::connectionOnline);
    connect(&presenceService, &PresenceService::connectionOffline, this,
            &MonitorFeed::connectionOffline);
    connect(&presenceService, &PresenceService::heartbeatReceived, this,
            &MonitorFeed::heartbeatReceived);
    connect(&shares, &ShareService::sharePublished, this, &MonitorFeed::sharePublished);
    connect(&shares, &ShareService::shareUpdated, this, &MonitorFeed::shareUpdated);
    connect(&shares, &ShareService::shareRevoked, this, &MonitorFeed::shareRevoked);

    // Sampled every second whether or not anybody watches, so a new subscriber's snapshot
    // carries the rates of the last second rather than of the broker's whole life.
    m_statsTimer.setInterval(1000);
    connect(&m_statsTimer, &QTimer::timeout, this, &MonitorFeed::publishStats);
    m_statsTimer.start();
}

void MonitorFeed::subscribe(Session &session, const MonitorSubscribe &message, ReplySink reply)
{
    // Presence and stats are read now and the session subscribes now: every later change
    // queues behind the snapshot on this connection. The shares come from the database and may
    // already include a change whose event follows.
    MonitorSnapshot snapshot;
    snapshot.startedAt = m_startedAt;
    snapshot.users = onlineUsers();
    snapshot.stats = m_lastStats;
    const StatsSampler::Gauges now = gauges();
    snapshot.stats.openConnections = now.openConnections;
    snapshot.stats.registeredConnections = now.registeredConnections;
    snapshot.stats.usersOnline = now.usersOnline;
    snapshot.stats.monitors = now.monitors + (m_subscribers.contains(&session) ? 0 : 1);

    if (!m_subscribers.contains(&session)) {
        m_subscribers.insert(&session);
        connect(&session, &QObject::destroyed, this,
                [this](QObject *object) { m_subscribers.remove(static_cast<Session *>(object)); });
        qCInfo(lcWs) << "connection" << session.id() << "subscribed to the monitor feed";
    }
    m_store.listShares(std::nullopt, message.pageSize, &session,
                       [this, session = QPointer(&session), reply,
                        snapshot = std::move(snapshot)](const SharePageResult &page) mutable {
                           if (page.status != SharePageResult::Status::Found) {
                               if (session)
                                   m_subscribers.remove(session.data());
                               reply(Error{ErrorCode::StorageError,
                                           u"the shares could not be read; subscribe again"_s});
                               return;
                           }
                           snapshot.shares = SharesPage{page.shares, page.nextCursor};
                           reply(snapshot);
                       });
}

void MonitorFeed::sharesPage(Session &session, const MonitorSharesPage &message, ReplySink reply)
{
    m_store.listShares(
        message.cursor, message.pageSize, &session, [reply](const SharePageResult &page) {
            if (page.status != SharePageResult::Status::Found)
                reply(Error{ErrorCode::StorageError, u"the shares could not be read"_s});
            else
                reply(SharesPage{page.shares, page.nextCursor});
        });
}

void MonitorFeed::publishStats()
{
    const QDateTime now = m_clock.now();
    m_lastStats = m_sampler.sample(gauges(), now, m_uptime.elapsed() / 1000,
                                   double(m_sinceLastSample.restart()) / 1000.0);
    if (!m_subscribers.isEmpty())
        broadcast(m_lastStats);
}

StatsSampler::Gauges MonitorFeed::gauges() const
{
    return {m_gateway ? int(m_gateway->sessionCount()) : 0, int(m_presence.connectionCount()),
            int(m_presence.userCount()), int(m_subscribers.size())};
}

void MonitorFeed::connectionOnline(const PresenceEntry &entry)
{
    broadcast(UserOnline{entry.userId, connectionInfo(entry), devicesOf(entry.userId)});
}

void MonitorFeed::connectionOffline(const PresenceEntry &entry, OfflineReason reason)
{
    broadcast(UserOffline{entry.userId, entry.connection, reason, devicesOf(entry.userId)});
}

void MonitorFeed::heartbeatReceived(const PresenceEntry &entry)
{
    broadcast(UserHeartbeat{entry.userId, entry.connection, entry.lastHeartbeat});
}

void MonitorFeed::sharePublished(const ShareRecord &share)
{
    broadcast(SharePublished{share});
}

void MonitorFeed::shareUpdated(const ShareRecord &share)
{
    const ShareMetadata &metadata = share.metadata;
    broadcast(
        ShareUpdated{share.token, metadata.title, metadata.description, metadata.accessPolicy});
}

void MonitorFeed::shareRevoked(const QString &token, const QDateTime &revokedAt, bool byAdmin)
{
    broadcast(ShareRevoked{token, revokedAt, byAdmin});
}

void MonitorFeed::broadcast(const Event &event)
{
    if (m_subscribers.isEmpty())
        return;
    const QByteArray frame = MessageCodec::encodeEvent(event);
    for (Session *session : std::as_const(m_subscribers))
        session->push(frame);
}

QList<OnlineUser> MonitorFeed::onlineUsers() const
{
    QHash<QString, OnlineUser> byUser;
    for (const PresenceEntry &entry : m_presence.allConnections()) {
        OnlineUser &user = byUser[entry.userId];
        user.userId = entry.userId;
        user.connections.append(connectionInfo(entry));
    }
    QList<OnlineUser> users = byUser.values();
    std::sort(users.begin(), users.end(),
              [](const OnlineUser &a, const OnlineUser &b) { return a.userId < b.userId; });
    for (OnlineUser &user : users)
        std::sort(user.connections.begin(), user.connections.end(),
                  [](const ConnectionInfo &a, const ConnectionInfo &b) {
                      return a.connectionId < b.connectionId;
                  });
    return users;
}

int MonitorFeed::devicesOf(const QString &userId) const
{
    return int(m_presence.connectionsOf(userId).size());
}

ConnectionInfo MonitorFeed::connectionInfo(const PresenceEntry &entry)
{
    return {entry.connection, entry.endpoint, entry.registeredAt, entry.lastHeartbeat};
}

} // namespace ddalab
