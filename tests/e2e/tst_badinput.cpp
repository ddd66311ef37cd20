// What the daemon does with input it cannot use: bad frames get a PARSE_ERROR naming the problem
// and the connection goes on; frames of the broker's own reply types are ignored; an oversized
// message closes only its own connection; bad settings stop the daemon with status 2 and one
// line naming the setting.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/WsTestClient.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kEndpoint = u"http://192.168.1.50:3001"_s;
constexpr int kMaxMessageBytes = 1024 * 1024; // the documented default

// A heartbeat whose user id pads the frame to exactly `bytes` bytes.
QString heartbeatOfSize(int bytes)
{
    const QString head = u"{\"type\":\"heartbeat\",\"user_id\":\""_s;
    const QString tail = u"\"}"_s;
    return head + QString(bytes - head.size() - tail.size(), u'a') + tail;
}

QString publishWith(const QString &field, const QJsonValue &value)
{
    QJsonObject metadata = wire::metadata(kAlice, u"result-1"_s, u"Title"_s);
    if (value.isUndefined())
        metadata.remove(field);
    else
        metadata.insert(field, value);
    return QString::fromUtf8(wire::compact(wire::publishShare(wire::newToken(), metadata)));
}

} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void parseErrors_data();
    void parseErrors();
    void replyTypesAreIgnored_data();
    void replyTypesAreIgnored();
    void oversizedMessageClosesOnlyItsConnection();

    void badSettingsExitWithStatus2_data();
    void badSettingsExitWithStatus2();

private:
    // A heartbeat with a message id on client: acked, and as the very next frame.
    static bool heartbeatAcked(WsTestClient &client, const QString &user, const QString &id);

    // Bad frames touch no database: one daemon on SQLite serves all the frame cases.
    QTemporaryDir m_dir;
    DaemonProcess m_daemon;
    // A connection that sees none of the bad input and must not notice any of it.
    WsTestClient m_bystander;
};

bool TestBadInput::heartbeatAcked(WsTestClient &client, const QString &user, const QString &id)
{
    const ServerFrame reply = client.roundTrip(wire::withId(wire::heartbeat(user), id));
    if (isAck(reply) && messageId(reply) == id)
        return true;
    qWarning("expected the ack of heartbeat %s, got %s", qPrintable(id),
             qPrintable(reply.describe()));
    return false;
}

void TestBadInput::initTestCase()
{
    START_DAEMON(m_daemon, u"sqlite"_s, m_dir);
    OPEN_REGISTERED(m_bystander, m_daemon.wsUrl(), {}, u"bystander@institution.edu"_s,
                    u"http://10.0.0.9:3001"_s);
}

void TestBadInput::cleanupTestCase()
{
    m_bystander.close();
    m_daemon.stop();
}

void TestBadInput::parseErrors_data()
{
    QTest::addColumn<QString>("frame");
    QTest::addColumn<bool>("binary");
    // What the error message must name (case-insensitive).
    QTest::addColumn<QStringList>("mentions");

    QTest::newRow("not JSON") << u"{\"type\":\"heartbeat\","_s << false << QStringList{u"JSON"_s};
    QTest::newRow("empty text") << QString() << false << QStringList{u"JSON"_s};
    QTest::newRow("array") << u"[{\"type\":\"heartbeat\",\"user_id\":\"a\"}]"_s << false
                           << QStringList{u"object"_s};
    // Qt's JSON parser refuses top-level scalars outright.
    QTest::newRow("string") << u"\"heartbeat\""_s << false << QStringList{u"JSON"_s};
    QTest::newRow("unknown type") << u"{\"type\":\"launch_rockets\",\"user_id\":\"a\"}"_s << false
                                  << QStringList{u"launch_rockets"_s};
    QTest::newRow("missing type") << u"{\"user_id\":\"a\"}"_s << false << QStringList{u"'type'"_s};
    QTest::newRow("mistyped type") << u"{\"type\":7}"_s << false << QStringList{u"'type'"_s};
    QTest::newRow("missing field")
        << u"{\"type\":\"heartbeat\"}"_s << false << QStringList{u"'user_id'"_s, u"missing"_s};
    QTest::newRow("mistyped field") << u"{\"type\":\"heartbeat\",\"user_id\":42}"_s << false
                                    << QStringList{u"'user_id'"_s, u"string"_s};
    QTest::newRow("missing nested field")
        << publishWith(u"created_at"_s, QJsonValue::Undefined) << false
        << QStringList{u"'metadata.created_at'"_s, u"missing"_s};
    QTest::newRow("mistyped nested field")
        << publishWith(u"title"_s, 7) << false << QStringList{u"'metadata.title'"_s, u"string"_s};
    QTest::newRow("bad created_at") << publishWith(u"created_at"_s, u"yesterday"_s) << false
                                    << QStringList{u"'metadata.created_at'"_s, u"RFC 3339"_s};
    QTest::newRow("unknown policy")
        << publishWith(u"access_policy"_s, QJsonObject{{"type"_L1, "everyone"_L1}}) << false
        << QStringList{u"everyone"_s};
    QTest::newRow("bad token")
        << u"{\"type\":\"request_share\",\"token\":\"a/b c\",\"requester_id\":\"x\"}"_s << false
        << QStringList{u"'token'"_s};
    QTest::newRow("bad endpoint")
        << u"{\"type\":\"register_user\",\"user_id\":\"x\",\"endpoint\":\"ftp://host\"}"_s << false
        << QStringList{u"'endpoint'"_s};
    QTest::newRow("mistyped message_id") << u"{\"type\":\"heartbeat\",\"user_id\":\"a\","
                                            "\"message_id\":5}"_s
                                         << false << QStringList{u"'message_id'"_s};
    QTest::newRow("binary frame") << u"{\"type\":\"heartbeat\",\"user_id\":\"a\"}"_s << true
                                  << QStringList{u"binary"_s};
}

