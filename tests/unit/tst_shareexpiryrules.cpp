// ShareExpiryRules: the expiry a share gets from what its desktop asked for and DDALAB's
// per-classification defaults; requests beyond the maximum are capped (phi also by the phi
// maximum, in HIPAA mode only), a time not after now is refused, "never" is for unclassified
// shares only, and a maximum below a default is refused.

#include "domain/ShareExpiryRules.h"

#include <QTest>

using namespace Qt::StringLiterals;
using ddalab::Classification;
using ddalab::ShareExpiryRules;

namespace {

const QDateTime kNow(QDate(2026, 3, 3), QTime(12, 0, 0, 250), Qt::UTC);

} // namespace

class tst_ShareExpiryRules : public QObject
{
    Q_OBJECT

private slots:
    void defaultPerClassification_data();
    void defaultPerClassification();
    void requestedTimeIsKept_data();
    void requestedTimeIsKept();
    void requestBeyondTheMaximumIsCapped_data();
    void requestBeyondTheMaximumIsCapped();
    void phiCappedByPhiMaximumOnlyInHipaaMode();
    void timeNotAfterNowIsInThePast_data();
    void timeNotAfterNowIsInThePast();
    void neverOnlyForUnclassified_data();
    void neverOnlyForUnclassified();
    void defaultOutsideOneToMaximumRefused();
    void maximumBelowADefaultRefused();
    void phiMaximumBelowThePhiDefaultRefused();
};

void tst_ShareExpiryRules::defaultPerClassification_data()
{
    QTest::addColumn<Classification>("classification");
    QTest::addColumn<int>("days");
    QTest::newRow("phi") << Classification::Phi << 7;
    QTest::newRow("de_identified") << Classification::DeIdentified << 30;
    QTest::newRow("synthetic") << Classification::Synthetic << 90;
    QTest::newRow("unclassified") << Classification::Unclassified << 30;
}

void tst_ShareExpiryRules::defaultPerClassification()
{
    QFETCH(Classification, classification);
    QFETCH(int, days);
    const ShareExpiryRules rules;
    QCOMPARE(rules.defaultDays(classification), std::optional<int>(days));
    const ShareExpiryRules::Decision decision = rules.decide(classification, std::nullopt, kNow);
    QVERIFY(!decision.inThePast);
    QCOMPARE(decision.expiresAt, std::optional<QDateTime>(kNow.addDays(days)));
}

void tst_ShareExpiryRules::requestedTimeIsKept_data()
{
    QTest::addColumn<Classification>("classification");
    QTest::addColumn<QDateTime>("requested");
    QTest::newRow("phi, one second ahead") << Classification::Phi << kNow.addSecs(1);
    QTest::newRow("phi, past its default") << Classification::Phi << kNow.addDays(100);
    QTest::newRow("unclassified, exactly the maximum")
        << Classification::Unclassified << kNow.addDays(ShareExpiryRules::kDefaultMaxDays);
    QTest::newRow("synthetic, one millisecond ahead")
        << Classification::Synthetic << kNow.addMSecs(1);
}

void tst_ShareExpiryRules::requestedTimeIsKept()
{
    QFETCH(Classification, classification);
    QFETCH(QDateTime, requested);
    const ShareExpiryRules::Decision decision =
        ShareExpiryRules().decide(classification, requested, kNow);
    QVERIFY(!decision.inThePast);
    QCOMPARE(decision.expiresAt, std::optional<QDateTime>(requested));
}

void tst_ShareExpiryRules::requestBeyondTheMaximumIsCapped_data()
{
    QTest::addColumn<Classification>("classification");
    QTest::addColumn<QDateTime>("requested");
    QTest::newRow("unclassified, a millisecond past")
        << Classification::Unclassified << kNow.addDays(365).addMSecs(1);
    QTest::newRow("phi, ten years") << Classification::Phi << kNow.addYears(10);
    QTest::newRow("synthetic, 366 days") << Classification::Synthetic << kNow.addDays(366);
}

void tst_ShareExpiryRules::requestBeyondTheMaximumIsCapped()
{
    QFETCH(Classification, classification);
    QFETCH(QDateTime, requested);
    const ShareExpiryRules::Decision decision =
        ShareExpiryRules().decide(classification, requested, kNow);
    QVERIFY(!decision.inThePast);
    QCOMPARE(decision.expiresAt, std::optional<QDateTime>(kNow.addDays(365)));
}

