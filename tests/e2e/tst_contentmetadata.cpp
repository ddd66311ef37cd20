// Share content metadata and the broker's download counts against the real daemon, on SQLite and
// on PostgreSQL: a share published with content_id (the later desktops) or result_id (the first)
// comes back everywhere the broker sends shares (share_info, share_list, the monitor feed, GET
// /api/shares/TOKEN) with both ids, its content type and classification, the number of granted
// requests and the time of the latest; the counts survive restarts and reach the database
// without a round trip per request; shares of a database an older broker left read as DDA
// results, unclassified, never opened.

#include "support/BrokerReplies.h"
#include "support/Credentials.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/RawDatabase.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAdminToken = u"content-metadata-admin-token-8d2e41f7"_s;
const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kCarol = u"carol@institution.edu"_s;
const QString kAliceEndpoint = u"http://192.168.1.50:3001"_s;
const QString kBobEndpoint = u"http://192.168.1.60:3001"_s;
const QString kCarolEndpoint = u"http://192.168.1.70:3001"_s;
// What the daemon sends back for the desktops' 2025-10-03T12:00:00.123456789Z.
const QString kCreatedAtEchoed = u"2025-10-03T12:00:00.123Z"_s;
constexpr int kCountsWrittenTimeoutMs = 5000; // the counts are written about once a second

// Metadata as the later desktops publish it: content_id and no result_id, content type,
// classification and a download_count of 0.
QJsonObject laterDesktopMetadata(const QString &owner, const QString &contentId,
                                 const QString &title, const QString &contentType,
                                 const QString &classification,
                                 const QJsonObject &policy = wire::publicPolicy())
{
    QJsonObject metadata = wire::metadata(owner, contentId, title, policy, QJsonValue::Null);
    metadata.remove("result_id"_L1);
    metadata.insert("content_id"_L1, contentId);
    metadata.insert("content_type"_L1, contentType);
    metadata.insert("classification"_L1, classification);
    metadata.insert("download_count"_L1, 0);
    return metadata;
}

bool startDaemon(DaemonProcess &daemon, const QString &engine, const QTemporaryDir &dir,
                 QString *error, QString *databaseUrl = nullptr)
{
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, kAdminToken);
    daemon.setEnv(u"RATE_LIMIT_PER_SECOND"_s, u"100000"_s);
    daemon.setEnv(u"RATE_LIMIT_BURST"_s, u"100000"_s);
    return daemon.startOnFreshDatabase(engine, dir, error, databaseUrl);
}

// The metadata object of the share with that token in a list of {"token","metadata"}, as the
// broker wrote it; empty when the token is not listed.
QJsonObject metadataIn(const QJsonArray &shares, const QString &token)
{
    for (const QJsonValue &share : shares) {
        if (share.toObject().value("token"_L1).toString() == token)
            return share.toObject().value("metadata"_L1).toObject();
    }
    return {};
}

// The metadata of token in the owner's share_list, after checking the list decodes with the
// broker's codec; empty (and the reason in what) when it is not there.
QJsonObject listedMetadata(WsTestClient &owner, const QString &token, QString *what)
{
    const ServerFrame reply = owner.roundTrip(wire::listShares());
    if (!shareList(reply)) {
        *what = reply.describe();
        return {};
    }
    *what = QString::fromUtf8(reply.text());
    return metadataIn(reply.json().value("shares"_L1).toArray(), token);
}

// The metadata of token in a fresh monitor snapshot (a new admin connection).
QJsonObject snapshotMetadata(const DaemonProcess &daemon, const QString &token, QString *what)
{
    WsTestClient admin;
    if (!admin.open(daemon.wsUrl(), bearer(kAdminToken.toUtf8()))) {
        *what = u"the admin connection did not open"_s;
        return {};
    }
    admin.sendJson({{"type"_L1, "monitor_subscribe"_L1}, {"page_size"_L1, 200}});
    const ServerFrame snapshot = admin.nextOfType(u"monitor_snapshot"_s);
    *what = snapshot.describe();
    if (!std::holds_alternative<ddalab::protocol::IncomingReply>(snapshot.decoded()))
        return {};
    return metadataIn(snapshot.json().value("shares"_L1).toArray(), token);
}

