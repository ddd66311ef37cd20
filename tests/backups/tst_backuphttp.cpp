// State backups over HTTP: PUT, GET and DELETE /api/backups/USER with raw bytes, the hash as
// ETag, conditional writes, and bodies bounded before they are read. Uploads cut off half-way
// and refused uploads leave the stored backup as it was.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/RawHttpConnection.h"
#include "support/TestDatabases.h"
#include "support/TestJwt.h"
#include "support/TestKeys.h"
#include "support/WsTestClient.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAlicePath = u"/api/backups/alice@institution.edu"_s;
const QByteArray kAdminToken = "admin-token-for-the-backup-tests";

QByteArray stateOf(qsizetype size, quint32 seed)
{
    QList<quint32> words((size + 3) / 4);
    QRandomGenerator(seed).fillRange(words.data(), words.size());
    return QByteArray(reinterpret_cast<const char *>(words.constData()), size);
}

QByteArray sha256Hex(const QByteArray &data)
{
    return wire::stateHash(data).toLatin1();
}

QByteArray etagOf(const QByteArray &data)
{
    return '"' + sha256Hex(data) + '"';
}

QString describe(const HttpTestReply &reply)
{
    return u"%1 %2"_s.arg(reply.status).arg(QString::fromUtf8(reply.body.left(300)));
}

// The status, and for errors the JSON code, e.g. "412 PRECONDITION_FAILED".
QString outcome(const HttpTestReply &reply)
{
    const QString code = reply.json().value("code"_L1).toString();
    return code.isEmpty() ? QString::number(reply.status) : u"%1 %2"_s.arg(reply.status).arg(code);
}

HttpTestReply putState(HttpTestClient &client, const QByteArray &data,
                       HttpTestClient::Headers headers = {})
{
    headers.append(qMakePair(QByteArray("X-State-Hash"), sha256Hex(data)));
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/octet-stream")));
    return client.send("PUT", kAlicePath, data, headers);
}

void configure(DaemonProcess &daemon)
{
    daemon.setEnv(u"AUTH_MODE"_s, u"jwt"_s);
    daemon.setEnv(u"JWT_SECRET"_s, QString::fromLatin1(TestJwt::secret()));
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(kAdminToken));
}

QByteArray putHead(const QByteArray &hash, qint64 contentLength, const QByteArray &extra = {})
{
    return "PUT /api/backups/alice@institution.edu HTTP/1.1\r\nHost: broker\r\n"
           "Authorization: Bearer " +
           TestJwt::forUser(kAlice) + "\r\nX-State-Hash: " + hash +
           "\r\nContent-Length: " + QByteArray::number(contentLength) + "\r\n" + extra + "\r\n";
}

} // namespace

class TestBackupHttp : public QObject
{
    Q_OBJECT

private slots:
    void roundTripBetweenMachines_data();
    void roundTripBetweenMachines();
    void conditionalWrites_data() { TestDatabases::addEngineRows(); }
    void conditionalWrites();
    void hashMismatchStoresNothing_data() { TestDatabases::addEngineRows(); }
    void hashMismatchStoresNothing();
    void oversizeRefusedBeforeItsBody_data() { TestDatabases::addEngineRows(); }
    void oversizeRefusedBeforeItsBody();
    void interruptedUploadKeepsTheOldBackup_data() { TestDatabases::addEngineRows(); }
    void interruptedUploadKeepsTheOldBackup();
    void onlyTheUserItself_data() { TestDatabases::addEngineRows(); }
    void onlyTheUserItself();
    void overTls_data() { TestDatabases::addEngineRows(); }
    void overTls();
};

void TestBackupHttp::roundTripBetweenMachines_data()
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

