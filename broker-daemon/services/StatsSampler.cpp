#include "services/StatsSampler.h"

#include <cmath>

namespace ddalab {

namespace {

// Rates rounded to a thousandth: enough for a chart, short on the wire.
double rate(quint64 delta, double seconds)
{
    return std::round(double(delta) / seconds * 1000.0) / 1000.0;
}

double roundedMs(double seconds)
{
    return std::round(seconds * 1e6) / 1000.0;
}

// The bound of the bucket that holds the 95th percentile of the observations between two
// cumulative snapshots of the same histogram; the last bound when it lies beyond.
double p95Bound(const Histogram &before, const Histogram &after)
{
    const QList<quint64> a = after.cumulativeCounts();
    const QList<quint64> b = before.cumulativeCounts();
    const quint64 total = a.last() - b.last();
    const QList<double> &bounds = after.upperBounds();
    for (qsizetype i = 0; i < bounds.size(); ++i) {
        if (double(a[i] - b[i]) >= 0.95 * double(total))
            return bounds[i];
    }
    return bounds.last();
}

} // namespace

StatsSampler::StatsSampler(const BrokerStats &broker, const StorageStats &storage)
    : m_broker(broker), m_storage(storage), m_lastMessages(broker.messagesByType()),
      m_lastErrors(broker.errorsByCode()), m_lastStorage(storage.snapshot())
{
}

protocol::StatsReport StatsSampler::sample(const Gauges &gauges, const QDateTime &now,
                                           qint64 uptimeSeconds, double elapsedSeconds)
{
    const double seconds = std::max(elapsedSeconds, 0.001);
    protocol::StatsReport report;
    report.serverTime = now;
    report.uptimeSeconds = uptimeSeconds;
    report.openConnections = gauges.openConnections;
    report.registeredConnections = gauges.registeredConnections;
    report.usersOnline = gauges.usersOnline;
    report.monitors = gauges.monitors;

    const QHash<QString, quint64> &messages = m_broker.messagesByType();
    for (auto it = messages.cbegin(); it != messages.cend(); ++it)
        report.messagesPerSecond.insert(it.key(),
                                        rate(it.value() - m_lastMessages.value(it.key()), seconds));
    const QHash<protocol::ErrorCode, quint64> &errors = m_broker.errorsByCode();
    for (auto it = errors.cbegin(); it != errors.cend(); ++it)
        report.errorsPerSecond.insert(protocol::errorCodeName(it.key()),
                                      rate(it.value() - m_lastErrors.value(it.key()), seconds));
    m_lastMessages = messages;
    m_lastErrors = errors;

    StorageStats::Snapshot storage = m_storage.snapshot();
    const quint64 transactions =
        storage.transactionSeconds.count() - m_lastStorage.transactionSeconds.count();
    report.storageTransactionsPerSecond = rate(transactions, seconds);
    if (transactions > 0) {
        const double sum =
            storage.transactionSeconds.sum() - m_lastStorage.transactionSeconds.sum();
        report.storageMeanMs = roundedMs(sum / double(transactions));
        report.storageP95Ms =
            roundedMs(p95Bound(m_lastStorage.transactionSeconds, storage.transactionSeconds));
    }
    report.storageFailedTransactions = storage.failedTransactions;
    m_lastStorage = std::move(storage);
    return report;
}

} // namespace ddalab