// A session for userId from POST /auth/login (AUTH_MODE none takes any password).
QByteArray logIn(HttpTestClient &http, const QString &userId, const QString &endpoint)
{
    const HttpTestReply reply = http.sendJson(
        "POST", u"/auth/login"_s,
        {{"user_id"_L1, userId}, {"password"_L1, "any password"_L1}, {"endpoint"_L1, endpoint}});
    return reply.json().value("session_token"_L1).toString().toUtf8();
}

// The share's download_count and last_accessed_at (milliseconds since the epoch, empty when
// NULL) as stored, "count|ms"; empty when there is no such row.
QString storedUsage(RawDatabase &database, const QString &token)
{
    const QString sql =
        database.isPostgres()
            ? u"SELECT download_count, CAST(round(extract(epoch FROM last_accessed_at) * 1000) "
              "AS BIGINT) FROM shared_results WHERE share_token = '%1'"_s
            : u"SELECT download_count, last_accessed_at FROM shared_results "
              "WHERE share_token = '%1'"_s;
    const auto rows = database.rows(sql.arg(token));
    return rows && rows->size() == 1 ? rows->first() : QString();
}

QDateTime accessTime(const QJsonObject &metadata)
{
    return QDateTime::fromString(metadata.value("last_accessed_at"_L1).toString(),
                                 Qt::ISODateWithMs);
}

// "count|ms" as storedUsage reads it, from sent metadata.
QString usageOf(const QJsonObject &metadata)
{
    const QString time = metadata.contains("last_accessed_at"_L1)
                             ? QString::number(accessTime(metadata).toMSecsSinceEpoch())
                             : QString();
    return QString::number(metadata.value("download_count"_L1).toInteger()) + u'|' + time;
}

} // namespace

class TestContentMetadata : public QObject
{
    Q_OBJECT

private slots:
    void everyShareCarriesContentMetadata_data();
    void everyShareCarriesContentMetadata();
    void grantedRequestsCountDeniedDoNot_data() { TestDatabases::addEngineRows(); }
    void grantedRequestsCountDeniedDoNot();
    void refusedMetadataStoresNothing_data() { TestDatabases::addEngineRows(); }
    void refusedMetadataStoresNothing();
    void republishUpdatesTypeKeepsCounts_data() { TestDatabases::addEngineRows(); }
    void republishUpdatesTypeKeepsCounts();
    void countsSurviveCleanRestart_data() { TestDatabases::addEngineRows(); }
    void countsSurviveCleanRestart();
    void killedDaemonKeepsSharesAndWrittenCounts_data() { TestDatabases::addEngineRows(); }
    void killedDaemonKeepsSharesAndWrittenCounts();
    void sharesOfAnOlderBrokerReadAsDefaults_data() { TestDatabases::addEngineRows(); }
    void sharesOfAnOlderBrokerReadAsDefaults();
};

void TestContentMetadata::everyShareCarriesContentMetadata_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QJsonObject>("published");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<QString>("classification");

    const QString id = u"5f0c6f2e-3b7a-4f8e-9d1c-2a6b8e4f7c10"_s;
    const QJsonObject later =
        laterDesktopMetadata(kAlice, id, u"Workflow"_s, u"workflow"_s, u"de_identified"_s);
    QJsonObject both = laterDesktopMetadata(kAlice, id, u"Notes"_s, u"annotation"_s, u"phi"_s);
    both.insert("result_id"_L1, id);
    QJsonObject counted =
        laterDesktopMetadata(kAlice, id, u"Segment"_s, u"data_segment"_s, u"synthetic"_s);
    counted.insert("download_count"_L1, 42);
    counted.insert("last_accessed_at"_L1, "2020-01-01T00:00:00Z"_L1);
    counted.insert("expires_at"_L1, "2099-04-01T00:00:00Z"_L1);
    for (const QString &engine : TestDatabases::engines()) {
        const QByteArray e = engine.toUtf8();
        QTest::addRow("%s: generation 1, result_id", e.constData())
            << engine << wire::metadata(kAlice, id, u"My DDA Analysis"_s) << u"dda_result"_s
            << u"unclassified"_s;
        QTest::addRow("%s: later desktops, content_id", e.constData())
            << engine << later << u"workflow"_s << u"de_identified"_s;
        QTest::addRow("%s: both ids, equal", e.constData())
            << engine << both << u"annotation"_s << u"phi"_s;
        QTest::addRow("%s: counts and unknown fields sent by the desktop", e.constData())
            << engine << counted << u"data_segment"_s << u"synthetic"_s;
    }
}

