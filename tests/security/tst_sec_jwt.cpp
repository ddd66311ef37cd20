// AUTH_MODE=jwt: WebSocket upgrades and /api need a bearer JWT, the token's user is the only one
// its connection may act as, expiry closes connections that do not renew, and the admin
// credentials (BROKER_ADMIN_TOKEN, a JWT with the admin role) are recognised in both modes.

#include "support/BrokerReplies.h"
#include "support/Credentials.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/LeakedSecrets.h"
#include "support/RawUpgrade.h"
#include "support/TestJwt.h"
#include "support/TestKeys.h"
#include "support/WsTestClient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kCarol = u"carol@institution.edu"_s;
const QString kDave = u"dave@institution.edu"_s;
const QString kEndpoint = u"http://192.168.1.50:3001"_s;
const QString kIssuer = u"https://idp.institution.edu"_s;
const QString kAudience = u"ddalab-broker"_s;

QByteArray randomText(int bytes)
{
    QByteArray data(bytes, Qt::Uninitialized);
    for (char &c : data)
        c = char(QRandomGenerator::global()->bounded(256));
    return data.toHex();
}

} // namespace

class TestSecurityJwt : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void upgradeWithoutTokenMustRegisterWithOne();
    void validTokenUpgrades_data();
    void validTokenUpgrades();
    void tokenUserIsTheOnlyUser();
    void invalidTokensAreRefused_data();
    void invalidTokensAreRefused();
    void expiringConnectionIsClosedUnlessRenewed();
    void httpSharesNeedAToken();
    void publicKeyAlgorithms_data();
    void publicKeyAlgorithms();
    void userClaimSetting();
    void adminCredentials_data();
    void adminCredentials();

private:
    // Starts m_daemon in jwt mode with m_secret and the given extra settings.
    bool startJwtDaemon(const QList<QPair<QString, QString>> &settings = {});
    // A valid HS256 token for user, signed with the case's secret.
    QByteArray token(const QString &user, qint64 expiresIn = 3600);
    QUrl wsUrl() const { return m_daemon->wsUrl(); }

    // Probes on a connection of their own each, as separate clients would send them.
    HttpTestClient m_http;
    QTemporaryDir m_keys;
    QString m_rsaPrivate, m_rsaPublic, m_ecPrivate, m_ecPublic;
    QByteArray m_secret;
    QString m_adminToken;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DaemonProcess> m_daemon;
    QStringList m_secrets; // what the daemon's output must never contain
};

void TestSecurityJwt::initTestCase()
{
    m_http.setFreshConnectionPerRequest(true);
    m_http.setTimeout(10000);
    QVERIFY(m_keys.isValid());
    QString error;
    QVERIFY2(
        TestKeys::makeKeyPair(m_keys, TestKeys::Kind::Rsa, &m_rsaPrivate, &m_rsaPublic, &error),
        qPrintable(error));
    QVERIFY2(TestKeys::makeKeyPair(m_keys, TestKeys::Kind::Ec, &m_ecPrivate, &m_ecPublic, &error),
             qPrintable(error));
}

void TestSecurityJwt::init()
{
    m_secret = randomText(24); // 48 bytes
    m_adminToken = QString::fromLatin1(randomText(16));
    m_dir = std::make_unique<QTemporaryDir>();
    m_daemon = std::make_unique<DaemonProcess>();
    m_secrets = {QString::fromLatin1(m_secret), m_adminToken};
}

void TestSecurityJwt::cleanup()
{
    m_daemon->stop();
    const QStringList leaked = leakedSecrets(m_daemon->output(), m_secrets);
    QVERIFY2(leaked.isEmpty(), qPrintable(u"secrets in the log: "_s + leaked.join(u", ")));
    m_daemon.reset();
    m_dir.reset();
}

