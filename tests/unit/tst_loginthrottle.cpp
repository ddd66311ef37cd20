// LoginThrottle with a manual clock: after the allowed failures a user id, or a client address,
// must wait 1 s, then 2, 4, ... up to 15 minutes; a success forgets the user id's failures (not
// the address's), and an hour without failures forgets both.

#include "auth/LoginThrottle.h"
#include "support/ManualClock.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;
using std::chrono::seconds;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kLab = u"192.168.1.50"_s;
const QString kHome = u"203.0.113.7"_s;
const QDateTime kStart(QDate(2026, 3, 3), QTime(12, 0), Qt::UTC);

} // namespace

class tst_LoginThrottle : public QObject
{
    Q_OBJECT

private slots:
    void backoffDoublesUpToFifteenMinutes_data();
    void backoffDoublesUpToFifteenMinutes();
    void waitCountsDown();
    void successForgetsTheAccountNotTheAddress();
    void anHourWithoutFailuresForgets();
    void accountsAndAddressesAreSeparate();
};

void tst_LoginThrottle::backoffDoublesUpToFifteenMinutes_data()
{
    // Failures counted against an account (from ever new addresses) or against an address (for
    // ever new user ids); the other limit is out of reach.
    QTest::addColumn<bool>("perAccount");
    QTest::newRow("per account") << true;
    QTest::newRow("per address") << false;
}

void tst_LoginThrottle::backoffDoublesUpToFifteenMinutes()
{
    QFETCH(bool, perAccount);
    constexpr int kAllowed = 3;
    ManualClock clock(kStart);
    LoginThrottle throttle(perAccount ? kAllowed : 1000, perAccount ? 1000 : kAllowed, clock);
    int attempt = 0;
    const auto fail = [&] {
        ++attempt;
        if (perAccount)
            throttle.failed(kAlice, u"10.0.0.%1"_s.arg(attempt));
        else
            throttle.failed(u"user%1@institution.edu"_s.arg(attempt), kLab);
    };
    const auto wait = [&] {
        return perAccount ? throttle.waitFor(kAlice, u"10.1.0.1"_s)
                          : throttle.waitFor(u"new@institution.edu"_s, kLab);
    };

    for (int i = 0; i < kAllowed - 1; ++i) {
        fail();
        QCOMPARE(wait().count(), 0);
    }
    // Each failure past the allowed ones, made as soon as it may be, doubles the wait.
    QList<qint64> waits;
    for (int i = 0; i < 13; ++i) {
        fail();
        waits.append(wait().count());
        clock.advance(wait());
        QCOMPARE(wait().count(), 0);
    }
    QCOMPARE(waits, (QList<qint64>{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900}));
}

void tst_LoginThrottle::waitCountsDown()
{
    ManualClock clock(kStart);
    LoginThrottle throttle(1, 1000, clock);
    throttle.failed(kAlice, kLab);
    throttle.failed(kAlice, kLab);
    throttle.failed(kAlice, kLab);
    QCOMPARE(throttle.waitFor(kAlice, kLab), seconds(4));
    clock.advance(seconds(1));
    QCOMPARE(throttle.waitFor(kAlice, kLab), seconds(3));
    clock.advance(std::chrono::milliseconds(2500));
    QVERIFY(throttle.waitFor(kAlice, kLab) <= seconds(1));
    clock.advance(seconds(1));
    QCOMPARE(throttle.waitFor(kAlice, kLab), seconds(0));
}

void tst_LoginThrottle::successForgetsTheAccountNotTheAddress()
{
    ManualClock clock(kStart);
    LoginThrottle throttle(2, 2, clock);
    throttle.failed(kAlice, kLab);
    throttle.failed(kAlice, kLab);
    QCOMPARE(throttle.waitFor(kAlice, kHome), seconds(1));
    QCOMPARE(throttle.waitFor(kBob, kLab), seconds(1));

    throttle.succeeded(kAlice);
    QCOMPARE(throttle.waitFor(kAlice, kHome), seconds(0));
    // A login that works must not clear the way for guesses at others from the same place.
    QCOMPARE(throttle.waitFor(kBob, kLab), seconds(1));
    // Alice's count starts again from nothing.
    throttle.failed(kAlice, kHome);
    QCOMPARE(throttle.waitFor(kAlice, kHome), seconds(0));
}

void tst_LoginThrottle::anHourWithoutFailuresForgets()
{
    ManualClock clock(kStart);
    LoginThrottle throttle(2, 2, clock);
    for (int i = 0; i < 12; ++i)
        throttle.failed(kAlice, kLab);
    QCOMPARE(throttle.waitFor(kAlice, kHome), seconds(900));
    QCOMPARE(throttle.waitFor(kBob, kLab), seconds(900));

    clock.advance(seconds(3599));
    QCOMPARE(throttle.waitFor(kAlice, kHome), seconds(0)); // the 15 minutes are long over
    throttle.failed(kAlice, kLab);                         // a failure within the hour counts on
    QCOMPARE(throttle.waitFor(kAlice, kHome), seconds(900));

    clock.advance(seconds(3600));
    QCOMPARE(throttle.waitFor(kAlice, kLab), seconds(0));
    // After an hour without failures one failure is the first again, for both.
    throttle.failed(kAlice, kLab);
    QCOMPARE(throttle.waitFor(kAlice, kHome), seconds(0));
    QCOMPARE(throttle.waitFor(kBob, kLab), seconds(0));
}

void tst_LoginThrottle::accountsAndAddressesAreSeparate()
{
    ManualClock clock(kStart);
    LoginThrottle throttle(2, 3, clock);
    throttle.failed(kAlice, kLab);
    throttle.failed(kAlice, kHome);
    QCOMPARE(throttle.waitFor(kAlice, u"10.9.9.9"_s), seconds(1)); // two failures for alice
    QCOMPARE(throttle.waitFor(kBob, kLab), seconds(0));            // one from each address
    QCOMPARE(throttle.waitFor(kBob, kHome), seconds(0));
    throttle.failed(kBob, kLab);
    throttle.failed(u"carol@institution.edu"_s, kLab);
    QCOMPARE(throttle.waitFor(u"dave@institution.edu"_s, kLab), seconds(1)); // three from the lab
    QCOMPARE(throttle.waitFor(u"dave@institution.edu"_s, kHome), seconds(0));
}

QTEST_GUILESS_MAIN(tst_LoginThrottle)
#include "tst_loginthrottle.moc"
