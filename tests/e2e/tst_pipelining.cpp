// Requests sent back to back without waiting, as the desktop client does: every reply comes back
// in the order of its request, whether the daemon answers it at once (heartbeat, bad frames) or
// after a database round trip (publish, request, revoke).

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QSet>
#include <QTemporaryDir>
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
    return QString::fromUtf8(wire::compact(message));
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

    steps.append({frameOf(wire::withId(wire::registerUser(user, kEndpoint), id(0))),
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
            const QString token = wire::newToken();
            const QString resultId = u"result-%1"_s.arg(i);
            tokens.append(token);
            resultIds.insert(token, resultId);
            const auto metadata = wire::metadata(user, resultId, u"Analysis %1"_s.arg(i));
            steps.append({frameOf(wire::withId(wire::publishShare(token, metadata), messageId)),
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
                tokens.isEmpty() ? wire::newToken() : tokens.at((i * 7) % tokens.size());
            const auto frame = frameOf(wire::withId(wire::requestShare(token, user), messageId));
            if (!resultIds.contains(token) || revoked.contains(token))
                steps.append({frame, messageId, u"error"_s, u"SHARE_NOT_FOUND"_s, {}, {}});
            else
                steps.append(
                    {frame, messageId, u"share_info"_s, {}, token, resultIds.value(token)});
            break;
        }
        case 2:
            steps.append({frameOf(wire::withId(wire::heartbeat(user), messageId)),
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
                    {frameOf(wire::withId(QJsonObject{{"type"_L1, "request_share"_L1}}, messageId)),
                     messageId,
                     u"error"_s,
                     u"PARSE_ERROR"_s,
                     {},
                     {}});
            }
            break;
        case 6:
            steps.append(
                {frameOf(wire::withId(wire::requestShare(wire::newToken(), user), messageId)),
                 messageId,
                 u"error"_s,
                 u"SHARE_NOT_FOUND"_s,
                 {},
                 {}});
            break;
        case 7:
            if (i % 32 == 7 && !tokens.isEmpty()) {
                const QString token = tokens.first();
                const auto frame = frameOf(wire::withId(wire::revokeShare(token), messageId));
                if (revoked.contains(token)) {
                    steps.append({frame, messageId, u"error"_s, u"SHARE_NOT_FOUND"_s, {}, {}});
                } else {
                    revoked.insert(token);
                    steps.append({frame, messageId, u"ack"_s, {}, {}, {}});
                }
            } else {
                steps.append({frameOf(wire::withId(wire::heartbeat(user), messageId)),
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
QString mismatch(const Step &step, const ServerFrame &reply)
{
    const QString got = reply.describe();
    if (step.messageId.isEmpty() ? hasMessageId(reply) : messageId(reply) != step.messageId)
        return u"expected message_id '%1', got %2"_s.arg(step.messageId, got);
    if (frameType(reply) != step.type)
        return u"expected a %1 reply to %2, got %3"_s.arg(step.type, step.frame, got);
    if (step.type == "error"_L1 && errorCode(reply) != step.code)
        return u"expected error %1 for %2, got %3"_s.arg(step.code, step.frame, got);
    if (step.type == "share_info"_L1) {
        const std::optional<ddalab::protocol::ShareInfo> info = shareInfo(reply);
        if (!info || info->token != step.token || info->metadata.resultId != step.resultId ||
            !info->ownerOnline ||
            info->downloadUrl != wire::downloadUrl(kEndpoint, step.resultId, step.token))
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
    void repliesInRequestOrder_data() { TestDatabases::addEngineRows(); }
    void repliesInRequestOrder();
    void connectionsKeepTheirOwnOrder_data() { TestDatabases::addEngineRows(); }
    void connectionsKeepTheirOwnOrder();
    void requestBehindAWriteSeesIt_data() { TestDatabases::addEngineRows(); }
    void requestBehindAWriteSeesIt();
};

void TestPipelining::repliesInRequestOrder()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    liftRateLimit(daemon);
    START_DAEMON(daemon, engine, dir);

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
    START_DAEMON(daemon, engine, dir);

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
    using namespace wire;
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    liftRateLimit(daemon);
    START_DAEMON(daemon, engine, dir);

    const QString alice = u"alice@institution.edu"_s;
    WsTestClient client;
    OPEN_REGISTERED(client, daemon.wsUrl(), {}, alice, u"http://192.168.1.50:3001"_s);
    const QString token = newToken();
    QVERIFY(isAck(client.roundTrip(publishShare(token, metadata(alice, u"r-1"_s, u"First"_s)))));
    // Now cached.
    std::optional<ddalab::protocol::ShareInfo> info =
        shareInfo(client.roundTrip(requestShare(token, alice)));
    QVERIFY(info);
    QCOMPARE(info->metadata.title, u"First"_s);

    client.sendJson(publishShare(token, metadata(alice, u"r-1"_s, u"Second"_s)));
    client.sendJson(requestShare(token, alice));
    QVERIFY(isAck(client.next()));
    info = shareInfo(client.next());
    QVERIFY(info);
    QCOMPARE(info->metadata.title, u"Second"_s);

    client.sendJson(revokeShare(token));
    client.sendJson(requestShare(token, alice));
    QVERIFY(isAck(client.next()));
    QCOMPARE(errorCode(client.next()), u"SHARE_NOT_FOUND"_s);
}

QTEST_GUILESS_MAIN(TestPipelining)
#include "tst_pipelining.moc"
