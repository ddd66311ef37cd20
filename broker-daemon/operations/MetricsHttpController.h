#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QObject>

#include <chrono>
#include <optional>

class QTcpSocket;

namespace ddalab {

class BrokerStats;
class HttpServer;
class PresenceRegistry;
class Replication;
class StorageProbe;
class SessionRegistry;

// GET /metrics: the broker in the Prometheus text format 0.0.4. Counters and histograms come
// from BrokerStats and the storage thread's StorageStats; gauges are read from the live objects,
// except the count of active shares, a database query cached for a few seconds so frequent
// scrapes do not load the database.
class MetricsHttpController : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kShareCountMaxAge{5000};
    static constexpr std::chrono::milliseconds kShareCountTimeout{1000};

    MetricsHttpController(HttpServer &http, const BrokerStats &stats,
                          const PresenceRegistry &presence, const SessionRegistry &sessions,
                          StorageProbe &probe, const Replication *replication,
                          QObject *parent = nullptr);

private:
    void get(const QHttpServerRequest &request, QTcpSocket *socket);
    QByteArray render() const;

    HttpServer &m_http;
    const BrokerStats &m_stats;
    const PresenceRegistry &m_presence;
    const SessionRegistry &m_sessions;
    StorageProbe &m_probe;
    const Replication *m_replication; // nullptr: one broker alone (SQLite)
    const QDateTime m_startedAt;
    std::optional<qint64> m_activeShares; // last count the database gave
    QElapsedTimer m_activeSharesAge;      // since that count
};

} // namespace ddalab
