// State backups over WebSocket: backup_state and restore_state carry a user's state from one
// machine to another byte for byte; a wrong hash, an oversize state and another user's state are
// refused, and a refused backup leaves the stored one as it was.

#include "E2eSupport.h"

#include <QCryptographicHash>
#include <QTest>

using namespace Qt::StringLiterals;

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

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QJsonObject backupState(const QString &userId, const QByteArray &data,
                        const QString &hash = QString())
{
    return {{"type"_L1, "backup_state"_L1},
            {"user_id"_L1, userId},
            {"state_hash"_L1, hash.isNull() ? sha256Hex(data) : hash},
            {"data"_L1, QString::fromLatin1(data.toBase64())}};
}

QJsonObject restoreState(const QString &userId)
{
    return {{"type"_L1, "restore_state"_L1}, {"user_id"_L1, userId}};
}

// The state a state_backup reply carries, or a description of what came instead.
QByteArray restoredData(const QJsonObject &reply)
{
    if (reply.value("type"_L1) != "state_backup"_L1)
        return "<not a state_backup: " + e2e::compact(reply).left(200) + '>';
    return QByteArray::fromBase64(reply.value("data"_L1).toString().toLatin1());
}

} // namespace

class TestBackupWs : public QObject
{
    Q_OBJECT

private slots:
    void roundTripBetweenMachines_data();
    void roundTripBetweenMachines();
    void hashMismatchStoresNothing_data() { e2e::addEngineRows(); }
    void hashMismatchStoresNothing();
    void oversizeStatesRefused_data() { e2e::addEngineRows(); }
    void oversizeStatesRefused();
    void onlyTheUserItself_data() { e2e::addEngineRows(); }
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
    E2E_START_DAEMON(daemon, engine, dir);
    WsTestClient laptop;
    WsTestClient desktop;
    E2E_OPEN_REGISTERED(laptop, daemon, kAlice, kLaptop);
    E2E_OPEN_REGISTERED(desktop, daemon, kAlice, kDesktop);

    QCOMPARE(e2e::errorCode(e2e::roundTrip(desktop, restoreState(kAlice))), u"NO_BACKUP"_s);

    const QByteArray state = stateOf(size, 1);
    QJsonObject reply = e2e::roundTrip(laptop, e2e::withId(backupState(kAlice, state), u"b1"_s));
    QVERIFY2(e2e::isAck(reply), e2e::compact(reply).left(300).constData());
    QCOMPARE(reply.value("message_id"_L1).toString(), u"b1"_s);

    reply = e2e::roundTrip(desktop, e2e::withId(restoreState(kAlice), u"r1"_s));
    QCOMPARE(reply.value("message_id"_L1).toString(), u"r1"_s);
    QVERIFY(restoredData(reply) == state);
    QCOMPARE(reply.value("user_id"_L1).toString(), kAlice);
    QCOMPARE(reply.value("state_hash"_L1).toString(), sha256Hex(state));
    QCOMPARE(reply.value("size_bytes"_L1).toInteger(), qint64(size));
    const QString createdAt = reply.value("created_at"_L1).toString();
    QVERIFY2(e2e::isClientRfc3339(createdAt), qPrintable(createdAt));
    QCOMPARE(reply.value("updated_at"_L1).toString(), createdAt);

    // The desktop's newer state replaces it; the first backup's time stays.
    const QByteArray newer = stateOf(size + 3, 2);
    QVERIFY(e2e::isAck(e2e::roundTrip(desktop, backupState(kAlice, newer))));
    reply = e2e::roundTrip(laptop, restoreState(kAlice));
    QVERIFY(restoredData(reply) == newer);
    QCOMPARE(reply.value("state_hash"_L1).toString(), sha256Hex(newer));
    QCOMPARE(reply.value("size_bytes"_L1).toInteger(), qint64(newer.size()));
    QCOMPARE(reply.value("created_at"_L1).toString(), createdAt);
    QVERIFY(reply.value("updated_at"_L1).toString() >= createdAt);
}

