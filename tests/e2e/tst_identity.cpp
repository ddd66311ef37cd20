// Who a connection is: register_user binds it to one user, who may then act for nobody else;
// presence is kept per connection, and ends with the connection, a disconnect or silence.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using ddalab::protocol::ShareInfo;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAliceLaptop = u"http://192.168.1.50:3001"_s;
const QString kAliceDesktop = u"http://192.168.1.51:3001"_s;
const QString kBobEndpoint = u"http://192.168.1.60:3001"_s;

std::optional<ShareInfo> infoFor(WsTestClient &client, const QString &token,
                                 const QString &requester)
{
    return shareInfo(client.roundTrip(wire::requestShare(token, requester)));
}

// request_share for QTRY polling: QTRY evaluates its condition every 50 ms, but the broker
// limits share messages per connection (5 a second by default), so this asks again only every
// 250 ms and otherwise gives the last answer.
class SharePoller
{
public:
    SharePoller(WsTestClient &client, const QString &token, const QString &requester)
        : m_client(client), m_token(token), m_requester(requester)
    {
    }

    std::optional<ShareInfo> info()
    {
        if (!m_asked.isValid() || m_asked.hasExpired(250)) {
            m_info = infoFor(m_client, m_token, m_requester);
            m_asked.start();
        }
        return m_info;
    }
    // None while the answer is no share_info.
    std::optional<bool> ownerOnline()
    {
        const std::optional<ShareInfo> last = info();
        return last ? std::optional<bool>(last->ownerOnline) : std::nullopt;
    }

private:
    WsTestClient &m_client;
    QString m_token;
    QString m_requester;
    QElapsedTimer m_asked;
    std::optional<ShareInfo> m_info;
};

} // namespace

class TestIdentity : public QObject
{
    Q_OBJECT

private slots:
    void shareMessagesNeedRegistration_data() { TestDatabases::addEngineRows(); }
    void shareMessagesNeedRegistration();
    void otherUserIdsAreForbidden_data() { TestDatabases::addEngineRows(); }
    void otherUserIdsAreForbidden();
    void sharesBelongToTheirOwner_data() { TestDatabases::addEngineRows(); }
    void sharesBelongToTheirOwner();
    void presenceIsPerConnection_data() { TestDatabases::addEngineRows(); }
    void presenceIsPerConnection();
    void silentConnectionTimesOut_data() { TestDatabases::addEngineRows(); }
    void silentConnectionTimesOut();
};

void TestIdentity::shareMessagesNeedRegistration()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceLaptop);
    const QString token = wire::newToken();
    QVERIFY(
        isAck(alice.roundTrip(wire::publishShare(token, wire::metadata(kAlice, u"r1"_s, u"T"_s)))));

    WsTestClient anonymous;
    QVERIFY(anonymous.open(daemon.wsUrl()));
    const QList<std::pair<QString, QJsonObject>> shareMessages{
        {u"publish"_s,
         wire::publishShare(wire::newToken(), wire::metadata(kAlice, u"r2"_s, u"Sneaky"_s))},
        {u"request"_s, wire::requestShare(token, kBob)},
        {u"revoke"_s, wire::revokeShare(token)},
    };
    for (const auto &[id, message] : shareMessages) {
        const ServerFrame reply = anonymous.roundTrip(wire::withId(message, id));
        QCOMPARE(errorCode(reply), u"NOT_REGISTERED"_s);
        QCOMPARE(messageId(reply), id);
    }
    // A heartbeat from a connection that never registered names nobody the broker knows.
    QCOMPARE(errorCode(anonymous.roundTrip(wire::heartbeat(kAlice))), u"USER_NOT_FOUND"_s);

    // None of it had an effect: the share is there, alice still online.
    const std::optional<ShareInfo> info = infoFor(alice, token, kAlice);
    QVERIFY(info);
    QCOMPARE(info->ownerOnline, true);
    // Once registered, the same connection may.
    QVERIFY(isAck(anonymous.roundTrip(wire::registerUser(kBob, kBobEndpoint))));
    QCOMPARE(frameType(anonymous.roundTrip(wire::requestShare(token, kBob))), u"share_info"_s);
}

