// SingleNodeLock in process: one claim per SQLite file, refused with a line naming the owner,
// released with the object; a file without an owner is left alone while it may be an owner
// still writing it, and removed once it is older than that; the folder is made when missing.

#include "storage/SingleNodeLock.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QRegularExpression>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;

class TestSingleNodeLock : public QObject
{
    Q_OBJECT

private slots:
    void oneClaimPerFile();
    void ownerlessFileWhileItMayBeWritten();
    void ownerlessFileLeftByACrash();
    void missingFolderIsMade();
    void folderThatCannotBeMade();
};

void TestSingleNodeLock::oneClaimPerFile()
{
    QTemporaryDir dir;
    const QString database = dir.filePath(u"broker.db"_s);
    QString error;
    {
        const auto first = SingleNodeLock::acquire(database, &error);
        QVERIFY2(first, qPrintable(error));
        QCOMPARE(first->fileName(), database + u".lock"_s);
        QVERIFY(QFile::exists(first->fileName()));

        // Another QLockFile's OS lock on the file is held, even within one process.
        QVERIFY(!SingleNodeLock::acquire(database, &error));
        QCOMPARE(error, u"another broker (pid %1 on host %2) is using %3; SQLite serves one "
                        u"broker: for several, use PostgreSQL (DATABASE_URL)"_s
                            .arg(QCoreApplication::applicationPid())
                            .arg(QSysInfo::machineHostName(), database));
        QVERIFY(QFile::exists(first->fileName()));
    }
    QVERIFY(!QFile::exists(database + u".lock"_s));
    QVERIFY2(SingleNodeLock::acquire(database, &error), qPrintable(error));
}

void TestSingleNodeLock::ownerlessFileWhileItMayBeWritten()
{
    QTemporaryDir dir;
    const QString database = dir.filePath(u"broker.db"_s);
    QFile ownerless(database + u".lock"_s);
    QVERIFY(ownerless.open(QIODevice::WriteOnly));
    ownerless.close();

    QString error;
    QVERIFY(!SingleNodeLock::acquire(database, &error));
    QCOMPARE(error, u"another broker is using %1; SQLite serves one broker: for several, use "
                    u"PostgreSQL (DATABASE_URL)"_s.arg(database));
    QVERIFY(ownerless.exists());
}

void TestSingleNodeLock::ownerlessFileLeftByACrash()
{
    QTemporaryDir dir;
    const QString database = dir.filePath(u"broker.db"_s);
    QFile ownerless(database + u".lock"_s);
    QVERIFY(ownerless.open(QIODevice::WriteOnly));
    QVERIFY(ownerless.setFileTime(QDateTime::currentDateTime().addSecs(-60),
                                  QFileDevice::FileModificationTime));
    ownerless.close();

    QString error;
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(u"removed the lock file .*broker\\.db\\.lock left by "
                                            u"a broker that is gone \\(it named no owner\\)"_s));
    const auto lock = SingleNodeLock::acquire(database, &error);
    QVERIFY2(lock, qPrintable(error));
    QVERIFY(QFile::exists(lock->fileName()));
}

void TestSingleNodeLock::missingFolderIsMade()
{
    QTemporaryDir dir;
    const QString database = dir.filePath(u"new/data/broker.db"_s);
    QString error;
    QVERIFY2(SingleNodeLock::acquire(database, &error), qPrintable(error));
}

void TestSingleNodeLock::folderThatCannotBeMade()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"file"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QString error;
    QVERIFY(!SingleNodeLock::acquire(dir.filePath(u"file/broker.db"_s), &error));
    QCOMPARE(error, u"cannot create the folder %1"_s.arg(dir.filePath(u"file"_s)));
}

QTEST_GUILESS_MAIN(TestSingleNodeLock)
#include "tst_singlenodelock.moc"
