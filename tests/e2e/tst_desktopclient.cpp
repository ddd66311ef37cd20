// The shipped DDALAB desktop client against the real daemon: its exact message sequence over a
// real WebSocket, on SQLite and on PostgreSQL.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kCarol = u"carol@institution.edu"_s;
const QString kDave = u"dave@institution.edu"_s;
const QString kAliceEndpoint = u"http://192.168.1.50:3001"_s;
const QString kBobEndpoint = u"http://192.168.1.60:3001"_s;
const QString kResultId = u"5f0c6f2e-3b7a-4f8e-9d1c-2a6b8e4f7c10"_s;
// What the daemon sends back for the client's 2025-10-03T12:00:00.123456789Z.
const QString kCreatedAtEchoed = u"2025-10-03T12:00:00.123Z"_s;

} // namespace

class TestDesktopClient : public QObject
{
    Q_OBJECT

private slots:
    void shippedClientSequence_data() { TestDatabases::addEngineRows(); }
    void shippedClientSequence();
    void sharesSurviveRestart_data() { TestDatabases::addEngineRows(); }
    void sharesSurviveRestart();
    void accessPolicies_data() { TestDatabases::addEngineRows(); }
    void accessPolicies();
    void createdAtForms_data() { TestDatabases::addEngineRows(); }
    void createdAtForms();
};

void TestDesktopClient::shippedClientSequence()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);

    const QString token = wire::newToken();
    QCOMPARE(token.size(), 22);
    const QJsonObject published = wire::metadata(kAlice, kResultId, u"My DDA Analysis"_s);

    // Right after the socket opens: register_user, then publish_share and a heartbeat behind it
    // without waiting for any ack, and without message ids.
    WsTestClient alice;
    QVERIFY(alice.open(daemon.wsUrl()));
    alice.sendJson(wire::registerUser(kAlice, kAliceEndpoint));
    alice.sendJson(wire::publishShare(token, published));
    alice.sendJson(wire::heartbeat(kAlice));
    QVERIFY(alice.waitForFrames(3));
    for (int i = 0; i < 3; ++i) {
        // Exactly what the client parses as an ack, on the wire: message_id present and null.
        QCOMPARE(wire::compact(alice.next().json()),
                 QByteArray(R"({"message_id":null,"type":"ack"})"));
    }

    // A colleague opens the link.
    WsTestClient bob;
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    ServerFrame reply = bob.roundTrip(wire::requestShare(token, kBob));
    QCOMPARE(frameType(reply), u"share_info"_s);
    std::optional<ddalab::protocol::ShareInfo> info = shareInfo(reply);
    QVERIFY2(info, qPrintable(reply.describe()));
    QCOMPARE(info->token, token);
    // The metadata as the client reads it: what it published, byte for byte, but created_at
    // in the form its parser takes.
    const QJsonObject metadata = shareInfoMetadataJson(reply);
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(metadata)),
             wire::compact(wire::echoedMetadata(published, kCreatedAtEchoed, 1)));
    QVERIFY(metadata.contains("last_accessed_at"_L1));
    QVERIFY(wire::isClientRfc3339(metadata.value("created_at"_L1).toString()));
    QCOMPARE(info->downloadUrl, wire::downloadUrl(kAliceEndpoint, kResultId, token));
    QCOMPARE(info->ownerOnline, true);

    // A message_id is echoed in the reply to its request, whatever the reply's type.
    reply = bob.roundTrip(wire::withId(wire::requestShare(token, kBob), u"open-1"_s));
    QCOMPARE(frameType(reply), u"share_info"_s);
    QCOMPARE(messageId(reply), u"open-1"_s);
    reply = bob.roundTrip(wire::withId(wire::heartbeat(kBob), u"beat-2"_s));
    QVERIFY(isAck(reply));
    QCOMPARE(messageId(reply), u"beat-2"_s);
    reply = bob.roundTrip(wire::withId(wire::requestShare(wire::newToken(), kBob), u"open-3"_s));
    QCOMPARE(errorCode(reply), u"SHARE_NOT_FOUND"_s);
    QCOMPARE(messageId(reply), u"open-3"_s);

    // The owner says goodbye: the share stays, its download URL goes.
    QVERIFY(isAck(alice.roundTrip(wire::disconnect(kAlice))));
    reply = bob.roundTrip(wire::requestShare(token, kBob));
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(shareInfoMetadataJson(reply))),
             wire::compact(wire::echoedMetadata(published, kCreatedAtEchoed, 3)));
    info = shareInfo(reply);
    QVERIFY2(info, qPrintable(reply.describe()));
    QCOMPARE(info->downloadUrl, QString());
    QCOMPARE(info->ownerOnline, false);
    alice.close();

    // The owner comes back on a new connection and revokes the share.
    WsTestClient aliceAgain;
    OPEN_REGISTERED(aliceAgain, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    reply = aliceAgain.roundTrip(wire::revokeShare(token));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    QCOMPARE(errorCode(bob.roundTrip(wire::requestShare(token, kBob))), u"SHARE_NOT_FOUND"_s);
    QCOMPARE(errorCode(aliceAgain.roundTrip(wire::requestShare(token, kAlice))),
             u"SHARE_NOT_FOUND"_s);
}