void TestIdentity::otherUserIdsAreForbidden()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    WsTestClient bob;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceLaptop);
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    const QString bobsToken = wire::newToken();
    QVERIFY(isAck(bob.roundTrip(wire::publishShare(
        bobsToken, wire::metadata(kBob, u"b1"_s, u"Bob's"_s, wire::usersPolicy({kBob}))))));

    const QString forged = wire::newToken();
    const QList<std::pair<QString, QJsonObject>> asBob{
        {u"heartbeat"_s, wire::heartbeat(kBob)},
        {u"disconnect"_s, wire::disconnect(kBob)},
        {u"publish"_s, wire::publishShare(forged, wire::metadata(kBob, u"f"_s, u"Forged"_s))},
        {u"request"_s, wire::requestShare(bobsToken, kBob)},
        {u"register"_s, wire::registerUser(kBob, u"http://10.6.6.6:3001"_s)},
    };
    for (const auto &[id, message] : asBob) {
        const ServerFrame reply = alice.roundTrip(wire::withId(message, id));
        QCOMPARE(errorCode(reply), u"FORBIDDEN"_s);
        QCOMPARE(messageId(reply), id);
    }

    // Nothing was done in bob's name: he is still online at his own endpoint, his share is
    // still his alone, and the forged share does not exist.
    const std::optional<ShareInfo> info = infoFor(bob, bobsToken, kBob);
    QVERIFY(info);
    QCOMPARE(info->ownerOnline, true);
    QCOMPARE(info->downloadUrl, wire::downloadUrl(kBobEndpoint, u"b1"_s, bobsToken));
    QCOMPARE(errorCode(alice.roundTrip(wire::requestShare(bobsToken, kAlice))), u"ACCESS_DENIED"_s);
    QCOMPARE(errorCode(bob.roundTrip(wire::requestShare(forged, kBob))), u"SHARE_NOT_FOUND"_s);
    // And alice's connection is still alice's.
    QVERIFY(isAck(alice.roundTrip(wire::heartbeat(kAlice))));
}

void TestIdentity::sharesBelongToTheirOwner()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    WsTestClient bob;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceLaptop);
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    const QString token = wire::newToken();
    const QJsonObject original = wire::metadata(kAlice, u"result-a"_s, u"Alice's analysis"_s);
    QVERIFY(isAck(alice.roundTrip(wire::publishShare(token, original))));

    // Bob may not revoke it...
    QCOMPARE(errorCode(bob.roundTrip(wire::revokeShare(token))), u"FORBIDDEN"_s);
    std::optional<ShareInfo> info = infoFor(bob, token, kBob);
    QVERIFY(info);
    QCOMPARE(info->ownerOnline, true);
    // ...nor take the token over by publishing under it.
    const QJsonObject hijack = wire::metadata(kBob, u"result-b"_s, u"Bob's now"_s);
    QCOMPARE(errorCode(bob.roundTrip(wire::publishShare(token, hijack))), u"TOKEN_TAKEN"_s);
    ServerFrame reply = bob.roundTrip(wire::requestShare(token, kBob));
    // The metadata on the wire is still alice's, byte for byte.
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(shareInfoMetadataJson(reply))),
             wire::compact(wire::echoedMetadata(original, u"2025-10-03T12:00:00.123Z"_s, 2)));
    info = shareInfo(reply);
    QVERIFY2(info, qPrintable(reply.describe()));
    QCOMPARE(info->downloadUrl, wire::downloadUrl(kAliceLaptop, u"result-a"_s, token));

    // Alice publishing her own token again updates it.
    QJsonObject updated = original;
    updated.insert("title"_L1, u"Alice's analysis, revised"_s);
    updated.insert("description"_L1, QJsonValue::Null);
    QVERIFY(isAck(alice.roundTrip(wire::publishShare(token, updated))));
    reply = bob.roundTrip(wire::requestShare(token, kBob));
    info = shareInfo(reply);
    QVERIFY2(info, qPrintable(reply.describe()));
    QCOMPARE(info->metadata.title, u"Alice's analysis, revised"_s);
    // Null on the wire, as the client reads an absent description.
    QCOMPARE(shareInfoMetadataJson(reply).value("description"_L1), QJsonValue(QJsonValue::Null));
    QCOMPARE(info->metadata.ownerUserId, kAlice);
}

