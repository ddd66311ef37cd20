// The audit trail against the real daemon, on SQLite and on PostgreSQL: every change and read it
// records gets its row with the right actor, target, outcome and address (none when
// AUDIT_RECORD_ADDRESSES=false); GET /api/admin/audit filters, pages and exports CSV that parses
// back to the JSON rows; users get 403; the database itself refuses to change a row.

#include "support/BrokerReplies.h"
#include "support/Credentials.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/LoginRequests.h"
#include "support/RawDatabase.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {

const QByteArray kAdminToken = "audit-admin-token-7f2c41d9";
const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAlicePassword = u"alice-password-1"_s;
const QString kBobPassword = u"bob-password-2"_s;
// A team name with a comma and quotes, which CSV must quote.
const QString kTeamName = u"EEG, \"core\" lab"_s;

void configure(DaemonProcess &daemon)
{
    daemon.setEnv(u"AUTH_MODE"_s, u"password"_s);
    daemon.setEnv(u"PASSWORD_SOURCE"_s, u"accounts"_s);
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, QString::fromLatin1(kAdminToken));
}

QJsonArray entriesOf(const HttpTestReply &reply)
{
    return reply.json().value("entries"_L1).toArray();
}

// Every row of the audit trail with these query items, newest first, following next_cursor.
QJsonArray allRows(HttpTestClient &client, DaemonProcess &daemon, const QString &queryItems = {})
{
    QJsonArray rows;
    QString after;
    for (int page = 0; page < 100; ++page) {
        QString path = u"/api/admin/audit?limit=3"_s;
        if (!queryItems.isEmpty())
            path += u'&' + queryItems;
        if (!after.isEmpty())
            path += u"&after="_s + after;
        const HttpTestReply reply = client.getUrl(daemon.httpUrl(path), bearer(kAdminToken));
        if (reply.status != 200)
            return {};
        for (const QJsonValue &row : entriesOf(reply))
            rows.append(row);
        const QJsonValue next = reply.json().value("next_cursor"_L1);
        if (next.isNull())
            break;
        after = next.toString();
    }
    return rows;
}

// The first row (newest) of that action, or an empty object.
QJsonObject rowOf(const QJsonArray &rows, const QString &action, const QString &target = {})
{
    for (const QJsonValue &row : rows) {
        const QJsonObject object = row.toObject();
        if (object.value("action"_L1).toString() == action &&
            (target.isEmpty() || object.value("target"_L1).toString() == target))
            return object;
    }
    return {};
}

// An RFC 4180 parser of the test's own: quoted fields with commas, doubled quotes and line
// breaks, CRLF records.
QList<QStringList> parseCsv(const QByteArray &csv)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    const QString text = QString::fromUtf8(csv);
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            record.append(std::exchange(field, {}));
        } else if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n') {
            record.append(std::exchange(field, {}));
            records.append(std::exchange(record, {}));
            ++i;
        } else {
            field += c;
        }
    }
    return records;
}

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestAudit : public QObject
{
    Q_OBJECT

private slots:
    void everyActionHasItsRow_data() { TestDatabases::addEngineRows(); }
    void everyActionHasItsRow();
    void filtersPagingAndCsv_data() { TestDatabases::addEngineRows(); }
    void filtersPagingAndCsv();
    void addressesCanBeSwitchedOff_data() { TestDatabases::addEngineRows(); }
    void addressesCanBeSwitchedOff();
    void adminTeamAndExpiryActionsHaveTheirRows_data() { TestDatabases::addEngineRows(); }
    void adminTeamAndExpiryActionsHaveTheirRows();

private:
    QTemporaryDir m_dir;
};

