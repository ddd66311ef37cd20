// Identity binding, in both auth modes: a connection may only act for the user it registered as
// (in jwt mode: the user its token proves), shares belong to their owner, presence follows the
// owner's connections, and restricted shares do not leak over HTTP. In AUTH_MODE=none (the
// default) the shipped desktop client needs no credentials at all.

#include "SecuritySupport.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kCarol = u"carol@institution.edu"_s;
const QString kAliceEndpoint = u"http://192.168.1.50:3001"_s;
const QString kAliceLaptop = u"http://192.168.1.51:3001"_s;
const QString kBobEndpoint = u"http://192.168.1.60:3001"_s;
const QString kResultId = u"result-7f3a"_s;

QString downloadUrl(const QString &endpoint)
{
    return endpoint + u"/api/results/"_s + kResultId;
}

void addModeRows()
{
    QTest::addColumn<bool>("jwtMode");
    QTest::newRow("AUTH_MODE=none") << false;
    QTest::newRow("AUTH_MODE=jwt") << true;
}

} // namespace

// Starts m_daemon in the mode of the case, or fails the test.
#define START_DAEMON(jwtMode)                                                                      \
    do {                                                                                           \
        QString startError;                                                                        \
        if (!startDaemon(jwtMode, &startError))                                                    \
            QFAIL(qPrintable(startError));                                                         \
    } while (false)

class TestSecurityIdentity : public QObject
{
    Q_OBJECT

private slots:
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
    sec::Headers credentials(const QString &user);
    QString newShareToken();
    QUrl shareUrl(const QString &token) const
    {
        return m_daemon->httpUrl(u"/api/shares/"_s + token);
    }
    // The share as the HTTP API shows it to a third party (carol).
    QJsonObject httpShare(const QString &token);

    bool m_jwtMode = false;
    QByteArray m_secret;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DaemonProcess> m_daemon;
    QStringList m_secrets; // every credential and share token a case used; none may be logged
};

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
    const QStringList leaked = sec::leakedSecrets(m_daemon->output(), m_secrets);
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
    return sec::startDaemon(*m_daemon, *m_dir, error);
}

sec::Headers TestSecurityIdentity::credentials(const QString &user)
{
    if (!m_jwtMode)
        return {};
    const QByteArray token = sec::signJwt(sec::claimsFor(user), JWT_ALG_HS256, m_secret);
    m_secrets << QString::fromLatin1(token);
    return sec::bearer(token);
}

QString TestSecurityIdentity::newShareToken()
{
    const QString token = sec::newShareToken();
    m_secrets << token;
    return token;
}

QJsonObject TestSecurityIdentity::httpShare(const QString &token)
{
    const sec::HttpReply reply = sec::httpGet(shareUrl(token), credentials(kCarol));
    if (reply.status != 200)
        return {};
    return QJsonDocument::fromJson(reply.body).object();
}

void TestSecurityIdentity::shippedClientNeedsNoCredentials()
{
    START_DAEMON(false);
    const QString token = newShareToken();

    // No Authorization, no query, no subprotocol; register_user, publish_share and heartbeat go
    // out back to back without waiting for an ack.
    WsTestClient alice;
    QVERIFY(alice.open(m_daemon->wsUrl()));
    alice.sendJson(sec::registerUser(kAlice, kAliceEndpoint));
    alice.sendJson(
        sec::publishShare(token, sec::metadata(kAlice, kResultId, u"My DDA Analysis"_s)));
    alice.sendJson(sec::heartbeat(kAlice));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(sec::ackOrReply(alice.next()), u"ack"_s);

    WsTestClient bob;
    QVERIFY(bob.open(m_daemon->wsUrl()));
    bob.sendJson(sec::registerUser(kBob, kBobEndpoint));
    bob.sendJson(sec::requestShare(token, kBob));
    QCOMPARE(sec::ackOrReply(bob.next()), u"ack"_s);
    const QJsonObject info = sec::shareInfo(bob.next());
    QCOMPARE(info.value("metadata"_L1).toObject().value("title"_L1).toString(),
             u"My DDA Analysis"_s);
    QCOMPARE(info.value("owner_online"_L1), QJsonValue(true));
    QCOMPARE(info.value("download_url"_L1).toString(), downloadUrl(kAliceEndpoint));

    // A clean disconnect takes alice offline.
    QCOMPARE(sec::ackOrReply(sec::roundTrip(alice, sec::disconnect(kAlice))), u"ack"_s);
    const QJsonObject after = sec::shareInfo(sec::roundTrip(bob, sec::requestShare(token, kBob)));
    QCOMPARE(after.value("owner_online"_L1), QJsonValue(false));
    QCOMPARE(after.value("download_url"_L1).toString(), QString());
}

