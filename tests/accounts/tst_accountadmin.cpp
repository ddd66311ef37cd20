// The administrator's accounts and sessions over HTTP (/api/admin/users, /api/admin/sessions)
// against the real daemon on both engines: every answer of the README's tables, refusal of
// everyone but the admin, and sessions ended by revoking, disabling and removing, which closes
// their WebSocket connections with 1008 at once while the other connections stay.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/LoginRequests.h"
#include "support/TestDatabases.h"
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
const QString kAlicePath = u"/api/admin/users/alice%40institution.edu"_s;
const QString kAlicePassword = u"correct horse battery staple"_s;
const QString kNewPassword = u"a second, longer passphrase"_s;
const QString kBobPassword = u"bob's lab password"_s;
const QByteArray kAdminToken = "admin-token-for-the-account-tests";
const QString kLaptop = u"http://192.168.1.50:3001"_s;
const QString kDesktop = u"http://192.168.1.51:3001"_s;

void configure(DaemonProcess &daemon)
{
    daemon.setEnv(u"AUTH_MODE"_s, u"password"_s);
    daemon.setEnv(u"PASSWORD_SOURCE"_s, u"accounts"_s);
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(kAdminToken));
}

// An RFC 3339 time in the broker's form, within the last minute.
bool isRecentTime(const QJsonValue &value)
{
    static const QRegularExpression form(
        u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"_s);
    if (!form.match(value.toString()).hasMatch())
        return false;
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return qAbs(time.secsTo(QDateTime::currentDateTimeUtc())) < 60;
}

// The user ids of GET /api/admin/users, in its order, or the answer when it is no list.
QStringList userIds(const HttpTestReply &reply)
{
    if (reply.status != 200)
        return {describe(reply)};
    QStringList ids;
    for (const QJsonValue &user : reply.json().value("users"_L1).toArray())
        ids.append(user.toObject().value("user_id"_L1).toString());
    return ids;
}

QJsonArray sessionsOf(const HttpTestReply &reply)
{
    return reply.json().value("sessions"_L1).toArray();
}

} // namespace

#define ADD_ACCOUNT(client, user, password)                                                        \
    do {                                                                                           \
        const HttpTestReply added = logins::addAccount(client, kAdminToken, user, password);       \
        QVERIFY2(added.status == 201, qPrintable(describe(added)));                                \
    } while (false)

class tst_AccountAdmin : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void usersEndpoints_data() { TestDatabases::addEngineRows(); }
    void usersEndpoints();
    void badAccountRequests_data() { TestDatabases::addEngineRows(); }
    void badAccountRequests();
    void onlyTheAdmin_data() { TestDatabases::addEngineRows(); }
    void onlyTheAdmin();
    void sessionsEndpoints_data() { TestDatabases::addEngineRows(); }
    void sessionsEndpoints();
    void revokingClosesOnlyThatSessionsConnections_data() { TestDatabases::addEngineRows(); }
    void revokingClosesOnlyThatSessionsConnections();
    void disablingAndRemovingEndTheSessions_data();
    void disablingAndRemovingEndTheSessions();

private:
    QTemporaryDir m_dir;
};

void tst_AccountAdmin::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
}

