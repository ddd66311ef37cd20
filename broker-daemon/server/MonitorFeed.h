#pragma once

#include "Session.h"
#include "StatsSampler.h"
#include "domain/Clock.h"
#include "domain/OfflineReason.h"
#include "domain/PresenceRegistry.h"
#include "protocol/Messages.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace ddalab {

class BrokerStats;
class PresenceService;
class ShareService;
class ShareStore;
class WebSocketGateway;

// The admin connections' live view of the broker. monitor_subscribe answers with a snapshot
// (who is online, the newest shares, the current stats) and from then on the connection gets
// every presence and share change as it happens, and the stats once a second. Events queue
// behind the snapshot on the connection, so a monitor never sees a change before the state it
// changes; an event may repeat what its snapshot already shows.
class MonitorFeed : public QObject
{
    Q_OBJECT
public:
    MonitorFeed(PresenceService &presenceService, const PresenceRegistry &presence,
                ShareService &shares, ShareStore &store, const BrokerStats &stats,
                const Clock &clock, QObject *parent = nullptr);

    // The gateway is built after the dispatcher that needs this feed, so it comes in later;
    // until then the stats count no open connections.
    void setGateway(const WebSocketGateway *gateway) { m_gateway = gateway; }

    void subscribe(Session &session, const protocol::MonitorSubscribe &message, ReplySink reply);
    void sharesPage(Session &session, const protocol::MonitorSharesPage &message, ReplySink reply);

    // Computes the stats and pushes them to every subscriber; runs every second on its own.
    void publishStats();

private:
    void connectionOnline(const PresenceEntry &entry);
    void connectionOffline(const PresenceEntry &entry, OfflineReason reason);
    void heartbeatReceived(const PresenceEntry &entry);
    void sharePublished(const ShareRecord &share);
    void shareUpdated(const ShareRecord &share);
    void shareRevoked(const QString &token, const QDateTime &revokedAt, bool byAdmin);

    void broadcast(const protocol::Event &event);
    StatsSampler::Gauges gauges() const;
    QList<protocol::OnlineUser> onlineUsers() const;
    int devicesOf(const QString &userId) const;
    static protocol::ConnectionInfo connectionInfo(const PresenceEntry &entry);

    const PresenceRegistry &m_presence;
    ShareStore &m_store;
    const Clock &m_clock;
    const WebSocketGateway *m_gateway = nullptr;
    QSet<Session *> m_subscribers; // removed when a session is destroyed
    StatsSampler m_sampler;
    protocol::StatsReport m_lastStats;
    QDateTime m_startedAt;
    QElapsedTimer m_uptime;
    QElapsedTimer m_sinceLastSample;
    QTimer m_statsTimer;
};

} // namespace ddalab
