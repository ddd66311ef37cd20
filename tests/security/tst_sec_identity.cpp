// Identity binding, in both auth modes: a connection may only act for the user it registered as
// (in jwt mode: the user its token proves), shares belong to their owner, presence follows the
// owner's connections, and restricted shares do not leak over HTTP. In AUTH_MODE=none (the
// default) the shipped desktop client needs no credentials at all.

#include "support/BrokerReplies.h"
#include "support/Credentials.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/LeakedSecrets.h"
#include "support/TestJwt.h"
#include "support/WsTestClient.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using ddalab::protocol::ShareInfo;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kCarol = u"carol@institution.edu"_s;
const QString kAliceEndpoint = u"http://192.168.1.50:3001"_s;
const QString kAliceLaptop = u"http://192.168.1.51:3001"_s;
const QString kBobEndpoint = u"http://192.168.1.60:3001"_s;
const QString kResultId = u"result-7f3a"_s;

QString downloadUrl(const QString &endpoint, const QString &token)
{
    return wire::downloadUrl(endpoint, kResultId, token);
}

void addModeRows()
{
    QTest::addColumn<bool>("jwtMode");
    QTest::newRow("AUTH_MODE=none") << false;
    QTest::newRow("AUTH_MODE=jwt") << true;
}

} // namespace

// Starts m_daemon in the mode of the case, or fails the test.
#define START_IN_MODE(jwtMode)                                                                     \
    do {                                                                                           \
        QString startError;                                                                        \
        if (!startDaemon(jwtMode, &startError))                                                    \
            QFAIL(qPrintable(startError));                                                         \
    } while (false)

class TestSecurityIdentity : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void shippedClientNeedsNoCredentials();
    void impersonationIsForbidden_data() { addModeRows(); }
    void impersonationIsForbidden();
    void shareMessagesBeforeRegisterAreRefused_data() { addModeRows(); }
    void shareMessagesBeforeRegisterAreRefused();
    void disconnectOfAnotherUserIsForbidden_data() { addModeRows(); }
    void disconnectOfAnotherUserIsForbidden();
    void strangerCannotRevoke_data() { addModeRows(); }
    void strangerCannotRevoke();
    void publishingOverAnotherUsersTokenIsRefused_data() { addModeRows(); }
    void publishingOverAnotherUsersTokenIsRefused();
    void twoDevicesOfOneUser_data() { addModeRows(); }
    void twoDevicesOfOneUser();
    void restrictedShareLooksMissingOverHttp();

private:
    bool startDaemon(bool jwtMode, QString *error);
    // What a client of user presents: nothing in none mode, a bearer JWT in jwt mode.
    RequestHeaders credentials(const QString &user);
    QString newShareToken();
    QUrl shareUrl(const QString &token) const
    {
        return m_daemon->httpUrl(u"/api/shares/"_s + token);
    }
    // The share as the HTTP API shows it to a third party (carol).
    QJsonObject httpShare(const QString &token);

    // Probes on a connection of their own each, as separate clients would send them.
    HttpTestClient m_http;
    bool m_jwtMode = false;
    QByteArray m_secret;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DaemonProcess> m_daemon;
    QStringList m_secrets; // every credential and share token a case used; none may be logged
};

void TestSecurityIdentity::initTestCase()
{
    m_http.setFreshConnectionPerRequest(true);
    m_http.setTimeout(10000);
}

void TestSecurityIdentity::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_daemon = std::make_unique<DaemonProcess>();
    m_secret = QByteArray::number(QRandomGenerator::global()->generate64(), 16).repeated(4);
    m_secrets = {QString::fromLatin1(m_secret)};
}

void TestSecurityIdentity::cleanup()
{
    m_daemon->stop();
    const QStringList leaked = leakedSecrets(m_daemon->output(), m_secrets);
    QVERIFY2(leaked.isEmpty(), qPrintable(u"secrets in the log: "_s + leaked.join(u", ")));
    m_daemon.reset();
    m_dir.reset();
}

bool TestSecurityIdentity::startDaemon(bool jwtMode, QString *error)
{
    m_jwtMode = jwtMode;
    if (jwtMode) {
        m_daemon->setEnv(u"AUTH_MODE"_s, u"jwt"_s);
        m_daemon->setEnv(u"JWT_SECRET"_s, QString::fromLatin1(m_secret));
    }
    return m_daemon->startOnFreshDatabase(u"sqlite"_s, *m_dir, error);
}

