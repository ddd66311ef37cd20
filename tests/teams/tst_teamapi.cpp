// The admin API of the team registry over real HTTP: status codes and JSON of every endpoint,
// the managers' rights over their own team, and everybody else refused.

#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/HttpTestClient.h"
#include "support/TestDatabases.h"
#include "support/TestJwt.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kBob = u"bob@institution.edu"_s;
const QString kCarol = u"carol@institution.edu"_s;
const QString kDave = u"dave@institution.edu"_s;
const QByteArray kAdminToken = "admin-token-for-the-team-tests";

QString describe(const HttpTestReply &reply)
{
    return u"%1 %2"_s.arg(reply.status).arg(QString::fromUtf8(reply.body));
}

// The status, and for errors the JSON code, e.g. "404 TEAM_NOT_FOUND"; "204" when empty.
QString outcome(const HttpTestReply &reply)
{
    const QString code = reply.json().value("code"_L1).toString();
    return code.isEmpty() ? QString::number(reply.status) : u"%1 %2"_s.arg(reply.status).arg(code);
}

QJsonObject team(const QString &id, const QString &name)
{
    return {{"team_id"_L1, id}, {"name"_L1, name}};
}

QJsonObject role(const QString &name)
{
    return {{"role"_L1, name}};
}

// Every member of a team as "user:role", from GET /api/teams/ID.
QStringList membersOf(HttpTestClient &admin, const QString &teamId)
{
    QStringList members;
    const HttpTestReply reply = admin.get(u"/api/teams/"_s + teamId);
    for (const QJsonValue &member : reply.json().value("members"_L1).toArray())
        members.append(member.toObject().value("user_id"_L1).toString() + u':' +
                       member.toObject().value("role"_L1).toString());
    return members;
}

} // namespace

class TestTeamApi : public QObject
{
    Q_OBJECT

private slots:
    void statusCodes_data() { TestDatabases::addEngineRows(); }
    void statusCodes();
    void badInputChangesNothing_data() { TestDatabases::addEngineRows(); }
    void badInputChangesNothing();
    void managersChangeTheirOwnTeam_data() { TestDatabases::addEngineRows(); }
    void managersChangeTheirOwnTeam();
    void adminEndpointsRefuseOthers_data() { TestDatabases::addEngineRows(); }
    void adminEndpointsRefuseOthers();
};

