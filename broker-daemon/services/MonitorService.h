#pragma once

#include "domain/Clock.h"
#include "domain/PresenceRegistry.h"
#include "services/StatsSampler.h"
#include "storage/StorageResults.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

namespace ddalab {

class SessionRegistry;
class ShareService;

// What the administrators' monitor shows of the broker: who is connected, the shares page by
// page, and the broker's health sampled once a second (whether or not anybody watches, so a new
// monitor's first figures are those of the last second rather than of the broker's whole life).
class MonitorService : public QObject
{
    Q_OBJECT
public:
    MonitorService(const PresenceRegistry &presence, const SessionRegistry &sessions,
                   ShareService &shares, const BrokerStats &stats, const StorageStats &storageStats,
                   const Clock &clock, QObject *parent = nullptr);

    const QDateTime &startedAt() const { return m_startedAt; }
    // The last sample's rates with the gauges of this moment.
    protocol::StatsReport currentStats() const;
    // Every registered connection.
    QList<PresenceEntry> connections() const { return m_presence.allConnections(); }
    int devicesOf(const QString &userId) const;

    // Up to pageSize shares newest first, revoked ones included; after `after` when given.
    void sharesPage(const std::optional<ShareCursor> &after, int pageSize, QObject *context,
                    std::function<void(const SharePageResult &)> done);

    // Samples the stats (every second on its own) and emits them.
    void sampleStats();

signals:
    void statsSampled(const ddalab::protocol::StatsReport &stats);

private:
    StatsSampler::Gauges gauges() const;

    const PresenceRegistry &m_presence;
    const SessionRegistry &m_sessions;
    ShareService &m_shares;
    const Clock &m_clock;
    StatsSampler m_sampler;
    protocol::StatsReport m_lastStats;
    QDateTime m_startedAt;
    QElapsedTimer m_uptime;
    QElapsedTimer m_sinceLastSample;
    QTimer m_statsTimer;
};

} // namespace ddalab