void TestContentMetadata::everyShareCarriesContentMetadata()
{
    QFETCH(QString, engine);
    QFETCH(QJsonObject, published);
    QFETCH(QString, contentType);
    QFETCH(QString, classification);
    // What the broker keeps of it: fields it does not know are dropped.
    QJsonObject stored = published;
    stored.remove("expires_at"_L1);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));

    WsTestClient monitor;
    QVERIFY(monitor.open(daemon.wsUrl(), bearer(kAdminToken.toUtf8())));
    monitor.sendJson({{"type"_L1, "monitor_subscribe"_L1}});
    QVERIFY(!monitor.nextOfType(u"monitor_snapshot"_s).isEmpty());

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    const QString token = wire::newToken();
    ServerFrame reply = alice.roundTrip(wire::publishShare(token, published));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));

    // Before anyone opened it: both ids, type and classification, a count of 0 and no
    // last_accessed_at (the comparison is of the whole object), whatever the desktop sent.
    const QByteArray unopened = wire::compact(wire::echoedMetadata(stored, kCreatedAtEchoed, 0));
    // (the defaults when the desktop sent none)
    const QJsonObject echoed = wire::echoedMetadata(stored, kCreatedAtEchoed, 0);
    QCOMPARE(echoed.value("content_type"_L1).toString(), contentType);
    QCOMPARE(echoed.value("classification"_L1).toString(), classification);
    const ServerFrame event = monitor.nextOfType(u"share_published"_s);
    QVERIFY2(std::holds_alternative<ddalab::protocol::Event>(event.decoded()),
             qPrintable(event.describe()));
    QCOMPARE(event.json().value("token"_L1).toString(), token);
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(event.json().value("metadata"_L1).toObject())),
             unopened);
    QString what;
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(listedMetadata(alice, token, &what))),
             unopened);
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(snapshotMetadata(daemon, token, &what))),
             unopened);

    // Opened over HTTP, anonymously (a public share): counted.
    HttpTestClient http(daemon.httpUrl(u"/"_s));
    HttpTestReply lookup = http.get(u"/api/shares/"_s + token);
    QCOMPARE(lookup.status, 200);
    const QJsonObject afterHttp = lookup.json().value("metadata"_L1).toObject();
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(afterHttp)),
             wire::compact(wire::echoedMetadata(stored, kCreatedAtEchoed, 1)));
    QVERIFY2(afterHttp.contains("last_accessed_at"_L1), wire::compact(afterHttp).constData());

    // Opened over WebSocket: counted on top, the time no earlier.
    WsTestClient bob;
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    reply = bob.roundTrip(wire::requestShare(token, kBob));
    const auto info = shareInfo(reply);
    QVERIFY2(info, qPrintable(reply.describe()));
    QCOMPARE(info->usage.downloadCount, quint64(2));
    const QJsonObject afterWs = shareInfoMetadataJson(reply);
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(afterWs)),
             wire::compact(wire::echoedMetadata(stored, kCreatedAtEchoed, 2)));
    QVERIFY2(afterWs.contains("last_accessed_at"_L1), wire::compact(afterWs).constData());
    QVERIFY(accessTime(afterWs) >= accessTime(afterHttp));
    QCOMPARE(info->usage.lastAccessedAt, std::optional<QDateTime>(accessTime(afterWs)));

    // The owner's list and the monitor say the same at once, not only once the counts were
    // written.
    QCOMPARE(wire::compact(listedMetadata(alice, token, &what)), wire::compact(afterWs));
    QCOMPARE(wire::compact(snapshotMetadata(daemon, token, &what)), wire::compact(afterWs));
}