void TestBadInput::parseErrors()
{
    QFETCH(QString, frame);
    QFETCH(bool, binary);
    QFETCH(QStringList, mentions);

    WsTestClient client;
    OPEN_REGISTERED(client, m_daemon.wsUrl(), {}, kAlice, kEndpoint);
    if (binary)
        client.sendBinary(frame.toUtf8());
    else
        client.sendText(frame);

    const ServerFrame reply = client.next();
    QCOMPARE(frameType(reply), u"error"_s);
    QCOMPARE(errorCode(reply), u"PARSE_ERROR"_s);
    // On the wire, nothing but the three fields the client parses: no message_id was readable
    // here.
    QCOMPARE(reply.json().keys(), (QStringList{u"code"_s, u"message"_s, u"type"_s}));
    const QString message = errorMessage(reply);
    for (const QString &mention : mentions)
        QVERIFY2(message.contains(mention, Qt::CaseInsensitive),
                 qPrintable(u"'%1' does not name %2"_s.arg(message, mention)));

    // The connection goes on, with nothing else queued behind the error, and nobody else
    // noticed.
    QVERIFY(heartbeatAcked(client, kAlice, u"after"_s));
    QVERIFY(client.isOpen());
    QCOMPARE(client.unreadCount(), 0);
    QVERIFY(heartbeatAcked(m_bystander, u"bystander@institution.edu"_s, u"still here"_s));
}

void TestBadInput::replyTypesAreIgnored_data()
{
    QTest::addColumn<QJsonObject>("frame");
    QTest::newRow("ack") << QJsonObject{{"type"_L1, "ack"_L1}, {"message_id"_L1, QJsonValue::Null}};
    QTest::newRow("ack with id") << QJsonObject{{"type"_L1, "ack"_L1}, {"message_id"_L1, "m1"_L1}};
    QTest::newRow("error") << QJsonObject{{"type"_L1, "error"_L1},
                                          {"code"_L1, "PARSE_ERROR"_L1},
                                          {"message"_L1, "echo of an error"_L1}};
    QTest::newRow("share_info") << QJsonObject{
        {"type"_L1, "share_info"_L1},
        {"info"_L1, QJsonObject{{"metadata"_L1, wire::metadata(kAlice, u"r"_s, u"t"_s)},
                                {"download_url"_L1, "http://192.168.1.50:3001/api/results/r"_L1},
                                {"owner_online"_L1, true}}}};
    QTest::newRow("share_info missing info") << QJsonObject{{"type"_L1, "share_info"_L1}};
}

// A peer that echoes the broker's replies back gets no answer to them: the next frame it
// receives is the reply to its next real request.
void TestBadInput::replyTypesAreIgnored()
{
    QFETCH(QJsonObject, frame);

    WsTestClient client;
    OPEN_REGISTERED(client, m_daemon.wsUrl(), {}, kAlice, kEndpoint);
    client.sendJson(frame);
    client.sendJson(frame);
    QVERIFY(heartbeatAcked(client, kAlice, u"after"_s));
    QCOMPARE(client.unreadCount(), 0);

    // Unregistered connections too: the echo is ignored before identity is looked at.
    WsTestClient fresh;
    QVERIFY(fresh.open(m_daemon.wsUrl()));
    fresh.sendJson(frame);
    const ServerFrame reply = fresh.roundTrip(wire::withId(wire::heartbeat(kAlice), u"x"_s));
    QCOMPARE(errorCode(reply), u"USER_NOT_FOUND"_s);
    QCOMPARE(messageId(reply), u"x"_s);
}