void TestAudit::everyActionHasItsRow()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    QString databaseUrl;
    QString error;
    QVERIFY2(daemon.startOnFreshDatabase(engine, m_dir, &error, &databaseUrl), qPrintable(error));
    HttpTestClient http(daemon.httpUrl({}));

    // Accounts, logins (one failing), a logout.
    QCOMPARE(logins::addAccount(http, kAdminToken, kAlice, kAlicePassword).status, 201);
    QCOMPARE(logins::addAccount(http, kAdminToken, kBob, kBobPassword).status, 201);
    const QByteArray alice = logins::sessionToken(logins::login(http, kAlice, kAlicePassword));
    const QByteArray bob = logins::sessionToken(logins::login(http, kBob, kBobPassword));
    QVERIFY(!alice.isEmpty() && !bob.isEmpty());
    QCOMPARE(logins::login(http, kBob, u"wrong password"_s).status, 401);
    const QByteArray bobAgain = logins::sessionToken(logins::login(http, kBob, kBobPassword));
    QCOMPARE(logins::logout(http, bobAgain).status, 204);

    // Shares: published, updated, granted, denied, revoked.
    WsTestClient aliceWs;
    OPEN_REGISTERED(aliceWs, daemon.wsUrl(), bearer(alice), kAlice, u"http://10.0.0.1:3001"_s);
    WsTestClient bobWs;
    OPEN_REGISTERED(bobWs, daemon.wsUrl(), bearer(bob), kBob, u"http://10.0.0.2:3001"_s);
    const QString open = wire::newToken();
    const QString closed = wire::newToken();
    QVERIFY(isAck(
        aliceWs.roundTrip(wire::publishShare(open, wire::metadata(kAlice, u"r1"_s, u"Open"_s)))));
    QVERIFY(isAck(aliceWs.roundTrip(
        wire::publishShare(open, wire::metadata(kAlice, u"r1"_s, u"Open, again"_s)))));
    QVERIFY(isAck(aliceWs.roundTrip(wire::publishShare(
        closed, wire::metadata(kAlice, u"r2"_s, u"Closed"_s, wire::usersPolicy({kAlice}))))));
    QVERIFY(shareInfo(bobWs.roundTrip(wire::requestShare(open, kBob))));
    QCOMPARE(errorCode(bobWs.roundTrip(wire::requestShare(closed, kBob))), u"ACCESS_DENIED"_s);
    QVERIFY(isAck(aliceWs.roundTrip(wire::revokeShare(open))));

    // Teams and backups.
    QCOMPARE(logins::sendJson(http, "POST", u"/api/teams"_s,
                              {{"team_id"_L1, u"eeg"_s}, {"name"_L1, kTeamName}}, kAdminToken)
                 .status,
             201);
    QCOMPARE(logins::sendJson(http, "PUT", u"/api/teams/eeg/members/"_s + kBob,
                              {{"role"_L1, u"member"_s}}, kAdminToken)
                     .status /
                 100,
             2);
    const QByteArray state = "{\"files\":[]}";
    HttpTestClient::Headers headers = bearer(alice);
    headers.append(qMakePair(QByteArray("X-State-Hash"), sha256Hex(state).toLatin1()));
    QCOMPARE(http.send("PUT", u"/api/backups/"_s + kAlice, state, headers).status / 100, 2);
    QCOMPARE(http.get(u"/api/backups/"_s + kAlice, bearer(alice)).status, 200);
    QCOMPARE(logins::sendJson(http, "PATCH", u"/api/admin/users/"_s + kBob, {{"disabled"_L1, true}},
                              kAdminToken)
                     .status /
                 100,
             2);

    // Reads are written within a second or so; changes were before their answers.
    QJsonArray rows;
    QTRY_VERIFY_WITH_TIMEOUT(!rowOf(rows = allRows(http, daemon), u"backup.restored"_s).isEmpty() &&
                                 !rowOf(rows, u"share.granted"_s).isEmpty(),
                             10000);

    struct Expected
    {
        QString action;
        QString actor;
        QString target;
        QString outcome;
    };
    const QList<Expected> expected{
        {u"admin.account_created"_s, u"admin"_s, kAlice, u"success"_s},
        {u"login.succeeded"_s, kBob, {}, u"success"_s}, // the newest: bob logging in again
        {u"login.failed"_s, kBob, kBob, u"failure"_s},
        {u"logout"_s, kBob, {}, u"success"_s},
        {u"share.published"_s, kAlice, open, u"success"_s},
        {u"share.updated"_s, kAlice, open, u"success"_s},
        {u"share.granted"_s, kBob, open, u"success"_s},
        {u"share.denied"_s, kBob, closed, u"denied"_s},
        {u"share.revoked"_s, kAlice, open, u"success"_s},
        {u"team.created"_s, u"admin"_s, u"eeg"_s, u"success"_s},
        {u"team.member_added"_s, u"admin"_s, u"eeg"_s, u"success"_s},
        {u"backup.stored"_s, kAlice, kAlice, u"success"_s},
        {u"backup.restored"_s, kAlice, kAlice, u"success"_s},
        {u"admin.account_disabled"_s, u"admin"_s, kBob, u"success"_s},
        {u"session.revoked"_s, u"broker"_s, {}, u"success"_s},
    };
    for (const Expected &want : expected) {
        const QJsonObject row = rowOf(rows, want.action, want.target);
        QVERIFY2(!row.isEmpty(), qPrintable(u"no row of "_s + want.action));
        QCOMPARE(row.value("actor"_L1).toString() + u' ' + want.action,
                 want.actor + u' ' + want.action);
        QCOMPARE(row.value("outcome"_L1).toString() + u' ' + want.action,
                 want.outcome + u' ' + want.action);
    }
    // Where requests came from: the test's own loopback address.
    QVERIFY(rowOf(rows, u"share.granted"_s)
                .value("source_address"_L1)
                .toString()
                .contains(u"127.0.0.1"_s));
    QVERIFY(rowOf(rows, u"login.failed"_s)
                .value("source_address"_L1)
                .toString()
                .contains(u"127.0.0.1"_s));
    // Secrets stay out: no row carries a password or a session token.
    const QByteArray all = QJsonDocument(rows).toJson();
    QVERIFY(!all.contains(kAlicePassword.toUtf8()) && !all.contains(alice) && !all.contains(bob));

    // A user is refused the trail; the database refuses to change a row.
    QCOMPARE(http.getUrl(daemon.httpUrl(u"/api/admin/audit"_s), bearer(alice)).status, 403);
    QCOMPARE(http.getUrl(daemon.httpUrl(u"/api/admin/audit"_s)).status, 401);
    RawDatabase raw(databaseUrl);
    QVERIFY2(raw.isOpen(), qPrintable(raw.error()));
    QVERIFY(!raw.exec(u"UPDATE audit_log SET actor = 'mallory'"_s));
    const auto mallory = raw.rows(u"SELECT COUNT(*) FROM audit_log WHERE actor = 'mallory'"_s);
    QVERIFY(mallory);
    QCOMPARE(*mallory, QStringList{u"0"_s});
}

