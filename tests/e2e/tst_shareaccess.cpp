// A share's access list against the real daemon, on SQLite and on PostgreSQL, over HTTP
// (GET /api/shares/TOKEN/access) and WebSocket (list_share_access → share_access): the owner
// sees a grant and a denial with its reason right after the request (before the audit trail's
// flush), another user is refused, the admin credential is let in, and keyset paging neither
// skips nor repeats a row.

#include "support/BrokerReplies.h"
#include "support/Credentials.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/LoginRequests.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include "protocol/Messages.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;

namespace {

const QByteArray kAdminToken = "access-admin-token-3b81c0de";
const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAlicePassword = u"alice-password-1"_s;
const QString kBobPassword = u"bob-password-2"_s;

QString accessPath(const QString &token, const QString &query = {})
{
    return u"/api/shares/"_s + token + u"/access"_s + (query.isEmpty() ? QString() : u'?' + query);
}

std::optional<protocol::ShareAccessList> accessList(const ServerFrame &frame)
{
    const auto *incoming = std::get_if<protocol::IncomingReply>(&frame.decoded());
    if (!incoming)
        return std::nullopt;
    if (const auto *list = std::get_if<protocol::ShareAccessList>(&incoming->reply))
        return *list;
    return std::nullopt;
}

} // namespace

class TestShareAccess : public QObject
{
    Q_OBJECT

private slots:
    void ownerSeesWhoOpenedIt_data() { TestDatabases::addEngineRows(); }
    void ownerSeesWhoOpenedIt();

private:
    QTemporaryDir m_dir;
};

