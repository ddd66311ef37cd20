// SIGTERM, SIGINT, SIGHUP and SIGKILL sent to the real daemon while connections publish as fast
// as it acknowledges, on both engines. After a graceful stop every client saw close code 1001,
// the daemon exited 0, and the database holds exactly the acknowledged shares (no reply owed was
// dropped, nothing unacknowledged was kept); a reload drops nothing and closes nothing; after
// SIGKILL every acknowledged share is still there.

#include "PublishLoad.h"
#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QElapsedTimer>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {

constexpr int kShutdownTimeoutSeconds = 10;
constexpr int kAcksBeforeSignal = 200;

// A daemon on the database at url, tuned for load.
void configure(DaemonProcess &daemon, const QString &url, const QTemporaryDir &dir)
{
    daemon.setEnv(u"DATABASE_URL"_s, url);
    daemon.setEnv(u"DATA_DIR"_s, dir.path());
    // The load must meet the database, not the rate limit.
    daemon.setEnv(u"RATE_LIMIT_PER_SECOND"_s, u"1000000"_s);
    daemon.setEnv(u"RATE_LIMIT_BURST"_s, u"1000000"_s);
    daemon.setEnv(u"SHUTDOWN_TIMEOUT_SECONDS"_s, QString::number(kShutdownTimeoutSeconds));
}

// Which of tokens a fresh daemon on url knows, asked over one connection with request_share.
QSet<QString> storedIn(const QString &url, const QTemporaryDir &dir, const QStringList &tokens,
                       QString *error)
{
    DaemonProcess daemon;
    configure(daemon, url, dir);
    if (!daemon.start(error))
        return {};
    WsTestClient client;
    if (!client.openRegistered(daemon.wsUrl(), {}, u"checker@institution.edu"_s,
                               u"http://10.0.0.99:3001"_s, error))
        return {};
    for (const QString &token : tokens)
        client.sendJson(
            wire::withId(wire::requestShare(token, u"checker@institution.edu"_s), token));
    QSet<QString> stored;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const ServerFrame reply = client.next();
        const QString token = messageId(reply);
        if (shareInfo(reply)) {
            stored.insert(token);
        } else if (errorCode(reply) != "SHARE_NOT_FOUND"_L1) {
            *error = u"request_share %1 answered %2"_s.arg(token, reply.describe());
            return {};
        }
    }
    return stored;
}

QString describe(const QSet<QString> &tokens)
{
    QStringList list(tokens.cbegin(), tokens.cend());
    list.sort();
    return list.mid(0, 5).join(u", "_s) + (list.size() > 5 ? u", ..."_s : QString());
}

} // namespace

class TestSignals : public QObject
{
    Q_OBJECT

private slots:
    void gracefulStopUnderLoad_data();
    void gracefulStopUnderLoad();
    void reloadUnderLoad_data() { TestDatabases::addEngineRows(); }
    void reloadUnderLoad();
    void killUnderLoad_data() { TestDatabases::addEngineRows(); }
    void killUnderLoad();
    void stopIsBoundedWhenTheDatabaseHangs();
};

// Declares url, a fresh database of engine in dir, or fails the test (never skips).
#define FRESH_DATABASE(url, engine, dir)                                                           \
    QString url;                                                                                   \
    do {                                                                                           \
        QString freshError;                                                                        \
        url = TestDatabases::freshUrl(engine, dir, &freshError);                                   \
        if (url.isEmpty())                                                                         \
            QFAIL(qPrintable(u"no %1 database: %2"_s.arg(engine, freshError)));                    \
    } while (false)

void TestSignals::gracefulStopUnderLoad_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<int>("signalNumber");
    for (const QString &engine : TestDatabases::engines()) {
        QTest::newRow(qPrintable(engine + u"/SIGTERM"_s)) << engine << SIGTERM;
        QTest::newRow(qPrintable(engine + u"/SIGINT"_s)) << engine << SIGINT;
    }
}

