// Who a connection is: register_user binds it to one user, who may then act for nobody else;
// presence is kept per connection, and ends with the connection, a disconnect or silence.

#include "E2eSupport.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAliceLaptop = u"http://192.168.1.50:3001"_s;
const QString kAliceDesktop = u"http://192.168.1.51:3001"_s;
const QString kBobEndpoint = u"http://192.168.1.60:3001"_s;

QJsonObject infoFor(WsTestClient &client, const QString &token, const QString &requester)
{
    return e2e::shareInfo(e2e::roundTrip(client, e2e::requestShare(token, requester)));
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

    QJsonObject info()
    {
        if (!m_asked.isValid() || m_asked.hasExpired(250)) {
            m_info = infoFor(m_client, m_token, m_requester);
            m_asked.start();
        }
        return m_info;
    }
    QJsonValue ownerOnline() { return info().value("owner_online"_L1); }

private:
    WsTestClient &m_client;
    QString m_token;
    QString m_requester;
    QElapsedTimer m_asked;
    QJsonObject m_info;
};

} // namespace

class TestIdentity : public QObject
{
    Q_OBJECT

private slots:
    void shareMessagesNeedRegistration_data() { e2e::addEngineRows(); }
    void shareMessagesNeedRegistration();
    void otherUserIdsAreForbidden_data() { e2e::addEngineRows(); }
    void otherUserIdsAreForbidden();
    void sharesBelongToTheirOwner_data() { e2e::addEngineRows(); }
    void sharesBelongToTheirOwner();
    void presenceIsPerConnection_data() { e2e::addEngineRows(); }
    void presenceIsPerConnection();
    void silentConnectionTimesOut_data() { e2e::addEngineRows(); }
    void silentConnectionTimesOut();
};

void TestIdentity::shareMessagesNeedRegistration()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    E2E_START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    E2E_OPEN_REGISTERED(alice, daemon, kAlice, kAliceLaptop);
    const QString token = e2e::newToken();
    QVERIFY(e2e::isAck(
        e2e::roundTrip(alice, e2e::publishShare(token, e2e::metadata(kAlice, u"r1"_s, u"T"_s)))));

    WsTestClient anonymous;
    QVERIFY(anonymous.open(daemon.wsUrl()));
    const QList<std::pair<QString, QJsonObject>> shareMessages{
        {u"publish"_s,
         e2e::publishShare(e2e::newToken(), e2e::metadata(kAlice, u"r2"_s, u"Sneaky"_s))},
        {u"request"_s, e2e::requestShare(token, kBob)},
        {u"revoke"_s, e2e::revokeShare(token)},
    };
    for (const auto &[id, message] : shareMessages) {
        const QJsonObject reply = e2e::roundTrip(anonymous, e2e::withId(message, id));
        QCOMPARE(e2e::errorCode(reply), u"NOT_REGISTERED"_s);
        QCOMPARE(reply.value("message_id"_L1).toString(), id);
    }
    // A heartbeat from a connection that never registered names nobody the broker knows.
    QCOMPARE(e2e::errorCode(e2e::roundTrip(anonymous, e2e::heartbeat(kAlice))),
             u"USER_NOT_FOUND"_s);

    // None of it had an effect: the share is there, alice still online.
    const QJsonObject info = infoFor(alice, token, kAlice);
    QCOMPARE(info.value("owner_online"_L1), QJsonValue(true));
    // Once registered, the same connection may.
    QVERIFY(e2e::isAck(e2e::roundTrip(anonymous, e2e::registerUser(kBob, kBobEndpoint))));
    QCOMPARE(e2e::roundTrip(anonymous, e2e::requestShare(token, kBob)).value("type"_L1).toString(),
             u"share_info"_s);
}