void tst_AccountAdmin::usersEndpoints()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));

    HttpTestReply list = client.get(u"/api/admin/users"_s, bearer(kAdminToken));
    QCOMPARE(list.status, 200);
    QCOMPARE(QJsonDocument::fromJson(list.body).object(),
             (QJsonObject{{"users"_L1, QJsonArray()}}));

    // Bob first, to see the list ordered by user id.
    ADD_ACCOUNT(client, kBob, kBobPassword);
    const HttpTestReply created = logins::addAccount(client, kAdminToken, kAlice, kAlicePassword);
    QCOMPARE(created.status, 201);
    QCOMPARE(created.header("Location"), QByteArray("/api/admin/users/alice%40institution.edu"));
    QCOMPARE(outcome(logins::addAccount(client, kAdminToken, kAlice, kNewPassword)),
             u"409 ACCOUNT_EXISTS"_s);
    QCOMPARE(logins::login(client, kAlice, kNewPassword).status, 401); // the first one stays

    list = client.get(u"/api/admin/users"_s, bearer(kAdminToken));
    QCOMPARE(userIds(list), (QStringList{kAlice, kBob}));
    QJsonObject alice = list.json().value("users"_L1).toArray().first().toObject();
    QCOMPARE(alice.keys(),
             (QStringList{u"created_at"_s, u"disabled"_s, u"last_login_at"_s, u"open_sessions"_s,
                          u"password_changed_at"_s, u"user_id"_s}));
    QCOMPARE(alice.value("disabled"_L1), QJsonValue(false));
    QVERIFY2(isRecentTime(alice.value("created_at"_L1)), qPrintable(describe(list)));
    QCOMPARE(alice.value("password_changed_at"_L1), alice.value("created_at"_L1));
    QCOMPARE(alice.value("last_login_at"_L1), QJsonValue(QJsonValue::Null));
    QCOMPARE(alice.value("open_sessions"_L1).toInt(), 0);

    QCOMPARE(logins::login(client, kAlice, kAlicePassword).status, 200);
    QCOMPARE(logins::login(client, kAlice, kAlicePassword).status, 200);
    list = client.get(u"/api/admin/users"_s, bearer(kAdminToken));
    alice = list.json().value("users"_L1).toArray().first().toObject();
    QVERIFY2(isRecentTime(alice.value("last_login_at"_L1)), qPrintable(describe(list)));
    QCOMPARE(alice.value("open_sessions"_L1).toInt(), 2);

    // A new password: the old one no longer gets in, the new one does.
    QCOMPARE(logins::sendJson(client, "PUT", kAlicePath + u"/password"_s,
                              {{"password"_L1, kNewPassword}}, kAdminToken)
                 .status,
             204);
    QCOMPARE(outcome(logins::login(client, kAlice, kAlicePassword)), u"401 AUTH_FAILED"_s);
    QCOMPARE(logins::login(client, kAlice, kNewPassword).status, 200);

    QCOMPARE(
        logins::sendJson(client, "PATCH", kAlicePath, {{"disabled"_L1, true}}, kAdminToken).status,
        204);
    list = client.get(u"/api/admin/users"_s, bearer(kAdminToken));
    QCOMPARE(list.json().value("users"_L1).toArray().first().toObject().value("disabled"_L1),
             QJsonValue(true));

    QCOMPARE(client.send("DELETE", kAlicePath, {}, bearer(kAdminToken)).status, 204);
    QCOMPARE(userIds(client.get(u"/api/admin/users"_s, bearer(kAdminToken))), QStringList{kBob});
    QCOMPARE(outcome(logins::login(client, kAlice, kNewPassword)), u"401 AUTH_FAILED"_s);

    // Nothing left of alice to change.
    QCOMPARE(outcome(client.send("DELETE", kAlicePath, {}, bearer(kAdminToken))),
             u"404 ACCOUNT_NOT_FOUND"_s);
    QCOMPARE(outcome(logins::sendJson(client, "PUT", kAlicePath + u"/password"_s,
                                      {{"password"_L1, kNewPassword}}, kAdminToken)),
             u"404 ACCOUNT_NOT_FOUND"_s);
    QCOMPARE(outcome(logins::sendJson(client, "PATCH", kAlicePath, {{"disabled"_L1, false}},
                                      kAdminToken)),
             u"404 ACCOUNT_NOT_FOUND"_s);
}

