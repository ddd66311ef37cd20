// Team access policies against the team registry: a team share opens for the members of the
// team at the moment of the request and for nobody else, over WebSocket and HTTP; list_teams and
// list_shares tell a desktop user what it belongs to and what it shares.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/TestDatabases.h"
#include "support/TestJwt.h"
#include "support/WsTestClient.h"

#include <QJsonArray>
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
const QString kCarolEndpoint = u"http://192.168.1.70:3001"_s;
const QByteArray kAdminToken = "admin-token-for-the-team-tests";

// The default AUTH_MODE=none (the desktop's), an admin credential for the API, and a JWT key so
// that HTTP share lookups can prove their requester.
void configure(DaemonProcess &daemon)
{
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(kAdminToken));
    daemon.setEnv(u"JWT_SECRET"_s, QString::fromLatin1(TestJwt::secret()));
}

QString requestOutcome(WsTestClient &client, const QString &token, const QString &requester)
{
    const ServerFrame reply = client.roundTrip(wire::requestShare(token, requester));
    if (shareInfo(reply))
        return u"share_info"_s;
    return errorCode(reply);
}

// The teams of a team_list as they are on the wire (exact members of each entry), or a
// description of what came instead.
QJsonArray teamsIn(const ServerFrame &reply)
{
    return teamList(reply)
               ? reply.json().value("teams"_L1).toArray()
               : QJsonArray{QJsonValue(u"<not a team_list: %1>"_s.arg(reply.describe()))};
}

QJsonObject membership(const QString &teamId, const QString &name, const QString &role)
{
    return {{"team_id"_L1, teamId}, {"name"_L1, name}, {"role"_L1, role}};
}

} // namespace

class TestTeamPolicy : public QObject
{
    Q_OBJECT

private slots:
    void teamSharesOpenForMembersOnly_data() { TestDatabases::addEngineRows(); }
    void teamSharesOpenForMembersOnly();
    void listTeams_data() { TestDatabases::addEngineRows(); }
    void listTeams();
    void listShares_data() { TestDatabases::addEngineRows(); }
    void listShares();
};

