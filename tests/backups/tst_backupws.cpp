// State backups over WebSocket: backup_state and restore_state carry a user's state from one
// machine to another byte for byte; a wrong hash, an oversize state and another user's state are
// refused, and a refused backup leaves the stored one as it was.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using wire::backupState;
using wire::restoreState;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kLaptop = u"http://192.168.1.50:3001"_s;
const QString kDesktop = u"http://192.168.1.51:3001"_s;
const QString kBobEndpoint = u"http://192.168.1.60:3001"_s;

// Bytes that differ from state to state (seeded, so a failure can be replayed).
QByteArray stateOf(qsizetype size, quint32 seed)
{
    QList<quint32> words((size + 3) / 4);
    QRandomGenerator(seed).fillRange(words.data(), words.size());
    return QByteArray(reinterpret_cast<const char *>(words.constData()), size);
}

// The state a state_backup reply carries, or a description of what came instead.
QByteArray restoredData(const ServerFrame &reply)
{
    if (const std::optional<ddalab::BackupRecord> backup = stateBackup(reply))
        return backup->data;
    return "<not a state_backup: " + reply.text().left(200) + '>';
}

} // namespace

class TestBackupWs : public QObject
{
    Q_OBJECT

private slots:
    void roundTripBetweenMachines_data();
    void roundTripBetweenMachines();
    void hashMismatchStoresNothing_data() { TestDatabases::addEngineRows(); }
    void hashMismatchStoresNothing();
    void oversizeStatesRefused_data() { TestDatabases::addEngineRows(); }
    void oversizeStatesRefused();
    void onlyTheUserItself_data() { TestDatabases::addEngineRows(); }
    void onlyTheUserItself();
};

void TestBackupWs::roundTripBetweenMachines_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<qsizetype>("size");
    for (const QString &engine : TestDatabases::engines()) {
        for (const auto &[name, size] :
             {std::pair{"0 B", qsizetype(0)}, std::pair{"1 B", qsizetype(1)},
              std::pair{"10 MiB", qsizetype(10 * 1024 * 1024)}})
            QTest::addRow("%s, %s", qPrintable(engine), name) << engine << size;
    }
}

// Alice backs up from her laptop and restores on her desktop; then the other way round.
void TestBackupWs::roundTripBetweenMachines()
{
    QFETCH(QString, engine);
    QFETCH(qsizetype, size);
    QTemporaryDir dir;
    DaemonProcess daemon;
    // A 10 MiB state is about 14 MiB of base64: more than the default 1 MiB message.
    if (size > 512 * 1024)
        daemon.setEnv(u"MAX_MESSAGE_BYTES"_s, QString::number(32 * 1024 * 1024));
    START_DAEMON(daemon, engine, dir);
    WsTestClient laptop;
    WsTestClient desktop;
    OPEN_REGISTERED(laptop, daemon.wsUrl(), {}, kAlice, kLaptop);
    OPEN_REGISTERED(desktop, daemon.wsUrl(), {}, kAlice, kDesktop);

    QCOMPARE(errorCode(desktop.roundTrip(restoreState(kAlice))), u"NO_BACKUP"_s);

    const QByteArray state = stateOf(size, 1);
    ServerFrame reply = laptop.roundTrip(wire::withId(backupState(kAlice, state), u"b1"_s));
    QVERIFY2(isAck(reply), reply.text().left(300).constData());
    QCOMPARE(messageId(reply), u"b1"_s);

    reply = desktop.roundTrip(wire::withId(restoreState(kAlice), u"r1"_s));
    QCOMPARE(messageId(reply), u"r1"_s);
    QVERIFY(restoredData(reply) == state);
    std::optional<ddalab::BackupRecord> backup = stateBackup(reply);
    QVERIFY(backup);
    QCOMPARE(backup->userId, kAlice);
    QCOMPARE(backup->stateHash, wire::stateHash(state));
    QCOMPARE(backup->sizeBytes, qint64(size));
    // created_at on the wire, as the client parses it.
    const QString createdAtText = reply.json().value("created_at"_L1).toString();
    QVERIFY2(wire::isClientRfc3339(createdAtText), qPrintable(createdAtText));
    const QDateTime createdAt = backup->createdAt;
    QCOMPARE(backup->updatedAt, createdAt);

    // The desktop's newer state replaces it; the first backup's time stays.
    const QByteArray newer = stateOf(size + 3, 2);
    QVERIFY(isAck(desktop.roundTrip(backupState(kAlice, newer))));
    reply = laptop.roundTrip(restoreState(kAlice));
    QVERIFY(restoredData(reply) == newer);
    backup = stateBackup(reply);
    QVERIFY(backup);
    QCOMPARE(backup->stateHash, wire::stateHash(newer));
    QCOMPARE(backup->sizeBytes, qint64(newer.size()));
    QCOMPARE(backup->createdAt, createdAt);
    QVERIFY(backup->updatedAt >= createdAt);
}