void TestContentMetadata::grantedRequestsCountDeniedDoNot()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QString databaseUrl;
    QVERIFY2(startDaemon(daemon, engine, dir, &error, &databaseUrl), qPrintable(error));

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    const QString forBob = wire::newToken();
    const QString forTeam = wire::newToken();
    alice.sendJson(wire::publishShare(forBob, laterDesktopMetadata(kAlice, u"c-1"_s, u"Bob only"_s,
                                                                   u"dda_result"_s, u"phi"_s,
                                                                   wire::usersPolicy({kBob}))));
    alice.sendJson(wire::publishShare(
        forTeam, laterDesktopMetadata(kAlice, u"c-2"_s, u"Lab only"_s, u"workflow"_s,
                                      u"unclassified"_s, wire::teamPolicy(u"no-such-team"_s))));
    for (int i = 0; i < 2; ++i) {
        const ServerFrame reply = alice.next();
        QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    }
    WsTestClient bob;
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    WsTestClient carol;
    OPEN_REGISTERED(carol, daemon.wsUrl(), {}, kCarol, kCarolEndpoint);
    HttpTestClient anonymous(daemon.httpUrl(u"/"_s));
    HttpTestClient bobHttp(daemon.httpUrl(u"/"_s));
    bobHttp.setBearer(logIn(bobHttp, kBob, kBobEndpoint));
    HttpTestClient carolHttp(daemon.httpUrl(u"/"_s));
    carolHttp.setBearer(logIn(carolHttp, kCarol, kCarolEndpoint));
    HttpTestClient aliceHttp(daemon.httpUrl(u"/"_s));
    aliceHttp.setBearer(logIn(aliceHttp, kAlice, kAliceEndpoint));

    quint64 expected = 0;
    QDateTime latest;
    // Each granted request answers with the count it makes, and a time no earlier than before.
    auto grantedOverWs = [&](WsTestClient &client, const QString &requester) {
        const ServerFrame reply = client.roundTrip(wire::requestShare(forBob, requester));
        const auto info = shareInfo(reply);
        QVERIFY2(info, qPrintable(reply.describe()));
        QCOMPARE(info->usage.downloadCount, ++expected);
        QVERIFY(info->usage.lastAccessedAt);
        QVERIFY(*info->usage.lastAccessedAt >= latest);
        latest = *info->usage.lastAccessedAt;
    };
    auto grantedOverHttp = [&](HttpTestClient &client) {
        const HttpTestReply reply = client.get(u"/api/shares/"_s + forBob);
        QCOMPARE(reply.status, 200);
        const QJsonObject metadata = reply.json().value("metadata"_L1).toObject();
        QCOMPARE(quint64(metadata.value("download_count"_L1).toInteger()), ++expected);
        QVERIFY(wire::isClientRfc3339(metadata.value("last_accessed_at"_L1).toString()));
        QVERIFY(accessTime(metadata) >= latest);
        latest = accessTime(metadata);
    };
    auto refused = [&] {
        QCOMPARE(errorCode(carol.roundTrip(wire::requestShare(forBob, kCarol))),
                 u"ACCESS_DENIED"_s);
        QCOMPARE(anonymous.get(u"/api/shares/"_s + forBob).status, 404);
        QCOMPARE(carolHttp.get(u"/api/shares/"_s + forBob).status, 404);
    };

    // A failure inside a step ends the test there.
#define STEP(call)                                                                                 \
    do {                                                                                           \
        call;                                                                                      \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)
    STEP(refused());
    STEP(grantedOverWs(bob, kBob));
    STEP(refused());
    STEP(grantedOverHttp(bobHttp));
    // The owner's own lookups are granted like anyone's, and count like anyone's.
    STEP(grantedOverWs(alice, kAlice));
    STEP(grantedOverHttp(aliceHttp));
    STEP(refused());
    STEP(grantedOverWs(bob, kBob));
#undef STEP
    QCOMPARE(expected, quint64(5));

    // A team policy asks the registry at each request: refused there, counted for the owner.
    QCOMPARE(errorCode(bob.roundTrip(wire::requestShare(forTeam, kBob))), u"ACCESS_DENIED"_s);
    QCOMPARE(bobHttp.get(u"/api/shares/"_s + forTeam).status, 404);
    ServerFrame reply = alice.roundTrip(wire::requestShare(forTeam, kAlice));
    auto info = shareInfo(reply);
    QVERIFY2(info, qPrintable(reply.describe()));
    QCOMPARE(info->usage.downloadCount, quint64(1));
    // Unknown tokens count nowhere.
    QCOMPARE(errorCode(bob.roundTrip(wire::requestShare(wire::newToken(), kBob))),
             u"SHARE_NOT_FOUND"_s);

    // The counts reach the database as they were answered, without a restart.
    RawDatabase database(databaseUrl);
    QVERIFY2(database.isOpen(), qPrintable(database.error()));
    QTRY_COMPARE_WITH_TIMEOUT(storedUsage(database, forBob),
                              u"5|%1"_s.arg(latest.toMSecsSinceEpoch()), kCountsWrittenTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(storedUsage(database, forTeam),
                              u"1|%1"_s.arg(info->usage.lastAccessedAt->toMSecsSinceEpoch()),
                              kCountsWrittenTimeoutMs);
}

