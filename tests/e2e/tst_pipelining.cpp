// Requests sent back to back without waiting, as the desktop client does: every reply comes back
// in the order of its request, whether the daemon answers it at once (heartbeat, bad frames) or
// after a database round trip (publish, request, revoke).

#include "E2eSupport.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kEndpoint = u"http://192.168.1.50:3001"_s;

// One pipelined request and what its reply must be.
struct Step
{
    QString frame;     // sent as is
    QString messageId; // expected back; empty when the frame cannot carry one
    QString type;      // ack, error or share_info
    QString code;      // error code
    QString token;     // share_info: the token asked for
    QString resultId;  // share_info: its result
};

QString frameOf(const QJsonObject &message)
{
    return QString::fromUtf8(e2e::compact(message));
}

// count requests for one user: register_user first, then a deterministic mix of publishes,
// requests of shares published earlier in the same stream (and of unknown ones), revokes,
// heartbeats and malformed frames.
QList<Step> pipeline(const QString &user, int count)
{
    QList<Step> steps;
    QStringList tokens;
    QHash<QString, QString> resultIds;
    QSet<QString> revoked;
    auto id = [&user](int i) {
        return u"%1#%2"_s.arg(user).arg(i, 3, 10, QChar(u'0'));
    };

    steps.append({frameOf(e2e::withId(e2e::registerUser(user, kEndpoint), id(0))),
                  id(0),
                  u"ack"_s,
                  {},
                  {},
                  {}});
    for (int i = 1; i < count; ++i) {
        const QString messageId = id(i);
        switch (i % 8) {
        case 0:
        case 3: {
            const QString token = e2e::newToken();
            const QString resultId = u"result-%1"_s.arg(i);
            tokens.append(token);
            resultIds.insert(token, resultId);
            const auto metadata = e2e::metadata(user, resultId, u"Analysis %1"_s.arg(i));
            steps.append({frameOf(e2e::withId(e2e::publishShare(token, metadata), messageId)),
                          messageId,
                          u"ack"_s,
                          {},
                          {},
                          {}});
            break;
        }
        case 1:
        case 4: {
            // The share published right before, or one from further back.
            const QString token =
                tokens.isEmpty() ? e2e::newToken() : tokens.at((i * 7) % tokens.size());
            const auto frame = frameOf(e2e::withId(e2e::requestShare(token, user), messageId));
            if (!resultIds.contains(token) || revoked.contains(token))
                steps.append({frame, messageId, u"error"_s, u"SHARE_NOT_FOUND"_s, {}, {}});
            else
                steps.append(
                    {frame, messageId, u"share_info"_s, {}, token, resultIds.value(token)});
            break;
        }
        case 2:
            steps.append({frameOf(e2e::withId(e2e::heartbeat(user), messageId)),
                          messageId,
                          u"ack"_s,
                          {},
                          {},
                          {}});
            break;
        case 5:
            if (i % 16 == 5) {
                // Not JSON at all: no message_id can be read from it.
                steps.append({u"{\"type\":\"heartbeat\",\"message_id\":"_s,
                              {},
                              u"error"_s,
                              u"PARSE_ERROR"_s,
                              {},
                              {}});
            } else {
                // Well-formed but missing a field: its message_id still comes back.
                steps.append(
                    {frameOf(e2e::withId(QJsonObject{{"type"_L1, "request_share"_L1}}, messageId)),
                     messageId,
                     u"error"_s,
                     u"PARSE_ERROR"_s,
                     {},
                     {}});
            }
            break;
        case 6:
            steps.append({frameOf(e2e::withId(e2e::requestShare(e2e::newToken(), user), messageId)),
                          messageId,
                          u"error"_s,
                          u"SHARE_NOT_FOUND"_s,
                          {},
                          {}});
            break;
        case 7:
            if (i % 32 == 7 && !tokens.isEmpty()) {
                const QString token = tokens.first();
                const auto frame = frameOf(e2e::withId(e2e::revokeShare(token), messageId));
                if (revoked.contains(token)) {
                    steps.append({frame, messageId, u"error"_s, u"SHARE_NOT_FOUND"_s, {}, {}});
                } else {
                    revoked.insert(token);
                    steps.append({frame, messageId, u"ack"_s, {}, {}, {}});
                }
            } else {
                steps.append({frameOf(e2e::withId(e2e::heartbeat(user), messageId)),
                              messageId,
                              u"ack"_s,
                              {},
                              {},
                              {}});
            }
            break;
        }
    }
    return steps;
}

// Empty when reply is what step expects, else what differs.
QString mismatch(const Step &step, const QJsonObject &reply)
{
    const QString got = QString::fromUtf8(e2e::compact(reply));
    const QJsonValue messageId = reply.value("message_id"_L1);
    if (step.messageId.isEmpty() ? messageId.isString() : messageId.toString() != step.messageId)
        return u"expected message_id '%1', got %2"_s.arg(step.messageId, got);
    if (reply.value("type"_L1).toString() != step.type)
        return u"expected a %1 reply to %2, got %3"_s.arg(step.type, step.frame, got);
    if (step.type == "error"_L1 && reply.value("code"_L1).toString() != step.code)
        return u"expected error %1 for %2, got %3"_s.arg(step.code, step.frame, got);
    if (step.type == "share_info"_L1) {
        const QJsonObject info = e2e::shareInfo(reply);
        if (reply.value("token"_L1).toString() != step.token ||
            info.value("metadata"_L1).toObject().value("result_id"_L1).toString() !=
                step.resultId ||
            info.value("owner_online"_L1) != QJsonValue(true) ||
            info.value("download_url"_L1).toString() != e2e::downloadUrl(kEndpoint, step.resultId))
            return u"expected share_info of %1 (%2), got %3"_s.arg(step.token, step.resultId, got);
    }
    return {};
}