void TestBackupWs::hashMismatchStoresNothing()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kLaptop);
    const QByteArray stored = stateOf(1000, 3);
    QVERIFY(isAck(alice.roundTrip(backupState(kAlice, stored))));

    // A well-formed hash of other bytes: HASH_MISMATCH.
    const QByteArray damaged = stateOf(1000, 4);
    QCOMPARE(errorCode(alice.roundTrip(backupState(kAlice, damaged, wire::stateHash(stored)))),
             u"HASH_MISMATCH"_s);
    QCOMPARE(errorCode(alice.roundTrip(backupState(kAlice, QByteArray(), wire::stateHash(stored)))),
             u"HASH_MISMATCH"_s);
    // Not a hash, not base64, fields missing: PARSE_ERROR.
    const QList<QJsonObject> malformed{
        backupState(kAlice, damaged, u"xyz"_s),
        backupState(kAlice, damaged, wire::stateHash(damaged).left(63)),
        backupState(kAlice, damaged, wire::stateHash(damaged).replace(0, 1, u"g"_s)),
        QJsonObject{{"type"_L1, "backup_state"_L1},
                    {"user_id"_L1, kAlice},
                    {"state_hash"_L1, wire::stateHash(damaged)},
                    {"data"_L1, u"***not base64***"_s}},
        QJsonObject{{"type"_L1, "backup_state"_L1},
                    {"user_id"_L1, kAlice},
                    {"state_hash"_L1, wire::stateHash(damaged)}},
        QJsonObject{{"type"_L1, "backup_state"_L1},
                    {"user_id"_L1, kAlice},
                    {"data"_L1, QString::fromLatin1(damaged.toBase64())}},
        QJsonObject{{"type"_L1, "backup_state"_L1},
                    {"user_id"_L1, kAlice},
                    {"state_hash"_L1, wire::stateHash(damaged)},
                    {"data"_L1, 42}},
        QJsonObject{{"type"_L1, "restore_state"_L1}},
    };
    for (const QJsonObject &message : malformed)
        QCOMPARE(errorCode(alice.roundTrip(message)), u"PARSE_ERROR"_s);

    // The stored state is untouched.
    ServerFrame reply = alice.roundTrip(restoreState(kAlice));
    QVERIFY(restoredData(reply) == stored);
    QVERIFY(stateBackup(reply));
    QCOMPARE(stateBackup(reply)->stateHash, wire::stateHash(stored));

    // The hash may come in upper case; it is kept in lower case.
    QVERIFY(
        isAck(alice.roundTrip(backupState(kAlice, damaged, wire::stateHash(damaged).toUpper()))));
    reply = alice.roundTrip(restoreState(kAlice));
    QVERIFY(restoredData(reply) == damaged);
    QVERIFY(stateBackup(reply));
    QCOMPARE(stateBackup(reply)->stateHash, wire::stateHash(damaged));
}

void TestBackupWs::oversizeStatesRefused()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"BACKUP_MAX_BYTES"_s, u"4096"_s);
    START_DAEMON(daemon, engine, dir);
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kLaptop);
    const QByteArray stored = stateOf(4096, 5);
    QVERIFY(isAck(alice.roundTrip(backupState(kAlice, stored))));

    const ServerFrame reply = alice.roundTrip(backupState(kAlice, stateOf(4097, 6)));
    QCOMPARE(errorCode(reply), u"BACKUP_TOO_LARGE"_s);
    QVERIFY(errorMessage(reply).contains(u"4096"_s));
    QVERIFY(restoredData(alice.roundTrip(restoreState(kAlice))) == stored);

    // A state whose message is over MAX_MESSAGE_BYTES (1 MiB by default) never arrives: the
    // connection closes with 1009, and large states take the HTTP API instead.
    WsTestClient big;
    OPEN_REGISTERED(big, daemon.wsUrl(), {}, kAlice, kDesktop);
    big.sendJson(backupState(kAlice, stateOf(800 * 1024, 7)));
    QVERIFY(big.waitForClosed());
    QCOMPARE(big.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QVERIFY(restoredData(alice.roundTrip(restoreState(kAlice))) == stored);
}

void TestBackupWs::onlyTheUserItself()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);
    WsTestClient alice;
    WsTestClient bob;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kLaptop);
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    const QByteArray stored = stateOf(100, 8);
    QVERIFY(isAck(alice.roundTrip(backupState(kAlice, stored))));

    // Bob may neither read nor overwrite alice's state.
    ServerFrame reply = bob.roundTrip(wire::withId(restoreState(kAlice), u"steal"_s));
    QCOMPARE(errorCode(reply), u"FORBIDDEN"_s);
    QCOMPARE(messageId(reply), u"steal"_s);
    // Not a fragment of her state anywhere in the frame.
    QVERIFY(!wire::compact(reply.json()).contains(stored.toBase64().left(16)));
    QCOMPARE(errorCode(bob.roundTrip(backupState(kAlice, stateOf(100, 9)))), u"FORBIDDEN"_s);
    // His own restore finds nothing.
    QCOMPARE(errorCode(bob.roundTrip(restoreState(kBob))), u"NO_BACKUP"_s);

    // A connection that did not register has no user to back up.
    WsTestClient unregistered;
    QVERIFY(unregistered.open(daemon.wsUrl()));
    QCOMPARE(errorCode(unregistered.roundTrip(restoreState(kAlice))), u"NOT_REGISTERED"_s);
    QCOMPARE(errorCode(unregistered.roundTrip(backupState(kAlice, stored))), u"NOT_REGISTERED"_s);

    reply = alice.roundTrip(restoreState(kAlice));
    QVERIFY(restoredData(reply) == stored);
}

QTEST_GUILESS_MAIN(TestBackupWs)
#include "tst_backupws.moc"