void TestTeamPolicy::teamSharesOpenForMembersOnly()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, dir);
    HttpTestClient admin(daemon.httpUrl(u"/"_s));
    admin.setBearer(kAdminToken);
    HttpTestClient bobHttp(daemon.httpUrl(u"/"_s));
    bobHttp.setBearer(TestJwt::forUser(kBob));
    HttpTestClient carolHttp(daemon.httpUrl(u"/"_s));
    carolHttp.setBearer(TestJwt::forUser(kCarol));
    HttpTestClient anonymous(daemon.httpUrl(u"/"_s));

    WsTestClient alice;
    WsTestClient bob;
    WsTestClient carol;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    OPEN_REGISTERED(carol, daemon.wsUrl(), {}, kCarol, kCarolEndpoint);
    const QString token = wire::newToken();
    const QJsonObject published =
        wire::metadata(kAlice, u"result-lab"_s, u"Lab only"_s, wire::teamPolicy(u"neuro-lab"_s));
    QVERIFY(isAck(alice.roundTrip(wire::publishShare(token, published))));
    const QString sharePath = u"/api/shares/"_s + token;

    // No such team yet: nobody but the owner.
    QCOMPARE(requestOutcome(bob, token, kBob), u"ACCESS_DENIED"_s);
    QCOMPARE(requestOutcome(alice, token, kAlice), u"share_info"_s);
    QCOMPARE(admin
                 .sendJson("POST", u"/api/teams"_s,
                           {{"team_id"_L1, u"neuro-lab"_s}, {"name"_L1, u"Neuro Lab"_s}})
                 .status,
             201);
    // The team exists, bob is not in it.
    QCOMPARE(requestOutcome(bob, token, kBob), u"ACCESS_DENIED"_s);

    // Bob joins: the share opens for him, with the owner's download URL, and only for him.
    QCOMPARE(
        admin.sendJson("PUT", u"/api/teams/neuro-lab/members/"_s + kBob, {{"role"_L1, u"member"_s}})
            .status,
        201);
    const ServerFrame reply = bob.roundTrip(wire::requestShare(token, kBob));
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(shareInfoMetadataJson(reply))),
             wire::compact(wire::echoedMetadata(published, u"2025-10-03T12:00:00.123Z"_s, 2)));
    const std::optional<ddalab::protocol::ShareInfo> info = shareInfo(reply);
    QVERIFY2(info, qPrintable(reply.describe()));
    QCOMPARE(info->downloadUrl, wire::downloadUrl(kAliceEndpoint, u"result-lab"_s, token));
    QCOMPARE(requestOutcome(carol, token, kCarol), u"ACCESS_DENIED"_s);
    // Over HTTP the same, for the user a credential proves; anonymous callers see nothing.
    HttpTestReply lookup = bobHttp.get(sharePath);
    QCOMPARE(lookup.status, 200);
    QCOMPARE(lookup.json().value("metadata"_L1).toObject().value("title"_L1).toString(),
             u"Lab only"_s);
    QCOMPARE(carolHttp.get(sharePath).status, 404);
    QCOMPARE(anonymous.get(sharePath).status, 404);

    // Removed, bob loses the share with the very next request.
    QCOMPARE(admin.send("DELETE", u"/api/teams/neuro-lab/members/"_s + kBob).status, 204);
    QCOMPARE(requestOutcome(bob, token, kBob), u"ACCESS_DENIED"_s);
    lookup = bobHttp.get(sharePath);
    QCOMPARE(lookup.status, 404);
    QCOMPARE(lookup.json().value("code"_L1).toString(), u"SHARE_NOT_FOUND"_s);

    // Managers are members too.
    QCOMPARE(
        admin
            .sendJson("PUT", u"/api/teams/neuro-lab/members/"_s + kBob, {{"role"_L1, u"manager"_s}})
            .status,
        201);
    QCOMPARE(requestOutcome(bob, token, kBob), u"share_info"_s);

    // A deleted team admits nobody; a new team under the same id admits its own members.
    QCOMPARE(admin.send("DELETE", u"/api/teams/neuro-lab"_s).status, 204);
    QCOMPARE(requestOutcome(bob, token, kBob), u"ACCESS_DENIED"_s);
    QCOMPARE(requestOutcome(alice, token, kAlice), u"share_info"_s);
    QCOMPARE(admin
                 .sendJson("POST", u"/api/teams"_s,
                           {{"team_id"_L1, u"neuro-lab"_s}, {"name"_L1, u"Neuro Lab II"_s}})
                 .status,
             201);
    QCOMPARE(admin
                 .sendJson("PUT", u"/api/teams/neuro-lab/members/"_s + kCarol,
                           {{"role"_L1, u"member"_s}})
                 .status,
             201);
    QCOMPARE(requestOutcome(carol, token, kCarol), u"share_info"_s);
    QCOMPARE(requestOutcome(bob, token, kBob), u"ACCESS_DENIED"_s);
    QCOMPARE(carolHttp.get(sharePath).status, 200);
    QCOMPARE(bobHttp.get(sharePath).status, 404);

    // A membership in another team does not count.
    QCOMPARE(admin
                 .sendJson("POST", u"/api/teams"_s,
                           {{"team_id"_L1, u"other-lab"_s}, {"name"_L1, u"Other"_s}})
                 .status,
             201);
    QCOMPARE(
        admin
            .sendJson("PUT", u"/api/teams/other-lab/members/"_s + kBob, {{"role"_L1, u"manager"_s}})
            .status,
        201);
    QCOMPARE(requestOutcome(bob, token, kBob), u"ACCESS_DENIED"_s);
}

void TestTeamPolicy::listTeams()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, dir);
    HttpTestClient admin(daemon.httpUrl(u"/"_s));
    admin.setBearer(kAdminToken);
    const QList<std::tuple<QString, QString, QString, QString>> memberships{
        {u"beta"_s, u"Beta Lab"_s, kBob, u"manager"_s},
        {u"alpha"_s, u"Alpha Lab"_s, kBob, u"member"_s},
        {u"gamma"_s, u"Gamma Lab"_s, kCarol, u"member"_s},
    };
    for (const auto &[teamId, name, user, role] : memberships) {
        QCOMPARE(
            admin.sendJson("POST", u"/api/teams"_s, {{"team_id"_L1, teamId}, {"name"_L1, name}})
                .status,
            201);
        QCOMPARE(admin
                     .sendJson("PUT", u"/api/teams/%1/members/%2"_s.arg(teamId, user),
                               {{"role"_L1, role}})
                     .status,
                 201);
    }

    WsTestClient bob;
    WsTestClient carol;
    WsTestClient dave;
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    OPEN_REGISTERED(carol, daemon.wsUrl(), {}, kCarol, kCarolEndpoint);
    OPEN_REGISTERED(dave, daemon.wsUrl(), {}, kDave, u"http://192.168.1.80:3001"_s);
    const QJsonObject listTeams = wire::listTeams();

    const ServerFrame reply = bob.roundTrip(wire::withId(listTeams, u"t1"_s));
    QCOMPARE(messageId(reply), u"t1"_s);
    QCOMPARE(teamsIn(reply), (QJsonArray{membership(u"alpha"_s, u"Alpha Lab"_s, u"member"_s),
                                         membership(u"beta"_s, u"Beta Lab"_s, u"manager"_s)}));
    QCOMPARE(teamsIn(carol.roundTrip(listTeams)),
             (QJsonArray{membership(u"gamma"_s, u"Gamma Lab"_s, u"member"_s)}));
    QCOMPARE(teamsIn(dave.roundTrip(listTeams)), QJsonArray());

    // The list follows the registry at once.
    QCOMPARE(admin.send("DELETE", u"/api/teams/alpha/members/"_s + kBob).status, 204);
    QCOMPARE(
        admin.sendJson("PATCH", u"/api/teams/beta"_s, {{"name"_L1, u"Beta Lab (new)"_s}}).status,
        200);
    QCOMPARE(teamsIn(bob.roundTrip(listTeams)),
             (QJsonArray{membership(u"beta"_s, u"Beta Lab (new)"_s, u"manager"_s)}));

    // Only a registered connection asks, and only about itself.
    WsTestClient unregistered;
    QVERIFY(unregistered.open(daemon.wsUrl()));
    QCOMPARE(errorCode(unregistered.roundTrip(listTeams)), u"NOT_REGISTERED"_s);
    // A client that sends our reply type back gets nothing, like for the other reply types.
    bob.sendJson({{"type"_L1, "team_list"_L1}, {"teams"_L1, QJsonArray()}});
    QVERIFY(isAck(bob.roundTrip(wire::heartbeat(kBob))));
}