void TestTeamApi::statusCodes()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(kAdminToken));
    START_DAEMON(daemon, engine, dir);
    HttpTestClient admin(daemon.httpUrl(u"/"_s));
    admin.setBearer(kAdminToken);

    QCOMPARE(admin.get(u"/api/teams"_s).json(), (QJsonObject{{"teams"_L1, QJsonArray()}}));

    // POST: 201 with the team and where it lives; the same id again is a conflict.
    HttpTestReply reply = admin.sendJson("POST", u"/api/teams"_s, team(u"neuro-lab"_s, u"Neuro"_s));
    QCOMPARE(reply.status, 201);
    QCOMPARE(reply.header("Location"), QByteArray("/api/teams/neuro-lab"));
    QVERIFY(reply.header("Content-Type").startsWith("application/json"));
    QJsonObject created = reply.json();
    QCOMPARE(created.value("team_id"_L1).toString(), u"neuro-lab"_s);
    QCOMPARE(created.value("name"_L1).toString(), u"Neuro"_s);
    QCOMPARE(created.value("member_count"_L1).toInt(), 0);
    QVERIFY2(wire::isClientRfc3339(created.value("created_at"_L1).toString()),
             qPrintable(describe(reply)));
    QCOMPARE(outcome(admin.sendJson("POST", u"/api/teams"_s, team(u"neuro-lab"_s, u"Other"_s))),
             u"409 TEAM_EXISTS"_s);

    // Members: 201 when added, 200 when the role changes, 204 when removed, 404 after that.
    reply = admin.sendJson("PUT", u"/api/teams/neuro-lab/members/"_s + kBob, role(u"member"_s));
    QCOMPARE(reply.status, 201);
    QCOMPARE(reply.json().value("user_id"_L1).toString(), kBob);
    QCOMPARE(reply.json().value("role"_L1).toString(), u"member"_s);
    const QString addedAt = reply.json().value("added_at"_L1).toString();
    QVERIFY(wire::isClientRfc3339(addedAt));
    reply = admin.sendJson("PUT", u"/api/teams/neuro-lab/members/"_s + kBob, role(u"manager"_s));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value("role"_L1).toString(), u"manager"_s);
    QCOMPARE(reply.json().value("added_at"_L1).toString(), addedAt);
    QCOMPARE(admin.sendJson("PUT", u"/api/teams/neuro-lab/members/"_s + kCarol, role(u"member"_s))
                 .status,
             201);

    // GET one team: with its members, ordered by user id.
    reply = admin.get(u"/api/teams/neuro-lab"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value("member_count"_L1).toInt(), 2);
    QCOMPARE(membersOf(admin, u"neuro-lab"_s),
             (QStringList{kBob + u":manager"_s, kCarol + u":member"_s}));
    QCOMPARE(admin.get(u"/api/teams"_s).json().value("teams"_L1).toArray().size(), 1);

    // PATCH renames.
    reply = admin.sendJson("PATCH", u"/api/teams/neuro-lab"_s, {{"name"_L1, u"Neuro Lab"_s}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value("name"_L1).toString(), u"Neuro Lab"_s);
    QCOMPARE(reply.json().value("created_at"_L1), created.value("created_at"_L1));

    // A user's teams, for the admin.
    reply = admin.get(u"/api/users/"_s + kBob + u"/teams"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json(),
             (QJsonObject{{"user_id"_L1, kBob},
                          {"teams"_L1, QJsonArray{QJsonObject{{"team_id"_L1, u"neuro-lab"_s},
                                                              {"name"_L1, u"Neuro Lab"_s},
                                                              {"role"_L1, u"manager"_s}}}}}));
    QCOMPARE(admin.get(u"/api/users/"_s + kDave + u"/teams"_s).json().value("teams"_L1),
             QJsonValue(QJsonArray()));

    QCOMPARE(admin.send("DELETE", u"/api/teams/neuro-lab/members/"_s + kCarol).status, 204);
    QCOMPARE(outcome(admin.send("DELETE", u"/api/teams/neuro-lab/members/"_s + kCarol)),
             u"404 MEMBER_NOT_FOUND"_s);

    // Unknown teams are 404 everywhere.
    for (const auto &[method, path] :
         QList<std::pair<QByteArray, QString>>{{"GET", u"/api/teams/nope"_s},
                                               {"PATCH", u"/api/teams/nope"_s},
                                               {"DELETE", u"/api/teams/nope"_s},
                                               {"PUT", u"/api/teams/nope/members/x"_s},
                                               {"DELETE", u"/api/teams/nope/members/x"_s}}) {
        const HttpTestReply missing =
            method == "GET" || method == "DELETE"
                ? admin.send(method, path)
                : admin.sendJson(method, path,
                                 method == "PUT" ? role(u"member"_s)
                                                 : QJsonObject{{"name"_L1, u"n"_s}});
        QVERIFY2(
            outcome(missing) == u"404 TEAM_NOT_FOUND"_s,
            qPrintable(QString::fromLatin1(method) + u' ' + path + u": "_s + describe(missing)));
    }

    // DELETE a team: 204, its memberships go with it, then it is gone.
    QCOMPARE(admin.send("DELETE", u"/api/teams/neuro-lab"_s).status, 204);
    QCOMPARE(outcome(admin.get(u"/api/teams/neuro-lab"_s)), u"404 TEAM_NOT_FOUND"_s);
    QCOMPARE(outcome(admin.send("DELETE", u"/api/teams/neuro-lab"_s)), u"404 TEAM_NOT_FOUND"_s);
    QCOMPARE(admin.get(u"/api/users/"_s + kBob + u"/teams"_s).json().value("teams"_L1),
             QJsonValue(QJsonArray()));

    // Ids travel percent-encoded in paths and come back whole.
    const QString oddTeam = u"lab/7 ü%"_s;
    const QString oddUser = u"müller/o'brien@lab"_s;
    QCOMPARE(admin.sendJson("POST", u"/api/teams"_s, team(oddTeam, u"Odd"_s)).status, 201);
    const QString oddPath =
        u"/api/teams/"_s + QString::fromLatin1(QUrl::toPercentEncoding(oddTeam));
    reply = admin.sendJson(
        "PUT", oddPath + u"/members/"_s + QString::fromLatin1(QUrl::toPercentEncoding(oddUser)),
        role(u"member"_s));
    QCOMPARE(reply.status, 201);
    QCOMPARE(reply.json().value("user_id"_L1).toString(), oddUser);
    reply = admin.get(oddPath);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value("team_id"_L1).toString(), oddTeam);
}

