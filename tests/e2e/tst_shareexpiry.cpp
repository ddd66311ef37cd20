// Share expiry against the real daemon, on SQLite and on PostgreSQL: the expires_at a desktop
// sends (in its metadata or its access_policy) comes back exactly; once it passed, the share
// answers as a revoked one over WebSocket and HTTP, its owner still lists it and extends it by
// publishing again, and the monitor hears share_expired once; a time in the past or two
// differing times are refused with nothing stored; max_downloads refuses the requests past the
// limit until its owner raises it; a share published without expires_at gets 30 days.

#include "support/BrokerReplies.h"
#include "support/Credentials.h"
#include "support/DaemonProcess.h"
#include "support/DesktopExpectations.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kAdminToken = u"share-expiry-admin-token-5c1e93a0"_s;
const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAliceEndpoint = u"http://192.168.1.50:3001"_s;
const QString kBobEndpoint = u"http://192.168.1.60:3001"_s;
constexpr int kExpiryTimeoutMs = 15000; // a few seconds ahead, and a sweep each second

bool startDaemon(DaemonProcess &daemon, const QString &engine, const QTemporaryDir &dir,
                 QString *error)
{
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, kAdminToken);
    daemon.setEnv(u"EXPIRY_SWEEP_SECONDS"_s, u"1"_s);
    daemon.setEnv(u"RATE_LIMIT_PER_SECOND"_s, u"100000"_s);
    daemon.setEnv(u"RATE_LIMIT_BURST"_s, u"100000"_s);
    return daemon.startOnFreshDatabase(engine, dir, error);
}

// An RFC 3339 time in the broker's form (UTC, milliseconds), `ms` from now.
QString timeFromNow(qint64 ms)
{
    return QDateTime::currentDateTimeUtc().addMSecs(ms).toString(Qt::ISODateWithMs);
}

// The metadata of token in the owner's share_list; empty when it is not listed.
QJsonObject listedMetadata(WsTestClient &owner, const QString &token)
{
    const ServerFrame reply = owner.roundTrip(wire::listShares());
    if (!shareList(reply))
        return {};
    for (const QJsonValue &share : reply.json().value("shares"_L1).toArray()) {
        if (share.toObject().value("token"_L1).toString() == token)
            return share.toObject().value("metadata"_L1).toObject();
    }
    return {};
}

// What request_share answers: "granted" for share_info, the error code otherwise.
QString requestOutcome(WsTestClient &client, const QString &token, const QString &requester)
{
    const ServerFrame reply = client.roundTrip(wire::requestShare(token, requester));
    return shareInfo(reply) ? u"granted"_s : errorCode(reply);
}

} // namespace

class TestShareExpiry : public QObject
{
    Q_OBJECT

private slots:
    void expiredShareAnswersAsRevoked_data();
    void expiredShareAnswersAsRevoked();
    void monitorHearsShareExpiredOnce_data() { TestDatabases::addEngineRows(); }
    void monitorHearsShareExpiredOnce();
    void refusedExpiryStoresNothing_data();
    void refusedExpiryStoresNothing();
    void maxDownloadsRefusesPastTheLimit_data() { TestDatabases::addEngineRows(); }
    void maxDownloadsRefusesPastTheLimit();
    void withoutExpiresAtLasts30Days_data() { TestDatabases::addEngineRows(); }
    void withoutExpiresAtLasts30Days();
};

void TestShareExpiry::expiredShareAnswersAsRevoked_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("field"); // where the desktop sends expires_at
    for (const QString &engine : TestDatabases::engines()) {
        const QByteArray e = engine.toUtf8();
        QTest::addRow("%s: metadata", e.constData()) << engine << u"metadata"_s;
        QTest::addRow("%s: access_policy", e.constData()) << engine << u"access_policy"_s;
    }
}

