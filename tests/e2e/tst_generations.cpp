// Each shipped generation of the DDALAB desktop against the real daemon, doing exactly what its
// sync code does (SimulatedDesktop): log in where it does, register with the session, heartbeat at
// once, publish, a colleague of the same generation opening the link while the owner is online
// and after the owner vanished, revoke. Every reply is read with the generation's strict parser
// and paired with its request the way that generation pairs it. In every AUTH_MODE: none (both
// engines), password with accounts (both engines: accounts and sessions are stored), with an LDAP
// directory and with a shared password, and jwt.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/LeakedSecrets.h"
#include "support/SimulatedDesktop.h"
#include "support/TestDatabases.h"
#include "support/TestJwt.h"
#include "support/ThrowawaySlapd.h"
#include "support/WsTestClient.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Outcome = SimulatedDesktop::Opening::Outcome;

Q_DECLARE_METATYPE(DesktopGeneration)

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kCarol = u"carol@institution.edu"_s;
const QString kAliceEndpoint = u"http://192.168.1.50:3001"_s;
const QString kBobEndpoint = u"http://192.168.1.60:3001"_s;
const QString kResultId = u"5f0c6f2e-3b7a-4f8e-9d1c-2a6b8e4f7c10"_s;
const QString kAlicePassword = u"alice-correct-horse"_s;
const QString kBobPassword = u"bob-battery-staple"_s;
const QString kLabPassword = u"shared-lab-password"_s;
// What POST /auth/login answers to a wrong password and to an unknown user alike.
const QByteArray kRefusedBody = R"({"code":"AUTH_FAILED","error":"invalid user id or password"})";

const char *outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Opened:
        return "Opened";
    case Outcome::UnknownRequest:
        return "UnknownRequest";
    case Outcome::BrokerError:
        return "BrokerError";
    case Outcome::Skipped:
        return "Skipped";
    case Outcome::NoReply:
        return "NoReply";
    }
    return "?";
}

QString tokenOf(const QString &link)
{
    return link.startsWith("ddalab://share/"_L1) ? link.mid(15) : QString();
}

// Whether the broker has seen the owner go: GET /api/shares/TOKEN (with the session of a desktop
// that logged in) says owner_online false.
bool ownerShownOffline(DaemonProcess &daemon, const QString &token, const QString &session)
{
    HttpTestClient http;
    http.setBearer(session.toLatin1());
    const HttpTestReply reply = http.getUrl(daemon.httpUrl(u"/api/shares/"_s + token));
    return reply.status == 200 && reply.json().value("owner_online"_L1) == QJsonValue(false);
}

// register_user with session_token on a connection of its own: the error code, or "ack".
QString registrationWith(DaemonProcess &daemon, const QString &userId, const QString &token)
{
    WsTestClient client;
    if (!client.open(daemon.wsUrl()))
        return u"<cannot connect>"_s;
    const ServerFrame reply = client.roundTrip(wire::registerUser(userId, kAliceEndpoint, token));
    return isAck(reply) ? u"ack"_s : errorCode(reply);
}

// The path of the first request a peer's HTTP client sends to `server`, answered 200.
QByteArray requestedPath(QTcpServer &server, const QUrl &url, const QByteArray &shareToken)
{
    QByteArray head;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&server, &head] {
        QTcpSocket *socket = server.nextPendingConnection();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, &head] {
            head += socket->readAll();
            if (head.contains("\r\n\r\n"))
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        });
    });
    HttpTestClient peer;
    peer.setTimeout(5000);
    const HttpTestReply reply = peer.getUrl(url, {{"X-Share-Token", shareToken}});
    QObject::disconnect(&server, nullptr, nullptr, nullptr);
    if (reply.status != 200 || !head.contains("\r\nX-Share-Token: " + shareToken + "\r\n"))
        return "<no request with the X-Share-Token: " + head + ">";
    return head.left(head.indexOf("\r\n"));
}

// Accounts made as an administrator does before the broker runs: `ddalab-broker user add`, the
// password on stdin.
bool addAccount(DaemonProcess &daemon, const QString &userId, const QString &password,
                QString *error)
{
    daemon.setArguments({u"user"_s, u"add"_s, userId});
    QString output;
    const int status = daemon.runToExit(&output, 30000, password.toUtf8() + '\n');
    daemon.setArguments({});
    if (status != 0)
        *error = u"user add %1 exited %2: %3"_s.arg(userId).arg(status).arg(output);
    return status == 0;
}