void TestTeamApi::badInputChangesNothing()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(kAdminToken));
    START_DAEMON(daemon, engine, dir);
    HttpTestClient admin(daemon.httpUrl(u"/"_s));
    admin.setBearer(kAdminToken);
    QCOMPARE(admin.sendJson("POST", u"/api/teams"_s, team(u"lab"_s, u"Lab"_s)).status, 201);

    const QString longId(257, u'x');
    const QString longName(257, u'n');
    const QList<std::tuple<QByteArray, QString, QByteArray>> bad{
        {"POST", u"/api/teams"_s, "not json"},
        {"POST", u"/api/teams"_s, "[1,2]"},
        {"POST", u"/api/teams"_s, R"({"name":"No id"})"},
        {"POST", u"/api/teams"_s, R"({"team_id":"t"})"},
        {"POST", u"/api/teams"_s, R"({"team_id":7,"name":"Seven"})"},
        {"POST", u"/api/teams"_s, R"({"team_id":"","name":"Empty"})"},
        {"POST", u"/api/teams"_s, R"({"team_id":"t","name":""})"},
        {"POST", u"/api/teams"_s, R"({"team_id":"a\u0007b","name":"Bell"})"},
        {"POST", u"/api/teams"_s, u"{\"team_id\":\"%1\",\"name\":\"Long\"}"_s.arg(longId).toUtf8()},
        {"POST", u"/api/teams"_s, u"{\"team_id\":\"t\",\"name\":\"%1\"}"_s.arg(longName).toUtf8()},
        {"PATCH", u"/api/teams/lab"_s, R"({"name":null})"},
        {"PATCH", u"/api/teams/lab"_s, R"({"title":"Lab 2"})"},
        {"PUT", u"/api/teams/lab/members/bob"_s, R"({"role":"owner"})"},
        {"PUT", u"/api/teams/lab/members/bob"_s, R"({})"},
        {"PUT", u"/api/teams/lab/members/bob"_s, "role=member"},
        {"PUT", u"/api/teams/lab/members/"_s + longId, R"({"role":"member"})"},
        {"PUT", u"/api/teams/lab/members/a%07b"_s, R"({"role":"member"})"},
        {"GET", u"/api/teams/"_s + longId, {}},
        {"GET", u"/api/users/"_s + longId + u"/teams"_s, {}},
    };
    for (const auto &[method, path, body] : bad) {
        const HttpTestReply reply = admin.send(method, path, body);
        QVERIFY2(outcome(reply) == u"400 BAD_REQUEST"_s,
                 qPrintable(QString::fromLatin1(method) + u' ' + path.left(40) + u" "_s +
                            QString::fromUtf8(body.left(60)) + u": "_s + describe(reply)));
        QVERIFY(!reply.json().value("error"_L1).toString().isEmpty());
    }

    // A JSON body beyond the API's 64 KiB is refused before it is read, and the connection
    // closes after the answer.
    QByteArray huge = R"({"team_id":"big","name":")" + QByteArray(70 * 1024, 'n') + R"("})";
    QCOMPARE(outcome(admin.send("POST", u"/api/teams"_s, huge)), u"413 PAYLOAD_TOO_LARGE"_s);

    // Nothing changed.
    const QJsonArray teams = admin.get(u"/api/teams"_s).json().value("teams"_L1).toArray();
    QCOMPARE(teams.size(), 1);
    QCOMPARE(teams.first().toObject().value("name"_L1).toString(), u"Lab"_s);
    QCOMPARE(membersOf(admin, u"lab"_s), QStringList());
}