// Bodies that are not what the table says, and passwords outside 8 to 1024 characters, are 400
// and change nothing.
void tst_AccountAdmin::badAccountRequests()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));
    ADD_ACCOUNT(client, kAlice, kAlicePassword);

    const QString tooLong(1025, u'p');
    const QList<QJsonObject> badNewAccounts{
        {{"user_id"_L1, kBob}},
        {{"password"_L1, kBobPassword}},
        {{"user_id"_L1, kBob}, {"password"_L1, u"seven.."_s}},
        {{"user_id"_L1, kBob}, {"password"_L1, tooLong}},
        {{"user_id"_L1, QString()}, {"password"_L1, kBobPassword}},
        {{"user_id"_L1, kBob}, {"password"_L1, 12345678}},
    };
    for (const QJsonObject &body : badNewAccounts)
        QCOMPARE(
            outcome(logins::sendJson(client, "POST", u"/api/admin/users"_s, body, kAdminToken)),
            u"400 BAD_REQUEST"_s);
    QCOMPARE(userIds(client.get(u"/api/admin/users"_s, bearer(kAdminToken))), QStringList{kAlice});
    QCOMPARE(logins::login(client, kAlice, QString(1024, u'p')).status, 401);

    for (const QJsonObject &body : {QJsonObject{{"password"_L1, u"seven.."_s}},
                                    QJsonObject{{"password"_L1, tooLong}}, QJsonObject{}})
        QCOMPARE(outcome(logins::sendJson(client, "PUT", kAlicePath + u"/password"_s, body,
                                          kAdminToken)),
                 u"400 BAD_REQUEST"_s);
    for (const QJsonObject &body :
         {QJsonObject{{"disabled"_L1, u"yes"_s}}, QJsonObject{}, QJsonObject{{"disabled"_L1, 1}}})
        QCOMPARE(outcome(logins::sendJson(client, "PATCH", kAlicePath, body, kAdminToken)),
                 u"400 BAD_REQUEST"_s);
    QCOMPARE(logins::login(client, kAlice, kAlicePassword).status, 200);
    // 8 and 1024 characters are both fine.
    ADD_ACCOUNT(client, kBob, u"8 chars!"_s);
    QCOMPARE(logins::sendJson(client, "PUT", u"/api/admin/users/bob%40institution.edu/password"_s,
                              {{"password"_L1, QString(1024, u'p')}}, kAdminToken)
                 .status,
             204);
    QCOMPARE(logins::login(client, kBob, QString(1024, u'p')).status, 200);
}

// Without a credential 401, with a user's session 403, on every admin endpoint.
void tst_AccountAdmin::onlyTheAdmin()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));
    ADD_ACCOUNT(client, kAlice, kAlicePassword);
    const QByteArray alice = logins::sessionToken(logins::login(client, kAlice, kAlicePassword));
    QVERIFY(!alice.isEmpty());
    const QString sessionId = sessionsOf(client.get(u"/api/admin/sessions"_s, bearer(kAdminToken)))
                                  .first()
                                  .toObject()
                                  .value("session_id"_L1)
                                  .toString();

    const QList<std::tuple<QByteArray, QString, QJsonObject>> requests{
        {"GET", u"/api/admin/users"_s, {}},
        {"POST", u"/api/admin/users"_s, {{"user_id"_L1, kBob}, {"password"_L1, kBobPassword}}},
        {"PUT", kAlicePath + u"/password"_s, {{"password"_L1, kNewPassword}}},
        {"PATCH", kAlicePath, {{"disabled"_L1, true}}},
        {"DELETE", kAlicePath, {}},
        {"GET", u"/api/admin/sessions"_s, {}},
        {"DELETE", u"/api/admin/sessions/"_s + sessionId, {}},
    };
    for (const auto &[method, path, body] : requests) {
        const QString what = QString::fromLatin1(method) + u' ' + path;
        QCOMPARE(outcome(logins::sendJson(client, method, path, body, {})) + u" for "_s + what,
                 u"401 UNAUTHORIZED for "_s + what);
        QCOMPARE(outcome(logins::sendJson(client, method, path, body, alice)) + u" for "_s + what,
                 u"403 FORBIDDEN for "_s + what);
    }
    // Nothing changed.
    QCOMPARE(logins::sessionStatus(client, alice).json().value("valid"_L1), QJsonValue(true));
    QCOMPARE(logins::login(client, kAlice, kAlicePassword).status, 200);
    QCOMPARE(userIds(client.get(u"/api/admin/users"_s, bearer(kAdminToken))), QStringList{kAlice});
}