void TestDesktopClient::sharesSurviveRestart()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);

    const QString kept = wire::newToken();
    const QString revoked = wire::newToken();
    const QJsonObject keptMetadata = wire::metadata(kAlice, kResultId, u"Kept across restarts"_s);
    {
        WsTestClient alice;
        QVERIFY(alice.open(daemon.wsUrl()));
        alice.sendJson(wire::registerUser(kAlice, kAliceEndpoint));
        alice.sendJson(wire::publishShare(kept, keptMetadata));
        alice.sendJson(
            wire::publishShare(revoked, wire::metadata(kAlice, u"other"_s, u"Revoked"_s)));
        alice.sendJson(wire::revokeShare(revoked));
        for (int i = 0; i < 4; ++i) {
            const ServerFrame reply = alice.next();
            QVERIFY2(isAck(reply), qPrintable(reply.describe()));
        }
    }

    // The acks came after the commits: a restart on the same database keeps what they
    // acknowledged.
    daemon.stop();
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));

    WsTestClient bob;
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    const ServerFrame reply = bob.roundTrip(wire::requestShare(kept, kBob));
    std::optional<ddalab::protocol::ShareInfo> info = shareInfo(reply);
    QVERIFY2(info, qPrintable(reply.describe()));
    QCOMPARE(info->token, kept);
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(shareInfoMetadataJson(reply))),
             wire::compact(wire::echoedMetadata(keptMetadata, kCreatedAtEchoed, 1)));
    // Presence is not stored: after the restart nobody is online until they register again.
    QCOMPARE(info->ownerOnline, false);
    QCOMPARE(info->downloadUrl, QString());
    QCOMPARE(errorCode(bob.roundTrip(wire::requestShare(revoked, kBob))), u"SHARE_NOT_FOUND"_s);

    // The desktop reconnects and registers: the share is downloadable again.
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    info = shareInfo(bob.roundTrip(wire::requestShare(kept, kBob)));
    QVERIFY(info);
    QCOMPARE(info->ownerOnline, true);
    QCOMPARE(info->downloadUrl, wire::downloadUrl(kAliceEndpoint, kResultId, kept));
    // A revoked token stays revoked, for its owner too.
    QCOMPARE(errorCode(alice.roundTrip(
                 wire::publishShare(revoked, wire::metadata(kAlice, u"other"_s, u"Back"_s)))),
             u"TOKEN_TAKEN"_s);
    QCOMPARE(errorCode(bob.roundTrip(wire::requestShare(revoked, kBob))), u"SHARE_NOT_FOUND"_s);
}