void TestBadInput::oversizedMessageClosesOnlyItsConnection()
{
    // Up to the limit a message is read (and this one refused for its over-long user id).
    WsTestClient atLimit;
    OPEN_REGISTERED(atLimit, m_daemon.wsUrl(), {}, kAlice, kEndpoint);
    atLimit.sendText(heartbeatOfSize(kMaxMessageBytes));
    const ServerFrame reply = atLimit.next();
    QCOMPARE(errorCode(reply), u"PARSE_ERROR"_s);
    QVERIFY2(errorMessage(reply).contains(u"'user_id'"_s), qPrintable(reply.describe()));
    QVERIFY(heartbeatAcked(atLimit, kAlice, u"after a big one"_s));

    // One byte more and the connection closes with 1009, message too big.
    WsTestClient overLimit;
    OPEN_REGISTERED(overLimit, m_daemon.wsUrl(), {}, kAlice, kEndpoint);
    overLimit.sendText(heartbeatOfSize(kMaxMessageBytes + 1));
    QVERIFY(overLimit.waitForClosed());
    QCOMPARE(overLimit.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QCOMPARE(overLimit.unreadCount(), 0);

    // The daemon goes on serving: the connections it had and new ones.
    QVERIFY(m_daemon.isRunning());
    QVERIFY(heartbeatAcked(atLimit, kAlice, u"neighbour"_s));
    QVERIFY(heartbeatAcked(m_bystander, u"bystander@institution.edu"_s, u"still here"_s));
    WsTestClient next;
    OPEN_REGISTERED(next, m_daemon.wsUrl(), {}, kAlice, kEndpoint);
    QVERIFY(heartbeatAcked(next, kAlice, u"new"_s));
}

void TestBadInput::badSettingsExitWithStatus2_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("value");
    // What the one line must say besides the setting's name.
    QTest::addColumn<QString>("mention");

    QTest::newRow("BIND_ADDR not host:port") << u"BIND_ADDR"_s << u"foo"_s << u"foo"_s;
    QTest::newRow("BIND_ADDR port too big") << u"BIND_ADDR"_s << u"127.0.0.1:70000"_s << u"70000"_s;
    QTest::newRow("negative heartbeat timeout")
        << u"HEARTBEAT_TIMEOUT_SECONDS"_s << u"-5"_s << u"-5"_s;
    QTest::newRow("heartbeat timeout not a number")
        << u"HEARTBEAT_TIMEOUT_SECONDS"_s << u"soon"_s << u"soon"_s;
    QTest::newRow("unknown database scheme") << u"DATABASE_URL"_s << u"mysql://x/y"_s << u"mysql"_s;
    QTest::newRow("database cannot be opened")
        << u"DATABASE_URL"_s << u"postgres://nobody@127.0.0.1:1/x"_s << u"cannot open"_s;
}

void TestBadInput::badSettingsExitWithStatus2()
{
    QFETCH(QString, setting);
    QFETCH(QString, value);
    QFETCH(QString, mention);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DaemonProcess daemon;
    daemon.setEnv(u"DATA_DIR"_s, dir.path());
    daemon.setEnv(setting, value);
    QString output;
    const int status = daemon.runToExit(&output);
    QVERIFY2(status == 2, qPrintable(u"exit status %1, output:\n%2"_s.arg(status).arg(output)));

    // One line names the setting and why, and it is the last thing printed: no continuation
    // lines, no abort, no stack trace.
    const QStringList lines = output.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(!lines.isEmpty(), "the daemon printed nothing");
    const QString prefix = u"ddalab-broker: %1: "_s.arg(setting);
    const auto naming = std::count_if(lines.cbegin(), lines.cend(),
                                      [&](const QString &line) { return line.startsWith(prefix); });
    QVERIFY2(
        naming == 1 && lines.last().startsWith(prefix),
        qPrintable(u"expected one last line starting with '%1', got:\n%2"_s.arg(prefix, output)));
    QVERIFY2(lines.last().contains(mention), qPrintable(lines.last()));
    for (const QString &crash :
         {u"Aborted"_s, u"terminate called"_s, u"Segmentation fault"_s, u"core dumped"_s,
          u"Backtrace"_s, u"#0 "_s, u"ASSERT:"_s, u" fatal "_s})
        QVERIFY2(!output.contains(crash), qPrintable(output));
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