// AUTH_MODE=jwt: a manager changes the members of its own team with its own token, and nothing
// else; losing the role takes the right away with the next request.
void TestTeamApi::managersChangeTheirOwnTeam()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"AUTH_MODE"_s, u"jwt"_s);
    daemon.setEnv(u"JWT_SECRET"_s, QString::fromLatin1(TestJwt::secret()));
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(kAdminToken));
    START_DAEMON(daemon, engine, dir);
    HttpTestClient admin(daemon.httpUrl(u"/"_s));
    admin.setBearer(kAdminToken);
    HttpTestClient bob(daemon.httpUrl(u"/"_s));
    bob.setBearer(TestJwt::forUser(kBob));
    HttpTestClient carol(daemon.httpUrl(u"/"_s));
    carol.setBearer(TestJwt::forUser(kCarol));

    for (const QString &id : {u"lab"_s, u"other"_s})
        QCOMPARE(admin.sendJson("POST", u"/api/teams"_s, team(id, id)).status, 201);
    QCOMPARE(admin.sendJson("PUT", u"/api/teams/lab/members/"_s + kBob, role(u"manager"_s)).status,
             201);
    QCOMPARE(
        admin.sendJson("PUT", u"/api/teams/other/members/"_s + kCarol, role(u"manager"_s)).status,
        201);

    // Bob manages lab: he adds carol, promotes and demotes her, adds and removes dave.
    QCOMPARE(bob.sendJson("PUT", u"/api/teams/lab/members/"_s + kCarol, role(u"member"_s)).status,
             201);
    QCOMPARE(bob.sendJson("PUT", u"/api/teams/lab/members/"_s + kCarol, role(u"manager"_s)).status,
             200);
    QCOMPARE(bob.sendJson("PUT", u"/api/teams/lab/members/"_s + kCarol, role(u"member"_s)).status,
             200);
    QCOMPARE(bob.sendJson("PUT", u"/api/teams/lab/members/"_s + kDave, role(u"member"_s)).status,
             201);
    QCOMPARE(bob.send("DELETE", u"/api/teams/lab/members/"_s + kDave).status, 204);
    HttpTestReply reply = bob.get(u"/api/teams/lab"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(membersOf(admin, u"lab"_s),
             (QStringList{kBob + u":manager"_s, kCarol + u":member"_s}));

    // But not a team he does not manage, nor the team itself, nor the registry.
    const QStringList otherBefore = membersOf(admin, u"other"_s);
    QCOMPARE(
        outcome(bob.sendJson("PUT", u"/api/teams/other/members/"_s + kBob, role(u"manager"_s))),
        u"403 FORBIDDEN"_s);
    QCOMPARE(outcome(bob.send("DELETE", u"/api/teams/other/members/"_s + kCarol)),
             u"403 FORBIDDEN"_s);
    QCOMPARE(outcome(bob.get(u"/api/teams/other"_s)), u"403 FORBIDDEN"_s);
    // An unknown team looks like a foreign one.
    QCOMPARE(outcome(bob.sendJson("PUT", u"/api/teams/nope/members/"_s + kBob, role(u"member"_s))),
             u"403 FORBIDDEN"_s);
    QCOMPARE(outcome(bob.get(u"/api/teams/nope"_s)), u"403 FORBIDDEN"_s);
    QCOMPARE(outcome(bob.sendJson("PATCH", u"/api/teams/lab"_s, {{"name"_L1, u"Mine"_s}})),
             u"403 FORBIDDEN"_s);
    QCOMPARE(outcome(bob.send("DELETE", u"/api/teams/lab"_s)), u"403 FORBIDDEN"_s);
    QCOMPARE(outcome(bob.sendJson("POST", u"/api/teams"_s, team(u"bobs"_s, u"Bob's"_s))),
             u"403 FORBIDDEN"_s);
    QCOMPARE(outcome(bob.get(u"/api/teams"_s)), u"403 FORBIDDEN"_s);
    QCOMPARE(membersOf(admin, u"other"_s), otherBefore);
    QCOMPARE(admin.get(u"/api/teams/lab"_s).json().value("name"_L1).toString(), u"lab"_s);
    QCOMPARE(admin.get(u"/api/teams"_s).json().value("teams"_L1).toArray().size(), 2);

    // A plain member may not change its team.
    QCOMPARE(
        outcome(carol.sendJson("PUT", u"/api/teams/lab/members/"_s + kDave, role(u"member"_s))),
        u"403 FORBIDDEN"_s);
    QCOMPARE(outcome(carol.send("DELETE", u"/api/teams/lab/members/"_s + kBob)),
             u"403 FORBIDDEN"_s);
    QCOMPARE(outcome(carol.get(u"/api/teams/lab"_s)), u"403 FORBIDDEN"_s);

    // Each user reads its own teams, not another's.
    QCOMPARE(bob.get(u"/api/users/"_s + kBob + u"/teams"_s).status, 200);
    QCOMPARE(outcome(bob.get(u"/api/users/"_s + kCarol + u"/teams"_s)), u"403 FORBIDDEN"_s);

    // Demoted by the admin, bob loses the right at once.
    QCOMPARE(admin.sendJson("PUT", u"/api/teams/lab/members/"_s + kBob, role(u"member"_s)).status,
             200);
    QCOMPARE(outcome(bob.sendJson("PUT", u"/api/teams/lab/members/"_s + kDave, role(u"member"_s))),
             u"403 FORBIDDEN"_s);
    QCOMPARE(membersOf(admin, u"lab"_s), (QStringList{kBob + u":member"_s, kCarol + u":member"_s}));
}