void TestIdentity::otherUserIdsAreForbidden()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    E2E_START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    WsTestClient bob;
    E2E_OPEN_REGISTERED(alice, daemon, kAlice, kAliceLaptop);
    E2E_OPEN_REGISTERED(bob, daemon, kBob, kBobEndpoint);
    const QString bobsToken = e2e::newToken();
    QVERIFY(e2e::isAck(e2e::roundTrip(
        bob, e2e::publishShare(
                 bobsToken, e2e::metadata(kBob, u"b1"_s, u"Bob's"_s, e2e::usersPolicy({kBob}))))));

    const QString forged = e2e::newToken();
    const QList<std::pair<QString, QJsonObject>> asBob{
        {u"heartbeat"_s, e2e::heartbeat(kBob)},
        {u"disconnect"_s, e2e::disconnect(kBob)},
        {u"publish"_s, e2e::publishShare(forged, e2e::metadata(kBob, u"f"_s, u"Forged"_s))},
        {u"request"_s, e2e::requestShare(bobsToken, kBob)},
        {u"register"_s, e2e::registerUser(kBob, u"http://10.6.6.6:3001"_s)},
    };
    for (const auto &[id, message] : asBob) {
        const QJsonObject reply = e2e::roundTrip(alice, e2e::withId(message, id));
        QCOMPARE(e2e::errorCode(reply), u"FORBIDDEN"_s);
        QCOMPARE(reply.value("message_id"_L1).toString(), id);
    }

    // Nothing was done in bob's name: he is still online at his own endpoint, his share is
    // still his alone, and the forged share does not exist.
    const QJsonObject info = infoFor(bob, bobsToken, kBob);
    QCOMPARE(info.value("owner_online"_L1), QJsonValue(true));
    QCOMPARE(info.value("download_url"_L1).toString(), e2e::downloadUrl(kBobEndpoint, u"b1"_s));
    QCOMPARE(e2e::errorCode(e2e::roundTrip(alice, e2e::requestShare(bobsToken, kAlice))),
             u"ACCESS_DENIED"_s);
    QCOMPARE(e2e::errorCode(e2e::roundTrip(bob, e2e::requestShare(forged, kBob))),
             u"SHARE_NOT_FOUND"_s);
    // And alice's connection is still alice's.
    QVERIFY(e2e::isAck(e2e::roundTrip(alice, e2e::heartbeat(kAlice))));
}

void TestIdentity::sharesBelongToTheirOwner()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    E2E_START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    WsTestClient bob;
    E2E_OPEN_REGISTERED(alice, daemon, kAlice, kAliceLaptop);
    E2E_OPEN_REGISTERED(bob, daemon, kBob, kBobEndpoint);
    const QString token = e2e::newToken();
    const QJsonObject original = e2e::metadata(kAlice, u"result-a"_s, u"Alice's analysis"_s);
    QVERIFY(e2e::isAck(e2e::roundTrip(alice, e2e::publishShare(token, original))));

    // Bob may not revoke it...
    QCOMPARE(e2e::errorCode(e2e::roundTrip(bob, e2e::revokeShare(token))), u"FORBIDDEN"_s);
    QJsonObject info = infoFor(bob, token, kBob);
    QCOMPARE(info.value("owner_online"_L1), QJsonValue(true));
    // ...nor take the token over by publishing under it.
    const QJsonObject hijack = e2e::metadata(kBob, u"result-b"_s, u"Bob's now"_s);
    QCOMPARE(e2e::errorCode(e2e::roundTrip(bob, e2e::publishShare(token, hijack))),
             u"TOKEN_TAKEN"_s);
    info = infoFor(bob, token, kBob);
    QCOMPARE(e2e::compact(info.value("metadata"_L1).toObject()),
             e2e::compact(e2e::echoedMetadata(original, u"2025-10-03T12:00:00.123Z"_s)));
    QCOMPARE(info.value("download_url"_L1).toString(),
             e2e::downloadUrl(kAliceLaptop, u"result-a"_s));

    // Alice publishing her own token again updates it.
    QJsonObject updated = original;
    updated.insert("title"_L1, u"Alice's analysis, revised"_s);
    updated.insert("description"_L1, QJsonValue::Null);
    QVERIFY(e2e::isAck(e2e::roundTrip(alice, e2e::publishShare(token, updated))));
    info = infoFor(bob, token, kBob);
    const QJsonObject seen = info.value("metadata"_L1).toObject();
    QCOMPARE(seen.value("title"_L1).toString(), u"Alice's analysis, revised"_s);
    QCOMPARE(seen.value("description"_L1), QJsonValue(QJsonValue::Null));
    QCOMPARE(seen.value("owner_user_id"_L1).toString(), kAlice);
}

