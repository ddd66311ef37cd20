// SQLite serves one broker: a second daemon on the same database file refuses to start with one
// line (exit status 2) while the first keeps serving; a lock left by a broker that is gone
// (SIGKILL, a container's broker that was pid 1 too, one on a host that no longer exists) does not
// stop the next start; the account commands still work beside a running daemon; PostgreSQL takes no
// lock.

#include "support/DaemonProcess.h"
#include "support/HttpTestClient.h"

#include <QFile>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// A daemon on the embedded database of dir (DATA_DIR alone, DATABASE_URL unset).
void useDataDir(DaemonProcess &daemon, const QTemporaryDir &dir)
{
    daemon.setEnv(u"DATABASE_URL"_s, QString());
    daemon.setEnv(u"DATA_DIR"_s, dir.path());
}

QString lockFile(const QTemporaryDir &dir)
{
    return dir.filePath(u"broker.db.lock"_s);
}

} // namespace

class TestSingleNode : public QObject
{
    Q_OBJECT

private slots:
    void secondDaemonOnOneFileIsRefused();
    void secondDaemonOnOneSqliteUrlIsRefused();
    void startsAfterSigkill();
    void startsAfterStop();
    void lockOfAGoneBrokerIsRemoved_data();
    void lockOfAGoneBrokerIsRemoved();
    void twoFoldersServeTwoDaemons();
    void accountCommandsRunBesideTheDaemon();
    void postgresqlTakesNoLock();

private:
    int health(const DaemonProcess &daemon)
    {
        return m_http.getUrl(daemon.httpUrl(u"/health"_s)).status;
    }
    // Starts a second daemon like `first` and expects its one-line refusal naming setting.
    void expectRefusal(DaemonProcess &second, const DaemonProcess &first, const QString &setting,
                       const QString &databaseFile);

    HttpTestClient m_http;
};

void TestSingleNode::expectRefusal(DaemonProcess &second, const DaemonProcess &first,
                                   const QString &setting, const QString &databaseFile)
{
    QString output;
    QCOMPARE(second.runToExit(&output, 30000), 2);
    const QStringList lines = output.trimmed().split(u'\n');
    QVERIFY2(lines.size() == 1, qPrintable(u"not one line:\n"_s + output));
    QCOMPARE(lines.first(),
             u"ddalab-broker: %1: another broker (pid %2 on host %3) is using %4; SQLite serves "
             u"one broker: for several, use PostgreSQL (DATABASE_URL)"_s.arg(
                 setting, QString::number(first.pid()), QSysInfo::machineHostName(), databaseFile));
}

void TestSingleNode::secondDaemonOnOneFileIsRefused()
{
    QTemporaryDir dir;
    DaemonProcess first;
    useDataDir(first, dir);
    QString error;
    QVERIFY2(first.start(&error), qPrintable(error));
    QVERIFY(QFile::exists(lockFile(dir)));

    DaemonProcess second;
    useDataDir(second, dir);
    expectRefusal(second, first, u"DATA_DIR"_s, dir.filePath(u"broker.db"_s));
    if (QTest::currentTestFailed())
        return;

    // The refusal took nothing from the first: it still serves, and its lock is in place.
    QVERIFY(first.isRunning());
    QCOMPARE(health(first), 200);
    QVERIFY(QFile::exists(lockFile(dir)));
}

void TestSingleNode::secondDaemonOnOneSqliteUrlIsRefused()
{
    QTemporaryDir dir;
    const QString databaseFile = dir.filePath(u"shares.db"_s);
    DaemonProcess first;
    first.setEnv(u"DATABASE_URL"_s, u"sqlite://"_s + databaseFile);
    first.setEnv(u"DATA_DIR"_s, dir.path());
    QString error;
    QVERIFY2(first.start(&error), qPrintable(error));

    // Another DATA_DIR does not help: the database file is what is claimed.
    QTemporaryDir otherDir;
    DaemonProcess second;
    second.setEnv(u"DATABASE_URL"_s, u"sqlite://"_s + databaseFile);
    second.setEnv(u"DATA_DIR"_s, otherDir.path());
    expectRefusal(second, first, u"DATABASE_URL"_s, databaseFile);
    QCOMPARE(health(first), 200);
}

void TestSingleNode::startsAfterSigkill()
{
    QTemporaryDir dir;
    DaemonProcess first;
    useDataDir(first, dir);
    QString error;
    QVERIFY2(first.start(&error), qPrintable(error));
    first.kill();
    QVERIFY(!first.isRunning());
    // Nothing of the killed daemon ran: its lock file is still there, naming a pid that is gone.
    QVERIFY(QFile::exists(lockFile(dir)));

    DaemonProcess next;
    useDataDir(next, dir);
    QVERIFY2(next.start(&error), qPrintable(error));
    QCOMPARE(health(next), 200);
    QVERIFY(QFile::exists(lockFile(dir)));
}