void TestBackupWs::hashMismatchStoresNothing()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    E2E_START_DAEMON(daemon, engine, dir);
    WsTestClient alice;
    E2E_OPEN_REGISTERED(alice, daemon, kAlice, kLaptop);
    const QByteArray stored = stateOf(1000, 3);
    QVERIFY(e2e::isAck(e2e::roundTrip(alice, backupState(kAlice, stored))));

    // A well-formed hash of other bytes: HASH_MISMATCH.
    const QByteArray damaged = stateOf(1000, 4);
    QCOMPARE(e2e::errorCode(e2e::roundTrip(alice, backupState(kAlice, damaged, sha256Hex(stored)))),
             u"HASH_MISMATCH"_s);
    QCOMPARE(
        e2e::errorCode(e2e::roundTrip(alice, backupState(kAlice, QByteArray(), sha256Hex(stored)))),
        u"HASH_MISMATCH"_s);
    // Not a hash, not base64, fields missing: PARSE_ERROR.
    const QList<QJsonObject> malformed{
        backupState(kAlice, damaged, u"xyz"_s),
        backupState(kAlice, damaged, sha256Hex(damaged).left(63)),
        backupState(kAlice, damaged, sha256Hex(damaged).replace(0, 1, u"g"_s)),
        QJsonObject{{"type"_L1, "backup_state"_L1},
                    {"user_id"_L1, kAlice},
                    {"state_hash"_L1, sha256Hex(damaged)},
                    {"data"_L1, u"***not base64***"_s}},
        QJsonObject{{"type"_L1, "backup_state"_L1},
                    {"user_id"_L1, kAlice},
                    {"state_hash"_L1, sha256Hex(damaged)}},
        QJsonObject{{"type"_L1, "backup_state"_L1},
                    {"user_id"_L1, kAlice},
                    {"data"_L1, QString::fromLatin1(damaged.toBase64())}},
        QJsonObject{{"type"_L1, "backup_state"_L1},
                    {"user_id"_L1, kAlice},
                    {"state_hash"_L1, sha256Hex(damaged)},
                    {"data"_L1, 42}},
        QJsonObject{{"type"_L1, "restore_state"_L1}},
    };
    for (const QJsonObject &message : malformed)
        QCOMPARE(e2e::errorCode(e2e::roundTrip(alice, message)), u"PARSE_ERROR"_s);

    // The stored state is untouched.
    QJsonObject reply = e2e::roundTrip(alice, restoreState(kAlice));
    QVERIFY(restoredData(reply) == stored);
    QCOMPARE(reply.value("state_hash"_L1).toString(), sha256Hex(stored));

    // The hash may come in upper case; it is kept in lower case.
    QVERIFY(e2e::isAck(
        e2e::roundTrip(alice, backupState(kAlice, damaged, sha256Hex(damaged).toUpper()))));
    reply = e2e::roundTrip(alice, restoreState(kAlice));
    QVERIFY(restoredData(reply) == damaged);
    QCOMPARE(reply.value("state_hash"_L1).toString(), sha256Hex(damaged));
}

void TestBackupWs::oversizeStatesRefused()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"BACKUP_MAX_BYTES"_s, u"4096"_s);
    E2E_START_DAEMON(daemon, engine, dir);
    WsTestClient alice;
    E2E_OPEN_REGISTERED(alice, daemon, kAlice, kLaptop);
    const QByteArray stored = stateOf(4096, 5);
    QVERIFY(e2e::isAck(e2e::roundTrip(alice, backupState(kAlice, stored))));

    const QJsonObject reply = e2e::roundTrip(alice, backupState(kAlice, stateOf(4097, 6)));
    QCOMPARE(e2e::errorCode(reply), u"BACKUP_TOO_LARGE"_s);
    QVERIFY(reply.value("message"_L1).toString().contains(u"4096"_s));
    QVERIFY(restoredData(e2e::roundTrip(alice, restoreState(kAlice))) == stored);

    // A state whose message is over MAX_MESSAGE_BYTES (1 MiB by default) never arrives: the
    // connection closes with 1009, and large states take the HTTP API instead.
    WsTestClient big;
    E2E_OPEN_REGISTERED(big, daemon, kAlice, kDesktop);
    big.sendJson(backupState(kAlice, stateOf(800 * 1024, 7)));
    QVERIFY(big.waitForClosed());
    QCOMPARE(big.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QVERIFY(restoredData(e2e::roundTrip(alice, restoreState(kAlice))) == stored);
}

void TestBackupWs::onlyTheUserItself()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    E2E_START_DAEMON(daemon, engine, dir);
    WsTestClient alice;
    WsTestClient bob;
    E2E_OPEN_REGISTERED(alice, daemon, kAlice, kLaptop);
    E2E_OPEN_REGISTERED(bob, daemon, kBob, kBobEndpoint);
    const QByteArray stored = stateOf(100, 8);
    QVERIFY(e2e::isAck(e2e::roundTrip(alice, backupState(kAlice, stored))));

    // Bob may neither read nor overwrite alice's state.
    QJsonObject reply = e2e::roundTrip(bob, e2e::withId(restoreState(kAlice), u"steal"_s));
    QCOMPARE(e2e::errorCode(reply), u"FORBIDDEN"_s);
    QCOMPARE(reply.value("message_id"_L1).toString(), u"steal"_s);
    QVERIFY(!e2e::compact(reply).contains(stored.toBase64().left(16)));
    QCOMPARE(e2e::errorCode(e2e::roundTrip(bob, backupState(kAlice, stateOf(100, 9)))),
             u"FORBIDDEN"_s);
    // His own restore finds nothing.
    QCOMPARE(e2e::errorCode(e2e::roundTrip(bob, restoreState(kBob))), u"NO_BACKUP"_s);

    // A connection that did not register has no user to back up.
    WsTestClient unregistered;
    QVERIFY(unregistered.open(daemon.wsUrl()));
    QCOMPARE(e2e::errorCode(e2e::roundTrip(unregistered, restoreState(kAlice))),
             u"NOT_REGISTERED"_s);
    QCOMPARE(e2e::errorCode(e2e::roundTrip(unregistered, backupState(kAlice, stored))),
             u"NOT_REGISTERED"_s);

    reply = e2e::roundTrip(alice, restoreState(kAlice));
    QVERIFY(restoredData(reply) == stored);
}

QTEST_GUILESS_MAIN(TestBackupWs)
#include "tst_backupws.moc"