void TestShareExpiry::expiredShareAnswersAsRevoked()
{
    QFETCH(QString, engine);
    QFETCH(QString, field);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    WsTestClient bob;
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    HttpTestClient http(daemon.httpUrl(u"/"_s));

    const QString token = wire::newToken();
    const QString expiresAt = timeFromNow(2500);
    QJsonObject metadata = wire::metadata(kAlice, u"result-1"_s, u"Short-lived"_s);
    if (field == "metadata"_L1) {
        metadata.insert("expires_at"_L1, expiresAt);
    } else {
        QJsonObject policy = wire::publicPolicy();
        policy.insert("expires_at"_L1, expiresAt);
        metadata.insert("access_policy"_L1, policy);
    }
    ServerFrame reply = alice.roundTrip(wire::publishShare(token, metadata));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));

    // Before it passes: granted, with the time exactly as sent.
    reply = bob.roundTrip(wire::requestShare(token, kBob));
    QVERIFY2(shareInfo(reply), qPrintable(reply.describe()));
    QCOMPARE(shareInfoMetadataJson(reply).value("expires_at"_L1).toString(), expiresAt);
    const auto info = shareInfo(reply);
    QCOMPARE(info->metadata.expiresAt,
             std::optional(QDateTime::fromString(expiresAt, Qt::ISODateWithMs)));
    HttpTestReply lookup = http.get(u"/api/shares/"_s + token);
    QCOMPARE(lookup.status, 200);
    QCOMPARE(lookup.json().value("metadata"_L1).toObject().value("expires_at"_L1).toString(),
             expiresAt);

    // After it: refused as a revoked share, over both.
    QTRY_COMPARE_WITH_TIMEOUT(requestOutcome(bob, token, kBob), u"SHARE_NOT_FOUND"_s,
                              kExpiryTimeoutMs);
    QCOMPARE(requestOutcome(alice, token, kAlice), u"SHARE_NOT_FOUND"_s);
    lookup = http.get(u"/api/shares/"_s + token);
    QCOMPARE(lookup.status, 404);
    QCOMPARE(lookup.json().value("code"_L1).toString(), u"SHARE_NOT_FOUND"_s);

    // Its owner still lists it, with the time that passed.
    QCOMPARE(listedMetadata(alice, token).value("expires_at"_L1).toString(), expiresAt);

    // And extends it by publishing the token again.
    const QString extendedTo = timeFromNow(3600 * 1000);
    metadata = wire::metadata(kAlice, u"result-1"_s, u"Short-lived"_s);
    metadata.insert("expires_at"_L1, extendedTo);
    reply = alice.roundTrip(wire::publishShare(token, metadata));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    reply = bob.roundTrip(wire::requestShare(token, kBob));
    QVERIFY2(shareInfo(reply), qPrintable(reply.describe()));
    QCOMPARE(shareInfoMetadataJson(reply).value("expires_at"_L1).toString(), extendedTo);
    QCOMPARE(http.get(u"/api/shares/"_s + token).status, 200);
}

void TestShareExpiry::monitorHearsShareExpiredOnce()
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
    const QString first = wire::newToken();
    const QString firstExpiresAt = timeFromNow(1500);
    QJsonObject metadata = wire::metadata(kAlice, u"result-1"_s, u"First"_s);
    metadata.insert("expires_at"_L1, firstExpiresAt);
    ServerFrame reply = alice.roundTrip(wire::publishShare(first, metadata));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));

    ServerFrame event = monitor.nextOfType(u"share_expired"_s, kExpiryTimeoutMs);
    QVERIFY2(std::holds_alternative<ddalab::protocol::Event>(event.decoded()),
             qPrintable(event.describe()));
    QCOMPARE(event.json().value("token"_L1).toString(), first);
    QCOMPARE(event.json().value("expires_at"_L1).toString(), firstExpiresAt);

    // A second share expiring a few sweeps later: the only share_expired before its own is
    // none, so the first was announced once.
    const QString second = wire::newToken();
    metadata = wire::metadata(kAlice, u"result-2"_s, u"Second"_s);
    metadata.insert("expires_at"_L1, timeFromNow(3000));
    reply = alice.roundTrip(wire::publishShare(second, metadata));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    event = monitor.nextOfType(u"share_expired"_s, kExpiryTimeoutMs);
    QVERIFY2(!event.isEmpty(), "no share_expired for the second share");
    QCOMPARE(event.json().value("token"_L1).toString(), second);
}

