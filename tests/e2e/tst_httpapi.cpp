// The HTTP side of the daemon's one port: /health, GET /api/shares/TOKEN and the answers to
// everything else, over QNetworkAccessManager and over a raw keep-alive TCP connection.

#include "E2eSupport.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kEndpoint = u"http://192.168.1.50:3001"_s;

struct HttpReply
{
    int status = 0; // 0: no HTTP answer at all
    QByteArray contentType;
    QByteArray body;
};

HttpReply get(QNetworkAccessManager &network, const QUrl &url)
{
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(url)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        return {};
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), reply->readAll()};
}

QJsonObject jsonOf(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

// A share lookup that found nothing the caller may see: 404 with {"error", "code"}.
void verifyNotFound(const HttpReply &reply)
{
    QCOMPARE(reply.status, 404);
    QVERIFY2(reply.contentType.startsWith("application/json"), reply.contentType.constData());
    const QJsonObject body = jsonOf(reply.body);
    QCOMPARE(body.keys(), (QStringList{u"code"_s, u"error"_s}));
    QCOMPARE(body.value("code"_L1).toString(), u"SHARE_NOT_FOUND"_s);
    QVERIFY(!body.value("error"_L1).toString().isEmpty());
}

// One response read off a raw HTTP/1.1 connection.
struct RawResponse
{
    int status = 0;
    QByteArray body;
};

// Takes the first complete response (status line, headers, Content-Length body) off buffer.
bool takeResponse(QByteArray &buffer, RawResponse *response)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QList<QByteArray> head = buffer.left(headEnd).split('\n');
    qsizetype length = 0;
    for (const QByteArray &line : head) {
        const QByteArray header = line.trimmed();
        if (header.toLower().startsWith("content-length:"))
            length = header.mid(header.indexOf(':') + 1).trimmed().toLongLong();
    }
    if (buffer.size() < headEnd + 4 + length)
        return false;
    response->status = head.first().split(' ').value(1).toInt();
    response->body = buffer.mid(headEnd + 4, length);
    buffer.remove(0, headEnd + 4 + length);
    return true;
}

} // namespace

class TestHttpApi : public QObject
{
    Q_OBJECT

private slots:
    void healthAndRoutes();
    void shareLookups_data() { e2e::addEngineRows(); }
    void shareLookups();
    void pipelinedRequestsAnsweredInOrder_data() { e2e::addEngineRows(); }
    void pipelinedRequestsAnsweredInOrder();

private:
    QNetworkAccessManager m_network;
};

// Routes that touch no database: one daemon on SQLite.
void TestHttpApi::healthAndRoutes()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    E2E_START_DAEMON(daemon, u"sqlite"_s, dir);

    HttpReply reply = get(m_network, daemon.httpUrl(u"/health"_s));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, QByteArray("OK"));

    for (const QString &path : {u"/nothing-here"_s, u"/api/shares"_s, u"/api/shares/"_s,
                                u"/api/shares/a/b"_s, u"/api"_s, u"/health/x"_s}) {
        reply = get(m_network, daemon.httpUrl(path));
        QVERIFY2(reply.status == 404, qPrintable(u"%1 answered %2: %3"_s.arg(path)
                                                     .arg(reply.status)
                                                     .arg(QString::fromUtf8(reply.body))));
    }

    // /ws speaks WebSocket only: a plain GET is a bad request, and the daemon goes on.
    reply = get(m_network, daemon.httpUrl(u"/ws"_s));
    QCOMPARE(reply.status, 400);
    QCOMPARE(get(m_network, daemon.httpUrl(u"/health"_s)).status, 200);
    WsTestClient client;
    QVERIFY(client.open(daemon.wsUrl()));
}