// Alice's laptop puts her state, her desktop gets it back byte for byte, over HTTP and over the
// WebSocket alike.
void TestBackupHttp::roundTripBetweenMachines()
{
    QFETCH(QString, engine);
    QFETCH(qsizetype, size);
    QTemporaryDir dir;
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, dir);
    HttpTestClient laptop(daemon.httpUrl(u"/"_s));
    laptop.setBearer(TestJwt::forUser(kAlice));
    HttpTestClient desktop(daemon.httpUrl(u"/"_s));
    desktop.setBearer(TestJwt::forUser(kAlice));

    QCOMPARE(outcome(desktop.get(kAlicePath)), u"404 NO_BACKUP"_s);

    const QByteArray state = stateOf(size, 11);
    HttpTestReply reply = putState(laptop, state);
    QVERIFY2(reply.status == 201, qPrintable(describe(reply)));
    QCOMPARE(reply.header("ETag"), etagOf(state));
    const QJsonObject described = reply.json();
    QCOMPARE(described.value("user_id"_L1).toString(), kAlice);
    QCOMPARE(described.value("state_hash"_L1).toString(), QString::fromLatin1(sha256Hex(state)));
    QCOMPARE(described.value("size_bytes"_L1).toInteger(), qint64(size));
    QVERIFY(wire::isClientRfc3339(described.value("created_at"_L1).toString()));
    QCOMPARE(described.value("updated_at"_L1), described.value("created_at"_L1));

    reply = desktop.get(kAlicePath);
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body == state);
    QCOMPARE(reply.header("ETag"), etagOf(state));
    QCOMPARE(reply.header("X-State-Hash"), sha256Hex(state));
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/octet-stream"));
    QVERIFY(!reply.header("Last-Modified").isEmpty());

    // The same backup through the WebSocket of a third device.
    WsTestClient tablet;
    QVERIFY(tablet.open(daemon.wsUrl(), {{"Authorization", "Bearer " + TestJwt::forUser(kAlice)}}));
    QVERIFY(isAck(tablet.roundTrip(wire::registerUser(kAlice, u"http://10.0.0.9:3001"_s))));
    const ServerFrame restored = tablet.roundTrip(wire::restoreState(kAlice));
    QCOMPARE(frameType(restored), u"state_backup"_s);
    const std::optional<ddalab::BackupRecord> backup = stateBackup(restored);
    QVERIFY(backup);
    QVERIFY(backup->data == state);
    QCOMPARE(backup->stateHash, QString::fromLatin1(sha256Hex(state)));

    // A state backed up over the WebSocket comes back over HTTP.
    const QByteArray fromTablet = stateOf(std::min<qsizetype>(size, 4096) + 1, 12);
    QVERIFY(isAck(tablet.roundTrip(wire::backupState(kAlice, fromTablet))));
    reply = laptop.get(kAlicePath);
    QVERIFY(reply.body == fromTablet);
    QCOMPARE(reply.header("ETag"), etagOf(fromTablet));

    // Replacing answers 200; DELETE removes it, once.
    const QByteArray newer = stateOf(size + 7, 13);
    reply = putState(desktop, newer);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value("created_at"_L1), described.value("created_at"_L1));
    QVERIFY(laptop.get(kAlicePath).body == newer);
    QCOMPARE(laptop.send("DELETE", kAlicePath).status, 204);
    QCOMPARE(outcome(desktop.get(kAlicePath)), u"404 NO_BACKUP"_s);
    QCOMPARE(outcome(desktop.send("DELETE", kAlicePath)), u"404 NO_BACKUP"_s);
    QCOMPARE(errorCode(tablet.roundTrip(wire::restoreState(kAlice))), u"NO_BACKUP"_s);
}

