// The HTTP side of the daemon's one port: /health, GET /api/shares/TOKEN and the answers to
// everything else, over QNetworkAccessManager and over a raw keep-alive TCP connection.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/RawHttpConnection.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kEndpoint = u"http://192.168.1.50:3001"_s;

// A share lookup that found nothing the caller may see: 404 with {"error", "code"}.
void verifyNotFound(const HttpTestReply &reply)
{
    QCOMPARE(reply.status, 404);
    QVERIFY2(reply.header("Content-Type").startsWith("application/json"),
             reply.header("Content-Type").constData());
    const QJsonObject body = reply.json();
    QCOMPARE(body.keys(), (QStringList{u"code"_s, u"error"_s}));
    QCOMPARE(body.value("code"_L1).toString(), u"SHARE_NOT_FOUND"_s);
    QVERIFY(!body.value("error"_L1).toString().isEmpty());
}

} // namespace

class TestHttpApi : public QObject
{
    Q_OBJECT

private slots:
    void healthAndRoutes();
    void shareLookups_data() { TestDatabases::addEngineRows(); }
    void shareLookups();
    void pipelinedRequestsAnsweredInOrder_data() { TestDatabases::addEngineRows(); }
    void pipelinedRequestsAnsweredInOrder();
};

// Routes that touch no database: one daemon on SQLite.
void TestHttpApi::healthAndRoutes()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, u"sqlite"_s, dir);
    HttpTestClient http(daemon.httpUrl(u"/"_s));
    http.setTimeout(10000);

    HttpTestReply reply = http.get(u"/health"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, QByteArray("OK"));

    for (const QString &path : {u"/nothing-here"_s, u"/api/shares"_s, u"/api/shares/"_s,
                                u"/api/shares/a/b"_s, u"/api"_s, u"/health/x"_s}) {
        reply = http.get(path);
        QVERIFY2(reply.status == 404, qPrintable(u"%1 answered %2: %3"_s.arg(path)
                                                     .arg(reply.status)
                                                     .arg(QString::fromUtf8(reply.body))));
    }

    // /ws speaks WebSocket only: a plain GET is a bad request, and the daemon goes on.
    reply = http.get(u"/ws"_s);
    QCOMPARE(reply.status, 400);
    QCOMPARE(http.get(u"/health"_s).status, 200);
    WsTestClient client;
    QVERIFY(client.open(daemon.wsUrl()));
}