void TestHttpApi::shareLookups()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    E2E_START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    E2E_OPEN_REGISTERED(alice, daemon, kAlice, kEndpoint);
    const QString open = e2e::newToken();
    const QString revoked = e2e::newToken();
    const QString restricted = e2e::newToken();
    const QString team = e2e::newToken();
    const QJsonObject openMetadata = e2e::metadata(kAlice, u"result-open"_s, u"Open to all"_s);
    alice.sendJson(e2e::publishShare(open, openMetadata));
    alice.sendJson(e2e::publishShare(revoked, e2e::metadata(kAlice, u"r2"_s, u"Revoked"_s)));
    alice.sendJson(e2e::revokeShare(revoked));
    alice.sendJson(
        e2e::publishShare(restricted, e2e::metadata(kAlice, u"r3"_s, u"Bob only"_s,
                                                    e2e::usersPolicy({u"bob@institution.edu"_s}))));
    alice.sendJson(e2e::publishShare(
        team, e2e::metadata(kAlice, u"r4"_s, u"Lab only"_s, e2e::teamPolicy(u"lab-7"_s))));
    for (int i = 0; i < 5; ++i) {
        const QJsonObject reply = alice.next();
        QVERIFY2(e2e::isAck(reply), e2e::compact(reply).constData());
    }

    // A public share: SharedResultInfo as JSON.
    HttpReply reply = get(m_network, daemon.httpUrl(u"/api/shares/"_s + open));
    QCOMPARE(reply.status, 200);
    QVERIFY2(reply.contentType.startsWith("application/json"), reply.contentType.constData());
    QJsonObject body = jsonOf(reply.body);
    QCOMPARE(body.keys(), (QStringList{u"download_url"_s, u"metadata"_s, u"owner_online"_s}));
    QCOMPARE(e2e::compact(body.value("metadata"_L1).toObject()),
             e2e::compact(e2e::echoedMetadata(openMetadata, u"2025-10-03T12:00:00.123Z"_s)));
    QCOMPARE(body.value("download_url"_L1).toString(),
             e2e::downloadUrl(kEndpoint, u"result-open"_s));
    QCOMPARE(body.value("owner_online"_L1), QJsonValue(true));

    // Unknown and revoked tokens: 404 with a JSON error.
    const HttpReply unknown = get(m_network, daemon.httpUrl(u"/api/shares/"_s + e2e::newToken()));
    verifyNotFound(unknown);
    verifyNotFound(get(m_network, daemon.httpUrl(u"/api/shares/"_s + revoked)));

    // Restricted shares are indistinguishable from unknown ones to an anonymous caller, and
    // give nothing away about their owner.
    for (const QString &token : {restricted, team}) {
        const HttpReply hidden = get(m_network, daemon.httpUrl(u"/api/shares/"_s + token));
        verifyNotFound(hidden);
        QCOMPARE(hidden.contentType, unknown.contentType);
        QCOMPARE(hidden.body, unknown.body);
        QVERIFY(!hidden.body.contains("192.168.1.50"));
        QVERIFY(!hidden.body.contains("alice"));
    }

    // Once the owner is gone, the share is still there, without a download URL.
    QVERIFY(e2e::isAck(e2e::roundTrip(alice, e2e::disconnect(kAlice))));
    body = jsonOf(get(m_network, daemon.httpUrl(u"/api/shares/"_s + open)).body);
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
    E2E_START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    E2E_OPEN_REGISTERED(alice, daemon, kAlice, kEndpoint);
    const QString token = e2e::newToken();
    QVERIFY(e2e::isAck(e2e::roundTrip(
        alice, e2e::publishShare(token, e2e::metadata(kAlice, u"result-x"_s, u"Pipelined"_s)))));

    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, daemon.port());
    QVERIFY(socket.waitForConnected(10000));
    const QByteArray requests = "GET /api/shares/" + token.toLatin1() +
                                " HTTP/1.1\r\nHost: x\r\n\r\n"
                                "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                                "GET /api/shares/" +
                                e2e::newToken().toLatin1() +
                                " HTTP/1.1\r\nHost: x\r\n\r\n"
                                "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    socket.write(requests);

    QByteArray buffer;
    QList<RawResponse> responses;
    auto readResponses = [&] {
        buffer += socket.readAll();
        RawResponse response;
        while (takeResponse(buffer, &response))
            responses.append(response);
        return responses.size() >= 4;
    };
    QTRY_VERIFY_WITH_TIMEOUT(readResponses(), 10000);
    QCOMPARE(responses.size(), 4);
    QVERIFY2(buffer.isEmpty(), buffer.constData());

    QCOMPARE(responses[0].status, 200);
    QCOMPARE(jsonOf(responses[0].body).value("metadata"_L1).toObject().value("title"_L1).toString(),
             u"Pipelined"_s);
    QCOMPARE(responses[1].status, 200);
    QCOMPARE(responses[1].body, QByteArray("OK"));
    QCOMPARE(responses[2].status, 404);
    QCOMPARE(jsonOf(responses[2].body).value("code"_L1).toString(), u"SHARE_NOT_FOUND"_s);
    QCOMPARE(responses[3].status, 200);
    QCOMPARE(responses[3].body, QByteArray("OK"));

    // Still the same connection, kept alive.
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    responses.clear();
    QTRY_VERIFY_WITH_TIMEOUT((readResponses(), responses.size() == 1), 10000);
    QCOMPARE(responses[0].body, QByteArray("OK"));
}

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_httpapi.moc"
