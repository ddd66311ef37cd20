// POST /auth/login, POST /auth/logout and GET /auth/session against the real daemon with
// AUTH_MODE=password and accounts, on both engines: every answer of the login table in the
// README, the back-off per account and per address, a session as the bearer credential of the
// HTTP API and the WebSocket, and sessions that survive a restart.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/LoginRequests.h"
#include "support/TestDatabases.h"
#include "support/TestJwt.h"
#include "support/WsTestClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using logins::describe;
using logins::outcome;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kCarol = u"carol@institution.edu"_s;
const QString kAlicePassword = u"correct horse battery staple"_s;
const QString kBobPassword = u"bob's lab password"_s;
const QByteArray kAdminToken = "admin-token-for-the-login-tests";
const QString kEndpoint = logins::defaultEndpoint();

void configure(DaemonProcess &daemon)
{
    daemon.setEnv(u"AUTH_MODE"_s, u"password"_s);
    daemon.setEnv(u"PASSWORD_SOURCE"_s, u"accounts"_s);
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(kAdminToken));
    daemon.setEnv(u"SESSION_TIMEOUT_SECONDS"_s, u"3600"_s);
}

QJsonObject parsed(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

} // namespace

// Creates an account through the admin API, or fails the test.
#define ADD_ACCOUNT(client, user, password)                                                        \
    do {                                                                                           \
        const HttpTestReply added = logins::addAccount(client, kAdminToken, user, password);       \
        QVERIFY2(added.status == 201, qPrintable(describe(added)));                                \
    } while (false)

class tst_LoginHttp : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void loginAnswers_data() { TestDatabases::addEngineRows(); }
    void loginAnswers();
    void malformedLogins_data() { TestDatabases::addEngineRows(); }
    void malformedLogins();
    void otherPasswordSources_data();
    void otherPasswordSources();
    void disabledAccount_data() { TestDatabases::addEngineRows(); }
    void disabledAccount();
    void failedLoginsBackOff_data();
    void failedLoginsBackOff();
    void logoutEndsTheSession_data() { TestDatabases::addEngineRows(); }
    void logoutEndsTheSession();
    void sessionIsTheBearerOfTheHttpApi_data() { TestDatabases::addEngineRows(); }
    void sessionIsTheBearerOfTheHttpApi();
    void sessionAuthenticatesTheWebSocket_data() { TestDatabases::addEngineRows(); }
    void sessionAuthenticatesTheWebSocket();
    void sessionsSurviveARestart_data() { TestDatabases::addEngineRows(); }
    void sessionsSurviveARestart();

private:
    QTemporaryDir m_dir;
};

void tst_LoginHttp::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
}

// A good login gets a session and no-store; a wrong password and an unknown user get the same
// bytes; an empty password is asked for in the words the desktops look for.
void tst_LoginHttp::loginAnswers()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));
    ADD_ACCOUNT(client, kAlice, kAlicePassword);

    const HttpTestReply good = logins::login(client, kAlice, kAlicePassword);
    QCOMPARE(describe(good).left(3), u"200"_s);
    QCOMPARE(good.header("Cache-Control"), QByteArray("no-store"));
    const QJsonObject answer = good.json();
    QCOMPARE(answer.keys(),
             (QStringList{u"expires_in_seconds"_s, u"session_token"_s, u"user_id"_s}));
    QCOMPARE(answer.value("user_id"_L1).toString(), kAlice);
    QCOMPARE(answer.value("expires_in_seconds"_L1).toInteger(), 3600);
    const QString token = answer.value("session_token"_L1).toString();
    QVERIFY2(QRegularExpression(u"^[A-Za-z0-9_-]{43}$"_s).match(token).hasMatch(),
             qPrintable(token));
    // Two logins, two sessions.
    QVERIFY(logins::sessionToken(logins::login(client, kAlice, kAlicePassword)) !=
            token.toLatin1());

    const HttpTestReply wrong = logins::login(client, kAlice, u"not alice's password"_s);
    const HttpTestReply unknown =
        logins::login(client, u"mallory@institution.edu"_s, u"not alice's password"_s);
    QCOMPARE(wrong.status, 401);
    QCOMPARE(parsed(wrong.body), (QJsonObject{{"error"_L1, "invalid user id or password"_L1},
                                              {"code"_L1, "AUTH_FAILED"_L1}}));
    QCOMPARE(unknown.status, wrong.status);
    QCOMPARE(unknown.body, wrong.body);
    QVERIFY(wrong.header("Retry-After").isEmpty());

    const HttpTestReply empty = logins::login(client, kAlice, QString());
    QCOMPARE(outcome(empty), u"401 AUTH_FAILED"_s);
    QVERIFY2(empty.json().value("error"_L1).toString().contains("Invalid password"_L1),
             qPrintable(describe(empty)));
}