bool TestSecurityJwt::startJwtDaemon(const QList<QPair<QString, QString>> &settings)
{
    m_daemon->setEnv(u"AUTH_MODE"_s, u"jwt"_s);
    m_daemon->setEnv(u"JWT_SECRET"_s, QString::fromLatin1(m_secret));
    for (const auto &[name, value] : settings)
        m_daemon->setEnv(name, value);
    QString error;
    if (!m_daemon->startOnFreshDatabase(u"sqlite"_s, *m_dir, &error)) {
        qWarning().noquote() << error;
        return false;
    }
    return true;
}

QByteArray TestSecurityJwt::token(const QString &user, qint64 expiresIn)
{
    const QByteArray signedToken =
        TestJwt::sign(TestJwt::claimsFor(user, expiresIn), TestJwt::Algorithm::HS256, m_secret);
    m_secrets << QString::fromLatin1(signedToken);
    return signedToken;
}

void TestSecurityJwt::upgradeWithoutTokenMustRegisterWithOne()
{
    QVERIFY(startJwtDaemon());

    // The later desktops open the WebSocket without credentials and register with a token: the
    // upgrade goes through, and then nothing does until a credential comes.
    WsTestClient client;
    QVERIFY(client.open(wsUrl()));
    QCOMPARE(errorCode(client.roundTrip(wire::registerUser(kAlice, kEndpoint))),
             u"AUTH_REQUIRED"_s);
    QCOMPARE(errorCode(client.roundTrip(
                 wire::publishShare(wire::newToken(), wire::metadata(kAlice, u"r"_s, u"t"_s)))),
             u"NOT_REGISTERED"_s);
    QCOMPARE(errorCode(client.roundTrip(wire::heartbeat(kAlice))), u"USER_NOT_FOUND"_s);
    QCOMPARE(errorCode(client.roundTrip(wire::registerUser(kAlice, kEndpoint, u"not-a-session"_s))),
             u"AUTH_FAILED"_s);
    QCOMPARE(errorCode(client.roundTrip(
                 wire::registerUser(kAlice, kEndpoint, QString::fromLatin1(token(kBob))))),
             u"AUTH_FAILED"_s);
    QCOMPARE(ackOrReply(client.roundTrip(
                 wire::registerUser(kAlice, kEndpoint, QString::fromLatin1(token(kAlice))))),
             u"ack"_s);

    // A credential that is not a bearer token, or an empty one, is refused before any upgrade:
    // a 401 with a Bearer challenge, never a 101.
    const QByteArray answer =
        rawUpgrade(m_daemon->port(), "/ws", "Authorization: Basic YWxpY2U6c2VjcmV0\r\n");
    QVERIFY2(statusLine(answer).startsWith("HTTP/1.1 401"), answer.constData());
    QVERIFY2(!switchedProtocols(answer), answer.constData());
    QVERIFY2(answer.contains("\r\nWWW-Authenticate: Bearer") ||
                 answer.contains("\r\nwww-authenticate: Bearer"),
             answer.constData());
    WsTestClient refused;
    QVERIFY(!refused.open(wsUrl(), {{"Authorization", "Basic YWxpY2U6c2VjcmV0"}}));
    QVERIFY(!refused.open(wsUrl(), bearer({})));
    QVERIFY(!refused.open(withAccessToken(wsUrl(), {})));

    // The daemon is still serving.
    WsTestClient bob;
    OPEN_REGISTERED(bob, wsUrl(), bearer(token(kBob)), kBob, kEndpoint);
}

void TestSecurityJwt::validTokenUpgrades_data()
{
    QTest::addColumn<bool>("inQuery");
    QTest::newRow("Authorization header") << false;
    QTest::newRow("access_token query") << true;
}