void TestContentMetadata::refusedMetadataStoresNothing()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    HttpTestClient http(daemon.httpUrl(u"/"_s));
    const QJsonObject valid =
        laterDesktopMetadata(kAlice, u"c-1"_s, u"Refused"_s, u"workflow"_s, u"phi"_s);
    const QList<std::pair<QJsonObject, QString>> refused{
        {[&] {
             QJsonObject differing = valid;
             differing.insert("result_id"_L1, "c-2"_L1);
             return differing;
         }(),
         u"publish_share: fields 'metadata.content_id' and 'metadata.result_id' differ; send one, "
         "or both alike"_s},
        {[&] {
             QJsonObject neither = valid;
             neither.remove("content_id"_L1);
             return neither;
         }(),
         u"publish_share: missing field 'metadata.content_id' (or 'metadata.result_id')"_s},
        {[&] {
             QJsonObject unknownType = valid;
             unknownType.insert("content_type"_L1, "video"_L1);
             return unknownType;
         }(),
         u"publish_share: field 'metadata.content_type' must be one of dda_result, annotation, "
         "workflow, parameter_set, data_segment"_s},
        {[&] {
             QJsonObject unknownClass = valid;
             unknownClass.insert("classification"_L1, "secret"_L1);
             return unknownClass;
         }(),
         u"publish_share: field 'metadata.classification' must be one of phi, de_identified, "
         "synthetic, unclassified"_s},
    };
    for (const auto &[metadata, message] : refused) {
        const QString token = wire::newToken();
        const ServerFrame reply =
            alice.roundTrip(wire::withId(wire::publishShare(token, metadata), u"p-1"_s));
        QCOMPARE(errorCode(reply), u"PARSE_ERROR"_s);
        QCOMPARE(errorMessage(reply), message);
        QCOMPARE(messageId(reply), u"p-1"_s);
        QCOMPARE(errorCode(alice.roundTrip(wire::requestShare(token, kAlice))),
                 u"SHARE_NOT_FOUND"_s);
        QCOMPARE(http.get(u"/api/shares/"_s + token).status, 404);
    }
    const ServerFrame list = alice.roundTrip(wire::listShares());
    const auto shares = shareList(list);
    QVERIFY2(shares, qPrintable(list.describe()));
    QVERIFY(shares->shares.isEmpty());
}

void TestContentMetadata::republishUpdatesTypeKeepsCounts()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));

    WsTestClient monitor;
    QVERIFY(monitor.open(daemon.wsUrl(), bearer(kAdminToken.toUtf8())));
    monitor.sendJson({{"type"_L1, "monitor_subscribe"_L1}});
    QVERIFY(!monitor.nextOfType(u"monitor_snapshot"_s).isEmpty());
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    WsTestClient bob;
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);

    const QString token = wire::newToken();
    const QJsonObject first =
        laterDesktopMetadata(kAlice, u"c-1"_s, u"First look"_s, u"workflow"_s, u"phi"_s);
    QVERIFY(isAck(alice.roundTrip(wire::publishShare(token, first))));
    QVERIFY(shareInfo(bob.roundTrip(wire::requestShare(token, kBob))));

    // The owner publishes its token again with another type, classification, id and count:
    // title, description, policy, type and classification change; the id and count stay
    // (README, share_updated).
    QJsonObject again =
        laterDesktopMetadata(kAlice, u"c-2"_s, u"Second look"_s, u"annotation"_s, u"synthetic"_s);
    again.insert("description"_L1, "now described"_L1);
    const ServerFrame ack = alice.roundTrip(wire::publishShare(token, again));
    QVERIFY2(isAck(ack), qPrintable(ack.describe()));
    const ServerFrame updated = monitor.nextOfType(u"share_updated"_s);
    QVERIFY2(std::holds_alternative<ddalab::protocol::Event>(updated.decoded()),
             qPrintable(updated.describe()));
    QCOMPARE(updated.json().value("title"_L1).toString(), u"Second look"_s);
    QCOMPARE(updated.json().value("content_type"_L1).toString(), u"annotation"_s);
    QCOMPARE(updated.json().value("classification"_L1).toString(), u"synthetic"_s);

    QJsonObject expected = first;
    expected.insert("title"_L1, "Second look"_L1);
    expected.insert("description"_L1, "now described"_L1);
    expected.insert("content_type"_L1, "annotation"_L1);
    expected.insert("classification"_L1, "synthetic"_L1);
    const ServerFrame reply = bob.roundTrip(wire::requestShare(token, kBob));
    const QJsonObject sent = shareInfoMetadataJson(reply);
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(sent)),
             wire::compact(wire::echoedMetadata(expected, kCreatedAtEchoed, 2)));
    QString what;
    QCOMPARE(wire::compact(listedMetadata(alice, token, &what)), wire::compact(sent));

    // The same after a restart: what the database holds, not only the cache.
    daemon.stop();
    QVERIFY2(daemon.start(&error), qPrintable(error));
    WsTestClient aliceAgain;
    OPEN_REGISTERED(aliceAgain, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    QCOMPARE(wire::compact(listedMetadata(aliceAgain, token, &what)), wire::compact(sent));
}

