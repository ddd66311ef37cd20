// One daemon run through every way a credential or share token reaches the broker (accepted,
// refused, renewed, in headers, in URLs, over HTTP, inside oversized frames), with all of the
// broker's log categories on: afterwards its output holds none of them.

#include "support/BrokerReplies.h"
#include "support/Credentials.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/LeakedSecrets.h"
#include "support/TestJwt.h"
#include "support/WsTestClient.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kCarol = u"carol@institution.edu"_s;
const QString kEndpoint = u"http://192.168.1.50:3001"_s;
const QString kIssuer = u"https://idp.institution.edu"_s;

QByteArray randomHex(int bytes)
{
    QByteArray data(bytes, Qt::Uninitialized);
    for (char &c : data)
        c = char(QRandomGenerator::global()->bounded(256));
    return data.toHex();
}

} // namespace

class TestSecurityLogs : public QObject
{
    Q_OBJECT

private slots:
    void noCredentialInTheLog();

private:
    QByteArray jwt(const QString &user, qint64 expiresIn = 3600);
    QByteArray keep(const QByteArray &credential);
    QString share();

    QByteArray m_secret = randomHex(24);
    QString m_adminToken = QString::fromLatin1(randomHex(16));
    QStringList m_secrets;
};

QByteArray TestSecurityLogs::keep(const QByteArray &credential)
{
    m_secrets << QString::fromLatin1(credential);
    // Every part of a JWT on its own, too: payload and signature (when long enough to mean
    // something).
    const QList<QByteArray> parts = credential.split('.');
    for (qsizetype i = 1; parts.size() == 3 && i < 3; ++i) {
        if (parts.at(i).size() >= 16)
            m_secrets << QString::fromLatin1(parts.at(i));
    }
    return credential;
}

QByteArray TestSecurityLogs::jwt(const QString &user, qint64 expiresIn)
{
    QJsonObject claims = TestJwt::claimsFor(user, expiresIn);
    claims.insert("iss"_L1, kIssuer);
    return keep(TestJwt::sign(claims, TestJwt::Algorithm::HS256, m_secret));
}

QString TestSecurityLogs::share()
{
    const QString token = wire::newToken();
    m_secrets << token;
    return token;
}

