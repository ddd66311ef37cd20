// AuditTrail::queryWithWaiting in process on a real database of each engine: the rows noted and
// not yet written come first on a first page (filtered like the stored ones, the set of actions
// included), never on a continued one, a full page of them continues from the newest stored
// row, and once written a row is listed once. Identical reads within one flush interval are one
// row with their count and the last one's time; any difference keeps rows apart.

#include "config/DatabaseUrl.h"
#include "domain/AuditAction.h"
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
using std::chrono::milliseconds;

namespace {

const QDateTime kStart(QDate(2026, 3, 3), QTime(12, 0, 0), Qt::UTC);

// A fresh database of engine; nullptr with the reason in error.
std::unique_ptr<Database> openFresh(const QString &engine, const QTemporaryDir &dir, QString *error)
{
    const QString text = TestDatabases::freshUrl(engine, dir, error);
    const auto url = text.isEmpty() ? std::nullopt : DatabaseUrl::parse(text, error);
    return url ? Database::open(*url, error) : nullptr;
}

AuditPage pageOf(AuditTrail &trail, const AuditQuery &query)
{
    const auto result = awaitAnswer<AuditPageResult>(
        [&](QObject *context, auto done) { trail.queryWithWaiting(query, context, done); });
    return result.status == AuditPageResult::Status::Found ? result.page : AuditPage{};
}

// "actor action" of each row, and whether it is stored yet.
QStringList describe(const AuditPage &page)
{
    QStringList rows;
    for (const AuditEntry &entry : page.entries)
        rows.append(entry.actor + u' ' + entry.action + (entry.id == 0 ? u" waiting"_s : u""_s));
    return rows;
}

} // namespace

class tst_AuditWaiting : public QObject
{
    Q_OBJECT

private slots:
    void waitingRowsComeFirst_data() { TestDatabases::addEngineRows(); }
    void waitingRowsComeFirst();
    void identicalReadsShareARow_data() { TestDatabases::addEngineRows(); }
    void identicalReadsShareARow();

private:
    QTemporaryDir m_dir;
};

void tst_AuditWaiting::waitingRowsComeFirst()
{
    QFETCH(QString, engine);
    QString error;
    const std::unique_ptr<Database> database = openFresh(engine, m_dir, &error);
    QVERIFY2(database, qPrintable(error));
    SqlAuditStore store(*database);
    ManualClock clock(kStart);
    AuditTrail trail(store, clock, true, hours(1)); // flushed by the test only
    QSignalSpy recorded(&trail, &AuditTrail::recorded);

    const AuditActor ann{u"ann"_s, u"192.0.2.1"_s};
    const AuditActor ben{u"ben"_s, u"192.0.2.2"_s};
    const QString share = u"tok-1"_s;
    // Stored: ann's grant, and the share's publication (not an access).
    trail.note(trail.entry(AuditAction::ShareGranted, ann, share));
    trail.note(trail.entry(AuditAction::SharePublished, ann, share));
    trail.flush();
    QTRY_COMPARE(recorded.size(), 2);
    // Waiting: ben's denial and grant of the share, and a grant of another share.
    clock.advance(milliseconds(10));
    trail.note(trail.entry(AuditAction::ShareDenied, ben, share, AuditOutcome::Denied,
                           {{"reason"_L1, "policy"_L1}}));
    clock.advance(milliseconds(10));
    trail.note(trail.entry(AuditAction::ShareGranted, ben, share));
    trail.note(trail.entry(AuditAction::ShareGranted, ben, u"tok-2"_s));

    AuditQuery query;
    query.target = share;
    query.actions = {QString(AuditAction::ShareGranted), QString(AuditAction::ShareDenied)};
    query.limit = 10;
    AuditPage page = pageOf(trail, query);
    QCOMPARE(describe(page), (QStringList{u"ben share.granted waiting"_s,
                                          u"ben share.denied waiting"_s, u"ann share.granted"_s}));
    QVERIFY(!page.nextAfterId);
    const qint64 annId = page.entries.last().id;

    // A page the waiting rows fill continues from the newest stored row; a continued page has
    // only stored rows.
    query.limit = 2;
    page = pageOf(trail, query);
    QCOMPARE(describe(page),
             (QStringList{u"ben share.granted waiting"_s, u"ben share.denied waiting"_s}));
    QCOMPARE(page.nextAfterId, std::optional<qint64>(annId + 1));
    query.afterId = page.nextAfterId;
    QCOMPARE(describe(pageOf(trail, query)), QStringList{u"ann share.granted"_s});

    // Written: each row once, none waiting.
    trail.flush();
    QTRY_COMPARE(recorded.size(), 5);
    query.afterId.reset();
    query.limit = 10;
    QCOMPARE(describe(pageOf(trail, query)),
             (QStringList{u"ben share.granted"_s, u"ben share.denied"_s, u"ann share.granted"_s}));
}