void TestShareAccess::ownerSeesWhoOpenedIt()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    daemon.setEnv(u"AUTH_MODE"_s, u"password"_s);
    daemon.setEnv(u"PASSWORD_SOURCE"_s, u"accounts"_s);
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(kAdminToken));
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient http(daemon.httpUrl({}));
    QCOMPARE(logins::addAccount(http, kAdminToken, kAlice, kAlicePassword).status, 201);
    QCOMPARE(logins::addAccount(http, kAdminToken, kBob, kBobPassword).status, 201);
    const QByteArray alice = logins::sessionToken(logins::login(http, kAlice, kAlicePassword));
    const QByteArray bob = logins::sessionToken(logins::login(http, kBob, kBobPassword));
    QVERIFY(!alice.isEmpty() && !bob.isEmpty());

    WsTestClient aliceWs;
    OPEN_REGISTERED(aliceWs, daemon.wsUrl(), bearer(alice), kAlice, u"http://10.0.0.1:3001"_s);
    WsTestClient bobWs;
    OPEN_REGISTERED(bobWs, daemon.wsUrl(), bearer(bob), kBob, u"http://10.0.0.2:3001"_s);
    const QString open = wire::newToken();
    const QString closed = wire::newToken();
    QVERIFY(isAck(
        aliceWs.roundTrip(wire::publishShare(open, wire::metadata(kAlice, u"r1"_s, u"Open"_s)))));
    QVERIFY(isAck(aliceWs.roundTrip(wire::publishShare(
        closed, wire::metadata(kAlice, u"r2"_s, u"Closed"_s, wire::usersPolicy({kAlice}))))));

    // A grant and a denial, seen at once (the audit trail writes them within a second).
    QVERIFY(shareInfo(bobWs.roundTrip(wire::requestShare(open, kBob))));
    QCOMPARE(errorCode(bobWs.roundTrip(wire::requestShare(closed, kBob))), u"ACCESS_DENIED"_s);
    const HttpTestReply granted = http.getUrl(daemon.httpUrl(accessPath(open)), bearer(alice));
    QCOMPARE(granted.status, 200);
    QCOMPARE(granted.json().value("token"_L1).toString(), open);
    QJsonArray entries = granted.json().value("entries"_L1).toArray();
    QCOMPARE(entries.size(), 1);
    QJsonObject entry = entries.first().toObject();
    QCOMPARE(entry.value("requester"_L1).toString(), kBob);
    QCOMPARE(entry.value("outcome"_L1).toString(), u"granted"_s);
    QVERIFY(!entry.contains("reason"_L1));
    QVERIFY(entry.value("address"_L1).toString().contains(u"127.0.0.1"_s));
    QVERIFY(!entry.value("time"_L1).toString().isEmpty());
    QVERIFY(!granted.json().contains("next_cursor"_L1));

    const ServerFrame deniedFrame =
        aliceWs.roundTrip({{"type"_L1, "list_share_access"_L1}, {"token"_L1, closed}});
    const auto denied = accessList(deniedFrame);
    QVERIFY2(denied, deniedFrame.json().value("type"_L1).toString().toUtf8());
    QCOMPARE(denied->token, closed);
    QCOMPARE(denied->entries.size(), 1);
    QCOMPARE(denied->entries.first().requester, kBob);
    QVERIFY(!denied->entries.first().granted);
    QCOMPARE(denied->entries.first().reason, u"policy"_s);
    QVERIFY(!denied->nextCursor);

    // Another user, nobody, an unknown token; the admin credential.
    HttpTestReply reply = http.getUrl(daemon.httpUrl(accessPath(open)), bearer(bob));
    QCOMPARE(reply.status, 403);
    QCOMPARE(reply.json().value("code"_L1).toString(), u"FORBIDDEN"_s);
    QCOMPARE(http.getUrl(daemon.httpUrl(accessPath(open))).status, 401);
    reply = http.getUrl(daemon.httpUrl(accessPath(wire::newToken())), bearer(alice));
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.json().value("code"_L1).toString(), u"SHARE_NOT_FOUND"_s);
    reply = http.getUrl(daemon.httpUrl(accessPath(closed)), bearer(kAdminToken));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value("entries"_L1).toArray().size(), 1);
    QCOMPARE(errorCode(bobWs.roundTrip({{"type"_L1, "list_share_access"_L1}, {"token"_L1, open}})),
             u"FORBIDDEN"_s);
    QCOMPARE(errorCode(aliceWs.roundTrip(
                 {{"type"_L1, "list_share_access"_L1}, {"token"_L1, wire::newToken()}})),
             u"SHARE_NOT_FOUND"_s);
    QCOMPARE(errorCode(aliceWs.roundTrip(
                 {{"type"_L1, "list_share_access"_L1}, {"token"_L1, open}, {"limit"_L1, 0}})),
             u"PARSE_ERROR"_s);
    QCOMPARE(http.getUrl(daemon.httpUrl(accessPath(open, u"limit=0"_s)), bearer(alice)).status,
             400);

    // Paging: five grants in pages of two over both transports. Identical requests within one
    // second share a row, so each waits until the one before it is written.
    const auto writtenGrants = [&] {
        return http
            .getUrl(daemon.httpUrl(u"/api/admin/audit?action=share.granted&target="_s + open),
                    bearer(kAdminToken))
            .json()
            .value("entries"_L1)
            .toArray()
            .size();
    };
    QTRY_COMPARE_WITH_TIMEOUT(writtenGrants(), 1, 10000);
    for (int i = 2; i <= 5; ++i) {
        QVERIFY(shareInfo(bobWs.roundTrip(wire::requestShare(open, kBob))));
        QTRY_COMPARE_WITH_TIMEOUT(writtenGrants(), i, 10000);
    }
    QList<int> sizes;
    QString after;
    for (int page = 0; page < 5; ++page) {
        reply = http.getUrl(
            daemon.httpUrl(accessPath(
                open, u"limit=2"_s + (after.isEmpty() ? QString() : u"&after="_s + after))),
            bearer(alice));
        QCOMPARE(reply.status, 200);
        sizes.append(int(reply.json().value("entries"_L1).toArray().size()));
        after = reply.json().value("next_cursor"_L1).toString();
        if (after.isEmpty())
            break;
    }
    QCOMPARE(sizes, (QList<int>{2, 2, 1}));
    sizes.clear();
    std::optional<QString> cursor;
    for (int page = 0; page < 5; ++page) {
        QJsonObject message{
            {"type"_L1, "list_share_access"_L1}, {"token"_L1, open}, {"limit"_L1, 2}};
        if (cursor)
            message.insert("after"_L1, *cursor);
        const auto list = accessList(aliceWs.roundTrip(message));
        QVERIFY(list);
        sizes.append(int(list->entries.size()));
        for (const ShareAccessEntry &access : list->entries)
            QVERIFY(access.granted && access.requester == kBob);
        cursor = list->nextCursor;
        if (!cursor)
            break;
    }
    QCOMPARE(sizes, (QList<int>{2, 2, 1}));
}

QTEST_MAIN(TestShareAccess)
#include "tst_shareaccess.moc"