// Alice has two desktops on the broker. Losing one leaves her online through the other; losing
// both takes her offline at once, without any disconnect message.
void TestIdentity::presenceIsPerConnection()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    E2E_START_DAEMON(daemon, engine, dir);

    WsTestClient desktop;
    WsTestClient laptop;
    WsTestClient bob;
    E2E_OPEN_REGISTERED(desktop, daemon, kAlice, kAliceDesktop);
    E2E_OPEN_REGISTERED(laptop, daemon, kAlice, kAliceLaptop);
    E2E_OPEN_REGISTERED(bob, daemon, kBob, kBobEndpoint);
    const QString token = e2e::newToken();
    QVERIFY(e2e::isAck(
        e2e::roundTrip(laptop, e2e::publishShare(token, e2e::metadata(kAlice, u"r"_s, u"T"_s)))));

    // Downloads go to the connection that heartbeated last: make that the laptop.
    auto downloadUrlAfterLaptopHeartbeat = [&] {
        if (!e2e::isAck(e2e::roundTrip(laptop, e2e::heartbeat(kAlice))))
            return u"<heartbeat not acked>"_s;
        return infoFor(bob, token, kBob).value("download_url"_L1).toString();
    };
    QTRY_COMPARE(downloadUrlAfterLaptopHeartbeat(), e2e::downloadUrl(kAliceLaptop, u"r"_s));

    // The laptop's lid closes: no close frame, no disconnect. Alice stays online all along, and
    // downloads move to the desktop.
    laptop.abort();
    QJsonObject offlineTooEarly;
    SharePoller poller(bob, token, kBob);
    auto downloadsMovedToDesktop = [&] {
        const QJsonObject info = poller.info();
        if (info.value("owner_online"_L1) != QJsonValue(true))
            offlineTooEarly = info;
        return info.value("download_url"_L1).toString() == e2e::downloadUrl(kAliceDesktop, u"r"_s);
    };
    QTRY_VERIFY_WITH_TIMEOUT(downloadsMovedToDesktop(), 2000);
    QVERIFY2(offlineTooEarly.isEmpty(), e2e::compact(offlineTooEarly).constData());

    // The desktop goes too: alice is offline promptly.
    desktop.abort();
    QTRY_VERIFY_WITH_TIMEOUT(poller.ownerOnline() == QJsonValue(false), 2000);
    QCOMPARE(infoFor(bob, token, kBob).value("download_url"_L1), QJsonValue(u""_s));
}

// With HEARTBEAT_TIMEOUT_SECONDS=1, a connection that stays open but says nothing goes
// offline within a couple of seconds, and its next heartbeat brings it back.
void TestIdentity::silentConnectionTimesOut()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"HEARTBEAT_TIMEOUT_SECONDS"_s, u"1"_s);
    E2E_START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    WsTestClient bob;
    E2E_OPEN_REGISTERED(bob, daemon, kBob, kBobEndpoint);
    QVERIFY(alice.open(daemon.wsUrl()));
    // Started before alice registers, so it bounds the daemon's view of her silence both ways.
    QElapsedTimer silence;
    silence.start();
    QVERIFY(e2e::isAck(e2e::roundTrip(alice, e2e::registerUser(kAlice, kAliceLaptop))));
    const QString token = e2e::newToken();
    QVERIFY(e2e::isAck(
        e2e::roundTrip(alice, e2e::publishShare(token, e2e::metadata(kAlice, u"r"_s, u"T"_s)))));
    // Online while the timeout has not passed (only provable if this machine was quick enough).
    // Bob's requests are not heartbeats, and bob's own silence does not matter.
    const QJsonValue onlineAtFirst = infoFor(bob, token, kBob).value("owner_online"_L1);
    if (silence.elapsed() < 1000)
        QCOMPARE(onlineAtFirst, QJsonValue(true));

    SharePoller poller(bob, token, kBob);
    QTRY_VERIFY_WITH_TIMEOUT(poller.ownerOnline() == QJsonValue(false), 3000);
    QVERIFY2(silence.elapsed() >= 1000, "offline before the timeout passed");
    QVERIFY(alice.isOpen());
    QCOMPARE(infoFor(bob, token, kBob).value("download_url"_L1), QJsonValue(u""_s));

    // The desktop heartbeats again on the same connection: online again.
    QVERIFY(e2e::isAck(e2e::roundTrip(alice, e2e::heartbeat(kAlice))));
    const QJsonObject info = infoFor(bob, token, kBob);
    QCOMPARE(info.value("owner_online"_L1), QJsonValue(true));
    QCOMPARE(info.value("download_url"_L1).toString(), e2e::downloadUrl(kAliceLaptop, u"r"_s));
}

QTEST_GUILESS_MAIN(TestIdentity)
#include "tst_identity.moc"