void tst_ShareExpiryRules::phiCappedByPhiMaximumOnlyInHipaaMode()
{
    ShareExpiryRules rules;
    const QDateTime requested = kNow.addDays(60);
    QCOMPARE(rules.decide(Classification::Phi, requested, kNow).expiresAt,
             std::optional<QDateTime>(requested));

    rules.setHipaaMode(true);
    QCOMPARE(rules.decide(Classification::Phi, requested, kNow).expiresAt,
             std::optional<QDateTime>(kNow.addDays(ShareExpiryRules::kDefaultPhiMaxDays)));
    // Only phi: the other classifications keep the general maximum.
    QCOMPARE(rules.decide(Classification::DeIdentified, requested, kNow).expiresAt,
             std::optional<QDateTime>(requested));
    QCOMPARE(rules.decide(Classification::Unclassified, requested, kNow).expiresAt,
             std::optional<QDateTime>(requested));
    // A phi request inside the phi maximum is kept.
    QCOMPARE(rules.decide(Classification::Phi, kNow.addDays(20), kNow).expiresAt,
             std::optional<QDateTime>(kNow.addDays(20)));
}

void tst_ShareExpiryRules::timeNotAfterNowIsInThePast_data()
{
    QTest::addColumn<QDateTime>("requested");
    QTest::newRow("now") << kNow;
    QTest::newRow("a millisecond ago") << kNow.addMSecs(-1);
    QTest::newRow("a year ago") << kNow.addYears(-1);
}

void tst_ShareExpiryRules::timeNotAfterNowIsInThePast()
{
    QFETCH(QDateTime, requested);
    const ShareExpiryRules::Decision decision =
        ShareExpiryRules().decide(Classification::Unclassified, requested, kNow);
    QVERIFY(decision.inThePast);
    QCOMPARE(decision.expiresAt, std::nullopt);
}

void tst_ShareExpiryRules::neverOnlyForUnclassified_data()
{
    QTest::addColumn<Classification>("classification");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("phi") << Classification::Phi << false;
    QTest::newRow("de_identified") << Classification::DeIdentified << false;
    QTest::newRow("synthetic") << Classification::Synthetic << false;
    QTest::newRow("unclassified") << Classification::Unclassified << true;
}

void tst_ShareExpiryRules::neverOnlyForUnclassified()
{
    QFETCH(Classification, classification);
    QFETCH(bool, allowed);
    ShareExpiryRules rules;
    const std::optional<int> before = rules.defaultDays(classification);
    QCOMPARE(rules.setDefaultDays(classification, std::nullopt), allowed);
    if (allowed) {
        QCOMPARE(rules.defaultDays(classification), std::nullopt);
        const ShareExpiryRules::Decision decision =
            rules.decide(classification, std::nullopt, kNow);
        QVERIFY(!decision.inThePast);
        QCOMPARE(decision.expiresAt, std::nullopt);
        // A time the desktop asks for still ends it.
        QCOMPARE(rules.decide(classification, kNow.addDays(2), kNow).expiresAt,
                 std::optional<QDateTime>(kNow.addDays(2)));
    } else {
        QCOMPARE(rules.defaultDays(classification), before);
        QCOMPARE(rules, ShareExpiryRules());
    }
}

void tst_ShareExpiryRules::defaultOutsideOneToMaximumRefused()
{
    ShareExpiryRules rules;
    QVERIFY(!rules.setDefaultDays(Classification::Synthetic, 0));
    QVERIFY(!rules.setDefaultDays(Classification::Synthetic, 366));
    QCOMPARE(rules, ShareExpiryRules());
    QVERIFY(rules.setDefaultDays(Classification::Synthetic, 365));
    QCOMPARE(rules.decide(Classification::Synthetic, std::nullopt, kNow).expiresAt,
             std::optional<QDateTime>(kNow.addDays(365)));
}

void tst_ShareExpiryRules::maximumBelowADefaultRefused()
{
    ShareExpiryRules rules;
    // synthetic's default is 90 days.
    QVERIFY(!rules.setMaxDays(89));
    QVERIFY(!rules.setMaxDays(0));
    QCOMPARE(rules.maxDays(), ShareExpiryRules::kDefaultMaxDays);
    QCOMPARE(rules, ShareExpiryRules());
    QVERIFY(rules.setMaxDays(90));
    QCOMPARE(rules.maxDays(), 90);
    QCOMPARE(rules.decide(Classification::Unclassified, kNow.addDays(200), kNow).expiresAt,
             std::optional<QDateTime>(kNow.addDays(90)));
}

void tst_ShareExpiryRules::phiMaximumBelowThePhiDefaultRefused()
{
    ShareExpiryRules rules;
    QVERIFY(!rules.setPhiMaxDays(6));
    QCOMPARE(rules.phiMaxDays(), ShareExpiryRules::kDefaultPhiMaxDays);
    QVERIFY(rules.setPhiMaxDays(7));
    rules.setHipaaMode(true);
    QCOMPARE(rules.decide(Classification::Phi, kNow.addDays(20), kNow).expiresAt,
             std::optional<QDateTime>(kNow.addDays(7)));
}

QTEST_GUILESS_MAIN(tst_ShareExpiryRules)
#include "tst_shareexpiryrules.moc"
