#include "services/MonitorService.h"

#include "services/ShareService.h"
#include "websocket/SessionRegistry.h"

namespace ddalab {

MonitorService::MonitorService(const PresenceRegistry &presence, const SessionRegistry &sessions,
                               ShareService &shares, const BrokerStats &stats,
                               const StorageStats &storageStats, const Clock &clock,
                               QObject *parent)
    : QObject(parent), m_presence(presence), m_sessions(sessions), m_shares(shares), m_clock(clock),
      m_sampler(stats, storageStats), m_startedAt(clock.now())
{
    m_uptime.start();
    m_sinceLastSample.start();
    m_lastStats.serverTime = m_startedAt;
    m_statsTimer.setInterval(1000);
    connect(&m_statsTimer, &QTimer::timeout, this, &MonitorService::sampleStats);
    m_statsTimer.start();
}

protocol::StatsReport MonitorService::currentStats() const
{
    protocol::StatsReport stats = m_lastStats;
    const StatsSampler::Gauges now = gauges();
    stats.openConnections = now.openConnections;
    stats.registeredConnections = now.registeredConnections;
    stats.usersOnline = now.usersOnline;
    stats.monitors = now.monitors;
    return stats;
}

int MonitorService::devicesOf(const QString &userId) const
{
    return int(m_presence.connectionsOf(userId).size());
}

void MonitorService::sharesPage(const std::optional<ShareCursor> &after, int pageSize,
                                QObject *context, std::function<void(const SharePageResult &)> done)
{
    m_shares.listPage(after, pageSize, context, std::move(done));
}

void MonitorService::sampleStats()
{
    m_lastStats = m_sampler.sample(gauges(), m_clock.now(), m_uptime.elapsed() / 1000,
                                   double(m_sinceLastSample.restart()) / 1000.0);
    emit statsSampled(m_lastStats);
}

StatsSampler::Gauges MonitorService::gauges() const
{
    return {int(m_sessions.count()), int(m_presence.localConnectionCount()),
            int(m_presence.userCount()), int(m_sessions.monitorCount())};
}

} // namespace ddalab
