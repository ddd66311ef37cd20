// AuditRetention and AuditTrail in process on a real database of each engine, with a manual
// clock (no sleeps): rows older than AUDIT_RETENTION_DAYS go at the first purge and then once a
// day, younger ones stay; noted rows reach the database with a flush.

#include "config/DatabaseUrl.h"
#include "domain/AuditAction.h"
#include "services/AuditRetention.h"
#include "services/AuditTrail.h"
#include "storage/Database.h"
#include "storage/SqlAuditStore.h"
#include "support/ManualClock.h"
#include "support/StoreAnswer.h"
#include "support/TestDatabases.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;
using std::chrono::hours;

namespace {

constexpr int kRetentionDays = 30;
const QDateTime kStart(QDate(2026, 3, 3), QTime(12, 0, 0), Qt::UTC);

QStringList targets(AuditStore &store)
{
    AuditQuery everything;
    everything.limit = AuditQuery::kMaxLimit;
    const auto result = awaitAnswer<AuditPageResult>(
        [&](QObject *context, auto done) { store.page(everything, context, done); });
    if (result.status != AuditPageResult::Status::Found)
        return {u"Failed: "_s + result.error};
    QStringList names;
    for (const AuditEntry &entry : result.page.entries)
        names.append(entry.target);
    return names;
}

} // namespace

class tst_AuditRetention : public QObject
{
    Q_OBJECT

private slots:
    void oldRowsGoOnceADay_data() { TestDatabases::addEngineRows(); }
    void oldRowsGoOnceADay();

private:
    QTemporaryDir m_dir;
};

void tst_AuditRetention::oldRowsGoOnceADay()
{
    QFETCH(QString, engine);
    QString error;
    const QString text = TestDatabases::freshUrl(engine, m_dir, &error);
    const auto url = text.isEmpty() ? std::nullopt : DatabaseUrl::parse(text, &error);
    std::unique_ptr<Database> database = url ? Database::open(*url, &error) : nullptr;
    QVERIFY2(database, qPrintable(error));
    SqlAuditStore store(*database);
    ManualClock clock(kStart);
    AuditTrail trail(store, clock, true, hours(1));
    AuditRetention retention(store, clock, kRetentionDays);
    QSignalSpy purged(&retention, &AuditRetention::purged);

    // Rows 40, 20 and 0 days old (the clock moves between notes), written with one flush.
    const AuditActor alice{u"alice@institution.edu"_s, u"192.0.2.7"_s};
    trail.note(trail.entry(AuditAction::ShareGranted, alice, u"forty"_s));
    clock.advance(hours(24 * 20));
    trail.note(trail.entry(AuditAction::ShareGranted, alice, u"twenty"_s));
    clock.advance(hours(24 * 20));
    trail.note(trail.entry(AuditAction::ShareDenied, alice, u"now"_s, AuditOutcome::Denied));
    QSignalSpy recorded(&trail, &AuditTrail::recorded);
    trail.flush();
    QTRY_COMPARE(recorded.size(), 3);
    QCOMPARE(targets(store), (QStringList{u"now"_s, u"twenty"_s, u"forty"_s}));

    // The first purge: the row over 30 days old goes.
    retention.purgeIfDue();
    QTRY_COMPARE(purged.size(), 1);
    QCOMPARE(purged.at(0).at(0).toInt(), 1);
    QCOMPARE(targets(store), (QStringList{u"now"_s, u"twenty"_s}));

    // Eleven days later the 20-day row is 31 days old, but within a day of the last purge
    // nothing runs; the next day it goes.
    clock.advance(hours(23));
    retention.purgeIfDue();
    QCOMPARE(purged.size(), 1);
    clock.advance(hours(24 * 11 - 23));
    retention.purgeIfDue();
    QTRY_COMPARE(purged.size(), 2);
    QCOMPARE(purged.at(1).at(0).toInt(), 1);
    QCOMPARE(targets(store), QStringList{u"now"_s});

    // The address was kept (AUDIT_RECORD_ADDRESSES defaults to true); switched off, none is.
    trail.setRecordAddresses(false);
    QVERIFY(!trail.entry(AuditAction::ShareGranted, alice, u"x"_s).sourceAddress);
    trail.setRecordAddresses(true);
    QCOMPARE(trail.entry(AuditAction::ShareGranted, alice, u"x"_s).sourceAddress,
             std::optional<QString>(u"192.0.2.7"_s));
}

QTEST_GUILESS_MAIN(tst_AuditRetention)
#include "tst_auditretention.moc"