// People for PASSWORD_SOURCE=ldap: the user id in mail, the password in userPassword.
const QString kDirectory = uR"(dn: dc=lab,dc=example
objectClass: dcObject
objectClass: organization
o: Lab
dc: lab

dn: ou=people,dc=lab,dc=example
objectClass: organizationalUnit
ou: people

dn: uid=alice,ou=people,dc=lab,dc=example
objectClass: inetOrgPerson
uid: alice
cn: Alice
sn: A
mail: alice@institution.edu
userPassword: alice-correct-horse

dn: uid=bob,ou=people,dc=lab,dc=example
objectClass: inetOrgPerson
uid: bob
cn: Bob
sn: B
mail: bob@institution.edu
userPassword: bob-battery-staple
)"_s;

} // namespace

class TestGenerations : public QObject
{
    Q_OBJECT

private slots:
    void fullSequence_data();
    void fullSequence();
    void passwordAccounts_data() { TestDatabases::addEngineRows(); }
    void passwordAccounts();
    void passwordDirectory();
    void sharedPassword();
    void jwtMode();

private:
    // Owner and colleague of one generation, both logged in (where it does) with their
    // passwords: publish, open while the owner is online and after it vanished, revoke.
    void shareBetweenColleagues(DaemonProcess &daemon, DesktopGeneration generation,
                                const std::optional<QString> &ownerPassword,
                                const std::optional<QString> &colleaguePassword);
};

void TestGenerations::fullSequence_data()
{
    QTest::addColumn<DesktopGeneration>("generation");
    QTest::addColumn<QString>("engine");
    for (const DesktopGeneration generation :
         {DesktopGeneration::First, DesktopGeneration::Second, DesktopGeneration::Third}) {
        for (const QString &engine : TestDatabases::engines())
            QTest::addRow("generation %d, %s", int(generation), qPrintable(engine))
                << generation << engine;
    }
}

// With a default broker (AUTH_MODE none) every generation connects, publishes and gets its
// colleague the share's information; only the third can pair it with its request.
void TestGenerations::fullSequence()
{
    QFETCH(DesktopGeneration, generation);
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    START_DAEMON(daemon, engine, dir);
    shareBetweenColleagues(daemon, generation, std::nullopt, std::nullopt);
}