RequestHeaders TestSecurityIdentity::credentials(const QString &user)
{
    if (!m_jwtMode)
        return {};
    const QByteArray token =
        TestJwt::sign(TestJwt::claimsFor(user), TestJwt::Algorithm::HS256, m_secret);
    m_secrets << QString::fromLatin1(token);
    return bearer(token);
}

QString TestSecurityIdentity::newShareToken()
{
    const QString token = wire::newToken();
    m_secrets << token;
    return token;
}

QJsonObject TestSecurityIdentity::httpShare(const QString &token)
{
    const HttpTestReply reply = m_http.getUrl(shareUrl(token), credentials(kCarol));
    if (reply.status != 200)
        return {};
    return reply.json();
}

void TestSecurityIdentity::shippedClientNeedsNoCredentials()
{
    START_IN_MODE(false);
    const QString token = newShareToken();

    // No Authorization, no query, no subprotocol; register_user, publish_share and heartbeat go
    // out back to back without waiting for an ack.
    WsTestClient alice;
    QVERIFY(alice.open(m_daemon->wsUrl()));
    alice.sendJson(wire::registerUser(kAlice, kAliceEndpoint));
    alice.sendJson(
        wire::publishShare(token, wire::metadata(kAlice, kResultId, u"My DDA Analysis"_s,
                                                 wire::publicPolicy(), QJsonValue::Null)));
    alice.sendJson(wire::heartbeat(kAlice));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(ackOrReply(alice.next()), u"ack"_s);

    WsTestClient bob;
    QVERIFY(bob.open(m_daemon->wsUrl()));
    bob.sendJson(wire::registerUser(kBob, kBobEndpoint));
    bob.sendJson(wire::requestShare(token, kBob));
    QCOMPARE(ackOrReply(bob.next()), u"ack"_s);
    const std::optional<ShareInfo> info = shareInfo(bob.next());
    QVERIFY(info);
    QCOMPARE(info->metadata.title, u"My DDA Analysis"_s);
    QCOMPARE(info->ownerOnline, true);
    QCOMPARE(info->downloadUrl, downloadUrl(kAliceEndpoint, token));

    // A clean disconnect takes alice offline.
    QCOMPARE(ackOrReply(alice.roundTrip(wire::disconnect(kAlice))), u"ack"_s);
    const std::optional<ShareInfo> after =
        shareInfo(bob.roundTrip(wire::requestShare(token, kBob)));
    QVERIFY(after);
    QCOMPARE(after->ownerOnline, false);
    QCOMPARE(after->downloadUrl, QString());
}

void TestSecurityIdentity::impersonationIsForbidden()
{
    QFETCH(bool, jwtMode);
    START_IN_MODE(jwtMode);
    const QString token = newShareToken();
    WsTestClient alice;
    OPEN_REGISTERED(alice, m_daemon->wsUrl(), credentials(kAlice), kAlice, kAliceEndpoint);

    QCOMPARE(errorCode(alice.roundTrip(wire::heartbeat(kBob))), u"FORBIDDEN"_s);
    QCOMPARE(errorCode(alice.roundTrip(wire::publishShare(
                 token, wire::metadata(kBob, kResultId, u"fake"_s, wire::publicPolicy(),
                                       QJsonValue::Null)))),
             u"FORBIDDEN"_s);
    QCOMPARE(errorCode(alice.roundTrip(wire::requestShare(token, kBob))), u"FORBIDDEN"_s);
    // Nor may the connection switch to another user.
    QCOMPARE(errorCode(alice.roundTrip(wire::registerUser(kBob, kBobEndpoint))), u"FORBIDDEN"_s);

    // The forged publish stored nothing, and the connection still works for alice.
    QCOMPARE(errorCode(alice.roundTrip(wire::requestShare(token, kAlice))), u"SHARE_NOT_FOUND"_s);
    QCOMPARE(ackOrReply(alice.roundTrip(wire::heartbeat(kAlice))), u"ack"_s);
}

void TestSecurityIdentity::shareMessagesBeforeRegisterAreRefused()
{
    QFETCH(bool, jwtMode);
    START_IN_MODE(jwtMode);
    const QString token = newShareToken();
    WsTestClient anonymous;
    QVERIFY(anonymous.open(m_daemon->wsUrl(), credentials(kAlice)));
    QCOMPARE(errorCode(anonymous.roundTrip(wire::publishShare(
                 token, wire::metadata(kAlice, kResultId, u"t"_s, wire::publicPolicy(),
                                       QJsonValue::Null)))),
             u"NOT_REGISTERED"_s);
    QCOMPARE(errorCode(anonymous.roundTrip(wire::requestShare(token, kAlice))),
             u"NOT_REGISTERED"_s);
    QCOMPARE(errorCode(anonymous.roundTrip(wire::revokeShare(token))), u"NOT_REGISTERED"_s);

    // Nothing was published.
    QCOMPARE(m_http.getUrl(shareUrl(token), credentials(kAlice)).status, 404);
}