void tst_AccountAdmin::sessionsEndpoints()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));
    ADD_ACCOUNT(client, kAlice, kAlicePassword);
    ADD_ACCOUNT(client, kBob, kBobPassword);
    QCOMPARE(QJsonDocument::fromJson(client.get(u"/api/admin/sessions"_s, bearer(kAdminToken)).body)
                 .object(),
             (QJsonObject{{"sessions"_L1, QJsonArray()}}));

    const QByteArray laptop =
        logins::sessionToken(logins::login(client, kAlice, kAlicePassword, kLaptop));
    const QByteArray bob = logins::sessionToken(logins::login(client, kBob, kBobPassword));
    const QByteArray desktop =
        logins::sessionToken(logins::login(client, kAlice, kAlicePassword, kDesktop));
    QVERIFY(!laptop.isEmpty() && !bob.isEmpty() && !desktop.isEmpty());
    // The laptop's session has two connections, the desktop's none.
    WsTestClient first;
    WsTestClient second;
    OPEN_REGISTERED(first, daemon.wsUrl(), bearer(laptop), kAlice, kLaptop);
    OPEN_REGISTERED(second, daemon.wsUrl(), bearer(laptop), kAlice, kLaptop);

    HttpTestReply all = client.get(u"/api/admin/sessions"_s, bearer(kAdminToken));
    QCOMPARE(all.status, 200);
    QCOMPARE(sessionsOf(all).size(), 3);
    QJsonObject oldest = sessionsOf(all).first().toObject();
    QCOMPARE(oldest.keys(),
             (QStringList{u"client_address"_s, u"connections"_s, u"created_at"_s, u"endpoint"_s,
                          u"expires_at"_s, u"session_id"_s, u"user_id"_s}));
    QCOMPARE(oldest.value("user_id"_L1).toString(), kAlice);
    QCOMPARE(oldest.value("endpoint"_L1).toString(), kLaptop);
    QCOMPARE(oldest.value("client_address"_L1).toString(), u"127.0.0.1"_s);
    QCOMPARE(oldest.value("connections"_L1).toInt(), 2);
    QVERIFY2(isRecentTime(oldest.value("created_at"_L1)), qPrintable(describe(all)));
    const QDateTime created =
        QDateTime::fromString(oldest.value("created_at"_L1).toString(), Qt::ISODateWithMs);
    const QDateTime expires =
        QDateTime::fromString(oldest.value("expires_at"_L1).toString(), Qt::ISODateWithMs);
    QCOMPARE(created.secsTo(expires), 86400); // the default SESSION_TIMEOUT_SECONDS
    QCOMPARE(sessionsOf(all)[1].toObject().value("user_id"_L1).toString(), kBob);

    const HttpTestReply ofAlice =
        client.getUrl(daemon.httpUrl(u"/api/admin/sessions?user_id=alice%40institution.edu"_s),
                      bearer(kAdminToken));
    QCOMPARE(ofAlice.status, 200);
    QCOMPARE(sessionsOf(ofAlice).size(), 2);
    QCOMPARE(sessionsOf(ofAlice)[0].toObject(), oldest);
    QCOMPARE(sessionsOf(ofAlice)[1].toObject().value("endpoint"_L1).toString(), kDesktop);
    QCOMPARE(sessionsOf(ofAlice)[1].toObject().value("connections"_L1).toInt(), 0);
    const HttpTestReply ofNobody =
        client.getUrl(daemon.httpUrl(u"/api/admin/sessions?user_id=nobody"_s), bearer(kAdminToken));
    QCOMPARE(sessionsOf(ofNobody), QJsonArray());

    QCOMPARE(outcome(client.send("DELETE", u"/api/admin/sessions/no-such-session"_s, {},
                                 bearer(kAdminToken))),
             u"404 SESSION_NOT_FOUND"_s);
    // A session that ended is not found either.
    QCOMPARE(logins::logout(client, bob).status, 204);
    const QString bobId = sessionsOf(all)[1].toObject().value("session_id"_L1).toString();
    QCOMPARE(
        outcome(client.send("DELETE", u"/api/admin/sessions/"_s + bobId, {}, bearer(kAdminToken))),
        u"404 SESSION_NOT_FOUND"_s);
    QCOMPARE(sessionsOf(client.get(u"/api/admin/sessions"_s, bearer(kAdminToken))).size(), 2);
}