void TestShareExpiry::refusedExpiryStoresNothing_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QJsonObject>("metadata");
    for (const QString &engine : TestDatabases::engines()) {
        const QByteArray e = engine.toUtf8();
        QJsonObject past = wire::metadata(kAlice, u"result-1"_s, u"Past"_s);
        past.insert("expires_at"_L1, timeFromNow(-60 * 1000));
        QTest::addRow("%s: in the past", e.constData()) << engine << past;

        QJsonObject pastInPolicy = wire::metadata(kAlice, u"result-1"_s, u"Past"_s);
        QJsonObject policy = wire::publicPolicy();
        policy.insert("expires_at"_L1, "2020-01-01T00:00:00Z"_L1);
        pastInPolicy.insert("access_policy"_L1, policy);
        QTest::addRow("%s: in the past, in access_policy", e.constData()) << engine << pastInPolicy;

        QJsonObject differing = wire::metadata(kAlice, u"result-1"_s, u"Differing"_s);
        differing.insert("expires_at"_L1, timeFromNow(3600 * 1000));
        policy = wire::publicPolicy();
        policy.insert("expires_at"_L1, timeFromNow(7200 * 1000));
        differing.insert("access_policy"_L1, policy);
        QTest::addRow("%s: metadata and access_policy differ", e.constData())
            << engine << differing;
    }
}

void TestShareExpiry::refusedExpiryStoresNothing()
{
    QFETCH(QString, engine);
    QFETCH(QJsonObject, metadata);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    const QString token = wire::newToken();
    const ServerFrame reply = alice.roundTrip(wire::publishShare(token, metadata));
    QCOMPARE(errorCode(reply), u"PARSE_ERROR"_s);
    QCOMPARE(requestOutcome(alice, token, kAlice), u"SHARE_NOT_FOUND"_s);
    const ServerFrame list = alice.roundTrip(wire::listShares());
    QVERIFY2(shareList(list), qPrintable(list.describe()));
    QCOMPARE(list.json().value("shares"_L1).toArray().size(), 0);
}

void TestShareExpiry::maxDownloadsRefusesPastTheLimit()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    WsTestClient bob;
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, kBobEndpoint);
    HttpTestClient http(daemon.httpUrl(u"/"_s));

    const QString token = wire::newToken();
    QJsonObject metadata = wire::metadata(kAlice, u"result-1"_s, u"Once"_s);
    metadata.insert("max_downloads"_L1, 1);
    ServerFrame reply = alice.roundTrip(wire::publishShare(token, metadata));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));

    reply = bob.roundTrip(wire::requestShare(token, kBob));
    QVERIFY2(shareInfo(reply), qPrintable(reply.describe()));
    QCOMPARE(shareInfoMetadataJson(reply).value("max_downloads"_L1).toInteger(), 1);
    QCOMPARE(requestOutcome(bob, token, kBob), u"DOWNLOAD_LIMIT_REACHED"_s);
    const HttpTestReply lookup = http.get(u"/api/shares/"_s + token);
    QCOMPARE(lookup.status, 410);
    QCOMPARE(lookup.json().value("code"_L1).toString(), u"DOWNLOAD_LIMIT_REACHED"_s);

    // Its owner raises the limit by publishing again: one more, then refused again.
    metadata.insert("max_downloads"_L1, 2);
    reply = alice.roundTrip(wire::publishShare(token, metadata));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));
    QCOMPARE(http.get(u"/api/shares/"_s + token).status, 200);
    QCOMPARE(requestOutcome(bob, token, kBob), u"DOWNLOAD_LIMIT_REACHED"_s);
}

void TestShareExpiry::withoutExpiresAtLasts30Days()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    const QString token = wire::newToken();
    const QDateTime publishedAround = QDateTime::currentDateTimeUtc();
    ServerFrame reply = alice.roundTrip(
        wire::publishShare(token, wire::metadata(kAlice, u"result-1"_s, u"Default"_s)));
    QVERIFY2(isAck(reply), qPrintable(reply.describe()));

    reply = alice.roundTrip(wire::requestShare(token, kAlice));
    QVERIFY2(shareInfo(reply), qPrintable(reply.describe()));
    const QString sent = shareInfoMetadataJson(reply).value("expires_at"_L1).toString();
    QVERIFY2(wire::isClientRfc3339(sent), qPrintable(sent));
    const QDateTime expiresAt = QDateTime::fromString(sent, Qt::ISODateWithMs);
    const qint64 offBy = publishedAround.addDays(30).secsTo(expiresAt);
    QVERIFY2(qAbs(offBy) < 60, qPrintable(u"%1 is %2 s off 30 days"_s.arg(sent).arg(offBy)));
    QCOMPARE(listedMetadata(alice, token).value("expires_at"_L1).toString(), sent);
}

QTEST_GUILESS_MAIN(TestShareExpiry)
#include "tst_shareexpiry.moc"