void TestAudit::filtersPagingAndCsv()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient http(daemon.httpUrl({}));
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(logins::sendJson(http, "POST", u"/api/teams"_s,
                                  {{"team_id"_L1, u"team-%1"_s.arg(i)},
                                   {"name"_L1, kTeamName + QString::number(i)}},
                                  kAdminToken)
                     .status,
                 201);
    }
    QCOMPARE(logins::addAccount(http, kAdminToken, kAlice, kAlicePassword).status, 201);

    // Filters.
    const QJsonArray teams = allRows(http, daemon, u"action=team.created"_s);
    QCOMPARE(teams.size(), 5);
    QCOMPARE(teams.first().toObject().value("target"_L1).toString(), u"team-4"_s); // newest first
    QCOMPARE(allRows(http, daemon, u"target=team-2"_s).size(), 1);
    QCOMPARE(allRows(http, daemon, u"actor=admin&action=admin.account_created"_s).size(), 1);
    QCOMPARE(allRows(http, daemon, u"actor=nobody"_s).size(), 0);
    const QString since =
        QString::fromLatin1(QUrl::toPercentEncoding(before.toString(Qt::ISODate)));
    QCOMPARE(allRows(http, daemon, u"action=team.created&since="_s + since).size(), 5);
    QCOMPARE(allRows(http, daemon, u"action=team.created&until="_s + since).size(), 0);

    // Keyset paging: pages of 2 that neither skip nor repeat a row.
    const HttpTestReply first = http.getUrl(
        daemon.httpUrl(u"/api/admin/audit?action=team.created&limit=2"_s), bearer(kAdminToken));
    QCOMPARE(entriesOf(first).size(), 2);
    const QString cursor = first.json().value("next_cursor"_L1).toString();
    QVERIFY(!cursor.isEmpty());
    const HttpTestReply second = http.getUrl(
        daemon.httpUrl(u"/api/admin/audit?action=team.created&limit=2&after="_s + cursor),
        bearer(kAdminToken));
    QCOMPARE(entriesOf(second).first().toObject().value("target"_L1).toString(), u"team-2"_s);

    // Bad filters: 400 with what is wrong.
    for (const QString &bad :
         {u"limit=0"_s, u"limit=1001"_s, u"since=yesterday"_s, u"after=abc"_s, u"format=xml"_s}) {
        const HttpTestReply reply =
            http.getUrl(daemon.httpUrl(u"/api/admin/audit?"_s + bad), bearer(kAdminToken));
        QCOMPARE(reply.status, 400);
        QVERIFY(!reply.json().value("error"_L1).toString().isEmpty());
    }

    // CSV: the same rows as JSON, details with commas, quotes and a line break included.
    const HttpTestReply csv =
        http.getUrl(daemon.httpUrl(u"/api/admin/audit?format=csv"_s), bearer(kAdminToken));
    QCOMPARE(csv.status, 200);
    QVERIFY(csv.header("Content-Type").startsWith("text/csv"));
    const QList<QStringList> records = parseCsv(csv.body);
    const QJsonArray json = allRows(http, daemon);
    QCOMPARE(records.size(), json.size() + 1);
    QCOMPARE(records.first(), (QStringList{u"id"_s, u"time"_s, u"actor"_s, u"action"_s, u"target"_s,
                                           u"source_address"_s, u"outcome"_s, u"details"_s}));
    for (qsizetype i = 0; i < json.size(); ++i) {
        const QJsonObject row = json[i].toObject();
        const QStringList &record = records[i + 1];
        QCOMPARE(record.size(), 8);
        QCOMPARE(record[0].toLongLong(), qint64(row.value("id"_L1).toDouble()));
        QCOMPARE(record[1], row.value("time"_L1).toString());
        QCOMPARE(record[2], row.value("actor"_L1).toString());
        QCOMPARE(record[3], row.value("action"_L1).toString());
        QCOMPARE(record[4], row.value("target"_L1).toString());
        QCOMPARE(record[5], row.value("source_address"_L1).toString());
        QCOMPARE(record[6], row.value("outcome"_L1).toString());
        QCOMPARE(QJsonDocument::fromJson(record[7].toUtf8()).object(),
                 row.value("details"_L1).toObject());
    }
    QCOMPARE(rowOf(json, u"team.created"_s, u"team-0"_s)
                 .value("details"_L1)
                 .toObject()
                 .value("name"_L1)
                 .toString(),
             kTeamName + u"0"_s);
}