void TestSecurityJwt::validTokenUpgrades()
{
    QFETCH(bool, inQuery);
    QVERIFY(startJwtDaemon());
    const QByteArray credential = token(kAlice);
    const QUrl url = inQuery ? withAccessToken(wsUrl(), credential) : wsUrl();
    const RequestHeaders headers = inQuery ? RequestHeaders() : bearer(credential);

    WsTestClient alice;
    OPEN_REGISTERED(alice, url, headers, kAlice, kEndpoint);
    QCOMPARE(ackOrReply(alice.roundTrip(wire::heartbeat(kAlice))), u"ack"_s);
    const QString share = wire::newToken();
    QCOMPARE(ackOrReply(alice.roundTrip(wire::publishShare(
                 share,
                 wire::metadata(kAlice, u"r1"_s, u"t"_s, wire::publicPolicy(), QJsonValue::Null)))),
             u"ack"_s);
    const std::optional<ddalab::protocol::ShareInfo> info =
        shareInfo(alice.roundTrip(wire::requestShare(share, kAlice)));
    QVERIFY(info);
    QCOMPARE(info->ownerOnline, true);
}

void TestSecurityJwt::tokenUserIsTheOnlyUser()
{
    QVERIFY(startJwtDaemon());
    WsTestClient client;
    QVERIFY(client.open(wsUrl(), bearer(token(kAlice))));

    QCOMPARE(errorCode(client.roundTrip(wire::registerUser(kBob, kEndpoint))), u"FORBIDDEN"_s);
    QVERIFY(!isAck(client.roundTrip(wire::heartbeat(kBob))));
    QCOMPARE(ackOrReply(client.roundTrip(wire::registerUser(kAlice, kEndpoint))), u"ack"_s);
    QCOMPARE(errorCode(client.roundTrip(wire::registerUser(kBob, kEndpoint))), u"FORBIDDEN"_s);
    QCOMPARE(errorCode(client.roundTrip(wire::heartbeat(kBob))), u"FORBIDDEN"_s);
    QCOMPARE(ackOrReply(client.roundTrip(wire::heartbeat(kAlice))), u"ack"_s);
}

void TestSecurityJwt::invalidTokensAreRefused_data()
{
    // Each row has one defect; the test signs the claims with the case's secret unless the row
    // says otherwise ("other secret", "none": unsigned, "garbage": not a JWT at all).
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<QString>("signing");
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject valid = TestJwt::claimsFor(kAlice);
    valid.insert("iss"_L1, kIssuer);
    valid.insert("aud"_L1, kAudience);
    auto with = [&](const char *claim, const QJsonValue &value) {
        QJsonObject claims = valid;
        if (value.isUndefined())
            claims.remove(QLatin1StringView(claim));
        else
            claims.insert(QLatin1StringView(claim), value);
        return claims;
    };

    QTest::newRow("expired") << with("exp", now - 120) << u"secret"_s; // past the 30 s leeway
    QTest::newRow("nbf in the future") << with("nbf", now + 600) << u"secret"_s;
    QTest::newRow("wrong issuer") << with("iss", u"https://evil.example"_s) << u"secret"_s;
    QTest::newRow("wrong audience") << with("aud", u"another-service"_s) << u"secret"_s;
    QTest::newRow("no exp") << with("exp", QJsonValue::Undefined) << u"secret"_s;
    QTest::newRow("alg none") << valid << u"none"_s;
    QTest::newRow("other secret") << valid << u"other secret"_s;
    QTest::newRow("garbage") << valid << u"garbage"_s;
}