// Two machines of one user write in turn; If-Match with the hash each last saw keeps the later
// writer from silently overwriting the other.
void TestBackupHttp::conditionalWrites()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, dir);
    HttpTestClient laptop(daemon.httpUrl(u"/"_s));
    laptop.setBearer(TestJwt::forUser(kAlice));
    HttpTestClient desktop(daemon.httpUrl(u"/"_s));
    desktop.setBearer(TestJwt::forUser(kAlice));

    // "Only if there is one" when there is none.
    const QByteArray v1 = stateOf(2000, 21);
    QCOMPARE(outcome(putState(laptop, v1, {{"If-Match", "*"}})), u"412 PRECONDITION_FAILED"_s);
    QCOMPARE(outcome(laptop.get(kAlicePath)), u"404 NO_BACKUP"_s);

    QCOMPARE(putState(laptop, v1).status, 201);
    const QByteArray seenByDesktop = desktop.get(kAlicePath).header("ETag");
    QCOMPARE(seenByDesktop, etagOf(v1));

    // The laptop writes on top of what it saw...
    const QByteArray v2 = stateOf(2000, 22);
    HttpTestReply reply = putState(laptop, v2, {{"If-Match", etagOf(v1)}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("ETag"), etagOf(v2));
    // ...so the desktop's write on top of v1 is refused, and told what is there now.
    const QByteArray v3 = stateOf(2000, 23);
    reply = putState(desktop, v3, {{"If-Match", seenByDesktop}});
    QCOMPARE(outcome(reply), u"412 PRECONDITION_FAILED"_s);
    QCOMPARE(reply.header("ETag"), etagOf(v2));
    QVERIFY(desktop.get(kAlicePath).body == v2);
    // A weak tag never matches; a list matches any of its tags; * matches what exists.
    QCOMPARE(outcome(putState(desktop, v3, {{"If-Match", "W/" + etagOf(v2)}})),
             u"412 PRECONDITION_FAILED"_s);
    QCOMPARE(putState(desktop, v3, {{"If-Match", etagOf(v1) + ", " + etagOf(v2)}}).status, 200);
    const QByteArray v4 = stateOf(10, 24);
    QCOMPARE(putState(laptop, v4, {{"If-Match", "*"}}).status, 200);

    // Deleting is conditional the same way.
    QCOMPARE(outcome(laptop.send("DELETE", kAlicePath, {}, {{"If-Match", etagOf(v3)}})),
             u"412 PRECONDITION_FAILED"_s);
    QVERIFY(laptop.get(kAlicePath).body == v4);
    QCOMPARE(laptop.send("DELETE", kAlicePath, {}, {{"If-Match", etagOf(v4)}}).status, 204);
    QCOMPARE(outcome(laptop.send("DELETE", kAlicePath, {}, {{"If-Match", "*"}})),
             u"412 PRECONDITION_FAILED"_s);
}

void TestBackupHttp::hashMismatchStoresNothing()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, dir);
    HttpTestClient alice(daemon.httpUrl(u"/"_s));
    alice.setBearer(TestJwt::forUser(kAlice));
    const QByteArray stored = stateOf(5000, 31);
    QCOMPARE(putState(alice, stored).status, 201);

    const QByteArray other = stateOf(5000, 32);
    HttpTestReply reply =
        alice.send("PUT", kAlicePath, other, {{"X-State-Hash", sha256Hex(stored)}});
    QCOMPARE(outcome(reply), u"400 HASH_MISMATCH"_s);
    for (const QByteArray &hash : {QByteArray(), QByteArray("abc"), sha256Hex(other).left(63),
                                   sha256Hex(other).replace(0, 1, "z")}) {
        HttpTestClient::Headers headers;
        if (!hash.isEmpty())
            headers.append(qMakePair(QByteArray("X-State-Hash"), hash));
        reply = alice.send("PUT", kAlicePath, other, headers);
        QVERIFY2(outcome(reply) == u"400 BAD_REQUEST"_s, qPrintable(describe(reply)));
    }
    reply = alice.get(kAlicePath);
    QVERIFY(reply.body == stored);
    QCOMPARE(reply.header("ETag"), etagOf(stored));
}