void TestAudit::addressesCanBeSwitchedOff()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    daemon.setEnv(u"AUDIT_RECORD_ADDRESSES"_s, u"false"_s);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient http(daemon.httpUrl({}));
    QCOMPARE(logins::addAccount(http, kAdminToken, kAlice, kAlicePassword).status, 201);
    QCOMPARE(logins::login(http, kAlice, u"wrong password"_s).status, 401);
    QJsonArray rows;
    QTRY_VERIFY_WITH_TIMEOUT(!rowOf(rows = allRows(http, daemon), u"login.failed"_s).isEmpty(),
                             10000);
    for (const QJsonValue &row : std::as_const(rows))
        QVERIFY(row.toObject().value("source_address"_L1).isNull());
}

// The actions everyActionHasItsRow leaves out: the administrator's share revocation,
// disconnection, password, re-enabling, removal and session revocation; a team renamed, a member
// removed, a team deleted; and a share expiring by itself.
void TestAudit::adminTeamAndExpiryActionsHaveTheirRows()
{
    QFETCH(QString, engine);
    DaemonProcess daemon;
    configure(daemon);
    daemon.setEnv(u"EXPIRY_SWEEP_SECONDS"_s, u"1"_s);
    START_DAEMON(daemon, engine, m_dir);
    HttpTestClient http(daemon.httpUrl({}));
    QCOMPARE(logins::addAccount(http, kAdminToken, kAlice, kAlicePassword).status, 201);
    QCOMPARE(logins::addAccount(http, kAdminToken, kBob, kBobPassword).status, 201);
    const QByteArray alice = logins::sessionToken(logins::login(http, kAlice, kAlicePassword));
    QVERIFY(!alice.isEmpty());

    WsTestClient aliceWs;
    OPEN_REGISTERED(aliceWs, daemon.wsUrl(), bearer(alice), kAlice, u"http://10.0.0.1:3001"_s);
    const QString revoked = wire::newToken();
    const QString expiring = wire::newToken();
    QVERIFY(isAck(aliceWs.roundTrip(
        wire::publishShare(revoked, wire::metadata(kAlice, u"r1"_s, u"Revoked"_s)))));
    QJsonObject shortLived = wire::metadata(kAlice, u"r2"_s, u"Short-lived"_s);
    shortLived.insert("expires_at"_L1,
                      QDateTime::currentDateTimeUtc().addMSecs(2000).toString(Qt::ISODateWithMs));
    QVERIFY(isAck(aliceWs.roundTrip(wire::publishShare(expiring, shortLived))));

    // The administrator over WebSocket: a share revoked, a user disconnected.
    WsTestClient adminWs;
    QVERIFY(adminWs.open(daemon.wsUrl(), bearer(kAdminToken)));
    ServerFrame reply =
        adminWs.roundTrip({{"type"_L1, "admin_revoke_share"_L1}, {"token"_L1, revoked}});
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    reply = adminWs.roundTrip({{"type"_L1, "admin_disconnect_user"_L1}, {"user_id"_L1, kAlice}});
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));

    // And over HTTP: accounts and sessions.
    QCOMPARE(logins::sendJson(http, "PUT", u"/api/admin/users/"_s + kBob + u"/password"_s,
                              {{"password"_L1, u"bob-password-new-3"_s}}, kAdminToken)
                     .status /
                 100,
             2);
    QCOMPARE(logins::sendJson(http, "PATCH", u"/api/admin/users/"_s + kBob, {{"disabled"_L1, true}},
                              kAdminToken)
                     .status /
                 100,
             2);
    QCOMPARE(logins::sendJson(http, "PATCH", u"/api/admin/users/"_s + kBob,
                              {{"disabled"_L1, false}}, kAdminToken)
                     .status /
                 100,
             2);
    const HttpTestReply sessions = http.getUrl(
        daemon.httpUrl(u"/api/admin/sessions?user_id="_s + kAlice), bearer(kAdminToken));
    QCOMPARE(sessions.status, 200);
    const QString sessionId = sessions.json()
                                  .value("sessions"_L1)
                                  .toArray()
                                  .first()
                                  .toObject()
                                  .value("session_id"_L1)
                                  .toString();
    QVERIFY(!sessionId.isEmpty());
    QCOMPARE(
        http.send("DELETE", u"/api/admin/sessions/"_s + sessionId, {}, bearer(kAdminToken)).status /
            100,
        2);
    QCOMPARE(http.send("DELETE", u"/api/admin/users/"_s + kBob, {}, bearer(kAdminToken)).status /
                 100,
             2);

    // Teams: renamed, a member removed, deleted.
    QCOMPARE(logins::sendJson(http, "POST", u"/api/teams"_s,
                              {{"team_id"_L1, u"eeg"_s}, {"name"_L1, u"EEG"_s}}, kAdminToken)
                 .status,
             201);
    QCOMPARE(logins::sendJson(http, "PUT", u"/api/teams/eeg/members/"_s + kAlice,
                              {{"role"_L1, u"member"_s}}, kAdminToken)
                     .status /
                 100,
             2);
    QCOMPARE(logins::sendJson(http, "PATCH", u"/api/teams/eeg"_s, {{"name"_L1, u"EEG lab"_s}},
                              kAdminToken)
                     .status /
                 100,
             2);
    QCOMPARE(
        http.send("DELETE", u"/api/teams/eeg/members/"_s + kAlice, {}, bearer(kAdminToken)).status /
            100,
        2);
    QCOMPARE(http.send("DELETE", u"/api/teams/eeg"_s, {}, bearer(kAdminToken)).status / 100, 2);

    // The share expires by itself: the sweep (each second) writes its row.
    QJsonArray rows;
    QTRY_VERIFY_WITH_TIMEOUT(!rowOf(rows = allRows(http, daemon), u"share.expired"_s).isEmpty(),
                             15000);

    struct Expected
    {
        QString action;
        QString actor;
        QString target;
    };
    const QList<Expected> expected{
        {u"admin.share_revoked"_s, u"admin"_s, revoked},
        {u"admin.user_disconnected"_s, u"admin"_s, kAlice},
        {u"admin.password_set"_s, u"admin"_s, kBob},
        {u"admin.account_disabled"_s, u"admin"_s, kBob},
        {u"admin.account_enabled"_s, u"admin"_s, kBob},
        {u"admin.session_revoked"_s, u"admin"_s, sessionId},
        {u"admin.account_removed"_s, u"admin"_s, kBob},
        {u"team.changed"_s, u"admin"_s, u"eeg"_s},
        {u"team.member_removed"_s, u"admin"_s, u"eeg"_s},
        {u"team.deleted"_s, u"admin"_s, u"eeg"_s},
        {u"share.expired"_s, u"broker"_s, expiring},
    };
    for (const Expected &want : expected) {
        const QJsonObject row = rowOf(rows, want.action, want.target);
        QVERIFY2(!row.isEmpty(), qPrintable(u"no row of "_s + want.action));
        QCOMPARE(row.value("actor"_L1).toString() + u' ' + want.action,
                 want.actor + u' ' + want.action);
        QCOMPARE(row.value("outcome"_L1).toString() + u' ' + want.action,
                 u"success "_s + want.action);
    }
    QCOMPARE(rowOf(rows, u"team.changed"_s).value("details"_L1).toObject().value("name"_L1),
             QJsonValue(u"EEG lab"_s));
    QCOMPARE(
        rowOf(rows, u"team.member_removed"_s).value("details"_L1).toObject().value("member"_L1),
        QJsonValue(kAlice));
    QCOMPARE(rowOf(rows, u"share.expired"_s).value("details"_L1).toObject().value("owner"_L1),
             QJsonValue(kAlice));
    // Nothing of the new password reached a row.
    QVERIFY(!QJsonDocument(rows).toJson().contains("bob-password-new-3"));
}

QTEST_MAIN(TestAudit)
#include "tst_audit.moc"