// A body that is not the login object is a 400 BAD_REQUEST, and counts as no failed login.
void tst_LoginHttp::malformedLogins()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    daemon.setEnv(u"LOGIN_FAILURES_PER_ADDRESS"_s, u"1"_s);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));
    ADD_ACCOUNT(client, kAlice, kAlicePassword);

    const QList<std::pair<QString, QByteArray>> bodies{
        {u"not JSON"_s, "user_id=alice&password=x"},
        {u"an array"_s, R"(["alice@institution.edu","correct horse battery staple"])"},
        {u"no password"_s, R"({"user_id":"alice@institution.edu","endpoint":"http://h:3001"})"},
        {u"no user id"_s, R"({"password":"correct horse battery staple"})"},
        {u"user id a number"_s, R"({"user_id":42,"password":"correct horse battery staple"})"},
        {u"password a number"_s, R"({"user_id":"alice@institution.edu","password":12345678})"},
        {u"endpoint not a URL"_s,
         R"({"user_id":"alice@institution.edu","password":"x","endpoint":"nowhere"})"},
    };
    for (const auto &[name, body] : bodies) {
        const HttpTestReply reply =
            client.send("POST", u"/auth/login"_s, body, {{"Content-Type", "application/json"}});
        QCOMPARE(outcome(reply) + u" for "_s + name, u"400 BAD_REQUEST for "_s + name);
    }
    QCOMPARE(logins::login(client, kAlice, kAlicePassword).status, 200);
}

void tst_LoginHttp::otherPasswordSources_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("mode");
    for (const QString &engine : TestDatabases::engines()) {
        for (const char *mode : {"none", "shared", "jwt"})
            QTest::addRow("%s, %s", qPrintable(engine), mode)
                << engine << QString::fromLatin1(mode);
    }
}

// Without accounts: AUTH_MODE=none gives anybody a session, whatever the password;
// PASSWORD_SOURCE=shared takes BROKER_PASSWORD for any user id; AUTH_MODE=jwt takes a JWT that
// proves the user id as the password. The two last ask for a missing password.
void tst_LoginHttp::otherPasswordSources()
{
    QFETCH(QString, engine);
    QFETCH(QString, mode);
    const QString shared = u"the lab-wide password"_s;
    DaemonProcess daemon;
    if (mode == "shared"_L1) {
        daemon.setEnv(u"AUTH_MODE"_s, u"password"_s);
        daemon.setEnv(u"PASSWORD_SOURCE"_s, u"shared"_s);
        daemon.setEnv(u"BROKER_PASSWORD"_s, shared);
    } else if (mode == "jwt"_L1) {
        daemon.setEnv(u"AUTH_MODE"_s, u"jwt"_s);
        daemon.setEnv(u"JWT_SECRET"_s, QString::fromLatin1(TestJwt::secret()));
    }
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));

    QString alicePassword = u"anything at all"_s;
    QString bobPassword = alicePassword;
    if (mode == "shared"_L1)
        alicePassword = bobPassword = shared;
    if (mode == "jwt"_L1) {
        alicePassword = QString::fromLatin1(TestJwt::forUser(kAlice));
        bobPassword = QString::fromLatin1(TestJwt::forUser(kBob));
    }
    const HttpTestReply alice = logins::login(client, kAlice, alicePassword);
    QCOMPARE(describe(alice).left(3), u"200"_s);
    QCOMPARE(alice.json().value("user_id"_L1).toString(), kAlice);
    QCOMPARE(logins::sessionStatus(client, logins::sessionToken(alice)).json().value("user_id"_L1),
             QJsonValue(kAlice));
    QCOMPARE(logins::login(client, kBob, bobPassword).status, 200);

    if (mode == "none"_L1) {
        QCOMPARE(logins::login(client, kBob, QString()).status, 200);
        return;
    }
    // The other's password (for jwt: alice's token for bob) and a wrong one are refused alike.
    const HttpTestReply wrong = logins::login(client, kBob, u"not the password"_s);
    QCOMPARE(parsed(wrong.body), (QJsonObject{{"error"_L1, "invalid user id or password"_L1},
                                              {"code"_L1, "AUTH_FAILED"_L1}}));
    QCOMPARE(wrong.status, 401);
    if (mode == "jwt"_L1)
        QCOMPARE(logins::login(client, kBob, alicePassword).body, wrong.body);
    const HttpTestReply empty = logins::login(client, kAlice, QString());
    QCOMPARE(outcome(empty), u"401 AUTH_FAILED"_s);
    QVERIFY2(empty.json().value("error"_L1).toString().contains("Invalid password"_L1),
             qPrintable(describe(empty)));
}

