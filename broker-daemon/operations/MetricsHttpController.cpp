#include "operations/MetricsHttpController.h"

#include "replicas/Replication.h"

#include "domain/PresenceRegistry.h"
#include "http/HttpServer.h"
#include "metrics/BrokerStats.h"
#include "metrics/PrometheusText.h"
#include "storage/StorageProbe.h"
#include "websocket/SessionRegistry.h"

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// Label values in a stable order, so consecutive scrapes read alike.
template <typename Key, typename Name>
QList<PrometheusText::Sample> labelled(const QHash<Key, quint64> &counts, const QString &label,
                                       Name name)
{
    QList<PrometheusText::Sample> samples;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        samples.append({{{label, name(it.key())}}, double(it.value())});
    std::sort(samples.begin(), samples.end(), [](const auto &a, const auto &b) {
        return a.labels.first().second < b.labels.first().second;
    });
    return samples;
}

} // namespace

MetricsHttpController::MetricsHttpController(HttpServer &http, const BrokerStats &stats,
                                             const PresenceRegistry &presence,
                                             const SessionRegistry &sessions, StorageProbe &probe,
                                             const Replication *replication, QObject *parent)
    : QObject(parent), m_http(http), m_stats(stats), m_presence(presence), m_sessions(sessions),
      m_probe(probe), m_replication(replication), m_startedAt(QDateTime::currentDateTimeUtc())
{
    m_http.addRoute(u"/metrics"_s, QHttpServerRequest::Method::Get,
                    [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
                           QTcpSocket *socket) { get(request, socket); });
}

void MetricsHttpController::get(const QHttpServerRequest &request, QTcpSocket *socket)
{
    auto response = [this] {
        return QHttpServerResponse(PrometheusText::contentType, render());
    };
    if (m_activeShares && m_activeSharesAge.isValid() &&
        m_activeSharesAge.elapsed() < kShareCountMaxAge.count()) {
        m_http.respond(request, socket, response());
        return;
    }
    const HttpServer::Ticket ticket = m_http.defer(request, socket);
    // A database that does not answer must not stall the scrape: the last count then stands.
    auto answered = std::make_shared<bool>(false);
    QTimer::singleShot(kShareCountTimeout, this, [this, ticket, answered, response] {
        if (!std::exchange(*answered, true))
            m_http.fulfil(ticket, response());
    });
    m_probe.countActiveShares(this, [this, ticket, answered, response](const ProbeResult &result) {
        if (result.ok) {
            m_activeShares = result.value;
            m_activeSharesAge.start();
        }
        if (!std::exchange(*answered, true))
            m_http.fulfil(ticket, response());
    });
}

QByteArray MetricsHttpController::render() const
{
    PrometheusText out;
    out.gauge(u"ddalab_broker_build_info"_s, u"Version of the running broker; always 1."_s, 1,
              {{u"version"_s, QCoreApplication::applicationVersion()},
               {u"qt_version"_s, QString::fromLatin1(qVersion())}});
    out.gauge(u"ddalab_broker_start_time_seconds"_s,
              u"When the broker started, in seconds since the Unix epoch."_s,
              double(m_startedAt.toMSecsSinceEpoch()) / 1000);
    out.gauge(u"ddalab_broker_open_connections"_s, u"Open WebSocket connections."_s,
              double(m_sessions.count()));
    out.gauge(u"ddalab_broker_registered_connections"_s,
              u"WebSocket connections registered as a user and online (on this replica)."_s,
              double(m_presence.localConnectionCount()));
    out.gauge(u"ddalab_broker_users_online"_s,
              u"Users with at least one connection online (on any replica)."_s,
              double(m_presence.userCount()));
    if (m_activeShares)
        out.gauge(u"ddalab_broker_shares_active"_s,
                  u"Shares published and not revoked (counted at most every 5 s)."_s,
                  double(*m_activeShares));

    out.counters(
        u"ddalab_broker_messages_total"_s,
        u"WebSocket messages received, by type ('invalid' for frames that did not "
        "decode)."_s,
        labelled(m_stats.messagesByType(), u"type"_s, [](const QString &type) { return type; }));
    out.counters(u"ddalab_broker_errors_total"_s, u"Error replies sent, by code."_s,
                 labelled(m_stats.errorsByCode(), u"code"_s, protocol::errorCodeName));
    out.histogram(u"ddalab_broker_publish_duration_seconds"_s,
                  u"From a publish_share's arrival to its reply (after the commit)."_s,
                  m_stats.publishSeconds());
    out.histogram(u"ddalab_broker_request_duration_seconds"_s,
                  u"From a request_share's arrival to its reply."_s, m_stats.requestSeconds());

    const StorageStats::Snapshot storage = m_probe.statsSnapshot();
    out.histogram(u"ddalab_broker_storage_transaction_duration_seconds"_s,
                  u"Duration of the storage thread's transactions, commit included."_s,
                  storage.transactionSeconds);
    out.histogram(u"ddalab_broker_storage_batch_size"_s,
                  u"Operations carried by one storage transaction (group commit)."_s,
                  storage.batchSize);
    out.counters(u"ddalab_broker_storage_failed_transactions_total"_s,
                 u"Storage transactions that failed and were rolled back."_s,
                 {{{}, double(storage.failedTransactions)}});
    if (m_replication) {
        const Replication::Status replica = m_replication->status();
        out.gauge(u"ddalab_broker_replica_lease_held"_s,
                  u"1 while this replica's lease is renewed within REPLICA_LEASE_SECONDS."_s,
                  replica.leaseHeld ? 1 : 0);
        out.gauge(u"ddalab_broker_replica_lease_age_seconds"_s,
                  u"Seconds since this replica last renewed its lease."_s, replica.leaseAgeSeconds);
        out.gauge(u"ddalab_broker_outbox_listener_up"_s,
                  u"1 while the connection that follows the outbox works."_s,
                  replica.listenerUp ? 1 : 0);
        out.gauge(u"ddalab_broker_outbox_lag_seconds"_s,
                  u"From the commit of the newest outbox row applied in the last 10 s to its "
                  "application here; 0 when none was."_s,
                  replica.outboxLagSeconds);
        out.gauge(u"ddalab_broker_presence_rows"_s,
                  u"Presence rows of the live replicas, as they last reported."_s,
                  double(replica.presenceRows));
        out.gauge(u"ddalab_broker_replicas_live"_s,
                  u"Replicas whose lease is live, this one included."_s,
                  double(replica.replicasLive));
    }
    return out.text();
}

} // namespace ddalab