// DELETE /api/admin/sessions/ID closes the connections that registered with that session at
// once, with 1008 "session revoked"; another session's connection of the same user stays.
void tst_AccountAdmin::revokingClosesOnlyThatSessionsConnections()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));
    ADD_ACCOUNT(client, kAlice, kAlicePassword);
    const QByteArray stolen =
        logins::sessionToken(logins::login(client, kAlice, kAlicePassword, kLaptop));
    const QByteArray kept =
        logins::sessionToken(logins::login(client, kAlice, kAlicePassword, kDesktop));
    QVERIFY(!stolen.isEmpty() && !kept.isEmpty());

    WsTestClient onUpgrade; // the session as the upgrade's bearer
    OPEN_REGISTERED(onUpgrade, daemon.wsUrl(), bearer(stolen), kAlice, kLaptop);
    WsTestClient onRegister; // the session as register_user's session_token
    QVERIFY(onRegister.open(daemon.wsUrl()));
    QCOMPARE(ackOrReply(onRegister.roundTrip(
                 wire::registerUser(kAlice, kLaptop, QString::fromLatin1(stolen)))),
             u"ack"_s);
    WsTestClient other;
    QVERIFY(other.open(daemon.wsUrl()));
    QCOMPARE(ackOrReply(
                 other.roundTrip(wire::registerUser(kAlice, kDesktop, QString::fromLatin1(kept)))),
             u"ack"_s);

    const HttpTestReply listed =
        client.getUrl(daemon.httpUrl(u"/api/admin/sessions?user_id=alice%40institution.edu"_s),
                      bearer(kAdminToken));
    const QString stolenId =
        sessionsOf(listed).first().toObject().value("session_id"_L1).toString();
    QCOMPARE(sessionsOf(listed).first().toObject().value("endpoint"_L1).toString(), kLaptop);

    QCOMPARE(
        client.send("DELETE", u"/api/admin/sessions/"_s + stolenId, {}, bearer(kAdminToken)).status,
        204);
    for (WsTestClient *closed : {&onUpgrade, &onRegister}) {
        QVERIFY(closed->waitForClosed(2000));
        QCOMPARE(closed->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QCOMPARE(closed->socket().closeReason(), u"session revoked"_s);
    }
    QVERIFY(other.isOpen());
    QCOMPARE(ackOrReply(other.roundTrip(wire::heartbeat(kAlice))), u"ack"_s);
    QCOMPARE(logins::sessionStatus(client, stolen).json().value("valid"_L1), QJsonValue(false));
    QCOMPARE(logins::sessionStatus(client, kept).json().value("valid"_L1), QJsonValue(true));
    QCOMPARE(outcome(client.get(u"/api/users/alice%40institution.edu/teams"_s, bearer(stolen))),
             u"401 UNAUTHORIZED"_s);
}

void tst_AccountAdmin::disablingAndRemovingEndTheSessions_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QByteArray>("method");
    for (const QString &engine : TestDatabases::engines()) {
        QTest::addRow("%s, disable", qPrintable(engine)) << engine << QByteArray("PATCH");
        QTest::addRow("%s, remove", qPrintable(engine)) << engine << QByteArray("DELETE");
    }
}

// Disabling or removing an account over HTTP ends its sessions at once, closing their
// connections; another user's stay.
void tst_AccountAdmin::disablingAndRemovingEndTheSessions()
{
    QFETCH(QString, engine);
    QFETCH(QByteArray, method);
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient client(daemon.httpUrl({}));
    ADD_ACCOUNT(client, kAlice, kAlicePassword);
    ADD_ACCOUNT(client, kBob, kBobPassword);
    const QByteArray alice = logins::sessionToken(logins::login(client, kAlice, kAlicePassword));
    const QByteArray bob = logins::sessionToken(logins::login(client, kBob, kBobPassword));
    QVERIFY(!alice.isEmpty() && !bob.isEmpty());
    WsTestClient aliceDesktop;
    OPEN_REGISTERED(aliceDesktop, daemon.wsUrl(), bearer(alice), kAlice, kLaptop);
    WsTestClient bobDesktop;
    OPEN_REGISTERED(bobDesktop, daemon.wsUrl(), bearer(bob), kBob, kDesktop);

    const HttpTestReply changed =
        method == "PATCH"
            ? logins::sendJson(client, method, kAlicePath, {{"disabled"_L1, true}}, kAdminToken)
            : client.send(method, kAlicePath, {}, bearer(kAdminToken));
    QCOMPARE(changed.status, 204);
    QVERIFY(aliceDesktop.waitForClosed(2000));
    QCOMPARE(aliceDesktop.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(logins::sessionStatus(client, alice).json().value("valid"_L1), QJsonValue(false));
    QCOMPARE(sessionsOf(client.getUrl(
                 daemon.httpUrl(u"/api/admin/sessions?user_id=alice%40institution.edu"_s),
                 bearer(kAdminToken))),
             QJsonArray());
    QVERIFY(bobDesktop.isOpen());
    QCOMPARE(ackOrReply(bobDesktop.roundTrip(wire::heartbeat(kBob))), u"ack"_s);
    QCOMPARE(logins::sessionStatus(client, bob).json().value("valid"_L1), QJsonValue(true));
}

QTEST_GUILESS_MAIN(tst_AccountAdmin)
#include "tst_accountadmin.moc"