void TestContentMetadata::countsSurviveCleanRestart()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QString databaseUrl;
    QVERIFY2(startDaemon(daemon, engine, dir, &error, &databaseUrl), qPrintable(error));

    const QString token = wire::newToken();
    QJsonObject last;
    {
        WsTestClient alice;
        OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
        QVERIFY(isAck(alice.roundTrip(wire::publishShare(
            token, laterDesktopMetadata(kAlice, u"c-1"_s, u"Kept"_s, u"parameter_set"_s,
                                        u"de_identified"_s)))));
        WsTestClient bob;
        OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
        QVERIFY(shareInfo(bob.roundTrip(wire::requestShare(token, kBob))));
        QVERIFY(shareInfo(bob.roundTrip(wire::requestShare(token, kBob))));
        HttpTestClient http(daemon.httpUrl(u"/"_s));
        const HttpTestReply lookup = http.get(u"/api/shares/"_s + token);
        QCOMPARE(lookup.status, 200);
        last = lookup.json().value("metadata"_L1).toObject();
    }
    QCOMPARE(usageOf(last).section(u'|', 0, 0), u"3"_s);

    // SIGTERM at once, within the second the counts wait in memory: they are written first.
    daemon.stop();
    QCOMPARE(daemon.exitCode(), 0);
    {
        RawDatabase database(databaseUrl);
        QVERIFY2(database.isOpen(), qPrintable(database.error()));
        QCOMPARE(storedUsage(database, token), usageOf(last));
    }

    QVERIFY2(daemon.start(&error), qPrintable(error));
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    QString what;
    QCOMPARE(wire::compact(listedMetadata(alice, token, &what)), wire::compact(last));
    const ServerFrame reply = alice.roundTrip(wire::requestShare(token, kAlice));
    const auto info = shareInfo(reply);
    QVERIFY2(info, qPrintable(reply.describe()));
    QCOMPARE(info->usage.downloadCount, quint64(4));
    QVERIFY(*info->usage.lastAccessedAt >= accessTime(last));
}

void TestContentMetadata::killedDaemonKeepsSharesAndWrittenCounts()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QString databaseUrl;
    QVERIFY2(startDaemon(daemon, engine, dir, &error, &databaseUrl), qPrintable(error));
    RawDatabase database(databaseUrl);
    QVERIFY2(database.isOpen(), qPrintable(database.error()));

    const QString opened = wire::newToken();
    const QString unopened = wire::newToken();
    {
        WsTestClient alice;
        OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
        alice.sendJson(wire::publishShare(opened, wire::metadata(kAlice, u"r-1"_s, u"Opened"_s)));
        alice.sendJson(
            wire::publishShare(unopened, wire::metadata(kAlice, u"r-2"_s, u"Unopened"_s)));
        QVERIFY(isAck(alice.next()));
        QVERIFY(isAck(alice.next()));
        WsTestClient bob;
        OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
        QVERIFY(shareInfo(bob.roundTrip(wire::requestShare(opened, kBob))));
        const auto second = shareInfo(bob.roundTrip(wire::requestShare(opened, kBob)));
        QVERIFY(second);
        // Written with a group commit about a second later, while the daemon keeps running.
        QTRY_COMPARE_WITH_TIMEOUT(storedUsage(database, opened),
                                  u"2|%1"_s.arg(second->usage.lastAccessedAt->toMSecsSinceEpoch()),
                                  kCountsWrittenTimeoutMs);
        // Three more, and SIGKILL before they can have been written.
        for (int i = 0; i < 3; ++i)
            QVERIFY(shareInfo(bob.roundTrip(wire::requestShare(opened, kBob))));
    }
    daemon.kill();

    // Both shares are there; the counts already written are kept, the last second's may be
    // lost.
    QCOMPARE(storedUsage(database, unopened), u"0|"_s);
    const qint64 stored = storedUsage(database, opened).section(u'|', 0, 0).toLongLong();
    QVERIFY2(stored >= 2 && stored <= 5, qPrintable(storedUsage(database, opened)));
    QVERIFY2(daemon.start(&error), qPrintable(error));
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    const ServerFrame list = alice.roundTrip(wire::listShares());
    const auto shares = shareList(list);
    QVERIFY2(shares, qPrintable(list.describe()));
    QCOMPARE(shares->shares.size(), 2);
    const ServerFrame reply = alice.roundTrip(wire::requestShare(opened, kAlice));
    const auto info = shareInfo(reply);
    QVERIFY2(info, qPrintable(reply.describe()));
    QCOMPARE(info->usage.downloadCount, quint64(stored + 1));
}