// Only whoever knows the password learns that the account is disabled; enabling it again lets
// the same password in.
void tst_LoginHttp::disabledAccount()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));
    ADD_ACCOUNT(client, kAlice, kAlicePassword);
    const auto setDisabled = [&](bool disabled) {
        return logins::sendJson(client, "PATCH", u"/api/admin/users/alice%40institution.edu"_s,
                                {{"disabled"_L1, disabled}}, kAdminToken)
            .status;
    };

    QCOMPARE(setDisabled(true), 204);
    const HttpTestReply refused = logins::login(client, kAlice, kAlicePassword);
    QCOMPARE(outcome(refused), u"403 ACCOUNT_DISABLED"_s);
    QCOMPARE(outcome(logins::login(client, kAlice, u"a wrong password"_s)), u"401 AUTH_FAILED"_s);

    QCOMPARE(setDisabled(false), 204);
    QCOMPARE(logins::login(client, kAlice, kAlicePassword).status, 200);
}

void tst_LoginHttp::failedLoginsBackOff_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<bool>("perAccount");
    for (const QString &engine : TestDatabases::engines()) {
        QTest::addRow("%s, per account", qPrintable(engine)) << engine << true;
        QTest::addRow("%s, per address", qPrintable(engine)) << engine << false;
    }
}

// After the allowed failures the next login, even with the right password, is 429 RATE_LIMITED
// with Retry-After: 1; once that has passed the right password gets in.
void tst_LoginHttp::failedLoginsBackOff()
{
    QFETCH(QString, engine);
    QFETCH(bool, perAccount);
    constexpr int kAllowed = 3;
    DaemonProcess daemon;
    configure(daemon);
    daemon.setEnv(u"LOGIN_FAILURES_PER_ACCOUNT"_s, QString::number(perAccount ? kAllowed : 100));
    daemon.setEnv(u"LOGIN_FAILURES_PER_ADDRESS"_s, QString::number(perAccount ? 100 : kAllowed));
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));
    ADD_ACCOUNT(client, kAlice, kAlicePassword);
    ADD_ACCOUNT(client, kBob, kBobPassword);

    // Guesses at alice's password, or at a different unknown user each time.
    for (int i = 0; i < kAllowed; ++i) {
        const QString userId = perAccount ? kAlice : u"guess%1@institution.edu"_s.arg(i);
        QCOMPARE(outcome(logins::login(client, userId, u"a wrong password"_s)),
                 u"401 AUTH_FAILED"_s);
    }
    const HttpTestReply throttled = logins::login(client, kAlice, kAlicePassword);
    QCOMPARE(outcome(throttled), u"429 RATE_LIMITED"_s);
    QCOMPARE(throttled.header("Retry-After"), QByteArray("1"));
    // The account limit holds back alice only; the address limit everybody from here.
    QCOMPARE(logins::login(client, kBob, kBobPassword).status, perAccount ? 200 : 429);

    QTRY_COMPARE_WITH_TIMEOUT(logins::login(client, kAlice, kAlicePassword).status, 200, 5000);
}

