// The shipped DDALAB desktop client against the real daemon: its exact message sequence over a
// real WebSocket, on SQLite and on PostgreSQL.

#include "E2eSupport.h"

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
    void shippedClientSequence_data() { e2e::addEngineRows(); }
    void shippedClientSequence();
    void sharesSurviveRestart_data() { e2e::addEngineRows(); }
    void sharesSurviveRestart();
    void accessPolicies_data() { e2e::addEngineRows(); }
    void accessPolicies();
    void createdAtForms_data() { e2e::addEngineRows(); }
    void createdAtForms();
};

void TestDesktopClient::shippedClientSequence()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    E2E_START_DAEMON(daemon, engine, dir);

    const QString token = e2e::newToken();
    QCOMPARE(token.size(), 22);
    const QJsonObject published = e2e::metadata(kAlice, kResultId, u"My DDA Analysis"_s);

    // Right after the socket opens: register_user, then publish_share and a heartbeat behind it
    // without waiting for any ack, and without message ids.
    WsTestClient alice;
    QVERIFY(alice.open(daemon.wsUrl()));
    alice.sendJson(e2e::registerUser(kAlice, kAliceEndpoint));
    alice.sendJson(e2e::publishShare(token, published));
    alice.sendJson(e2e::heartbeat(kAlice));
    QVERIFY(alice.waitForFrames(3));
    for (int i = 0; i < 3; ++i) {
        const QJsonObject reply = alice.next();
        // Exactly what the client parses as an ack: message_id present and null.
        QCOMPARE(e2e::compact(reply), QByteArray(R"({"message_id":null,"type":"ack"})"));
    }

    // A colleague opens the link.
    WsTestClient bob;
    E2E_OPEN_REGISTERED(bob, daemon, kBob, kBobEndpoint);
    QJsonObject reply = e2e::roundTrip(bob, e2e::requestShare(token, kBob));
    QCOMPARE(reply.value("type"_L1).toString(), u"share_info"_s);
    QCOMPARE(reply.value("token"_L1).toString(), token);
    QJsonObject info = e2e::shareInfo(reply);
    const QJsonObject metadata = info.value("metadata"_L1).toObject();
    QCOMPARE(e2e::compact(metadata),
             e2e::compact(e2e::echoedMetadata(published, kCreatedAtEchoed)));
    QVERIFY(e2e::isClientRfc3339(metadata.value("created_at"_L1).toString()));
    QCOMPARE(info.value("download_url"_L1).toString(), e2e::downloadUrl(kAliceEndpoint, kResultId));
    QCOMPARE(info.value("owner_online"_L1), QJsonValue(true));

    // A message_id is echoed in the reply to its request, whatever the reply's type.
    reply = e2e::roundTrip(bob, e2e::withId(e2e::requestShare(token, kBob), u"open-1"_s));
    QCOMPARE(reply.value("type"_L1).toString(), u"share_info"_s);
    QCOMPARE(reply.value("message_id"_L1).toString(), u"open-1"_s);
    reply = e2e::roundTrip(bob, e2e::withId(e2e::heartbeat(kBob), u"beat-2"_s));
    QVERIFY(e2e::isAck(reply));
    QCOMPARE(reply.value("message_id"_L1).toString(), u"beat-2"_s);
    reply = e2e::roundTrip(bob, e2e::withId(e2e::requestShare(e2e::newToken(), kBob), u"open-3"_s));
    QCOMPARE(e2e::errorCode(reply), u"SHARE_NOT_FOUND"_s);
    QCOMPARE(reply.value("message_id"_L1).toString(), u"open-3"_s);

    // The owner says goodbye: the share stays, its download URL goes.
    QVERIFY(e2e::isAck(e2e::roundTrip(alice, e2e::disconnect(kAlice))));
    info = e2e::shareInfo(e2e::roundTrip(bob, e2e::requestShare(token, kBob)));
    QCOMPARE(e2e::compact(info.value("metadata"_L1).toObject()),
             e2e::compact(e2e::echoedMetadata(published, kCreatedAtEchoed)));
    QCOMPARE(info.value("download_url"_L1), QJsonValue(u""_s));
    QCOMPARE(info.value("owner_online"_L1), QJsonValue(false));
    alice.close();

    // The owner comes back on a new connection and revokes the share.
    WsTestClient aliceAgain;
    E2E_OPEN_REGISTERED(aliceAgain, daemon, kAlice, kAliceEndpoint);
    reply = e2e::roundTrip(aliceAgain, e2e::revokeShare(token));
    QVERIFY2(e2e::isAck(reply), e2e::compact(reply).constData());
    QCOMPARE(e2e::errorCode(e2e::roundTrip(bob, e2e::requestShare(token, kBob))),
             u"SHARE_NOT_FOUND"_s);
    QCOMPARE(e2e::errorCode(e2e::roundTrip(aliceAgain, e2e::requestShare(token, kAlice))),
             u"SHARE_NOT_FOUND"_s);
}