void TestSecurityJwt::invalidTokensAreRefused()
{
    QFETCH(QJsonObject, claims);
    QFETCH(QString, signing);
    QVERIFY(startJwtDaemon({{u"JWT_ISSUER"_s, kIssuer}, {u"JWT_AUDIENCE"_s, kAudience}}));

    QByteArray bad;
    if (signing == "none"_L1)
        bad = TestJwt::unsignedToken(claims);
    else if (signing == "other secret"_L1)
        bad = TestJwt::sign(claims, TestJwt::Algorithm::HS256, randomText(24));
    else if (signing == "garbage"_L1)
        bad = "eyJhbGciOiJIUzI1NiJ9.not-json.c2ln";
    else
        bad = TestJwt::sign(claims, TestJwt::Algorithm::HS256, m_secret);
    QVERIFY(!bad.isEmpty());
    m_secrets << QString::fromLatin1(bad);

    WsTestClient client;
    QVERIFY(!client.open(wsUrl(), bearer(bad)));
    QVERIFY(!client.open(withAccessToken(wsUrl(), bad)));
    const QByteArray answer =
        rawUpgrade(m_daemon->port(), "/ws", "Authorization: Bearer " + bad + "\r\n");
    QVERIFY2(statusLine(answer).startsWith("HTTP/1.1 401"), answer.constData());
    QVERIFY2(!switchedProtocols(answer), answer.constData());
    QCOMPARE(
        m_http.getUrl(m_daemon->httpUrl(u"/api/shares/"_s + wire::newToken()), bearer(bad)).status,
        401);

    // A well-formed token of the same user passes the same checks: the defect is what is refused.
    QJsonObject good = TestJwt::claimsFor(kAlice);
    good.insert("iss"_L1, kIssuer);
    good.insert("aud"_L1, kAudience);
    const QByteArray accepted = TestJwt::sign(good, TestJwt::Algorithm::HS256, m_secret);
    m_secrets << QString::fromLatin1(accepted);
    WsTestClient alice;
    OPEN_REGISTERED(alice, wsUrl(), bearer(accepted), kAlice, kEndpoint);
}

void TestSecurityJwt::expiringConnectionIsClosedUnlessRenewed()
{
    QVERIFY(startJwtDaemon({{u"JWT_LEEWAY_SECONDS"_s, u"0"_s}}));
    // Three connections whose credentials all run out in 2 seconds.
    WsTestClient renewing, lapsing, borrowing;
    OPEN_REGISTERED(renewing, wsUrl(), bearer(token(kAlice, 2)), kAlice, kEndpoint);
    OPEN_REGISTERED(lapsing, wsUrl(), bearer(token(kBob, 2)), kBob, kEndpoint);
    OPEN_REGISTERED(borrowing, wsUrl(), bearer(token(kCarol, 2)), kCarol, kEndpoint);

    // An expired or foreign credential does not renew; a fresh one of the same user does.
    QCOMPARE(errorCode(renewing.roundTrip(wire::authenticate(token(kAlice, -60)))),
             u"AUTH_FAILED"_s);
    QCOMPARE(errorCode(renewing.roundTrip(wire::authenticate("not-a-token"))), u"AUTH_FAILED"_s);
    QCOMPARE(ackOrReply(renewing.roundTrip(wire::authenticate(token(kAlice)))), u"ack"_s);
    QCOMPARE(errorCode(borrowing.roundTrip(wire::authenticate(token(kAlice)))), u"AUTH_FAILED"_s);

    // The connections that did not renew are closed for a policy violation.
    QVERIFY(lapsing.waitForClosed(8000));
    QCOMPARE(lapsing.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QVERIFY(borrowing.waitForClosed(8000));
    QCOMPARE(borrowing.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);

    // The renewed one outlived its first credential and still works.
    QVERIFY(renewing.isOpen());
    QCOMPARE(ackOrReply(renewing.roundTrip(wire::heartbeat(kAlice))), u"ack"_s);
}

void TestSecurityJwt::httpSharesNeedAToken()
{
    QVERIFY(startJwtDaemon());
    const QString share = wire::newToken();
    const QString unknown = wire::newToken();
    m_secrets << share << unknown;
    WsTestClient alice;
    OPEN_REGISTERED(alice, wsUrl(), bearer(token(kAlice)), kAlice, kEndpoint);
    QCOMPARE(ackOrReply(alice.roundTrip(wire::publishShare(
                 share, wire::metadata(kAlice, u"r1"_s, u"for bob"_s, wire::usersPolicy({kBob}),
                                       QJsonValue::Null)))),
             u"ack"_s);
    const QUrl url = m_daemon->httpUrl(u"/api/shares/"_s + share);

    const HttpTestReply anonymous = m_http.getUrl(url);
    QCOMPARE(anonymous.status, 401);
    QVERIFY2(anonymous.header("WWW-Authenticate").startsWith("Bearer"),
             anonymous.header("WWW-Authenticate").constData());
    QVERIFY(!anonymous.body.contains("for bob"));

    const HttpTestReply listed = m_http.getUrl(url, bearer(token(kBob)));
    QCOMPARE(listed.status, 200);
    QCOMPARE(listed.json().value("metadata"_L1).toObject().value("title"_L1).toString(),
             u"for bob"_s);
    QCOMPARE(m_http.getUrl(withAccessToken(url, token(kBob))).status, 200);
    QCOMPARE(m_http.getUrl(url, bearer(token(kAlice))).status, 200); // the owner

    const HttpTestReply stranger = m_http.getUrl(url, bearer(token(kCarol)));
    const HttpTestReply missing =
        m_http.getUrl(m_daemon->httpUrl(u"/api/shares/"_s + unknown), bearer(token(kCarol)));
    QCOMPARE(stranger.status, 404);
    QCOMPARE(missing.status, 404);
    QCOMPARE(stranger.body, missing.body);
}

void TestSecurityJwt::publicKeyAlgorithms_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("alg");
    QTest::newRow("RS256") << u"rsa"_s << int(TestJwt::Algorithm::RS256);
    QTest::newRow("ES256") << u"ec"_s << int(TestJwt::Algorithm::ES256);
}