// Waits for all replies of steps on client and checks them in order.
bool checkReplies(WsTestClient &client, const QList<Step> &steps, QString *problem)
{
    if (!client.waitForFrames(int(steps.size()), 30000)) {
        *problem = u"only %1 of %2 replies arrived"_s.arg(client.unreadCount()).arg(steps.size());
        return false;
    }
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QString wrong = mismatch(steps.at(i), client.next());
        if (!wrong.isEmpty()) {
            *problem = u"reply %1: %2"_s.arg(i).arg(wrong);
            return false;
        }
    }
    if (client.unreadCount() != 0) {
        *problem = u"%1 replies too many"_s.arg(client.unreadCount());
        return false;
    }
    return true;
}

// The rate limit protects the broker from one noisy client; these tests are that client on
// purpose, so they lift it.
void liftRateLimit(DaemonProcess &daemon)
{
    daemon.setEnv(u"RATE_LIMIT_PER_SECOND"_s, u"1000000"_s);
    daemon.setEnv(u"RATE_LIMIT_BURST"_s, u"1000000"_s);
}

} // namespace

class TestPipelining : public QObject
{
    Q_OBJECT

private slots:
    void repliesInRequestOrder_data() { e2e::addEngineRows(); }
    void repliesInRequestOrder();
    void connectionsKeepTheirOwnOrder_data() { e2e::addEngineRows(); }
    void connectionsKeepTheirOwnOrder();
    void requestBehindAWriteSeesIt_data() { e2e::addEngineRows(); }
    void requestBehindAWriteSeesIt();
};

void TestPipelining::repliesInRequestOrder()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    liftRateLimit(daemon);
    E2E_START_DAEMON(daemon, engine, dir);

    const QList<Step> steps = pipeline(u"alice@institution.edu"_s, 200);
    QCOMPARE(steps.size(), 200);
    WsTestClient client;
    QVERIFY(client.open(daemon.wsUrl()));
    for (const Step &step : steps)
        client.sendText(step.frame);

    QString problem;
    QVERIFY2(checkReplies(client, steps, &problem), qPrintable(problem));
}

// Two clients pipelining at the same time, their frames interleaved on the wire: each gets its
// own replies, in its own order, and nothing of the other's.
void TestPipelining::connectionsKeepTheirOwnOrder()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    liftRateLimit(daemon);
    E2E_START_DAEMON(daemon, engine, dir);

    const QList<Step> aliceSteps = pipeline(u"alice@institution.edu"_s, 200);
    const QList<Step> bobSteps = pipeline(u"bob@institution.edu"_s, 200);
    WsTestClient alice;
    WsTestClient bob;
    QVERIFY(alice.open(daemon.wsUrl()));
    QVERIFY(bob.open(daemon.wsUrl()));
    for (qsizetype i = 0; i < aliceSteps.size(); ++i) {
        alice.sendText(aliceSteps.at(i).frame);
        bob.sendText(bobSteps.at(i).frame);
    }

    QString problem;
    QVERIFY2(checkReplies(alice, aliceSteps, &problem), qPrintable(u"alice: "_s + problem));
    QVERIFY2(checkReplies(bob, bobSteps, &problem), qPrintable(u"bob: "_s + problem));
}

// Lookups are served from the broker's share cache. A request sent right behind a republish or a
// revoke of a cached share, without waiting for its ack, must see that write, not the cache.
void TestPipelining::requestBehindAWriteSeesIt()
{
    using namespace e2e;
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    liftRateLimit(daemon);
    E2E_START_DAEMON(daemon, engine, dir);

    const QString alice = u"alice@institution.edu"_s;
    WsTestClient client;
    E2E_OPEN_REGISTERED(client, daemon, alice, u"http://192.168.1.50:3001"_s);
    const QString token = newToken();
    QVERIFY(isAck(roundTrip(client, publishShare(token, metadata(alice, u"r-1"_s, u"First"_s)))));
    // Now cached.
    QCOMPARE(shareInfo(roundTrip(client, requestShare(token, alice)))
                 .value("metadata"_L1)
                 .toObject()
                 .value("title"_L1)
                 .toString(),
             u"First"_s);

    client.sendJson(publishShare(token, metadata(alice, u"r-1"_s, u"Second"_s)));
    client.sendJson(requestShare(token, alice));
    QVERIFY(isAck(client.next()));
    QCOMPARE(shareInfo(client.next()).value("metadata"_L1).toObject().value("title"_L1).toString(),
             u"Second"_s);

    client.sendJson(revokeShare(token));
    client.sendJson(requestShare(token, alice));
    QVERIFY(isAck(client.next()));
    QCOMPARE(errorCode(client.next()), u"SHARE_NOT_FOUND"_s);
}

QTEST_GUILESS_MAIN(TestPipelining)
#include "tst_pipelining.moc"