void TestHttpApi::shareLookups()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);

    HttpTestClient http(daemon.httpUrl(u"/"_s));
    http.setTimeout(10000);

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kEndpoint);
    const QString open = wire::newToken();
    const QString revoked = wire::newToken();
    const QString restricted = wire::newToken();
    const QString team = wire::newToken();
    const QJsonObject openMetadata = wire::metadata(kAlice, u"result-open"_s, u"Open to all"_s);
    alice.sendJson(wire::publishShare(open, openMetadata));
    alice.sendJson(wire::publishShare(revoked, wire::metadata(kAlice, u"r2"_s, u"Revoked"_s)));
    alice.sendJson(wire::revokeShare(revoked));
    alice.sendJson(wire::publishShare(
        restricted, wire::metadata(kAlice, u"r3"_s, u"Bob only"_s,
                                   wire::usersPolicy({u"bob@institution.edu"_s}))));
    alice.sendJson(wire::publishShare(
        team, wire::metadata(kAlice, u"r4"_s, u"Lab only"_s, wire::teamPolicy(u"lab-7"_s))));
    for (int i = 0; i < 5; ++i) {
        const ServerFrame reply = alice.next();
        QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    }

    // A public share: SharedResultInfo as JSON.
    HttpTestReply reply = http.get(u"/api/shares/"_s + open);
    QCOMPARE(reply.status, 200);
    QVERIFY2(reply.header("Content-Type").startsWith("application/json"),
             reply.header("Content-Type").constData());
    QJsonObject body = reply.json();
    // The download grant (tst_e2e_downloadgrants) is on by default with SQLite only.
    const QStringList expectedKeys =
        engine == "sqlite"_L1
            ? QStringList{u"download_url"_s, u"grant"_s, u"metadata"_s, u"owner_online"_s}
            : QStringList{u"download_url"_s, u"metadata"_s, u"owner_online"_s};
    QCOMPARE(body.keys(), expectedKeys);
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(body.value("metadata"_L1).toObject())),
             wire::compact(wire::echoedMetadata(openMetadata, u"2025-10-03T12:00:00.123Z"_s, 1)));
    QCOMPARE(body.value("download_url"_L1).toString(),
             wire::downloadUrl(kEndpoint, u"result-open"_s, open));
    QCOMPARE(body.value("owner_online"_L1), QJsonValue(true));

    // Unknown and revoked tokens: 404 with a JSON error.
    const HttpTestReply unknown = http.get(u"/api/shares/"_s + wire::newToken());
    verifyNotFound(unknown);
    verifyNotFound(http.get(u"/api/shares/"_s + revoked));

    // Restricted shares are indistinguishable from unknown ones to an anonymous caller, and
    // give nothing away about their owner.
    for (const QString &token : {restricted, team}) {
        const HttpTestReply hidden = http.get(u"/api/shares/"_s + token);
        verifyNotFound(hidden);
        QCOMPARE(hidden.header("Content-Type"), unknown.header("Content-Type"));
        QCOMPARE(hidden.body, unknown.body);
        QVERIFY(!hidden.body.contains("192.168.1.50"));
        QVERIFY(!hidden.body.contains("alice"));
    }

    // Once the owner is gone, the share is still there, without a download URL.
    QVERIFY(isAck(alice.roundTrip(wire::disconnect(kAlice))));
    body = http.get(u"/api/shares/"_s + open).json();
    QCOMPARE(body.value("owner_online"_L1), QJsonValue(false));
    QCOMPARE(body.value("download_url"_L1), QJsonValue(u""_s));
    QCOMPARE(body.value("metadata"_L1).toObject().value("title"_L1).toString(), u"Open to all"_s);
}

// Requests written back to back on one keep-alive connection are answered in order, even
// when an earlier answer waits for the database and a later one does not.
void TestHttpApi::pipelinedRequestsAnsweredInOrder()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kEndpoint);
    const QString token = wire::newToken();
    QVERIFY(isAck(alice.roundTrip(
        wire::publishShare(token, wire::metadata(kAlice, u"result-x"_s, u"Pipelined"_s)))));

    RawHttpConnection connection;
    QVERIFY(connection.open(daemon.port()));
    const QByteArray requests = "GET /api/shares/" + token.toLatin1() +
                                " HTTP/1.1\r\nHost: x\r\n\r\n"
                                "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                                "GET /api/shares/" +
                                wire::newToken().toLatin1() +
                                " HTTP/1.1\r\nHost: x\r\n\r\n"
                                "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    QVERIFY(connection.write(requests));

    const QList<HttpTestReply> responses = connection.readResponses(4, 10000);
    QCOMPARE(responses.size(), 4);
    QVERIFY2(connection.unread().isEmpty(), connection.unread().constData());

    QCOMPARE(responses[0].status, 200);
    QCOMPARE(responses[0].json().value("metadata"_L1).toObject().value("title"_L1).toString(),
             u"Pipelined"_s);
    QCOMPARE(responses[1].status, 200);
    QCOMPARE(responses[1].body, QByteArray("OK"));
    QCOMPARE(responses[2].status, 404);
    QCOMPARE(responses[2].json().value("code"_L1).toString(), u"SHARE_NOT_FOUND"_s);
    QCOMPARE(responses[3].status, 200);
    QCOMPARE(responses[3].body, QByteArray("OK"));

    // Still the same connection, kept alive.
    QVERIFY(connection.isConnected());
    QVERIFY(connection.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
    QCOMPARE(connection.readResponse(10000).body, QByteArray("OK"));
}

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_httpapi.moc"