void TestDesktopClient::accessPolicies()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    WsTestClient carol;
    WsTestClient dave;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    OPEN_REGISTERED(carol, daemon.wsUrl(), {}, kCarol, u"http://10.0.0.3:3001"_s);
    OPEN_REGISTERED(dave, daemon.wsUrl(), {}, kDave, u"http://10.0.0.4:3001"_s);

    const QString forCarol = wire::newToken();
    const QJsonObject forCarolMetadata =
        wire::metadata(kAlice, u"result-users"_s, u"For Carol"_s,
                       wire::usersPolicy({kCarol, u"erin@institution.edu"_s}), QJsonValue::Null);
    const QString forTeam = wire::newToken();
    QVERIFY(isAck(alice.roundTrip(wire::publishShare(forCarol, forCarolMetadata))));
    QVERIFY(isAck(alice.roundTrip(
        wire::publishShare(forTeam, wire::metadata(kAlice, u"result-team"_s, u"For lab 7"_s,
                                                   wire::teamPolicy(u"lab-7"_s))))));

    // Users policy: the listed user gets it, with the metadata as published (null description
    // included, on the wire), anybody else is refused.
    const ServerFrame reply = carol.roundTrip(wire::requestShare(forCarol, kCarol));
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(shareInfoMetadataJson(reply))),
             wire::compact(wire::echoedMetadata(forCarolMetadata, kCreatedAtEchoed, 1)));
    const std::optional<ddalab::protocol::ShareInfo> info = shareInfo(reply);
    QVERIFY2(info, qPrintable(reply.describe()));
    QCOMPARE(info->downloadUrl, wire::downloadUrl(kAliceEndpoint, u"result-users"_s, forCarol));
    QCOMPARE(info->ownerOnline, true);
    QCOMPARE(errorCode(dave.roundTrip(wire::requestShare(forCarol, kDave))), u"ACCESS_DENIED"_s);

    // Team policy: there is no team registry yet, so nobody but the owner is admitted.
    QCOMPARE(errorCode(dave.roundTrip(wire::requestShare(forTeam, kDave))), u"ACCESS_DENIED"_s);
    QCOMPARE(errorCode(carol.roundTrip(wire::requestShare(forTeam, kCarol))), u"ACCESS_DENIED"_s);

    // The owner always sees their own shares.
    QCOMPARE(frameType(alice.roundTrip(wire::requestShare(forCarol, kAlice))), u"share_info"_s);
    QCOMPARE(frameType(alice.roundTrip(wire::requestShare(forTeam, kAlice))), u"share_info"_s);
}

// Whatever RFC 3339 form the client sends, the broker answers with UTC, milliseconds and Z, as
// text the client's parser takes.
void TestDesktopClient::createdAtForms()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    const QList<std::pair<QString, QString>> forms{
        {u"2025-10-03T12:00:00Z"_s, u"2025-10-03T12:00:00.000Z"_s},
        {u"2025-10-03T12:00:00.5Z"_s, u"2025-10-03T12:00:00.500Z"_s},
        {u"2025-10-03T12:00:00.987654321Z"_s, u"2025-10-03T12:00:00.987Z"_s},
        {u"2025-10-03T12:00:00.25+00:00"_s, u"2025-10-03T12:00:00.250Z"_s},
        {u"2025-10-03T14:30:00+02:30"_s, u"2025-10-03T12:00:00.000Z"_s},
        {u"1999-12-31T23:59:59.999Z"_s, u"1999-12-31T23:59:59.999Z"_s},
    };
    for (const auto &[sent, expected] : forms) {
        const QString token = wire::newToken();
        const ServerFrame reply = alice.roundTrip(wire::publishShare(
            token, wire::metadata(kAlice, u"r"_s, u"t"_s, wire::publicPolicy(), u"d"_s, sent)));
        QVERIFY2(isAck(reply), qPrintable(sent + u": "_s + reply.describe()));
        const QString echoed =
            shareInfoMetadataJson(alice.roundTrip(wire::requestShare(token, kAlice)))
                .value("created_at"_L1)
                .toString();
        QCOMPARE(echoed, expected);
        QVERIFY(wire::isClientRfc3339(echoed));
    }
}

QTEST_GUILESS_MAIN(TestDesktopClient)
#include "tst_desktopclient.moc"
