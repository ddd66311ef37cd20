// What one client may cost the broker: message size, share message rate, connections per
// address, time to register, and which browser origins may connect.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/RawUpgrade.h"
#include "support/WsTestClient.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kEndpoint = u"http://192.168.1.50:3001"_s;

QString user(int n)
{
    return u"user%1@institution.edu"_s.arg(n);
}

} // namespace

class TestSecurityLimits : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void oversizedMessageIsClosedWith1009_data();
    void oversizedMessageIsClosedWith1009();
    void floodIsRateLimited();
    void unregisteredConnectionIsClosed();
    void connectionsPerAddressAreLimited();
    void allowedOrigins_data();
    void allowedOrigins();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DaemonProcess> m_daemon;
};

void TestSecurityLimits::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_daemon = std::make_unique<DaemonProcess>();
}

void TestSecurityLimits::cleanup()
{
    m_daemon.reset();
    m_dir.reset();
}

void TestSecurityLimits::oversizedMessageIsClosedWith1009_data()
{
    QTest::addColumn<int>("frameSize"); // 0: one frame
    QTest::newRow("one frame") << 0;
    QTest::newRow("fragmented into small frames") << 8192;
}

void TestSecurityLimits::oversizedMessageIsClosedWith1009()
{
    QFETCH(int, frameSize);
    m_daemon->setEnv(u"MAX_MESSAGE_BYTES"_s, u"65536"_s);
    START_DAEMON(*m_daemon, u"sqlite"_s, *m_dir);

    WsTestClient bystander, sender;
    OPEN_REGISTERED(bystander, m_daemon->wsUrl(), {}, kBob, kEndpoint);
    OPEN_REGISTERED(sender, m_daemon->wsUrl(), {}, kAlice, kEndpoint);
    if (frameSize > 0)
        sender.socket().setOutgoingFrameSize(quint64(frameSize));

    // Just under the limit: answered (the field is too long), the connection stays.
    const QString padding(60000, u'x');
    sender.sendText(uR"({"type":"heartbeat","user_id":"%1"})"_s.arg(padding));
    QCOMPARE(errorCode(sender.next()), u"PARSE_ERROR"_s);
    QCOMPARE(ackOrReply(sender.roundTrip(wire::heartbeat(kAlice))), u"ack"_s);

    // Over it: the connection is closed with "message too big".
    const QString oversized(70000, u'x');
    sender.sendText(uR"({"type":"heartbeat","user_id":"%1"})"_s.arg(oversized));
    QVERIFY(sender.waitForClosed(5000));
    QCOMPARE(sender.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);

    // Everybody else is still served, and newcomers too.
    QCOMPARE(ackOrReply(bystander.roundTrip(wire::heartbeat(kBob))), u"ack"_s);
    WsTestClient newcomer;
    OPEN_REGISTERED(newcomer, m_daemon->wsUrl(), {}, kAlice, kEndpoint);
    HttpTestClient http;
    http.setFreshConnectionPerRequest(true);
    http.setTimeout(10000);
    QCOMPARE(http.getUrl(m_daemon->httpUrl(u"/health"_s)).body, QByteArray("OK"));
}

void TestSecurityLimits::floodIsRateLimited()
{
    START_DAEMON(*m_daemon, u"sqlite"_s, *m_dir); // 5 per second, bursts of 30
    WsTestClient alice;
    OPEN_REGISTERED(alice, m_daemon->wsUrl(), {}, kAlice, kEndpoint);

    constexpr int kMessages = 200;
    QElapsedTimer elapsed;
    elapsed.start();
    for (int i = 0; i < kMessages; ++i)
        alice.sendJson(wire::publishShare(wire::newToken(),
                                          wire::metadata(kAlice, u"result-%1"_s.arg(i), u"flood"_s,
                                                         wire::publicPolicy(), QJsonValue::Null)));
    QVERIFY(alice.waitForFrames(kMessages, 30000));
    const qint64 seconds = elapsed.elapsed() / 1000 + 1;

    int acks = 0;
    int limited = 0;
    for (int i = 0; i < kMessages; ++i) {
        const ServerFrame reply = alice.next();
        if (isAck(reply)) {
            ++acks;
        } else {
            QCOMPARE(errorCode(reply), u"RATE_LIMITED"_s);
            ++limited;
        }
        if (i < 30)
            QVERIFY2(isAck(reply), qPrintable(u"message %1 was refused"_s.arg(i)));
    }
    QVERIFY2(limited > 0, "no publish_share was rate limited");
    // The burst plus what the sustained rate refilled while they arrived, and no more.
    QVERIFY2(acks <= 30 + 5 * seconds + 1, qPrintable(u"%1 acks in %2 s"_s.arg(acks).arg(seconds)));

    // Heartbeats are not share messages: still answered.
    QCOMPARE(ackOrReply(alice.roundTrip(wire::heartbeat(kAlice))), u"ack"_s);
}