void TestSignals::gracefulStopUnderLoad()
{
    QFETCH(QString, engine);
    QFETCH(int, signalNumber);
    QTemporaryDir dir;
    FRESH_DATABASE(url, engine, dir);
    DaemonProcess daemon;
    configure(daemon, url, dir);
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));

    PublishLoad load(4, 8);
    QVERIFY2(load.open(daemon, &error), qPrintable(error));
    load.start();
    QTRY_VERIFY_WITH_TIMEOUT(load.ackCount() >= kAcksBeforeSignal, 30000);

    QElapsedTimer sinceSignal;
    sinceSignal.start();
    daemon.sendSignal(signalNumber);
    QTRY_VERIFY_WITH_TIMEOUT(load.allClosed(), 15000);
    for (const auto &client : load.clients())
        QCOMPARE(client->closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QVERIFY2(daemon.waitForExit(15000), qPrintable(daemon.output()));
    const qint64 stopMs = sinceSignal.elapsed();
    QVERIFY2(daemon.exitCode() == 0, qPrintable(daemon.output()));
    QVERIFY2(stopMs < kShutdownTimeoutSeconds * 1000, qPrintable(QString::number(stopMs)));
    QVERIFY2(load.unexpected().isEmpty(), qPrintable(load.unexpected().join(u'\n')));
    QVERIFY(load.repliesInOrder());
    qInfo("%lld publishes sent, %lld acknowledged, %lld never answered (sent after the signal); "
          "exit %lld ms after the signal",
          qint64(load.sentCount()), qint64(load.ackCount()), qint64(load.inFlight()), stopMs);

    const QSet<QString> stored = storedIn(url, dir, load.sent(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2((load.acked() - stored).isEmpty(),
             qPrintable(u"acknowledged but lost: "_s + describe(load.acked() - stored)));
    QVERIFY2((stored - load.acked()).isEmpty(),
             qPrintable(u"stored but never acknowledged: "_s + describe(stored - load.acked())));
}

void TestSignals::reloadUnderLoad()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    FRESH_DATABASE(url, engine, dir);
    DaemonProcess daemon;
    configure(daemon, url, dir);
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));

    PublishLoad load(4, 8);
    QVERIFY2(load.open(daemon, &error), qPrintable(error));
    load.start();
    QTRY_VERIFY_WITH_TIMEOUT(load.ackCount() >= kAcksBeforeSignal, 30000);
    daemon.sendSignal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(daemon.output().contains(u"configuration reloaded"_s), 10000);
    // The connections go on being served after the reload.
    const qsizetype acksAtReload = load.ackCount();
    QTRY_VERIFY_WITH_TIMEOUT(load.ackCount() >= acksAtReload + kAcksBeforeSignal, 30000);
    load.stop();
    QTRY_COMPARE_WITH_TIMEOUT(load.inFlight(), qsizetype(0), 10000);
    for (const auto &client : load.clients())
        QVERIFY(client->isOpen());
    QVERIFY2(load.unexpected().isEmpty(), qPrintable(load.unexpected().join(u'\n')));
    QCOMPARE(load.ackCount(), load.sentCount());

    daemon.sendSignal(SIGTERM);
    QTRY_VERIFY_WITH_TIMEOUT(load.allClosed(), 15000);
    QVERIFY2(daemon.waitForExit(15000), qPrintable(daemon.output()));
    QCOMPARE(daemon.exitCode(), 0);
    const QSet<QString> stored = storedIn(url, dir, load.sent(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(stored == load.acked(),
             qPrintable(u"acknowledged but lost: "_s + describe(load.acked() - stored)));
}

void TestSignals::killUnderLoad()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    FRESH_DATABASE(url, engine, dir);
    DaemonProcess daemon;
    configure(daemon, url, dir);
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));

    PublishLoad load(4, 8);
    QVERIFY2(load.open(daemon, &error), qPrintable(error));
    load.start();
    QTRY_VERIFY_WITH_TIMEOUT(load.ackCount() >= kAcksBeforeSignal, 30000);
    daemon.kill();
    QTRY_VERIFY_WITH_TIMEOUT(load.allClosed(), 10000);
    // Nothing finishes after SIGKILL: what was acknowledged had committed before.
    const QSet<QString> stored = storedIn(url, dir, load.sent(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2((load.acked() - stored).isEmpty(),
             qPrintable(u"acknowledged but lost: "_s + describe(load.acked() - stored)));
    qInfo("%lld acknowledged, %lld stored after SIGKILL", qint64(load.ackCount()),
          qint64(stored.size()));
}

// PostgreSQL only: an embedded SQLite file cannot stop answering (its waits end after the
// busy timeout), a database server can.
void TestSignals::stopIsBoundedWhenTheDatabaseHangs()
{
    QTemporaryDir dir;
    FRESH_DATABASE(url, u"postgresql"_s, dir);
    DaemonProcess daemon;
    configure(daemon, url, dir);
    daemon.setEnv(u"SHUTDOWN_TIMEOUT_SECONDS"_s, u"1"_s);
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, u"alice@institution.edu"_s,
                    u"http://10.0.0.1:3001"_s);

    // Another session holds the shares table: the broker's next write waits for it.
    const QUrl parsed(url);
    QSqlDatabase locker = QSqlDatabase::addDatabase(u"QPSQL"_s, u"locker"_s);
    locker.setHostName(parsed.host());
    locker.setPort(parsed.port(5432));
    locker.setUserName(parsed.userName());
    locker.setDatabaseName(parsed.path().mid(1));
    QVERIFY2(locker.open(), qPrintable(locker.lastError().text()));
    QVERIFY(locker.transaction());
    QSqlQuery lock(locker);
    QVERIFY2(lock.exec(u"LOCK TABLE shared_results IN ACCESS EXCLUSIVE MODE"_s),
             qPrintable(lock.lastError().text()));

    const QString token = wire::newToken();
    alice.sendJson(wire::publishShare(
        token, wire::metadata(u"alice@institution.edu"_s, u"r1"_s, u"Blocked"_s)));
    // The broker's transaction waits for the lock before the signal comes.
    auto brokerWaits = [&locker] {
        QSqlQuery waiting(locker);
        return waiting.exec(u"SELECT count(*) FROM pg_locks WHERE NOT granted AND "
                            "relation = 'shared_results'::regclass"_s) &&
               waiting.next() && waiting.value(0).toInt() > 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(brokerWaits(), 10000);
    QElapsedTimer sinceSignal;
    sinceSignal.start();
    daemon.sendSignal(SIGTERM);
    // 1 s for the connection, 5 s for the storage, then the guard ends the process.
    QVERIFY2(daemon.waitForExit(15000), qPrintable(daemon.output()));
    const qint64 stopMs = sinceSignal.elapsed();
    QVERIFY2(daemon.exitCode() == 1, qPrintable(daemon.output()));
    QVERIFY2(stopMs < 9000, qPrintable(QString::number(stopMs)));
    QVERIFY2(daemon.output().contains(u"did not let go"_s), qPrintable(daemon.output()));
    QCOMPARE(alice.unreadCount(), 0); // the blocked publish was never acknowledged
    qInfo("exit status 1 %lld ms after SIGTERM with the database hanging", stopMs);

    locker.rollback();
    locker.close();
    locker = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"locker"_s);
}

QTEST_GUILESS_MAIN(TestSignals)
#include "tst_signals.moc"