void tst_LoginHttp::logoutEndsTheSession()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));
    ADD_ACCOUNT(client, kAlice, kAlicePassword);
    const QByteArray token = logins::sessionToken(logins::login(client, kAlice, kAlicePassword));
    QVERIFY(!token.isEmpty());
    const QByteArray other = logins::sessionToken(logins::login(client, kAlice, kAlicePassword));
    QVERIFY(!other.isEmpty());

    HttpTestReply status = logins::sessionStatus(client, token);
    QCOMPARE(status.status, 200);
    QCOMPARE(status.json().keys(),
             (QStringList{u"expires_in_seconds"_s, u"user_id"_s, u"valid"_s}));
    QCOMPARE(status.json().value("valid"_L1), QJsonValue(true));
    QCOMPARE(status.json().value("user_id"_L1).toString(), kAlice);
    const qint64 left = status.json().value("expires_in_seconds"_L1).toInteger();
    QVERIFY2(left > 3590 && left <= 3600, qPrintable(describe(status)));

    const QJsonObject invalid{{"valid"_L1, false},
                              {"user_id"_L1, QJsonValue::Null},
                              {"expires_in_seconds"_L1, QJsonValue::Null}};
    QCOMPARE(logins::logout(client, token).status, 204);
    status = logins::sessionStatus(client, token);
    QCOMPARE(status.status, 200);
    QCOMPARE(parsed(status.body), invalid);
    QCOMPARE(logins::logout(client, token).status, 401);
    QCOMPARE(outcome(client.get(u"/api/users/alice%40institution.edu/teams"_s, bearer(token))),
             u"401 UNAUTHORIZED"_s);
    // The other session goes on.
    QCOMPARE(logins::sessionStatus(client, other).json().value("valid"_L1), QJsonValue(true));

    // Nothing, or something that never was a session, is invalid too.
    QCOMPARE(parsed(logins::sessionStatus(client, {}).body), invalid);
    QCOMPARE(parsed(logins::sessionStatus(client, "made-up-token").body), invalid);
    QCOMPARE(logins::logout(client, {}).status, 401);
    QCOMPARE(logins::logout(client, "made-up-token").status, 401);
}

// With AUTH_MODE=password /api/ needs a bearer credential: the session is one, for the user it
// proves, on the share lookup, backups and teams alike.
void tst_LoginHttp::sessionIsTheBearerOfTheHttpApi()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));
    ADD_ACCOUNT(client, kAlice, kAlicePassword);
    ADD_ACCOUNT(client, kBob, kBobPassword);
    ADD_ACCOUNT(client, kCarol, kBobPassword);
    const QByteArray alice = logins::sessionToken(logins::login(client, kAlice, kAlicePassword));
    const QByteArray bob = logins::sessionToken(logins::login(client, kBob, kBobPassword));
    const QByteArray carol = logins::sessionToken(logins::login(client, kCarol, kBobPassword));
    QVERIFY(!alice.isEmpty() && !bob.isEmpty() && !carol.isEmpty());

    // Alice shares a result with bob only.
    WsTestClient desktop;
    QVERIFY(desktop.open(daemon.wsUrl()));
    QCOMPARE(ackOrReply(desktop.roundTrip(
                 wire::registerUser(kAlice, kEndpoint, QString::fromLatin1(alice)))),
             u"ack"_s);
    const QString token = wire::newToken();
    QCOMPARE(
        ackOrReply(desktop.roundTrip(wire::publishShare(
            token, wire::metadata(kAlice, u"result-1"_s, u"EEG"_s, wire::usersPolicy({kBob}))))),
        u"ack"_s);
    const QString sharePath = u"/api/shares/"_s + token;
    QCOMPARE(outcome(client.get(sharePath)), u"401 UNAUTHORIZED"_s);
    QCOMPARE(client.get(sharePath, bearer(bob)).status, 200);
    QCOMPARE(outcome(client.get(sharePath, bearer(carol))), u"404 SHARE_NOT_FOUND"_s);

    const QByteArray state = "alice's app state";
    const RequestHeaders put{{"Authorization", "Bearer " + alice},
                             {"X-State-Hash", wire::stateHash(state).toLatin1()},
                             {"Content-Type", "application/octet-stream"}};
    QCOMPARE(client.send("PUT", u"/api/backups/alice%40institution.edu"_s, state, put).status, 201);
    const HttpTestReply restored =
        client.get(u"/api/backups/alice%40institution.edu"_s, bearer(alice));
    QCOMPARE(restored.status, 200);
    QCOMPARE(restored.body, state);
    QCOMPARE(client.get(u"/api/backups/alice%40institution.edu"_s, bearer(bob)).status, 403);

    const HttpTestReply teams =
        client.get(u"/api/users/alice%40institution.edu/teams"_s, bearer(alice));
    QCOMPARE(teams.status, 200);
    QCOMPARE(teams.json().value("teams"_L1), QJsonValue(QJsonArray()));
}

