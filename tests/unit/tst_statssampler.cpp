// The monitor's per-second stats: rates are the change of the broker's running totals since the
// previous sample, divided by the time between the two.

#include "services/StatsSampler.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;

class TestStatsSampler : public QObject
{
    Q_OBJECT

private slots:
    void ratesAreDeltasOverElapsedTime();
    void quietSecondHasNoLatency();
    void gaugesPassThrough();
};

void TestStatsSampler::ratesAreDeltasOverElapsedTime()
{
    BrokerStats broker;
    StorageStats storage;
    broker.countMessage(u"heartbeat"_s); // before the sampler: not part of any rate
    StatsSampler sampler(broker, storage);

    for (int i = 0; i < 4; ++i)
        broker.countMessage(u"heartbeat"_s);
    broker.countMessage(u"publish_share"_s);
    broker.countError(protocol::ErrorCode::Forbidden);
    broker.countError(protocol::ErrorCode::Forbidden);
    for (int i = 0; i < 19; ++i)
        storage.recordTransaction(0.002, 3); // 2 ms, in the 2.5 ms bucket
    storage.recordTransaction(0.040, 1);     // one slow one, in the 50 ms bucket
    storage.recordFailure();

    const auto report = sampler.sample({}, QDateTime::currentDateTimeUtc(), 10, 2.0);
    QCOMPARE(report.messagesPerSecond.value(u"heartbeat"_s), 2.0);
    QCOMPARE(report.messagesPerSecond.value(u"publish_share"_s), 0.5);
    QCOMPARE(report.errorsPerSecond.value(u"FORBIDDEN"_s), 1.0);
    QCOMPARE(report.storageTransactionsPerSecond, 10.0);
    QVERIFY(report.storageMeanMs);
    QCOMPARE(*report.storageMeanMs, 3.9); // (19 * 2 + 40) / 20
    // 19 of 20 (95 %) lie at or below 2.5 ms.
    QCOMPARE(report.storageP95Ms, std::optional(2.5));
    QCOMPARE(report.storageFailedTransactions, 1u);
    QCOMPARE(report.uptimeSeconds, 10);
}

void TestStatsSampler::quietSecondHasNoLatency()
{
    BrokerStats broker;
    StorageStats storage;
    StatsSampler sampler(broker, storage);
    broker.countMessage(u"heartbeat"_s);
    storage.recordTransaction(0.001, 1);
    sampler.sample({}, QDateTime::currentDateTimeUtc(), 1, 1.0);

    const auto quiet = sampler.sample({}, QDateTime::currentDateTimeUtc(), 2, 1.0);
    QCOMPARE(quiet.messagesPerSecond.value(u"heartbeat"_s), 0.0);
    QCOMPARE(quiet.storageTransactionsPerSecond, 0.0);
    QCOMPARE(quiet.storageMeanMs, std::nullopt);
    QCOMPARE(quiet.storageP95Ms, std::nullopt);
}

void TestStatsSampler::gaugesPassThrough()
{
    BrokerStats broker;
    StorageStats storage;
    StatsSampler sampler(broker, storage);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto report = sampler.sample({5, 4, 3, 2}, now, 0, 1.0);
    QCOMPARE(report.openConnections, 5);
    QCOMPARE(report.registeredConnections, 4);
    QCOMPARE(report.usersOnline, 3);
    QCOMPARE(report.monitors, 2);
    QCOMPARE(report.serverTime, now);
}

QTEST_GUILESS_MAIN(TestStatsSampler)
#include "tst_statssampler.moc"