// A body over BACKUP_MAX_BYTES is refused from its Content-Length, before any of it is read;
// chunked bodies, whose size nobody knows in advance, are refused the same way.
void TestBackupHttp::oversizeRefusedBeforeItsBody()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    configure(daemon);
    daemon.setEnv(u"BACKUP_MAX_BYTES"_s, QString::number(1024 * 1024));
    START_DAEMON(daemon, engine, dir);
    HttpTestClient alice(daemon.httpUrl(u"/"_s));
    alice.setBearer(TestJwt::forUser(kAlice));
    const QByteArray stored = stateOf(1024 * 1024, 41);
    QCOMPARE(putState(alice, stored).status, 201);

    // The head alone, announcing one byte too many: the answer comes without a byte of body.
    {
        RawHttpConnection raw;
        QVERIFY(raw.open(daemon.port()));
        QVERIFY(raw.write(putHead(sha256Hex(stored), 1024 * 1024 + 1)));
        const HttpTestReply reply = raw.readResponse();
        QCOMPARE(outcome(reply), u"413 PAYLOAD_TOO_LARGE"_s);
        QCOMPARE(reply.header("Connection"), QByteArray("close"));
        QVERIFY(raw.waitForDisconnected());
    }
    // The same when the head arrives in two pieces, read by the server one after the other.
    {
        RawHttpConnection raw;
        QVERIFY(raw.open(daemon.port()));
        const QByteArray head = putHead(sha256Hex(stored), 50 * 1024 * 1024);
        QVERIFY(raw.write(head.left(40)));
        QCOMPARE(alice.get(u"/health"_s).status, 200); // the server has had its turn
        QVERIFY(raw.write(head.mid(40)));
        QCOMPARE(outcome(raw.readResponse()), u"413 PAYLOAD_TOO_LARGE"_s);
    }
    // Chunked: 411.
    {
        RawHttpConnection raw;
        QVERIFY(raw.open(daemon.port()));
        QVERIFY(raw.write("PUT /api/backups/alice@institution.edu HTTP/1.1\r\nHost: broker\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n"));
        QCOMPARE(outcome(raw.readResponse()), u"411 LENGTH_REQUIRED"_s);
    }
    // A head without end: 431.
    {
        RawHttpConnection raw;
        QVERIFY(raw.open(daemon.port()));
        QVERIFY(raw.write("GET /health HTTP/1.1\r\nX-Padding: " + QByteArray(40 * 1024, 'p')));
        QCOMPARE(outcome(raw.readResponse()), u"431 HEADERS_TOO_LARGE"_s);
    }
    // An answer to an earlier request on the same connection still comes first.
    {
        RawHttpConnection raw;
        QVERIFY(raw.open(daemon.port()));
        QVERIFY(raw.write("GET /api/backups/alice@institution.edu HTTP/1.1\r\nHost: broker\r\n"
                          "Authorization: Bearer " +
                          TestJwt::forUser(kAlice) + "\r\n\r\n" +
                          putHead(sha256Hex(stored), 1024 * 1024 + 1)));
        const HttpTestReply first = raw.readResponse();
        QCOMPARE(first.status, 200);
        QVERIFY(first.body == stored);
        QCOMPARE(outcome(raw.readResponse()), u"413 PAYLOAD_TOO_LARGE"_s);
    }

    const HttpTestReply reply = alice.get(kAlicePath);
    QVERIFY(reply.body == stored);
    QCOMPARE(reply.header("ETag"), etagOf(stored));
}

// The connection drops half-way through the body: nothing of it is stored.
void TestBackupHttp::interruptedUploadKeepsTheOldBackup()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, dir);
    HttpTestClient alice(daemon.httpUrl(u"/"_s));
    alice.setBearer(TestJwt::forUser(kAlice));
    const QByteArray stored = stateOf(300 * 1024, 51);
    QCOMPARE(putState(alice, stored).status, 201);

    const QByteArray next = stateOf(4 * 1024 * 1024, 52);
    {
        RawHttpConnection raw;
        QVERIFY(raw.open(daemon.port()));
        QVERIFY(raw.write(putHead(sha256Hex(next), next.size()) + next.left(next.size() / 2)));
        QCOMPARE(alice.get(u"/health"_s).status, 200); // the server has had its turn
        raw.abort();
    }
    // Again with all but the last byte.
    {
        RawHttpConnection raw;
        QVERIFY(raw.open(daemon.port()));
        QVERIFY(raw.write(putHead(sha256Hex(next), next.size()) + next.chopped(1)));
        QCOMPARE(alice.get(u"/health"_s).status, 200);
        raw.abort();
    }
    HttpTestReply reply = alice.get(kAlicePath);
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body == stored);
    QCOMPARE(reply.header("ETag"), etagOf(stored));

    // The whole upload, on a new connection, goes through.
    QCOMPARE(putState(alice, next, {{"If-Match", etagOf(stored)}}).status, 200);
    reply = alice.get(kAlicePath);
    QVERIFY(reply.body == next);
}