// The session opens the WebSocket as a bearer on the upgrade, or as register_user's
// session_token; it proves only its own user, and without it a password-mode connection cannot
// register.
void tst_LoginHttp::sessionAuthenticatesTheWebSocket()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));
    ADD_ACCOUNT(client, kAlice, kAlicePassword);
    const QByteArray alice = logins::sessionToken(logins::login(client, kAlice, kAlicePassword));
    QVERIFY(!alice.isEmpty());

    WsTestClient upgraded;
    OPEN_REGISTERED(upgraded, daemon.wsUrl(), bearer(alice), kAlice, kEndpoint);

    WsTestClient registered;
    QVERIFY(registered.open(daemon.wsUrl()));
    QCOMPARE(ackOrReply(registered.roundTrip(
                 wire::registerUser(kAlice, kEndpoint, QString::fromLatin1(alice)))),
             u"ack"_s);

    WsTestClient impostor;
    QVERIFY(impostor.open(daemon.wsUrl()));
    QCOMPARE(errorCode(impostor.roundTrip(
                 wire::registerUser(kBob, kEndpoint, QString::fromLatin1(alice)))),
             u"AUTH_FAILED"_s);
    QCOMPARE(errorCode(impostor.roundTrip(wire::registerUser(kBob, kEndpoint))),
             u"AUTH_REQUIRED"_s);
    QCOMPARE(errorCode(impostor.roundTrip(
                 wire::registerUser(kAlice, kEndpoint, u"made-up-session-token"_s))),
             u"AUTH_FAILED"_s);
}

// Sessions are in the database: a restarted daemon on the same one knows the live ones, with
// the time they have left, and not the ended ones.
void tst_LoginHttp::sessionsSurviveARestart()
{
    QFETCH(QString, engine);
    QString databaseUrl;
    QByteArray kept;
    QByteArray ended;
    {
        DaemonProcess daemon;
        configure(daemon);
        QString error;
        QVERIFY2(daemon.startOnFreshDatabase(engine, m_dir, &error, &databaseUrl),
                 qPrintable(error));
        HttpTestClient client(daemon.httpUrl({}));
        ADD_ACCOUNT(client, kAlice, kAlicePassword);
        kept = logins::sessionToken(logins::login(client, kAlice, kAlicePassword));
        ended = logins::sessionToken(logins::login(client, kAlice, kAlicePassword));
        QVERIFY(!kept.isEmpty() && !ended.isEmpty());
        QCOMPARE(logins::logout(client, ended).status, 204);
        daemon.stop();
    }
    DaemonProcess restarted;
    configure(restarted);
    restarted.setEnv(u"DATABASE_URL"_s, databaseUrl);
    restarted.setEnv(u"DATA_DIR"_s, m_dir.path());
    QString error;
    QVERIFY2(restarted.start(&error), qPrintable(error));
    HttpTestClient client(restarted.httpUrl({}));
    const HttpTestReply status = logins::sessionStatus(client, kept);
    QCOMPARE(status.json().value("valid"_L1), QJsonValue(true));
    QCOMPARE(status.json().value("user_id"_L1).toString(), kAlice);
    const qint64 left = status.json().value("expires_in_seconds"_L1).toInteger();
    QVERIFY2(left > 3500 && left <= 3600, qPrintable(describe(status)));
    QCOMPARE(logins::sessionStatus(client, ended).json().value("valid"_L1), QJsonValue(false));

    WsTestClient desktop;
    QVERIFY(desktop.open(restarted.wsUrl()));
    QCOMPARE(ackOrReply(desktop.roundTrip(
                 wire::registerUser(kAlice, kEndpoint, QString::fromLatin1(kept)))),
             u"ack"_s);
}

QTEST_GUILESS_MAIN(tst_LoginHttp)
#include "tst_loginhttp.moc"