void TestSecurityJwt::publicKeyAlgorithms()
{
    QFETCH(QString, kind);
    QFETCH(int, alg);
    const QString publicKey = kind == "rsa"_L1 ? m_rsaPublic : m_ecPublic;
    const QByteArray privatePem = TestKeys::readFile(kind == "rsa"_L1 ? m_rsaPrivate : m_ecPrivate);
    const QByteArray publicPem = TestKeys::readFile(publicKey);
    QVERIFY(!privatePem.isEmpty());
    QVERIFY(!publicPem.isEmpty());

    m_daemon->setEnv(u"AUTH_MODE"_s, u"jwt"_s);
    m_daemon->setEnv(u"JWT_PUBLIC_KEY_FILE"_s, publicKey);
    START_DAEMON(*m_daemon, u"sqlite"_s, *m_dir);

    const QByteArray good =
        TestJwt::sign(TestJwt::claimsFor(kAlice), TestJwt::Algorithm(alg), privatePem);
    QVERIFY(!good.isEmpty());
    m_secrets << QString::fromLatin1(good);
    WsTestClient alice;
    OPEN_REGISTERED(alice, wsUrl(), bearer(good), kAlice, kEndpoint);

    // Algorithm confusion: HS256 "signed" with the public key as the HMAC secret.
    const QByteArray confused =
        TestJwt::sign(TestJwt::claimsFor(kAlice), TestJwt::Algorithm::HS256, publicPem);
    QVERIFY(!confused.isEmpty());
    m_secrets << QString::fromLatin1(confused);
    WsTestClient forger;
    QVERIFY(!forger.open(wsUrl(), bearer(confused)));
    QVERIFY(statusLine(
                rawUpgrade(m_daemon->port(), "/ws", "Authorization: Bearer " + confused + "\r\n"))
                .startsWith("HTTP/1.1 401"));
    // Nor does an unsigned token get through with a key configured.
    QVERIFY(!forger.open(wsUrl(), bearer(TestJwt::unsignedToken(TestJwt::claimsFor(kAlice)))));
    QCOMPARE(ackOrReply(alice.roundTrip(wire::heartbeat(kAlice))), u"ack"_s);
}