void TestBackupHttp::onlyTheUserItself()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, dir);
    HttpTestClient alice(daemon.httpUrl(u"/"_s));
    alice.setBearer(TestJwt::forUser(kAlice));
    const QByteArray stored = stateOf(64, 61);
    QCOMPARE(putState(alice, stored).status, 201);

    HttpTestClient nobody(daemon.httpUrl(u"/"_s));
    HttpTestClient bob(daemon.httpUrl(u"/"_s));
    bob.setBearer(TestJwt::forUser(kBob));
    HttpTestClient admin(daemon.httpUrl(u"/"_s));
    admin.setBearer(kAdminToken);
    const QByteArray forged = stateOf(64, 62);
    for (const auto &[client, status] :
         {std::pair{&nobody, 401}, std::pair{&bob, 403}, std::pair{&admin, 403}}) {
        QCOMPARE(client->get(kAlicePath).status, status);
        QCOMPARE(putState(*client, forged).status, status);
        QCOMPARE(client->send("DELETE", kAlicePath).status, status);
    }
    // A path that names no valid user.
    QCOMPARE(outcome(alice.get(u"/api/backups/"_s + QString(300, u'a'))), u"400 BAD_REQUEST"_s);

    const HttpTestReply reply = alice.get(kAlicePath);
    QVERIFY(reply.body == stored);
    // Bob has a backup of his own, apart from alice's.
    QCOMPARE(
        bob.send("PUT", u"/api/backups/"_s + kBob, forged, {{"X-State-Hash", sha256Hex(forged)}})
            .status,
        201);
    QVERIFY(alice.get(kAlicePath).body == stored);
}

// With TLS the broker's sockets come from QSslServer: the same bounds hold.
void TestBackupHttp::overTls()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString cert = dir.filePath(u"cert.pem"_s);
    const QString key = dir.filePath(u"key.pem"_s);
    QString error;
    QVERIFY2(TestKeys::makeCertificate(cert, key, u"127.0.0.1"_s, TestKeys::Kind::Ec, &error),
             qPrintable(error));
    DaemonProcess daemon;
    configure(daemon);
    daemon.setEnv(u"TLS_CERT_FILE"_s, cert);
    daemon.setEnv(u"TLS_KEY_FILE"_s, key);
    daemon.setEnv(u"BACKUP_MAX_BYTES"_s, QString::number(2 * 1024 * 1024));
    START_DAEMON(daemon, engine, dir);
    HttpTestClient alice(QUrl(u"https://127.0.0.1:%1/"_s.arg(daemon.port())));
    alice.setBearer(TestJwt::forUser(kAlice));
    alice.setIgnoreSslErrors(true);

    const QByteArray state = stateOf(2 * 1024 * 1024, 71);
    HttpTestReply reply = putState(alice, state);
    QVERIFY2(reply.status == 201, qPrintable(describe(reply)));
    QVERIFY(alice.get(kAlicePath).body == state);

    RawHttpConnection raw;
    QVERIFY(raw.open(daemon.port(), true));
    QVERIFY(raw.write(putHead(sha256Hex(state), 2 * 1024 * 1024 + 1)));
    QCOMPARE(outcome(raw.readResponse()), u"413 PAYLOAD_TOO_LARGE"_s);
    {
        RawHttpConnection cut;
        QVERIFY(cut.open(daemon.port(), true));
        const QByteArray other = stateOf(1024 * 1024, 72);
        QVERIFY(cut.write(putHead(sha256Hex(other), other.size()) + other.left(other.size() / 2)));
        QCOMPARE(alice.get(u"/health"_s).status, 200);
        cut.abort();
    }
    reply = alice.get(kAlicePath);
    QVERIFY(reply.body == state);
}

QTEST_GUILESS_MAIN(TestBackupHttp)
#include "tst_backuphttp.moc"