// Alice has two desktops on the broker. Losing one leaves her online through the other; losing
// both takes her offline at once, without any disconnect message.
void TestIdentity::presenceIsPerConnection()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);

    WsTestClient desktop;
    WsTestClient laptop;
    WsTestClient bob;
    OPEN_REGISTERED(desktop, daemon.wsUrl(), {}, kAlice, kAliceDesktop);
    OPEN_REGISTERED(laptop, daemon.wsUrl(), {}, kAlice, kAliceLaptop);
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    const QString token = wire::newToken();
    QVERIFY(
        isAck(laptop.roundTrip(wire::publishShare(token, wire::metadata(kAlice, u"r"_s, u"T"_s)))));

    // Downloads go to the connection that heartbeated last: make that the laptop.
    auto downloadUrlAfterLaptopHeartbeat = [&] {
        if (!isAck(laptop.roundTrip(wire::heartbeat(kAlice))))
            return u"<heartbeat not acked>"_s;
        const std::optional<ShareInfo> info = infoFor(bob, token, kBob);
        return info ? info->downloadUrl : u"<no share_info>"_s;
    };
    QTRY_COMPARE(downloadUrlAfterLaptopHeartbeat(), wire::downloadUrl(kAliceLaptop, u"r"_s, token));

    // The laptop's lid closes: no close frame, no disconnect. Alice stays online all along, and
    // downloads move to the desktop.
    laptop.abort();
    QString offlineTooEarly;
    SharePoller poller(bob, token, kBob);
    auto downloadsMovedToDesktop = [&] {
        const std::optional<ShareInfo> info = poller.info();
        if (info && !info->ownerOnline)
            offlineTooEarly = u"offline, download URL '%1'"_s.arg(info->downloadUrl);
        return info && info->downloadUrl == wire::downloadUrl(kAliceDesktop, u"r"_s, token);
    };
    QTRY_VERIFY_WITH_TIMEOUT(downloadsMovedToDesktop(), 2000);
    QVERIFY2(offlineTooEarly.isEmpty(), qPrintable(offlineTooEarly));

    // The desktop goes too: alice is offline promptly.
    desktop.abort();
    QTRY_VERIFY_WITH_TIMEOUT(poller.ownerOnline() == false, 2000);
    const std::optional<ShareInfo> info = infoFor(bob, token, kBob);
    QVERIFY(info);
    QCOMPARE(info->downloadUrl, QString());
}

// With HEARTBEAT_TIMEOUT_SECONDS=1, a connection that stays open but says nothing goes
// offline within a couple of seconds, and its next heartbeat brings it back.
void TestIdentity::silentConnectionTimesOut()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"HEARTBEAT_TIMEOUT_SECONDS"_s, u"1"_s);
    START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    WsTestClient bob;
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    QVERIFY(alice.open(daemon.wsUrl()));
    // Started before alice registers, so it bounds the daemon's view of her silence both ways.
    QElapsedTimer silence;
    silence.start();
    QVERIFY(isAck(alice.roundTrip(wire::registerUser(kAlice, kAliceLaptop))));
    const QString token = wire::newToken();
    QVERIFY(
        isAck(alice.roundTrip(wire::publishShare(token, wire::metadata(kAlice, u"r"_s, u"T"_s)))));
    // Online while the timeout has not passed (only provable if this machine was quick enough).
    // Bob's requests are not heartbeats, and bob's own silence does not matter.
    const std::optional<ShareInfo> atFirst = infoFor(bob, token, kBob);
    if (silence.elapsed() < 1000) {
        QVERIFY(atFirst);
        QCOMPARE(atFirst->ownerOnline, true);
    }

    SharePoller poller(bob, token, kBob);
    QTRY_VERIFY_WITH_TIMEOUT(poller.ownerOnline() == false, 3000);
    QVERIFY2(silence.elapsed() >= 1000, "offline before the timeout passed");
    QVERIFY(alice.isOpen());
    std::optional<ShareInfo> info = infoFor(bob, token, kBob);
    QVERIFY(info);
    QCOMPARE(info->downloadUrl, QString());

    // The desktop heartbeats again on the same connection: online again.
    QVERIFY(isAck(alice.roundTrip(wire::heartbeat(kAlice))));
    info = infoFor(bob, token, kBob);
    QVERIFY(info);
    QCOMPARE(info->ownerOnline, true);
    QCOMPARE(info->downloadUrl, wire::downloadUrl(kAliceLaptop, u"r"_s, token));
}

QTEST_GUILESS_MAIN(TestIdentity)
#include "tst_identity.moc"