void TestSecurityJwt::userClaimSetting()
{
    QVERIFY(startJwtDaemon({{u"JWT_USER_CLAIM"_s, u"email"_s}}));
    QJsonObject claims = TestJwt::claimsFor(u"u-8841"_s);
    claims.insert("email"_L1, kAlice);
    const QByteArray withEmail = TestJwt::sign(claims, TestJwt::Algorithm::HS256, m_secret);
    m_secrets << QString::fromLatin1(withEmail);

    WsTestClient bySub;
    QVERIFY(bySub.open(wsUrl(), bearer(withEmail)));
    QCOMPARE(errorCode(bySub.roundTrip(wire::registerUser(u"u-8841"_s, kEndpoint))),
             u"FORBIDDEN"_s);
    WsTestClient byEmail;
    OPEN_REGISTERED(byEmail, wsUrl(), bearer(withEmail), kAlice, kEndpoint);

    // A token without the configured claim proves nobody and is refused.
    WsTestClient noEmail;
    QVERIFY(!noEmail.open(wsUrl(), bearer(token(kAlice))));
}

void TestSecurityJwt::adminCredentials_data()
{
    QTest::addColumn<bool>("jwtMode");
    QTest::addColumn<bool>("roleJwt"); // else BROKER_ADMIN_TOKEN
    QTest::newRow("none mode, BROKER_ADMIN_TOKEN") << false << false;
    QTest::newRow("jwt mode, BROKER_ADMIN_TOKEN") << true << false;
    QTest::newRow("none mode, JWT with the admin role") << false << true;
    QTest::newRow("jwt mode, JWT with the admin role") << true << true;
}

void TestSecurityJwt::adminCredentials()
{
    QFETCH(bool, jwtMode);
    QFETCH(bool, roleJwt);
    m_daemon->setEnv(u"AUTH_MODE"_s, jwtMode ? u"jwt"_s : u"none"_s);
    m_daemon->setEnv(u"JWT_SECRET"_s, QString::fromLatin1(m_secret));
    m_daemon->setEnv(u"BROKER_ADMIN_TOKEN"_s, m_adminToken);
    // Ordinary connections must register within a second; admin connections need not.
    m_daemon->setEnv(u"REGISTER_TIMEOUT_SECONDS"_s, u"1"_s);
    START_DAEMON(*m_daemon, u"sqlite"_s, *m_dir);

    QByteArray credential = m_adminToken.toLatin1();
    if (roleJwt) {
        QJsonObject claims = TestJwt::claimsFor(u"ops@institution.edu"_s);
        claims.insert("roles"_L1, QJsonArray{u"broker-admin"_s});
        credential = TestJwt::sign(claims, TestJwt::Algorithm::HS256, m_secret);
        m_secrets << QString::fromLatin1(credential);
    }

    WsTestClient admin, adminByQuery, ordinary;
    QVERIFY(admin.open(wsUrl(), bearer(credential)));
    QVERIFY(adminByQuery.open(withAccessToken(wsUrl(), credential)));
    QVERIFY(ordinary.open(wsUrl(), jwtMode ? bearer(token(kDave)) : RequestHeaders()));

    // A near miss of the admin token, or the admin role under a foreign signature, is no
    // credential at all.
    QByteArray forged = credential;
    if (roleJwt) {
        QJsonObject claims = TestJwt::claimsFor(u"ops@institution.edu"_s);
        claims.insert("roles"_L1, QJsonArray{u"broker-admin"_s});
        forged = TestJwt::sign(claims, TestJwt::Algorithm::HS256, randomText(24));
    } else {
        forged.back() = forged.back() == 'a' ? 'b' : 'a';
    }
    WsTestClient impostor;
    QVERIFY(!impostor.open(wsUrl(), bearer(forged)));

    QVERIFY(ordinary.waitForClosed(6000));
    QCOMPARE(ordinary.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QVERIFY(admin.isOpen());
    QVERIFY(adminByQuery.isOpen());

    // The admin token proves no user: in jwt mode it cannot register as anybody.
    if (jwtMode && !roleJwt)
        QCOMPARE(errorCode(admin.roundTrip(wire::registerUser(kAlice, kEndpoint))), u"FORBIDDEN"_s);
}

QTEST_GUILESS_MAIN(TestSecurityJwt)
#include "tst_sec_jwt.moc"