void TestDesktopClient::sharesSurviveRestart()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    E2E_START_DAEMON(daemon, engine, dir);

    const QString kept = e2e::newToken();
    const QString revoked = e2e::newToken();
    const QJsonObject keptMetadata = e2e::metadata(kAlice, kResultId, u"Kept across restarts"_s);
    {
        WsTestClient alice;
        QVERIFY(alice.open(daemon.wsUrl()));
        alice.sendJson(e2e::registerUser(kAlice, kAliceEndpoint));
        alice.sendJson(e2e::publishShare(kept, keptMetadata));
        alice.sendJson(e2e::publishShare(revoked, e2e::metadata(kAlice, u"other"_s, u"Revoked"_s)));
        alice.sendJson(e2e::revokeShare(revoked));
        for (int i = 0; i < 4; ++i) {
            const QJsonObject reply = alice.next();
            QVERIFY2(e2e::isAck(reply), e2e::compact(reply).constData());
        }
    }

    // The acks came after the commits: a restart on the same database keeps what they
    // acknowledged.
    daemon.stop();
    QString error;
    QVERIFY2(daemon.start(&error), qPrintable(error));

    WsTestClient bob;
    E2E_OPEN_REGISTERED(bob, daemon, kBob, kBobEndpoint);
    QJsonObject reply = e2e::roundTrip(bob, e2e::requestShare(kept, kBob));
    QCOMPARE(reply.value("token"_L1).toString(), kept);
    QJsonObject info = e2e::shareInfo(reply);
    QCOMPARE(e2e::compact(info.value("metadata"_L1).toObject()),
             e2e::compact(e2e::echoedMetadata(keptMetadata, kCreatedAtEchoed)));
    // Presence is not stored: after the restart nobody is online until they register again.
    QCOMPARE(info.value("owner_online"_L1), QJsonValue(false));
    QCOMPARE(info.value("download_url"_L1), QJsonValue(u""_s));
    QCOMPARE(e2e::errorCode(e2e::roundTrip(bob, e2e::requestShare(revoked, kBob))),
             u"SHARE_NOT_FOUND"_s);

    // The desktop reconnects and registers: the share is downloadable again.
    WsTestClient alice;
    E2E_OPEN_REGISTERED(alice, daemon, kAlice, kAliceEndpoint);
    info = e2e::shareInfo(e2e::roundTrip(bob, e2e::requestShare(kept, kBob)));
    QCOMPARE(info.value("owner_online"_L1), QJsonValue(true));
    QCOMPARE(info.value("download_url"_L1).toString(), e2e::downloadUrl(kAliceEndpoint, kResultId));
    // A revoked token stays revoked, for its owner too.
    QCOMPARE(e2e::errorCode(e2e::roundTrip(
                 alice, e2e::publishShare(revoked, e2e::metadata(kAlice, u"other"_s, u"Back"_s)))),
             u"TOKEN_TAKEN"_s);
    QCOMPARE(e2e::errorCode(e2e::roundTrip(bob, e2e::requestShare(revoked, kBob))),
             u"SHARE_NOT_FOUND"_s);
}