void TestSecurityLogs::noCredentialInTheLog()
{
    m_secrets << QString::fromLatin1(m_secret) << m_adminToken;
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"QT_LOGGING_RULES"_s, u"ddalab.*=true"_s);
    daemon.setEnv(u"AUTH_MODE"_s, u"jwt"_s);
    daemon.setEnv(u"JWT_SECRET"_s, QString::fromLatin1(m_secret));
    daemon.setEnv(u"JWT_ISSUER"_s, kIssuer);
    daemon.setEnv(u"JWT_LEEWAY_SECONDS"_s, u"0"_s);
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, m_adminToken);
    daemon.setEnv(u"MAX_MESSAGE_BYTES"_s, u"65536"_s);
    daemon.setEnv(u"RATE_LIMIT_BURST"_s, u"10"_s);
    daemon.setEnv(u"ALLOWED_ORIGINS"_s, u"https://lab.example"_s);
    START_DAEMON(daemon, u"sqlite"_s, dir);
    const QUrl ws = daemon.wsUrl();
    // HTTP probes on a connection of their own each, as separate clients would send them.
    HttpTestClient http;
    http.setFreshConnectionPerRequest(true);
    http.setTimeout(10000);

    // Shares published, requested, taken over, revoked, over a header and a query credential.
    const QString publicShare = share();
    const QString bobsShare = share();
    WsTestClient alice, bob, carol;
    OPEN_REGISTERED(alice, ws, bearer(jwt(kAlice)), kAlice, kEndpoint);
    OPEN_REGISTERED(bob, withAccessToken(ws, jwt(kBob)), {}, kBob, kEndpoint);
    OPEN_REGISTERED(carol, ws, bearer(jwt(kCarol)), kCarol, kEndpoint);
    QCOMPARE(ackOrReply(alice.roundTrip(wire::publishShare(
                 publicShare,
                 wire::metadata(kAlice, u"r1"_s, u"a"_s, wire::publicPolicy(), QJsonValue::Null)))),
             u"ack"_s);
    QCOMPARE(ackOrReply(alice.roundTrip(wire::publishShare(
                 bobsShare, wire::metadata(kAlice, u"r2"_s, u"b"_s, wire::usersPolicy({kBob}),
                                           QJsonValue::Null)))),
             u"ack"_s);
    QVERIFY(shareInfo(bob.roundTrip(wire::requestShare(bobsShare, kBob))).has_value());
    QCOMPARE(errorCode(carol.roundTrip(wire::requestShare(bobsShare, kCarol))), u"ACCESS_DENIED"_s);
    QCOMPARE(errorCode(carol.roundTrip(wire::requestShare(share(), kCarol))), u"SHARE_NOT_FOUND"_s);
    QCOMPARE(errorCode(bob.roundTrip(wire::publishShare(
                 publicShare,
                 wire::metadata(kBob, u"r3"_s, u"c"_s, wire::publicPolicy(), QJsonValue::Null)))),
             u"TOKEN_TAKEN"_s);
    QCOMPARE(errorCode(bob.roundTrip(wire::revokeShare(publicShare))), u"FORBIDDEN"_s);
    QCOMPARE(ackOrReply(alice.roundTrip(wire::revokeShare(publicShare))), u"ack"_s);
    QCOMPARE(errorCode(alice.roundTrip(wire::publishShare(
                 publicShare,
                 wire::metadata(kAlice, u"r1"_s, u"a"_s, wire::publicPolicy(), QJsonValue::Null)))),
             u"TOKEN_TAKEN"_s);
    // Impersonation attempts.
    QCOMPARE(errorCode(carol.roundTrip(wire::disconnect(kAlice))), u"FORBIDDEN"_s);
    QCOMPARE(errorCode(carol.roundTrip(wire::publishShare(
                 share(),
                 wire::metadata(kAlice, u"r"_s, u"x"_s, wire::publicPolicy(), QJsonValue::Null)))),
             u"FORBIDDEN"_s);
    // A share token the codec refuses.
    const QString malformedShare = u"not a token!"_s + QString::fromLatin1(randomHex(8));
    m_secrets << malformedShare;
    QCOMPARE(errorCode(alice.roundTrip(wire::revokeShare(malformedShare))), u"PARSE_ERROR"_s);
    // Rate limiting.
    for (int i = 0; i < 15; ++i)
        carol.sendJson(wire::requestShare(bobsShare, kCarol));
    QVERIFY(carol.waitForFrames(15));
    bool limited = false;
    for (int i = 0; i < 15; ++i)
        limited |= errorCode(carol.next()) == "RATE_LIMITED"_L1;
    QVERIFY(limited);

    // Refused upgrades: every kind of bad credential, in the header and in the URL.
    QJsonObject noExp = TestJwt::claimsFor(kAlice);
    noExp.remove("exp"_L1);
    noExp.insert("iss"_L1, kIssuer);
    QJsonObject wrongIssuer = TestJwt::claimsFor(kAlice);
    wrongIssuer.insert("iss"_L1, u"https://evil.example"_s);
    const QList<QByteArray> refused{
        jwt(kAlice, -60),
        keep(TestJwt::sign(TestJwt::claimsFor(kAlice), TestJwt::Algorithm::HS256, randomHex(24))),
        keep(TestJwt::unsignedToken(TestJwt::claimsFor(kAlice))),
        keep(TestJwt::sign(noExp, TestJwt::Algorithm::HS256, m_secret)),
        keep(TestJwt::sign(wrongIssuer, TestJwt::Algorithm::HS256, m_secret)),
        keep("opaque-" + randomHex(12)),
        keep(m_adminToken.toLatin1() + "x"),
    };
    for (const QByteArray &credential : refused) {
        WsTestClient client;
        QVERIFY(!client.open(ws, bearer(credential)));
        QVERIFY(!client.open(withAccessToken(ws, credential)));
        QCOMPARE(
            http.getUrl(daemon.httpUrl(u"/api/shares/"_s + bobsShare), bearer(credential)).status,
            401);
    }
    const QByteArray basic = keep(QByteArray("alice:" + randomHex(8)).toBase64());
    WsTestClient basicClient;
    QVERIFY(!basicClient.open(ws, {{"Authorization", "Basic " + basic}}));
    // A valid credential from a foreign origin.
    WsTestClient foreign;
    QVERIFY(!foreign.open(withAccessToken(ws, jwt(kAlice)), {{"Origin", "https://evil.example"}}));

    // Admin connections, by header and by URL.
    WsTestClient admin, adminByQuery;
    QVERIFY(admin.open(ws, bearer(m_adminToken.toLatin1())));
    QVERIFY(adminByQuery.open(withAccessToken(ws, m_adminToken.toLatin1())));

    // Renewals: accepted, refused for another user, refused when malformed; and a connection
    // that lets its credential run out.
    QCOMPARE(ackOrReply(alice.roundTrip(wire::authenticate(jwt(kAlice)))), u"ack"_s);
    QCOMPARE(errorCode(alice.roundTrip(wire::authenticate(jwt(kBob)))), u"AUTH_FAILED"_s);
    QCOMPARE(errorCode(alice.roundTrip(wire::authenticate(keep("x." + randomHex(8) + ".y")))),
             u"AUTH_FAILED"_s);
    WsTestClient lapsing;
    OPEN_REGISTERED(lapsing, ws, bearer(jwt(kCarol, 2)), kCarol, kEndpoint);

    // HTTP share lookups with every kind of credential.
    const QUrl bobsUrl = daemon.httpUrl(u"/api/shares/"_s + bobsShare);
    QCOMPARE(http.getUrl(bobsUrl, bearer(jwt(kBob))).status, 200);
    QCOMPARE(http.getUrl(withAccessToken(bobsUrl, jwt(kBob))).status, 200);
    QCOMPARE(http.getUrl(bobsUrl, bearer(jwt(kCarol))).status, 404);
    QCOMPARE(http.getUrl(bobsUrl).status, 401);
    QCOMPARE(http.getUrl(bobsUrl, bearer(m_adminToken.toLatin1())).status, 404);
    QCOMPARE(http.getUrl(daemon.httpUrl(u"/api/shares/"_s + share()), bearer(jwt(kBob))).status,
             404);

    // An oversized frame full of credentials.
    const QByteArray big = jwt(kBob);
    QString oversized = uR"({"type":"authenticate","access_token":")"_s;
    while (oversized.size() < 70000)
        oversized += QString::fromLatin1(big) + u' ';
    oversized += u"\"}"_s;
    bob.sendText(oversized);
    QVERIFY(bob.waitForClosed(5000));
    QCOMPARE(bob.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);

    QVERIFY(lapsing.waitForClosed(6000));
    QCOMPARE(lapsing.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(ackOrReply(alice.roundTrip(wire::disconnect(kAlice))), u"ack"_s);

    daemon.stop();
    const QString output = daemon.output();
    // The run was logged (so the absence below means something)...
    QVERIFY2(output.contains("published"_L1), qPrintable(output));
    QVERIFY2(output.contains("refused an upgrade"_L1), qPrintable(output));
    QVERIFY2(output.contains("credential expired"_L1), qPrintable(output));
    // ...and holds no credential, secret or share token.
    const QStringList leaked = leakedSecrets(output, m_secrets);
    QVERIFY2(leaked.isEmpty(), qPrintable(u"in the log: "_s + leaked.join(u", ")));
}

QTEST_GUILESS_MAIN(TestSecurityLogs)
#include "tst_sec_logs.moc"