void TestTeamApi::adminEndpointsRefuseOthers()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"AUTH_MODE"_s, u"jwt"_s);
    daemon.setEnv(u"JWT_SECRET"_s, QString::fromLatin1(TestJwt::secret()));
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(kAdminToken));
    START_DAEMON(daemon, engine, dir);
    HttpTestClient admin(daemon.httpUrl(u"/"_s));
    admin.setBearer(kAdminToken);
    QCOMPARE(admin.sendJson("POST", u"/api/teams"_s, team(u"lab"_s, u"Lab"_s)).status, 201);
    QCOMPARE(admin.sendJson("PUT", u"/api/teams/lab/members/"_s + kBob, role(u"member"_s)).status,
             201);

    struct Call
    {
        QByteArray method;
        QString path;
        QJsonObject body;
    };
    const QList<Call> calls{
        {"GET", u"/api/teams"_s, {}},
        {"POST", u"/api/teams"_s, team(u"new"_s, u"New"_s)},
        {"GET", u"/api/teams/lab"_s, {}},
        {"PATCH", u"/api/teams/lab"_s, {{"name"_L1, u"Taken over"_s}}},
        {"DELETE", u"/api/teams/lab"_s, {}},
        {"PUT", u"/api/teams/lab/members/"_s + kCarol, role(u"manager"_s)},
        {"DELETE", u"/api/teams/lab/members/"_s + kBob, {}},
        {"GET", u"/api/users/"_s + kBob + u"/teams"_s, {}},
    };
    HttpTestClient nobody(daemon.httpUrl(u"/"_s));
    HttpTestClient forger(daemon.httpUrl(u"/"_s));
    forger.setBearer(TestJwt::sign({{"sub"_L1, kCarol},
                                    {"roles"_L1, u"broker-admin"_s},
                                    {"exp"_L1, QDateTime::currentSecsSinceEpoch() + 600}},
                                   "a-different-secret-of-32-bytes-or-more!!"));
    HttpTestClient wrongToken(daemon.httpUrl(u"/"_s));
    wrongToken.setBearer("not-the-admin-token-at-all");
    HttpTestClient carol(daemon.httpUrl(u"/"_s));
    carol.setBearer(TestJwt::forUser(kCarol));
    for (const Call &call : calls) {
        const auto send = [&](HttpTestClient &client) {
            return call.body.isEmpty() ? client.send(call.method, call.path)
                                       : client.sendJson(call.method, call.path, call.body);
        };
        const QString what = QString::fromLatin1(call.method) + u' ' + call.path;
        // No credential, a forged one, a wrong one: 401 with a Bearer challenge.
        for (HttpTestClient *client : {&nobody, &forger, &wrongToken}) {
            const HttpTestReply reply = send(*client);
            QVERIFY2(reply.status == 401, qPrintable(what + u": "_s + describe(reply)));
            QCOMPARE(reply.header("WWW-Authenticate"), QByteArray("Bearer"));
        }
        // A user who is neither admin nor a manager of lab: 403.
        const HttpTestReply reply = send(carol);
        QVERIFY2(reply.status == 403, qPrintable(what + u": "_s + describe(reply)));
    }

    // None of it changed anything.
    QCOMPARE(admin.get(u"/api/teams"_s).json().value("teams"_L1).toArray().size(), 1);
    QCOMPARE(admin.get(u"/api/teams/lab"_s).json().value("name"_L1).toString(), u"Lab"_s);
    QCOMPARE(membersOf(admin, u"lab"_s), QStringList{kBob + u":member"_s});

    // An admin JWT (the JWT_ADMIN_ROLE in its roles) is an admin credential too.
    HttpTestClient adminJwt(daemon.httpUrl(u"/"_s));
    adminJwt.setBearer(TestJwt::forUser(u"ops@institution.edu"_s, {u"broker-admin"_s}));
    QCOMPARE(adminJwt.sendJson("PATCH", u"/api/teams/lab"_s, {{"name"_L1, u"Lab 2"_s}}).status,
             200);
    QCOMPARE(adminJwt.send("DELETE", u"/api/teams/lab/members/"_s + kBob).status, 204);
}

QTEST_GUILESS_MAIN(TestTeamApi)
#include "tst_teamapi.moc"