void TestContentMetadata::sharesOfAnOlderBrokerReadAsDefaults()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    const QString databaseUrl = TestDatabases::freshUrl(engine, dir, &error);
    QVERIFY2(!databaseUrl.isEmpty(), qPrintable(error));

    // The database as a broker at migration 0003 left it: its migrations applied by hand, and
    // shares inserted as its insert_share.sql did.
    const QString publicToken = wire::newToken();
    const QString restrictedToken = wire::newToken();
    const QString revokedToken = wire::newToken();
    {
        RawDatabase database(databaseUrl);
        QVERIFY2(database.isOpen(), qPrintable(database.error()));
        const bool postgres = database.isPostgres();
        const QString folder =
            postgres ? u":/sql/postgresql/migrations/"_s : u":/sql/sqlite/migrations/"_s;
        QVERIFY2(database.exec(postgres ? u"CREATE TABLE schema_migrations (version INTEGER "
                                          "PRIMARY KEY, name TEXT NOT NULL, applied_at "
                                          "TIMESTAMPTZ NOT NULL DEFAULT NOW())"_s
                                        : u"CREATE TABLE schema_migrations (version INTEGER "
                                          "PRIMARY KEY NOT NULL, name TEXT NOT NULL, applied_at "
                                          "TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"_s),
                 qPrintable(database.error()));
        const QStringList old{u"0001_init.sql"_s, u"0002_teams.sql"_s,
                              u"0003_shares_by_creation.sql"_s};
        for (int i = 0; i < old.size(); ++i) {
            QFile file(folder + old.at(i));
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
            QVERIFY2(database.execScript(QString::fromUtf8(file.readAll())),
                     qPrintable(database.error()));
            QVERIFY2(database.exec(u"INSERT INTO schema_migrations (version, name) VALUES "
                                   "(%1, '%2')"_s.arg(i + 1)
                                       .arg(old.at(i))),
                     qPrintable(database.error()));
        }
        // 2025-10-03T12:00:00.123Z, and a revocation a day later.
        const QString insert =
            postgres ? u"INSERT INTO shared_results (share_token, owner_user_id, result_id, title, "
                       "description, access_policy, created_at, revoked_at) VALUES ('%1', "
                       "'alice@institution.edu', '%2', '%3', %4, CAST('%5' AS JSONB), "
                       "to_timestamp(1759492800.123), %6)"_s
                     : u"INSERT INTO shared_results (share_token, owner_user_id, result_id, title, "
                       "description, access_policy, created_at, revoked_at) VALUES ('%1', "
                       "'alice@institution.edu', '%2', '%3', %4, '%5', 1759492800123, %6)"_s;
        const QString revokedAt = postgres ? u"to_timestamp(1759579200.456)"_s : u"1759579200456"_s;
        QVERIFY2(
            database.exec(insert.arg(publicToken, u"result-public"_s, u"Public"_s,
                                     u"'EEG analysis'"_s, u"{\"type\":\"public\"}"_s, u"NULL"_s)),
            qPrintable(database.error()));
        QVERIFY2(database.exec(insert.arg(
                     restrictedToken, u"result-bob"_s, u"Bob only"_s, u"NULL"_s,
                     u"{\"type\":\"users\",\"user_ids\":[\"bob@institution.edu\"]}"_s, u"NULL"_s)),
                 qPrintable(database.error()));
        QVERIFY2(database.exec(insert.arg(revokedToken, u"result-gone"_s, u"Gone"_s, u"NULL"_s,
                                          u"{\"type\":\"public\"}"_s, revokedAt)),
                 qPrintable(database.error()));
    }

    DaemonProcess daemon;
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, kAdminToken);
    daemon.setEnv(u"DATABASE_URL"_s, databaseUrl);
    daemon.setEnv(u"DATA_DIR"_s, dir.path());
    // The revocation of 2025 is older than the default retention: keep it to be read.
    daemon.setEnv(u"SHARE_RETENTION_DAYS"_s, u"36500"_s);
    QVERIFY2(daemon.start(&error), qPrintable(error));

    // What the old broker stored, with the defaults for what it could not know.
    auto expected = [](const QString &id, const QString &title, const QJsonValue &description,
                       const QJsonObject &policy) {
        return QJsonObject{{"access_policy"_L1, policy},
                           {"classification"_L1, "unclassified"_L1},
                           {"content_id"_L1, id},
                           {"content_type"_L1, "dda_result"_L1},
                           {"created_at"_L1, kCreatedAtEchoed},
                           {"description"_L1, description},
                           {"download_count"_L1, 0},
                           {"owner_user_id"_L1, kAlice},
                           {"result_id"_L1, id},
                           {"title"_L1, title}};
    };
    const QJsonObject publicShare =
        expected(u"result-public"_s, u"Public"_s, u"EEG analysis"_s, wire::publicPolicy());
    const QJsonObject restrictedShare =
        expected(u"result-bob"_s, u"Bob only"_s, QJsonValue::Null, wire::usersPolicy({kBob}));
    const QJsonObject revokedShare =
        expected(u"result-gone"_s, u"Gone"_s, QJsonValue::Null, wire::publicPolicy());

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    QString what;
    // (and an expires_at the upgrade gave them: withoutBrokerTimes checks its form)
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(listedMetadata(alice, publicToken, &what))),
             wire::compact(publicShare));
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(listedMetadata(alice, restrictedToken, &what))),
             wire::compact(restrictedShare));
    QVERIFY2(listedMetadata(alice, revokedToken, &what).isEmpty(), qPrintable(what));
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(snapshotMetadata(daemon, revokedToken, &what))),
             wire::compact(revokedShare));
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(snapshotMetadata(daemon, publicToken, &what))),
             wire::compact(publicShare));

    // And they count from there.
    WsTestClient bob;
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    const ServerFrame reply = bob.roundTrip(wire::requestShare(restrictedToken, kBob));
    QCOMPARE(wire::compact(wire::withoutBrokerTimes(shareInfoMetadataJson(reply))),
             wire::compact(wire::echoedMetadata(restrictedShare, kCreatedAtEchoed, 1)));
    HttpTestClient http(daemon.httpUrl(u"/"_s));
    QCOMPARE(http.get(u"/api/shares/"_s + publicToken)
                 .json()
                 .value("metadata"_L1)
                 .toObject()
                 .value("download_count"_L1)
                 .toInteger(),
             1);

    RawDatabase database(databaseUrl);
    QVERIFY2(database.isOpen(), qPrintable(database.error()));
    const auto versions =
        database.rows(u"SELECT version FROM schema_migrations ORDER BY version"_s);
    QVERIFY2(versions, qPrintable(database.error()));
    QVERIFY2(versions->size() >= 5 && versions->at(3) == "4"_L1, qPrintable(versions->join(u',')));
    const auto columns = database.rows(u"SELECT content_type, classification FROM shared_results "
                                       "ORDER BY share_token"_s);
    QVERIFY2(columns, qPrintable(database.error()));
    QCOMPARE(*columns, QStringList(3, u"dda_result|unclassified"_s));
    QTRY_COMPARE_WITH_TIMEOUT(storedUsage(database, restrictedToken).section(u'|', 0, 0), u"1"_s,
                              kCountsWrittenTimeoutMs);
    QCOMPARE(storedUsage(database, revokedToken), u"0|"_s);
}

QTEST_GUILESS_MAIN(TestContentMetadata)
#include "tst_contentmetadata.moc"