void TestSecurityIdentity::disconnectOfAnotherUserIsForbidden()
{
    QFETCH(bool, jwtMode);
    START_IN_MODE(jwtMode);
    const QString token = newShareToken();
    WsTestClient alice;
    OPEN_REGISTERED(alice, m_daemon->wsUrl(), credentials(kAlice), kAlice, kAliceEndpoint);
    QCOMPARE(ackOrReply(alice.roundTrip(wire::publishShare(
                 token, wire::metadata(kAlice, kResultId, u"t"_s, wire::publicPolicy(),
                                       QJsonValue::Null)))),
             u"ack"_s);

    WsTestClient bob;
    OPEN_REGISTERED(bob, m_daemon->wsUrl(), credentials(kBob), kBob, kBobEndpoint);
    QCOMPARE(errorCode(bob.roundTrip(wire::disconnect(kAlice))), u"FORBIDDEN"_s);

    // Alice is still online, with her endpoint, and her connection still works.
    const std::optional<ShareInfo> info = shareInfo(bob.roundTrip(wire::requestShare(token, kBob)));
    QVERIFY(info);
    QCOMPARE(info->ownerOnline, true);
    QCOMPARE(info->downloadUrl, downloadUrl(kAliceEndpoint, token));
    QCOMPARE(ackOrReply(alice.roundTrip(wire::heartbeat(kAlice))), u"ack"_s);
    // Bob's own registration was not touched either.
    QCOMPARE(ackOrReply(bob.roundTrip(wire::heartbeat(kBob))), u"ack"_s);
}

void TestSecurityIdentity::strangerCannotRevoke()
{
    QFETCH(bool, jwtMode);
    START_IN_MODE(jwtMode);
    const QString token = newShareToken();
    WsTestClient alice;
    OPEN_REGISTERED(alice, m_daemon->wsUrl(), credentials(kAlice), kAlice, kAliceEndpoint);
    QCOMPARE(ackOrReply(alice.roundTrip(wire::publishShare(
                 token, wire::metadata(kAlice, kResultId, u"t"_s, wire::publicPolicy(),
                                       QJsonValue::Null)))),
             u"ack"_s);

    WsTestClient bob;
    OPEN_REGISTERED(bob, m_daemon->wsUrl(), credentials(kBob), kBob, kBobEndpoint);
    QCOMPARE(errorCode(bob.roundTrip(wire::revokeShare(token))), u"FORBIDDEN"_s);

    // Still served, over the WebSocket and over HTTP.
    const std::optional<ShareInfo> info = shareInfo(bob.roundTrip(wire::requestShare(token, kBob)));
    QVERIFY(info);
    QCOMPARE(info->metadata.ownerUserId, kAlice);
    QCOMPARE(m_http.getUrl(shareUrl(token), credentials(kBob)).status, 200);

    // The owner can revoke it; then it is gone for everybody.
    QCOMPARE(ackOrReply(alice.roundTrip(wire::revokeShare(token))), u"ack"_s);
    QCOMPARE(errorCode(bob.roundTrip(wire::requestShare(token, kBob))), u"SHARE_NOT_FOUND"_s);
}

void TestSecurityIdentity::publishingOverAnotherUsersTokenIsRefused()
{
    QFETCH(bool, jwtMode);
    START_IN_MODE(jwtMode);
    const QString token = newShareToken();
    WsTestClient alice;
    OPEN_REGISTERED(alice, m_daemon->wsUrl(), credentials(kAlice), kAlice, kAliceEndpoint);
    QCOMPARE(ackOrReply(alice.roundTrip(wire::publishShare(
                 token, wire::metadata(kAlice, kResultId, u"Alice's"_s, wire::publicPolicy(),
                                       QJsonValue::Null)))),
             u"ack"_s);

    WsTestClient bob;
    OPEN_REGISTERED(bob, m_daemon->wsUrl(), credentials(kBob), kBob, kBobEndpoint);
    QCOMPARE(errorCode(bob.roundTrip(wire::publishShare(
                 token, wire::metadata(kBob, u"bobs-result"_s, u"Bob's takeover"_s,
                                       wire::publicPolicy(), QJsonValue::Null)))),
             u"TOKEN_TAKEN"_s);

    const std::optional<ShareInfo> info = shareInfo(bob.roundTrip(wire::requestShare(token, kBob)));
    QVERIFY(info);
    QCOMPARE(info->metadata.title, u"Alice's"_s);
    QCOMPARE(info->metadata.ownerUserId, kAlice);
    QCOMPARE(info->metadata.resultId, kResultId);
}