void TestTeamPolicy::listShares()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, dir);

    WsTestClient alice;
    WsTestClient bob;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    const QString first = wire::newToken();
    const QString second = wire::newToken();
    const QString revoked = wire::newToken();
    const QJsonObject firstMetadata =
        wire::metadata(kAlice, u"r1"_s, u"First"_s, wire::publicPolicy(), QJsonValue::Null,
                       u"2025-10-01T08:00:00.5Z"_s);
    const QJsonObject secondMetadata =
        wire::metadata(kAlice, u"r2"_s, u"Second"_s, wire::teamPolicy(u"neuro-lab"_s), u"EEG"_s,
                       u"2025-10-02T08:00:00Z"_s);
    alice.sendJson(wire::publishShare(first, firstMetadata));
    alice.sendJson(wire::publishShare(second, secondMetadata));
    alice.sendJson(wire::publishShare(revoked, wire::metadata(kAlice, u"r3"_s, u"Gone"_s)));
    alice.sendJson(wire::revokeShare(revoked));
    bob.sendJson(wire::publishShare(wire::newToken(), wire::metadata(kBob, u"b1"_s, u"Bob's"_s)));
    for (int i = 0; i < 4; ++i)
        QVERIFY(isAck(alice.next()));
    QVERIFY(isAck(bob.next()));

    // Alice's shares that are not revoked, newest first, as token and metadata.
    const QJsonObject listShares = wire::listShares();
    const ServerFrame reply = alice.roundTrip(wire::withId(listShares, u"s1"_s));
    QCOMPARE(frameType(reply), u"share_list"_s);
    QCOMPARE(messageId(reply), u"s1"_s);
    const std::optional<ddalab::protocol::ShareList> list = shareList(reply);
    QVERIFY(list);
    QCOMPARE(list->truncated, false);
    const QJsonArray expected{
        QJsonObject{{"token"_L1, second},
                    {"metadata"_L1,
                     wire::echoedMetadata(secondMetadata, u"2025-10-02T08:00:00.000Z"_s, 0)}},
        QJsonObject{
            {"token"_L1, first},
            {"metadata"_L1, wire::echoedMetadata(firstMetadata, u"2025-10-01T08:00:00.500Z"_s, 0)}},
    };
    // On the wire: the metadata as published, created_at in the client's form (and the
    // broker's expires_at, whose form withoutBrokerTimes checks).
    QJsonArray sent;
    for (const QJsonValue &share : reply.json().value("shares"_L1).toArray()) {
        QJsonObject object = share.toObject();
        object.insert("metadata"_L1,
                      wire::withoutBrokerTimes(object.value("metadata"_L1).toObject()));
        sent.append(object);
    }
    QCOMPARE(sent, expected);

    // Bob sees his own only.
    const std::optional<ddalab::protocol::ShareList> bobs = shareList(bob.roundTrip(listShares));
    QVERIFY(bobs);
    QCOMPARE(bobs->shares.size(), 1);
    QCOMPARE(bobs->shares.first().metadata.title, u"Bob's"_s);

    WsTestClient unregistered;
    QVERIFY(unregistered.open(daemon.wsUrl()));
    QCOMPARE(errorCode(unregistered.roundTrip(listShares)), u"NOT_REGISTERED"_s);
}

QTEST_GUILESS_MAIN(TestTeamPolicy)
#include "tst_teampolicy.moc"