void TestGenerations::shareBetweenColleagues(DaemonProcess &daemon, DesktopGeneration generation,
                                             const std::optional<QString> &ownerPassword,
                                             const std::optional<QString> &colleaguePassword)
{
    const bool third = generation == DesktopGeneration::Third;
    // The owner's local API server, where a peer downloads from.
    QTcpServer ownerApi;
    QVERIFY(ownerApi.listen(QHostAddress::LocalHost));
    const QString ownerEndpoint = u"http://127.0.0.1:%1"_s.arg(ownerApi.serverPort());

    SimulatedDesktop owner(generation, kAlice, ownerEndpoint);
    QString error;
    QVERIFY2(owner.connect(daemon.wsUrl(), ownerPassword, &error), qPrintable(error));
    if (owner.logsIn()) {
        QCOMPARE(owner.loginReply().status, 200);
        QCOMPARE(owner.loginReply().header("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(owner.loginReply().json().value("user_id"_L1).toString(), kAlice);
        QVERIFY(owner.sessionExpiresIn() > 0);
    }
    const QString link = owner.shareResult(
        kResultId, u"My DDA Analysis"_s, u"EEG analysis from experiment X"_s, wire::publicPolicy());
    const QString token = tokenOf(link);
    QCOMPARE(token.size(), 22);
    // register_user, heartbeat, publish_share: three acks, nothing waited for.
    QVERIFY(owner.waitForReplies());
    QCOMPARE(owner.brokerErrors(), QStringList());
    QVERIFY(owner.isConnected());

    SimulatedDesktop colleague(generation, kBob, kBobEndpoint);
    QVERIFY2(colleague.connect(daemon.wsUrl(), colleaguePassword, &error), qPrintable(error));

    // The owner is online.
    SimulatedDesktop::Opening opening = colleague.accessShare(token);
    const QJsonObject onlineInfo = opening.info;
    const QJsonObject metadata = onlineInfo.value("metadata"_L1).toObject();
    QCOMPARE(onlineInfo.value("owner_online"_L1), QJsonValue(true));
    QCOMPARE(onlineInfo.value("download_url"_L1).toString(),
             wire::downloadUrl(ownerEndpoint, kResultId, token));
    QCOMPARE(metadata.value("owner_user_id"_L1).toString(), kAlice);
    QCOMPARE(metadata.value("title"_L1).toString(), u"My DDA Analysis"_s);
    QCOMPARE(
        metadata.value(generation == DesktopGeneration::First ? "result_id"_L1 : "content_id"_L1),
        QJsonValue(kResultId));
    if (third) {
        QCOMPARE(outcomeName(opening.outcome), "Opened");
        QCOMPARE(opening.pairedWith, token);
        // What the desktop then fetches: ENDPOINT/api/results/ID, the fragment never sent.
        const QUrl download(onlineInfo.value("download_url"_L1).toString());
        QCOMPARE(download.adjusted(QUrl::RemoveFragment).toString(),
                 ownerEndpoint + u"/api/results/"_s + kResultId);
        QCOMPARE(requestedPath(ownerApi, download, token.toLatin1()),
                 QByteArray("GET /api/results/" + kResultId.toLatin1() + " HTTP/1.1"));
        QCOMPARE(colleague.pendingRequests(), QStringList());
    } else {
        // The information arrives, parses, and pairs with nothing: the id is not the token.
        QCOMPARE(outcomeName(opening.outcome), "UnknownRequest");
        QCOMPARE(colleague.pendingRequests(), QStringList{token});
    }

    // The owner's laptop lid closes: no disconnect, no close frame.
    owner.vanish();
    QTRY_VERIFY_WITH_TIMEOUT(ownerShownOffline(daemon, token, colleague.sessionToken()), 10000);
    opening = colleague.accessShare(token);
    QCOMPARE(opening.info.value("owner_online"_L1), QJsonValue(false));
    QCOMPARE(opening.info.value("download_url"_L1), QJsonValue(u""_s));
    if (third) {
        // No token in an empty URL, content_id is no pending token: the only pending request.
        QCOMPARE(outcomeName(opening.outcome), "Opened");
        QCOMPARE(opening.pairedWith, token);
    } else {
        QCOMPARE(outcomeName(opening.outcome), "UnknownRequest");
    }

    // The owner comes back (logging in again) and revokes: the link is dead.
    SimulatedDesktop ownerAgain(generation, kAlice, ownerEndpoint);
    QVERIFY2(ownerAgain.connect(daemon.wsUrl(), ownerPassword, &error), qPrintable(error));
    ownerAgain.revokeShare(token);
    QVERIFY(ownerAgain.waitForReplies());
    QCOMPARE(ownerAgain.brokerErrors(), QStringList());
    opening = colleague.accessShare(token);
    QCOMPARE(outcomeName(opening.outcome), "BrokerError");
    QCOMPARE(opening.errorCode, u"SHARE_NOT_FOUND"_s);

    // Every frame parsed with the generation's own types, and nobody was thrown out.
    QCOMPARE(owner.parseFailures(), QStringList());
    QCOMPARE(colleague.parseFailures(), QStringList());
    QCOMPARE(ownerAgain.parseFailures(), QStringList());
    QVERIFY(colleague.isConnected());
    QVERIFY(ownerAgain.isConnected());
}

// PASSWORD_SOURCE=accounts: account holders of generations 2 and 3 get in and share; a wrong
// password, an unknown user, a missing password and generation 1 do not; a session proves only
// its own user id and only while it lives.
void TestGenerations::passwordAccounts()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"AUTH_MODE"_s, u"password"_s);
    daemon.setEnv(u"REGISTER_TIMEOUT_SECONDS"_s, u"1"_s);
    QString error;
    QVERIFY2(daemon.useFreshDatabase(engine, dir, &error), qPrintable(error));
    QVERIFY2(addAccount(daemon, kAlice, kAlicePassword, &error), qPrintable(error));
    QVERIFY2(addAccount(daemon, kBob, kBobPassword, &error), qPrintable(error));
    QVERIFY2(daemon.start(&error), qPrintable(error));

    for (const DesktopGeneration generation : {DesktopGeneration::Second, DesktopGeneration::Third})
        shareBetweenColleagues(daemon, generation, kAlicePassword, kBobPassword);

    // Somebody without an account, and an account holder with a wrong password: the same
    // answer, and no connection.
    SimulatedDesktop stranger(DesktopGeneration::Third, kCarol, kBobEndpoint);
    QVERIFY(!stranger.connect(daemon.wsUrl(), u"carol-guesses-1"_s, &error));
    QCOMPARE(stranger.loginReply().status, 401);
    QCOMPARE(stranger.loginReply().body, kRefusedBody);
    QCOMPARE(error, u"Authentication failed: "_s + QString::fromUtf8(kRefusedBody));
    SimulatedDesktop wrongPassword(DesktopGeneration::Second, kAlice, kAliceEndpoint);
    QVERIFY(!wrongPassword.connect(daemon.wsUrl(), u"alice-wrong-horse"_s, &error));
    QCOMPARE(wrongPassword.loginReply().status, 401);
    QCOMPARE(wrongPassword.loginReply().body, kRefusedBody);

    // No password given: the desktop asks its user for one.
    SimulatedDesktop noPassword(DesktopGeneration::Third, kAlice, kAliceEndpoint);
    QVERIFY(!noPassword.connect(daemon.wsUrl(), std::nullopt, &error));
    QCOMPARE(noPassword.loginReply().status, 401);
    QVERIFY2(noPassword.loginReply().body.contains("Invalid password"),
             noPassword.loginReply().body.constData());
    QCOMPARE(noPassword.loginReply().json().value("code"_L1).toString(), u"AUTH_FAILED"_s);
    QCOMPARE(error, u"Server requires authentication. Please provide a password."_s);

    // Generation 1 cannot log in: its registration is refused, it can do nothing, and the
    // broker closes the connection once the registration time is up.
    SimulatedDesktop firstGeneration(DesktopGeneration::First, kAlice, kAliceEndpoint);
    QVERIFY2(firstGeneration.connect(daemon.wsUrl(), std::nullopt, &error), qPrintable(error));
    firstGeneration.shareResult(kResultId, u"Refused"_s, QJsonValue::Null, wire::publicPolicy());
    QVERIFY(firstGeneration.waitForReplies());
    QCOMPARE(firstGeneration.brokerErrors(),
             (QStringList{u"AUTH_REQUIRED"_s, u"USER_NOT_FOUND"_s, u"NOT_REGISTERED"_s}));
    QVERIFY(firstGeneration.waitForClosedByBroker(10000));
    QCOMPARE(firstGeneration.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(firstGeneration.parseFailures(), QStringList());

    // A session proves its own user id only: bob's session for alice is refused, and a later
    // desktop drops the connection on it.
    SimulatedDesktop bob(DesktopGeneration::Third, kBob, kBobEndpoint);
    QVERIFY2(bob.connect(daemon.wsUrl(), kBobPassword, &error), qPrintable(error));
    QCOMPARE(registrationWith(daemon, kAlice, bob.sessionToken()), u"AUTH_FAILED"_s);
    // An invalid token, and a session ended by logging out.
    QCOMPARE(registrationWith(daemon, kAlice, u"not-a-session-token"_s), u"AUTH_FAILED"_s);
    QCOMPARE(registrationWith(daemon, kBob, bob.sessionToken()), u"ack"_s);
    HttpTestClient http;
    http.setBearer(bob.sessionToken().toLatin1());
    QCOMPARE(http.sendTo("POST", daemon.httpUrl(u"/auth/logout"_s)).status, 204);
    QCOMPARE(registrationWith(daemon, kBob, bob.sessionToken()), u"AUTH_FAILED"_s);
    // Logging out ends the session's connections as an administrator's revocation does.
    QVERIFY(bob.waitForClosedByBroker(10000));
    QCOMPARE(bob.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(bob.closeReason(), u"session revoked"_s);
    QCOMPARE(leakedSecrets(daemon.output(), {kAlicePassword, kBobPassword, bob.sessionToken()}),
             QStringList());
}

// PASSWORD_SOURCE=ldap: the directory's password lets a desktop in, a wrong one does not.
void TestGenerations::passwordDirectory()
{
    ThrowawaySlapd slapd;
    QString error;
    QVERIFY2(slapd.start(kDirectory, &error), qPrintable(error));
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"AUTH_MODE"_s, u"password"_s);
    daemon.setEnv(u"PASSWORD_SOURCE"_s, u"ldap"_s);
    daemon.setEnv(u"LDAP_URL"_s, slapd.url());
    daemon.setEnv(u"LDAP_BASE_DN"_s, u"dc=lab,dc=example"_s);
    START_DAEMON(daemon, u"sqlite"_s, dir);

    shareBetweenColleagues(daemon, DesktopGeneration::Third, kAlicePassword, kBobPassword);

    SimulatedDesktop wrongPassword(DesktopGeneration::Third, kAlice, kAliceEndpoint);
    QVERIFY(!wrongPassword.connect(daemon.wsUrl(), kBobPassword, &error));
    QCOMPARE(wrongPassword.loginReply().status, 401);
    QCOMPARE(wrongPassword.loginReply().body, kRefusedBody);
    SimulatedDesktop stranger(DesktopGeneration::Second, kCarol, kBobEndpoint);
    QVERIFY(!stranger.connect(daemon.wsUrl(), kBobPassword, &error));
    QCOMPARE(stranger.loginReply().status, 401);
    QCOMPARE(stranger.loginReply().body, kRefusedBody);
}

// PASSWORD_SOURCE=shared: the lab's one password lets any user id in.
void TestGenerations::sharedPassword()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"AUTH_MODE"_s, u"password"_s);
    daemon.setEnv(u"PASSWORD_SOURCE"_s, u"shared"_s);
    daemon.setEnv(u"BROKER_PASSWORD"_s, kLabPassword);
    START_DAEMON(daemon, u"sqlite"_s, dir);

    shareBetweenColleagues(daemon, DesktopGeneration::Third, kLabPassword, kLabPassword);
    shareBetweenColleagues(daemon, DesktopGeneration::Second, kLabPassword, kLabPassword);

    QString error;
    SimulatedDesktop wrongPassword(DesktopGeneration::Third, kCarol, kBobEndpoint);
    QVERIFY(!wrongPassword.connect(daemon.wsUrl(), u"not-the-lab-password"_s, &error));
    QCOMPARE(wrongPassword.loginReply().status, 401);
    QCOMPARE(wrongPassword.loginReply().body, kRefusedBody);
    SimulatedDesktop noPassword(DesktopGeneration::Second, kCarol, kBobEndpoint);
    QVERIFY(!noPassword.connect(daemon.wsUrl(), std::nullopt, &error));
    QCOMPARE(error, u"Server requires authentication. Please provide a password."_s);
}