void TestSecurityIdentity::impersonationIsForbidden()
{
    QFETCH(bool, jwtMode);
    START_DAEMON(jwtMode);
    const QString token = newShareToken();
    WsTestClient alice;
    SEC_OPEN_REGISTERED(alice, m_daemon->wsUrl(), credentials(kAlice), kAlice, kAliceEndpoint);

    QCOMPARE(sec::errorCode(sec::roundTrip(alice, sec::heartbeat(kBob))), u"FORBIDDEN"_s);
    QCOMPARE(sec::errorCode(sec::roundTrip(
                 alice, sec::publishShare(token, sec::metadata(kBob, kResultId, u"fake"_s)))),
             u"FORBIDDEN"_s);
    QCOMPARE(sec::errorCode(sec::roundTrip(alice, sec::requestShare(token, kBob))), u"FORBIDDEN"_s);
    // Nor may the connection switch to another user.
    QCOMPARE(sec::errorCode(sec::roundTrip(alice, sec::registerUser(kBob, kBobEndpoint))),
             u"FORBIDDEN"_s);

    // The forged publish stored nothing, and the connection still works for alice.
    QCOMPARE(sec::errorCode(sec::roundTrip(alice, sec::requestShare(token, kAlice))),
             u"SHARE_NOT_FOUND"_s);
    QCOMPARE(sec::ackOrReply(sec::roundTrip(alice, sec::heartbeat(kAlice))), u"ack"_s);
}

void TestSecurityIdentity::shareMessagesBeforeRegisterAreRefused()
{
    QFETCH(bool, jwtMode);
    START_DAEMON(jwtMode);
    const QString token = newShareToken();
    WsTestClient anonymous;
    QVERIFY(anonymous.open(m_daemon->wsUrl(), credentials(kAlice)));
    QCOMPARE(sec::errorCode(sec::roundTrip(
                 anonymous, sec::publishShare(token, sec::metadata(kAlice, kResultId, u"t"_s)))),
             u"NOT_REGISTERED"_s);
    QCOMPARE(sec::errorCode(sec::roundTrip(anonymous, sec::requestShare(token, kAlice))),
             u"NOT_REGISTERED"_s);
    QCOMPARE(sec::errorCode(sec::roundTrip(anonymous, sec::revokeShare(token))),
             u"NOT_REGISTERED"_s);

    // Nothing was published.
    QCOMPARE(sec::httpGet(shareUrl(token), credentials(kAlice)).status, 404);
}

void TestSecurityIdentity::disconnectOfAnotherUserIsForbidden()
{
    QFETCH(bool, jwtMode);
    START_DAEMON(jwtMode);
    const QString token = newShareToken();
    WsTestClient alice;
    SEC_OPEN_REGISTERED(alice, m_daemon->wsUrl(), credentials(kAlice), kAlice, kAliceEndpoint);
    QCOMPARE(sec::ackOrReply(sec::roundTrip(
                 alice, sec::publishShare(token, sec::metadata(kAlice, kResultId, u"t"_s)))),
             u"ack"_s);

    WsTestClient bob;
    SEC_OPEN_REGISTERED(bob, m_daemon->wsUrl(), credentials(kBob), kBob, kBobEndpoint);
    QCOMPARE(sec::errorCode(sec::roundTrip(bob, sec::disconnect(kAlice))), u"FORBIDDEN"_s);

    // Alice is still online, with her endpoint, and her connection still works.
    const QJsonObject info = sec::shareInfo(sec::roundTrip(bob, sec::requestShare(token, kBob)));
    QCOMPARE(info.value("owner_online"_L1), QJsonValue(true));
    QCOMPARE(info.value("download_url"_L1).toString(), downloadUrl(kAliceEndpoint));
    QCOMPARE(sec::ackOrReply(sec::roundTrip(alice, sec::heartbeat(kAlice))), u"ack"_s);
    // Bob's own registration was not touched either.
    QCOMPARE(sec::ackOrReply(sec::roundTrip(bob, sec::heartbeat(kBob))), u"ack"_s);
}

void TestSecurityIdentity::strangerCannotRevoke()
{
    QFETCH(bool, jwtMode);
    START_DAEMON(jwtMode);
    const QString token = newShareToken();
    WsTestClient alice;
    SEC_OPEN_REGISTERED(alice, m_daemon->wsUrl(), credentials(kAlice), kAlice, kAliceEndpoint);
    QCOMPARE(sec::ackOrReply(sec::roundTrip(
                 alice, sec::publishShare(token, sec::metadata(kAlice, kResultId, u"t"_s)))),
             u"ack"_s);

    WsTestClient bob;
    SEC_OPEN_REGISTERED(bob, m_daemon->wsUrl(), credentials(kBob), kBob, kBobEndpoint);
    QCOMPARE(sec::errorCode(sec::roundTrip(bob, sec::revokeShare(token))), u"FORBIDDEN"_s);

    // Still served, over the WebSocket and over HTTP.
    const QJsonObject info = sec::shareInfo(sec::roundTrip(bob, sec::requestShare(token, kBob)));
    QCOMPARE(info.value("metadata"_L1).toObject().value("owner_user_id"_L1).toString(), kAlice);
    QCOMPARE(sec::httpGet(shareUrl(token), credentials(kBob)).status, 200);

    // The owner can revoke it; then it is gone for everybody.
    QCOMPARE(sec::ackOrReply(sec::roundTrip(alice, sec::revokeShare(token))), u"ack"_s);
    QCOMPARE(sec::errorCode(sec::roundTrip(bob, sec::requestShare(token, kBob))),
             u"SHARE_NOT_FOUND"_s);
}