void TestSingleNode::startsAfterStop()
{
    QTemporaryDir dir;
    DaemonProcess first;
    useDataDir(first, dir);
    QString error;
    QVERIFY2(first.start(&error), qPrintable(error));
    first.stop();
    QCOMPARE(first.exitCode(), 0);
    QVERIFY(!QFile::exists(lockFile(dir)));

    DaemonProcess next;
    useDataDir(next, dir);
    QVERIFY2(next.start(&error), qPrintable(error));
    QCOMPARE(health(next), 200);
}

void TestSingleNode::lockOfAGoneBrokerIsRemoved_data()
{
    QTest::addColumn<bool>("ownerIsALiveBroker");
    QTest::addColumn<QString>("host");
    // A container's broker is pid 1 at every start: after a SIGKILL the lock names a pid that is
    // alive and a broker, the one starting. Here a broker of another folder stands in for it.
    QTest::newRow("a live broker's pid, this host") << true << QSysInfo::machineHostName();
    // A recreated container has a new host name: the old one cannot be asked about its pid.
    QTest::newRow("pid 1, a host that is gone") << false << u"old-container-3f2a"_s;
}

void TestSingleNode::lockOfAGoneBrokerIsRemoved()
{
    QFETCH(bool, ownerIsALiveBroker);
    QFETCH(QString, host);
    QTemporaryDir otherDir;
    DaemonProcess other;
    QString error;
    qint64 pid = 1;
    if (ownerIsALiveBroker) {
        useDataDir(other, otherDir);
        QVERIFY2(other.start(&error), qPrintable(error));
        pid = other.pid();
    }
    QTemporaryDir dir;
    {
        // What QLockFile writes; nobody holds the file's OS lock, as when its owner is gone.
        QFile abandoned(lockFile(dir));
        QVERIFY(abandoned.open(QIODevice::WriteOnly));
        abandoned.write(u"%1\nddalab-broker\n%2\n"_s.arg(pid).arg(host).toUtf8());
    }

    DaemonProcess next;
    useDataDir(next, dir);
    QVERIFY2(next.start(&error), qPrintable(error));
    QCOMPARE(health(next), 200);
    QVERIFY2(next.output().contains(u"removed the lock file %1 left by a broker that is gone "
                                    u"(pid %2 on host %3)"_s.arg(lockFile(dir))
                                        .arg(pid)
                                        .arg(host)),
             qPrintable(next.output()));

    // The lock is now next's own: a further daemon is refused naming it.
    DaemonProcess refused;
    useDataDir(refused, dir);
    expectRefusal(refused, next, u"DATA_DIR"_s, dir.filePath(u"broker.db"_s));
}

void TestSingleNode::twoFoldersServeTwoDaemons()
{
    QTemporaryDir dirA;
    QTemporaryDir dirB;
    DaemonProcess a;
    DaemonProcess b;
    useDataDir(a, dirA);
    useDataDir(b, dirB);
    QString error;
    QVERIFY2(a.start(&error), qPrintable(error));
    QVERIFY2(b.start(&error), qPrintable(error));
    QCOMPARE(health(a), 200);
    QCOMPARE(health(b), 200);
}

void TestSingleNode::accountCommandsRunBesideTheDaemon()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    useDataDir(daemon, dir);
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));

    // The account commands are no second broker: they take no lock and work on the file the
    // daemon runs on.
    DaemonProcess tool;
    useDataDir(tool, dir);
    tool.setArguments({u"user"_s, u"add"_s, u"ada"_s});
    QString output;
    QCOMPARE(tool.runToExit(&output, 30000, "correct horse battery\n"), 0);
    tool.setArguments({u"user"_s, u"list"_s});
    QCOMPARE(tool.runToExit(&output, 30000), 0);
    QVERIFY2(output.contains(u"ada"_s), qPrintable(output));

    QCOMPARE(health(daemon), 200);
    QVERIFY(QFile::exists(lockFile(dir)));
}

void TestSingleNode::postgresqlTakesNoLock()
{
    QTemporaryDir dir;
    DaemonProcess first;
    QString error;
    QString url;
    QVERIFY2(first.useFreshDatabase(u"postgresql"_s, dir, &error, &url), qPrintable(error));
    QVERIFY2(first.start(&error), qPrintable(error));

    // The same database and the same DATA_DIR: PostgreSQL serves several brokers.
    DaemonProcess second;
    second.setEnv(u"DATABASE_URL"_s, url);
    second.setEnv(u"DATA_DIR"_s, dir.path());
    QVERIFY2(second.start(&error), qPrintable(error));
    QCOMPARE(health(first), 200);
    QCOMPARE(health(second), 200);
    QVERIFY(!QFile::exists(dir.filePath(u"broker.db.lock"_s)));
}

QTEST_GUILESS_MAIN(TestSingleNode)
#include "tst_singlenode.moc"