// AUTH_MODE=jwt: a desktop logs in with a JWT for its user id as the password, and register_user
// takes a JWT as its session_token; another user's, an expired or a forged JWT is refused.
void TestGenerations::jwtMode()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"AUTH_MODE"_s, u"jwt"_s);
    daemon.setEnv(u"JWT_SECRET"_s, QString::fromLatin1(TestJwt::secret()));
    START_DAEMON(daemon, u"sqlite"_s, dir);

    const QString aliceJwt = QString::fromLatin1(TestJwt::forUser(kAlice));
    const QString bobJwt = QString::fromLatin1(TestJwt::forUser(kBob));
    shareBetweenColleagues(daemon, DesktopGeneration::Third, aliceJwt, bobJwt);

    // Logging in as alice with bob's JWT.
    QString error;
    SimulatedDesktop impostor(DesktopGeneration::Third, kAlice, kAliceEndpoint);
    QVERIFY(!impostor.connect(daemon.wsUrl(), bobJwt, &error));
    QCOMPARE(impostor.loginReply().status, 401);
    QCOMPARE(impostor.loginReply().body, kRefusedBody);

    // A JWT as register_user's session_token.
    WsTestClient client;
    QVERIFY(client.open(daemon.wsUrl()));
    QCOMPARE(errorCode(client.roundTrip(wire::registerUser(kAlice, kAliceEndpoint, bobJwt))),
             u"AUTH_FAILED"_s);
    const QString expired = QString::fromLatin1(TestJwt::sign(TestJwt::claimsFor(kAlice, -3600)));
    QCOMPARE(errorCode(client.roundTrip(wire::registerUser(kAlice, kAliceEndpoint, expired))),
             u"AUTH_FAILED"_s);
    const QString forged = QString::fromLatin1(TestJwt::unsignedToken(TestJwt::claimsFor(kAlice)));
    QCOMPARE(errorCode(client.roundTrip(wire::registerUser(kAlice, kAliceEndpoint, forged))),
             u"AUTH_FAILED"_s);
    QCOMPARE(ackOrReply(client.roundTrip(wire::registerUser(kAlice, kAliceEndpoint, aliceJwt))),
             u"ack"_s);

    // Generation 1 has no credential to offer.
    SimulatedDesktop firstGeneration(DesktopGeneration::First, kAlice, kAliceEndpoint);
    QVERIFY2(firstGeneration.connect(daemon.wsUrl(), std::nullopt, &error), qPrintable(error));
    QVERIFY(firstGeneration.waitForReplies());
    QCOMPARE(firstGeneration.brokerErrors().value(0), u"AUTH_REQUIRED"_s);
}

QTEST_GUILESS_MAIN(TestGenerations)
#include "tst_generations.moc"