void TestSecurityIdentity::publishingOverAnotherUsersTokenIsRefused()
{
    QFETCH(bool, jwtMode);
    START_DAEMON(jwtMode);
    const QString token = newShareToken();
    WsTestClient alice;
    SEC_OPEN_REGISTERED(alice, m_daemon->wsUrl(), credentials(kAlice), kAlice, kAliceEndpoint);
    QCOMPARE(sec::ackOrReply(sec::roundTrip(
                 alice, sec::publishShare(token, sec::metadata(kAlice, kResultId, u"Alice's"_s)))),
             u"ack"_s);

    WsTestClient bob;
    SEC_OPEN_REGISTERED(bob, m_daemon->wsUrl(), credentials(kBob), kBob, kBobEndpoint);
    QCOMPARE(sec::errorCode(
                 sec::roundTrip(bob, sec::publishShare(token, sec::metadata(kBob, u"bobs-result"_s,
                                                                            u"Bob's takeover"_s)))),
             u"TOKEN_TAKEN"_s);

    const QJsonObject metadata = sec::shareInfo(sec::roundTrip(bob, sec::requestShare(token, kBob)))
                                     .value("metadata"_L1)
                                     .toObject();
    QCOMPARE(metadata.value("title"_L1).toString(), u"Alice's"_s);
    QCOMPARE(metadata.value("owner_user_id"_L1).toString(), kAlice);
    QCOMPARE(metadata.value("result_id"_L1).toString(), kResultId);
}

void TestSecurityIdentity::twoDevicesOfOneUser()
{
    QFETCH(bool, jwtMode);
    START_DAEMON(jwtMode);
    const QString token = newShareToken();
    WsTestClient desktop;
    SEC_OPEN_REGISTERED(desktop, m_daemon->wsUrl(), credentials(kAlice), kAlice, kAliceEndpoint);
    QCOMPARE(sec::ackOrReply(sec::roundTrip(
                 desktop, sec::publishShare(token, sec::metadata(kAlice, kResultId, u"t"_s)))),
             u"ack"_s);
    WsTestClient laptop;
    SEC_OPEN_REGISTERED(laptop, m_daemon->wsUrl(), credentials(kAlice), kAlice, kAliceLaptop);

    const QJsonObject before = httpShare(token);
    QCOMPARE(before.value("owner_online"_L1), QJsonValue(true));
    const QString servedUrl = before.value("download_url"_L1).toString();
    QVERIFY2(servedUrl == downloadUrl(kAliceEndpoint) || servedUrl == downloadUrl(kAliceLaptop),
             qPrintable(servedUrl));

    // The device whose endpoint is handed out vanishes without a word: the other takes over.
    const bool laptopServed = servedUrl == downloadUrl(kAliceLaptop);
    WsTestClient &vanishing = laptopServed ? laptop : desktop;
    WsTestClient &remaining = laptopServed ? desktop : laptop;
    const QString remainingUrl = downloadUrl(laptopServed ? kAliceEndpoint : kAliceLaptop);
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
    START_DAEMON(false);
    const QString token = newShareToken();
    const QString unknown = newShareToken();
    WsTestClient alice;
    SEC_OPEN_REGISTERED(alice, m_daemon->wsUrl(), {}, kAlice, kAliceEndpoint);
    QCOMPARE(sec::ackOrReply(sec::roundTrip(
                 alice, sec::publishShare(token, sec::metadata(kAlice, kResultId, u"secret"_s,
                                                               sec::usersPolicy({kCarol}))))),
             u"ack"_s);

    const sec::HttpReply restricted = sec::httpGet(shareUrl(token));
    const sec::HttpReply missing = sec::httpGet(shareUrl(unknown));
    QCOMPARE(restricted.status, 404);
    QCOMPARE(missing.status, 404);
    QCOMPARE(restricted.body, missing.body);
    QCOMPARE(restricted.header("Content-Type"), missing.header("Content-Type"));
    QVERIFY(!restricted.body.contains("secret"));

    // Without a configured key a JWT proves nothing: it is refused, not taken for carol's.
    const QByteArray carolsJwt =
        sec::signJwt(sec::claimsFor(kCarol), JWT_ALG_HS256, QByteArray(32, 'k'));
    const sec::HttpReply withJwt = sec::httpGet(shareUrl(token), sec::bearer(carolsJwt));
    QCOMPARE(withJwt.status, 401);
    QVERIFY(!withJwt.body.contains("secret"));
}

QTEST_GUILESS_MAIN(TestSecurityIdentity)
#include "tst_sec_identity.moc"