void TestSecurityLimits::unregisteredConnectionIsClosed()
{
    m_daemon->setEnv(u"REGISTER_TIMEOUT_SECONDS"_s, u"1"_s);
    START_DAEMON(*m_daemon, u"sqlite"_s, *m_dir);

    QElapsedTimer elapsed;
    elapsed.start();
    WsTestClient idle, registered;
    QVERIFY(idle.open(m_daemon->wsUrl()));
    OPEN_REGISTERED(registered, m_daemon->wsUrl(), {}, kAlice, kEndpoint);

    QVERIFY(idle.waitForClosed(5000));
    QCOMPARE(idle.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QVERIFY2(elapsed.elapsed() >= 900, qPrintable(QString::number(elapsed.elapsed())));

    QVERIFY(registered.isOpen());
    QCOMPARE(ackOrReply(registered.roundTrip(wire::heartbeat(kAlice))), u"ack"_s);
}

void TestSecurityLimits::connectionsPerAddressAreLimited()
{
    m_daemon->setEnv(u"MAX_CONNECTIONS_PER_ADDRESS"_s, u"3"_s);
    START_DAEMON(*m_daemon, u"sqlite"_s, *m_dir);

    WsTestClient first, second, third, fourth;
    OPEN_REGISTERED(first, m_daemon->wsUrl(), {}, user(1), kEndpoint);
    OPEN_REGISTERED(second, m_daemon->wsUrl(), {}, user(2), kEndpoint);
    OPEN_REGISTERED(third, m_daemon->wsUrl(), {}, user(3), kEndpoint);

    fourth.open(m_daemon->wsUrl());
    QVERIFY(fourth.waitForClosed(5000));
    QCOMPARE(fourth.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);

    QCOMPARE(ackOrReply(first.roundTrip(wire::heartbeat(user(1)))), u"ack"_s);
    QCOMPARE(ackOrReply(second.roundTrip(wire::heartbeat(user(2)))), u"ack"_s);
    QCOMPARE(ackOrReply(third.roundTrip(wire::heartbeat(user(3)))), u"ack"_s);

    // A closed connection frees its place (the refused one took none).
    third.close();
    QVERIFY(third.waitForClosed(5000));
    // The daemon notices the close asynchronously: try until the place is free.
    std::unique_ptr<WsTestClient> replacement;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            replacement = std::make_unique<WsTestClient>();
            if (!replacement->open(m_daemon->wsUrl()))
                return false;
            replacement->sendJson(wire::registerUser(user(4), kEndpoint));
            return isAck(replacement->nextUnlessClosed()) && replacement->isOpen();
        }(),
        5000);
    QCOMPARE(ackOrReply(replacement->roundTrip(wire::heartbeat(user(4)))), u"ack"_s);
}

void TestSecurityLimits::allowedOrigins_data()
{
    QTest::addColumn<QByteArray>("origin"); // empty: no Origin header
    QTest::addColumn<bool>("accepted");
    QTest::newRow("listed origin") << QByteArray("https://lab.example") << true;
    QTest::newRow("no Origin (desktop client)") << QByteArray() << true;
    QTest::newRow("foreign origin") << QByteArray("https://evil.example") << false;
    QTest::newRow("listed origin as a prefix") << QByteArray("https://lab.example.evil") << false;
    QTest::newRow("listed origin inside")
        << QByteArray("https://evil.example/https://lab.example") << false;
    QTest::newRow("other scheme") << QByteArray("http://lab.example") << false;
    QTest::newRow("null") << QByteArray("null") << false;
}

void TestSecurityLimits::allowedOrigins()
{
    QFETCH(QByteArray, origin);
    QFETCH(bool, accepted);
    m_daemon->setEnv(u"ALLOWED_ORIGINS"_s, u"https://lab.example"_s);
    START_DAEMON(*m_daemon, u"sqlite"_s, *m_dir);

    const RequestHeaders headers =
        origin.isEmpty() ? RequestHeaders() : RequestHeaders{{"Origin", origin}};
    WsTestClient client;
    QCOMPARE(client.open(m_daemon->wsUrl(), headers), accepted);
    if (accepted) {
        QCOMPARE(ackOrReply(client.roundTrip(wire::registerUser(kAlice, kEndpoint))), u"ack"_s);
    }

    const QByteArray answer = rawUpgrade(
        m_daemon->port(), "/ws", origin.isEmpty() ? QByteArray() : "Origin: " + origin + "\r\n");
    QVERIFY2(statusLine(answer).startsWith(accepted ? "HTTP/1.1 101" : "HTTP/1.1 403"),
             answer.constData());
    QCOMPARE(switchedProtocols(answer), accepted);
}

QTEST_GUILESS_MAIN(TestSecurityLimits)
#include "tst_sec_limits.moc"