void TestSecurityIdentity::twoDevicesOfOneUser()
{
    QFETCH(bool, jwtMode);
    START_IN_MODE(jwtMode);
    const QString token = newShareToken();
    WsTestClient desktop;
    OPEN_REGISTERED(desktop, m_daemon->wsUrl(), credentials(kAlice), kAlice, kAliceEndpoint);
    QCOMPARE(ackOrReply(desktop.roundTrip(wire::publishShare(
                 token, wire::metadata(kAlice, kResultId, u"t"_s, wire::publicPolicy(),
                                       QJsonValue::Null)))),
             u"ack"_s);
    WsTestClient laptop;
    OPEN_REGISTERED(laptop, m_daemon->wsUrl(), credentials(kAlice), kAlice, kAliceLaptop);

    const QJsonObject before = httpShare(token);
    QCOMPARE(before.value("owner_online"_L1), QJsonValue(true));
    const QString servedUrl = before.value("download_url"_L1).toString();
    QVERIFY2(servedUrl == downloadUrl(kAliceEndpoint, token) ||
                 servedUrl == downloadUrl(kAliceLaptop, token),
             qPrintable(servedUrl));

    // The device whose endpoint is handed out vanishes without a word: the other takes over.
    const bool laptopServed = servedUrl == downloadUrl(kAliceLaptop, token);
    WsTestClient &vanishing = laptopServed ? laptop : desktop;
    WsTestClient &remaining = laptopServed ? desktop : laptop;
    const QString remainingUrl = downloadUrl(laptopServed ? kAliceEndpoint : kAliceLaptop, token);
    vanishing.abort();
    QTRY_COMPARE_WITH_TIMEOUT(httpShare(token).value("download_url"_L1).toString(), remainingUrl,
                              3000);
    QCOMPARE(httpShare(token).value("owner_online"_L1), QJsonValue(true));

    // The second vanishes too: offline within moments, not after the heartbeat timeout.
    remaining.abort();
    QTRY_COMPARE_WITH_TIMEOUT(httpShare(token).value("owner_online"_L1), QJsonValue(false), 3000);
    QCOMPARE(httpShare(token).value("download_url"_L1).toString(), QString());
}

void TestSecurityIdentity::restrictedShareLooksMissingOverHttp()
{
    // (jwt mode, where a credential can admit a requester: tst_sec_jwt httpSharesNeedAToken.)
    START_IN_MODE(false);
    const QString token = newShareToken();
    const QString unknown = newShareToken();
    WsTestClient alice;
    OPEN_REGISTERED(alice, m_daemon->wsUrl(), {}, kAlice, kAliceEndpoint);
    QCOMPARE(ackOrReply(alice.roundTrip(wire::publishShare(
                 token, wire::metadata(kAlice, kResultId, u"secret"_s, wire::usersPolicy({kCarol}),
                                       QJsonValue::Null)))),
             u"ack"_s);

    const HttpTestReply restricted = m_http.getUrl(shareUrl(token));
    const HttpTestReply missing = m_http.getUrl(shareUrl(unknown));
    QCOMPARE(restricted.status, 404);
    QCOMPARE(missing.status, 404);
    QCOMPARE(restricted.body, missing.body);
    QCOMPARE(restricted.header("Content-Type"), missing.header("Content-Type"));
    QVERIFY(!restricted.body.contains("secret"));

    // Without a configured key a JWT proves nothing: it is refused, not taken for carol's.
    const QByteArray carolsJwt =
        TestJwt::sign(TestJwt::claimsFor(kCarol), TestJwt::Algorithm::HS256, QByteArray(32, 'k'));
    const HttpTestReply withJwt = m_http.getUrl(shareUrl(token), bearer(carolsJwt));
    QCOMPARE(withJwt.status, 401);
    QVERIFY(!withJwt.body.contains("secret"));
}

QTEST_GUILESS_MAIN(TestSecurityIdentity)
#include "tst_sec_identity.moc"