void tst_AuditWaiting::identicalReadsShareARow()
{
    QFETCH(QString, engine);
    QString error;
    const std::unique_ptr<Database> database = openFresh(engine, m_dir, &error);
    QVERIFY2(database, qPrintable(error));
    SqlAuditStore store(*database);
    ManualClock clock(kStart);
    AuditTrail trail(store, clock, true, hours(1)); // flushed by the test only
    QSignalSpy recorded(&trail, &AuditTrail::recorded);

    const AuditActor ann{u"ann"_s, u"192.0.2.1"_s};
    const AuditActor annElsewhere{u"ann"_s, u"192.0.2.9"_s};
    const QString share = u"tok-1"_s;
    // Three identical grants, one from another address, one denial with its reason, twice.
    for (int i = 0; i < 3; ++i) {
        trail.note(trail.entry(AuditAction::ShareGranted, ann, share));
        clock.advance(milliseconds(100));
    }
    trail.note(trail.entry(AuditAction::ShareGranted, annElsewhere, share));
    for (int i = 0; i < 2; ++i)
        trail.note(trail.entry(AuditAction::ShareDenied, ann, share, AuditOutcome::Denied,
                               {{"reason"_L1, "download_limit"_L1}}));
    trail.note(trail.entry(AuditAction::ShareDenied, ann, share, AuditOutcome::Denied,
                           {{"reason"_L1, "policy"_L1}}));

    AuditQuery query;
    query.target = share;
    query.limit = 10;
    const auto expectRows = [&](const AuditPage &page) {
        QCOMPARE(page.entries.size(), 4);
        const AuditEntry &policy = page.entries.at(0);
        QCOMPARE(policy.details, (QJsonObject{{"reason"_L1, "policy"_L1}}));
        const AuditEntry &limit = page.entries.at(1);
        QCOMPARE(limit.details, (QJsonObject{{"reason"_L1, "download_limit"_L1},
                                             {"count"_L1, 2},
                                             {"last_at"_L1, "2026-03-03T12:00:00.300Z"_L1}}));
        const AuditEntry &elsewhere = page.entries.at(2);
        QCOMPARE(elsewhere.sourceAddress, std::optional<QString>(u"192.0.2.9"_s));
        QVERIFY(elsewhere.details.isEmpty());
        const AuditEntry &granted = page.entries.at(3);
        QCOMPARE(granted.action, QString(AuditAction::ShareGranted));
        QCOMPARE(granted.time, kStart); // the first one's
        QCOMPARE(granted.details,
                 (QJsonObject{{"count"_L1, 3}, {"last_at"_L1, "2026-03-03T12:00:00.200Z"_L1}}));
    };
    // Waiting, and once written: the same rows.
    expectRows(pageOf(trail, query));
    trail.flush();
    QTRY_COMPARE(recorded.size(), 4);
    expectRows(pageOf(trail, query));

    // After a flush, the same request starts a new row.
    trail.note(trail.entry(AuditAction::ShareGranted, ann, share));
    trail.flush();
    QTRY_COMPARE(recorded.size(), 5);
    const AuditPage page = pageOf(trail, query);
    QCOMPARE(page.entries.size(), 5);
    QVERIFY(page.entries.first().details.isEmpty());
}

QTEST_GUILESS_MAIN(tst_AuditWaiting)
#include "tst_auditwaiting.moc"