void TestDesktopClient::accessPolicies()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    E2E_START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    WsTestClient carol;
    WsTestClient dave;
    E2E_OPEN_REGISTERED(alice, daemon, kAlice, kAliceEndpoint);
    E2E_OPEN_REGISTERED(carol, daemon, kCarol, u"http://10.0.0.3:3001"_s);
    E2E_OPEN_REGISTERED(dave, daemon, kDave, u"http://10.0.0.4:3001"_s);

    const QString forCarol = e2e::newToken();
    const QJsonObject forCarolMetadata =
        e2e::metadata(kAlice, u"result-users"_s, u"For Carol"_s,
                      e2e::usersPolicy({kCarol, u"erin@institution.edu"_s}), QJsonValue::Null);
    const QString forTeam = e2e::newToken();
    QVERIFY(e2e::isAck(e2e::roundTrip(alice, e2e::publishShare(forCarol, forCarolMetadata))));
    QVERIFY(e2e::isAck(e2e::roundTrip(
        alice, e2e::publishShare(forTeam, e2e::metadata(kAlice, u"result-team"_s, u"For lab 7"_s,
                                                        e2e::teamPolicy(u"lab-7"_s))))));

    // Users policy: the listed user gets it, with the metadata as published (null description
    // included), anybody else is refused.
    const QJsonObject info =
        e2e::shareInfo(e2e::roundTrip(carol, e2e::requestShare(forCarol, kCarol)));
    QCOMPARE(e2e::compact(info.value("metadata"_L1).toObject()),
             e2e::compact(e2e::echoedMetadata(forCarolMetadata, kCreatedAtEchoed)));
    QCOMPARE(info.value("download_url"_L1).toString(),
             e2e::downloadUrl(kAliceEndpoint, u"result-users"_s));
    QCOMPARE(info.value("owner_online"_L1), QJsonValue(true));
    QCOMPARE(e2e::errorCode(e2e::roundTrip(dave, e2e::requestShare(forCarol, kDave))),
             u"ACCESS_DENIED"_s);

    // Team policy: there is no team registry yet, so nobody but the owner is admitted.
    QCOMPARE(e2e::errorCode(e2e::roundTrip(dave, e2e::requestShare(forTeam, kDave))),
             u"ACCESS_DENIED"_s);
    QCOMPARE(e2e::errorCode(e2e::roundTrip(carol, e2e::requestShare(forTeam, kCarol))),
             u"ACCESS_DENIED"_s);

    // The owner always sees their own shares.
    QCOMPARE(e2e::roundTrip(alice, e2e::requestShare(forCarol, kAlice)).value("type"_L1).toString(),
             u"share_info"_s);
    QCOMPARE(e2e::roundTrip(alice, e2e::requestShare(forTeam, kAlice)).value("type"_L1).toString(),
             u"share_info"_s);
}

// Whatever RFC 3339 form the client sends, the broker answers with UTC, milliseconds and Z.
void TestDesktopClient::createdAtForms()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    E2E_START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    E2E_OPEN_REGISTERED(alice, daemon, kAlice, kAliceEndpoint);
    const QList<std::pair<QString, QString>> forms{
        {u"2025-10-03T12:00:00Z"_s, u"2025-10-03T12:00:00.000Z"_s},
        {u"2025-10-03T12:00:00.5Z"_s, u"2025-10-03T12:00:00.500Z"_s},
        {u"2025-10-03T12:00:00.987654321Z"_s, u"2025-10-03T12:00:00.987Z"_s},
        {u"2025-10-03T12:00:00.25+00:00"_s, u"2025-10-03T12:00:00.250Z"_s},
        {u"2025-10-03T14:30:00+02:30"_s, u"2025-10-03T12:00:00.000Z"_s},
        {u"1999-12-31T23:59:59.999Z"_s, u"1999-12-31T23:59:59.999Z"_s},
    };
    for (const auto &[sent, expected] : forms) {
        const QString token = e2e::newToken();
        const QJsonObject reply = e2e::roundTrip(
            alice, e2e::publishShare(token, e2e::metadata(kAlice, u"r"_s, u"t"_s,
                                                          e2e::publicPolicy(), u"d"_s, sent)));
        QVERIFY2(e2e::isAck(reply),
                 qPrintable(sent + u": "_s + QString::fromUtf8(e2e::compact(reply))));
        const QString echoed =
            e2e::shareInfo(e2e::roundTrip(alice, e2e::requestShare(token, kAlice)))
                .value("metadata"_L1)
                .toObject()
                .value("created_at"_L1)
                .toString();
        QCOMPARE(echoed, expected);
        QVERIFY(e2e::isClientRfc3339(echoed));
    }
}

QTEST_GUILESS_MAIN(TestDesktopClient)
#include "tst_desktopclient.moc"
