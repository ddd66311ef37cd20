// The monitor feed of a real daemon, through BrokerClient: only admin connections get it; the
// snapshot shows who is online and the newest shares; presence and share changes arrive as
// events; the share list pages newest first without gaps; admin actions reach the daemon.

#include "MonitorTestSupport.h"
#include "config/DatabaseUrl.h"
#include "support/BrokerReplies.h"
#include "support/WsTestClient.h"

#include <QJsonObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::protocol;
using namespace monitor_test;

namespace {

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kAliceLaptop = u"http://192.168.1.50:3001"_s;
const QString kAliceDesktop = u"http://192.168.1.51:3001"_s;
const QString kBobEndpoint = u"http://192.168.1.60:3001"_s;

// Subscribes and returns the snapshot, or nullopt with what came instead in `what`.
std::optional<MonitorSnapshot> subscribe(RecordingClient &admin, int pageSize, QString *what)
{
    const std::optional<Reply> reply = admin.request(MonitorSubscribe{pageSize});
    if (reply && std::holds_alternative<MonitorSnapshot>(*reply))
        return std::get<MonitorSnapshot>(*reply);
    *what = !reply ? u"no reply"_s
                   : (std::holds_alternative<Error>(*reply) ? std::get<Error>(*reply).message
                                                            : replyTypeName(*reply));
    return std::nullopt;
}

std::optional<SharesPage> nextPage(RecordingClient &admin, const ShareCursor &cursor, int pageSize)
{
    const std::optional<Reply> reply = admin.request(MonitorSharesPage{cursor, pageSize});
    if (reply && std::holds_alternative<SharesPage>(*reply))
        return std::get<SharesPage>(*reply);
    return std::nullopt;
}

const ShareRecord *findShare(const QList<ShareRecord> &shares, const QString &token)
{
    for (const ShareRecord &share : shares) {
        if (share.token == token)
            return &share;
    }
    return nullptr;
}

} // namespace

#define OPEN_ADMIN(admin, daemon)                                                                  \
    QVERIFY2((admin).connectTo((daemon).wsUrl(), kAdminToken),                                     \
             qPrintable((admin).client().lastError()))
#define OPEN_DESKTOP(client, daemon, user, endpoint)                                               \
    do {                                                                                           \
        QVERIFY((client).connectTo((daemon).wsUrl()));                                             \
        QVERIFY((client).registerAs(user, endpoint));                                              \
    } while (false)
#define SUBSCRIBE(snapshot, admin, pageSize)                                                       \
    QString snapshot##Problem;                                                                     \
    const std::optional<MonitorSnapshot> snapshot =                                                \
        subscribe(admin, pageSize, &snapshot##Problem);                                            \
    QVERIFY2(snapshot, qPrintable(snapshot##Problem))

class TestMonitorFeed : public QObject
{
    Q_OBJECT

private slots:
    void nonAdminsAreRefused_data() { TestDatabases::addEngineRows(); }
    void nonAdminsAreRefused();
    void wrongAdminTokenCannotConnect();
    void snapshotShowsWhoIsOnlineAndTheNewestShares_data() { TestDatabases::addEngineRows(); }
    void snapshotShowsWhoIsOnlineAndTheNewestShares();
    void presenceEventsSayWhy();
    void silentConnectionGoesOfflineWithHeartbeatTimeout();
    void shareEventsFollowPublishUpdateAndRevoke_data() { TestDatabases::addEngineRows(); }
    void shareEventsFollowPublishUpdateAndRevoke();
    void sharesArePagedNewestFirstWithoutGaps_data() { TestDatabases::addEngineRows(); }
    void sharesArePagedNewestFirstWithoutGaps();
    void pagesKeepMicrosecondTimesApart();
    void badPageRequestsAreRefused();
    void adminRevokesAnyShare_data() { TestDatabases::addEngineRows(); }
    void adminRevokesAnyShare();
    void adminDisconnectEndsEveryConnectionOfTheUser();
    void statsArriveEverySecond();
};

void TestMonitorFeed::nonAdminsAreRefused()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, engine, dir);

    RecordingClient alice;
    OPEN_DESKTOP(alice, daemon, kAlice, kAliceLaptop);
    const QString token = wire::newToken();
    QVERIFY(alice.requestAck(publishShare(token, kAlice, u"Mine"_s, at("2025-10-03T12:00:00Z"))));
    RecordingClient anonymous;
    QVERIFY(anonymous.connectTo(daemon.wsUrl()));

    const QList<Request> adminRequests{MonitorSubscribe{}, MonitorSharesPage{{0, token}, 10},
                                       AdminRevokeShare{token}, AdminDisconnectUser{kAlice}};
    for (RecordingClient *client : {&alice, &anonymous}) {
        for (const Request &request : adminRequests)
            QCOMPARE(client->requestErrorCode(request), u"FORBIDDEN"_s);
    }

    // Not subscribed: a change that a monitor would hear of reaches neither of them.
    QVERIFY(alice.requestAck(
        publishShare(wire::newToken(), kAlice, u"Second"_s, at("2025-10-03T12:00:01Z"))));
    QVERIFY(alice.requestAck(Heartbeat{kAlice}));
    QVERIFY(alice.events().isEmpty());
    QVERIFY(anonymous.events().isEmpty());

    // Nothing changed: alice is online with her connection open, her share is not revoked.
    QVERIFY(alice.client().isConnected());
    RecordingClient admin;
    OPEN_ADMIN(admin, daemon);
    SUBSCRIBE(snapshot, admin, 10);
    QCOMPARE(snapshot->users.size(), 1);
    QCOMPARE(snapshot->users[0].userId, kAlice);
    const ShareRecord *share = findShare(snapshot->shares.shares, token);
    QVERIFY(share);
    QVERIFY(!share->isRevoked());
}

void TestMonitorFeed::wrongAdminTokenCannotConnect()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);

    RecordingClient impostor;
    QVERIFY(!impostor.connectTo(daemon.wsUrl(), u"not-the-admin-token-at-all"_s));
    QVERIFY2(impostor.client().lastError().contains(u"401"_s),
             qPrintable(impostor.client().lastError()));
}

void TestMonitorFeed::snapshotShowsWhoIsOnlineAndTheNewestShares()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, engine, dir);

    RecordingClient laptop, desktop, bob;
    OPEN_DESKTOP(laptop, daemon, kAlice, kAliceLaptop);
    OPEN_DESKTOP(desktop, daemon, kAlice, kAliceDesktop);
    OPEN_DESKTOP(bob, daemon, kBob, kBobEndpoint);
    const QString oldest = wire::newToken(), middle = wire::newToken(), newest = wire::newToken();
    QVERIFY(laptop.requestAck(publishShare(middle, kAlice, u"B"_s, at("2025-10-02T00:00:00Z"))));
    QVERIFY(laptop.requestAck(publishShare(oldest, kAlice, u"A"_s, at("2025-10-01T00:00:00Z"))));
    QVERIFY(bob.requestAck(publishShare(newest, kBob, u"C"_s, at("2025-10-03T00:00:00.5Z"))));
    QVERIFY(laptop.requestAck(RevokeShare{middle}));

    RecordingClient admin;
    OPEN_ADMIN(admin, daemon);
    SUBSCRIBE(snapshot, admin, 200);

    QCOMPARE(snapshot->users.size(), 2);
    const OnlineUser &alice = snapshot->users[0];
    QCOMPARE(alice.userId, kAlice);
    QCOMPARE(alice.connections.size(), 2);
    QCOMPARE(alice.connections[0].endpoint, kAliceLaptop);
    QCOMPARE(alice.connections[1].endpoint, kAliceDesktop);
    QVERIFY(alice.connections[0].connectedAt.isValid());
    QVERIFY(alice.connections[0].lastHeartbeat >= alice.connections[0].connectedAt);
    QCOMPARE(snapshot->users[1].userId, kBob);

    QCOMPARE(snapshot->shares.shares.size(), 3);
    QCOMPARE(snapshot->shares.shares[0].token, newest);
    QCOMPARE(snapshot->shares.shares[0].metadata.ownerUserId, kBob);
    QCOMPARE(snapshot->shares.shares[0].metadata.createdAt, at("2025-10-03T00:00:00.5Z"));
    QCOMPARE(snapshot->shares.shares[1].token, middle);
    QVERIFY(snapshot->shares.shares[1].isRevoked());
    QCOMPARE(snapshot->shares.shares[2].token, oldest);
    QCOMPARE(snapshot->shares.nextCursor, std::nullopt);

    QCOMPARE(snapshot->stats.usersOnline, 2);
    QCOMPARE(snapshot->stats.registeredConnections, 3);
    QCOMPARE(snapshot->stats.openConnections, 4); // three desktops and the admin
    QCOMPARE(snapshot->stats.monitors, 1);
    QVERIFY(snapshot->startedAt <= QDateTime::currentDateTimeUtc());

    // A smaller first page says there is more.
    SUBSCRIBE(small, admin, 2);
    QCOMPARE(small->shares.shares.size(), 2);
    QVERIFY(small->shares.nextCursor);
    QCOMPARE(small->stats.monitors, 1); // subscribing again is not a second monitor
}

void TestMonitorFeed::presenceEventsSayWhy()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);
    RecordingClient admin;
    OPEN_ADMIN(admin, daemon);
    SUBSCRIBE(snapshot, admin, 10);
    QVERIFY(snapshot->users.isEmpty());

    RecordingClient laptop, desktop;
    OPEN_DESKTOP(laptop, daemon, kAlice, kAliceLaptop);
    const auto first = admin.waitForEvent<UserOnline>();
    QVERIFY(first);
    QCOMPARE(first->userId, kAlice);
    QCOMPARE(first->connection.endpoint, kAliceLaptop);
    QCOMPARE(first->devices, 1);

    OPEN_DESKTOP(desktop, daemon, kAlice, kAliceDesktop);
    const auto second =
        admin.waitForEvent<UserOnline>([](const UserOnline &event) { return event.devices == 2; });
    QVERIFY(second);
    QCOMPARE(second->connection.endpoint, kAliceDesktop);
    QVERIFY(second->connection.connectionId != first->connection.connectionId);

    QVERIFY(laptop.requestAck(Heartbeat{kAlice}));
    const auto heartbeat = admin.waitForEvent<UserHeartbeat>();
    QVERIFY(heartbeat);
    QCOMPARE(heartbeat->connectionId, first->connection.connectionId);
    QCOMPARE(heartbeat->userId, kAlice);

    QVERIFY(laptop.requestAck(Disconnect{kAlice}));
    const auto disconnected = admin.waitForEvent<UserOffline>();
    QVERIFY(disconnected);
    QCOMPARE(disconnected->reason, OfflineReason::Disconnect);
    QCOMPARE(disconnected->connectionId, first->connection.connectionId);
    QCOMPARE(disconnected->devices, 1);

    desktop.client().close(); // the lid closes: no disconnect, the socket just goes
    const auto vanished = admin.waitForEvent<UserOffline>(
        [](const UserOffline &event) { return event.reason == OfflineReason::SocketClosed; });
    QVERIFY(vanished);
    QCOMPARE(vanished->connectionId, second->connection.connectionId);
    QCOMPARE(vanished->devices, 0);
}

void TestMonitorFeed::silentConnectionGoesOfflineWithHeartbeatTimeout()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"HEARTBEAT_TIMEOUT_SECONDS"_s, u"1"_s);
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);
    RecordingClient admin;
    OPEN_ADMIN(admin, daemon);
    SUBSCRIBE(snapshot, admin, 10);

    RecordingClient bob;
    OPEN_DESKTOP(bob, daemon, kBob, kBobEndpoint);
    const auto offline = admin.waitForEvent<UserOffline>();
    QVERIFY(offline);
    QCOMPARE(offline->userId, kBob);
    QCOMPARE(offline->reason, OfflineReason::HeartbeatTimeout);
    QVERIFY(bob.client().isConnected()); // silent, not gone
}

void TestMonitorFeed::shareEventsFollowPublishUpdateAndRevoke()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, engine, dir);
    RecordingClient admin, alice, bob;
    OPEN_ADMIN(admin, daemon);
    OPEN_DESKTOP(alice, daemon, kAlice, kAliceLaptop);
    OPEN_DESKTOP(bob, daemon, kBob, kBobEndpoint);
    SUBSCRIBE(snapshot, admin, 10);

    const QString token = wire::newToken();
    PublishShare publish = publishShare(token, kAlice, u"EEG run 1"_s, at("2025-10-03T12:00:00Z"));
    QVERIFY(alice.requestAck(publish));
    const auto published = admin.waitForEvent<SharePublished>();
    QVERIFY(published);
    QCOMPARE(published->share.token, token);
    // As published, with the expiry the broker decided (30 days for an unclassified share).
    QVERIFY(published->share.metadata.expiresAt);
    ShareMetadata expectedMetadata = publish.metadata;
    expectedMetadata.expiresAt = published->share.metadata.expiresAt;
    QCOMPARE(published->share.metadata, expectedMetadata);

    publish.metadata.title = u"EEG run 1 (cleaned)"_s;
    publish.metadata.accessPolicy = AccessPolicy::makeUsers({kBob});
    QVERIFY(alice.requestAck(publish));
    const auto updated = admin.waitForEvent<ShareUpdated>();
    QVERIFY(updated);
    QCOMPARE(updated->token, token);
    QCOMPARE(updated->title, publish.metadata.title);
    QCOMPARE(updated->accessPolicy, publish.metadata.accessPolicy);

    // A refused publish changes nothing and tells the monitor nothing.
    QCOMPARE(
        bob.requestErrorCode(publishShare(token, kBob, u"Mine now"_s, at("2025-10-03T12:00:00Z"))),
        u"TOKEN_TAKEN"_s);

    const QDateTime beforeRevoke = QDateTime::currentDateTimeUtc().addMSecs(-1);
    QVERIFY(alice.requestAck(RevokeShare{token}));
    const auto revoked = admin.waitForEvent<ShareRevoked>();
    QVERIFY(revoked);
    QCOMPARE(revoked->token, token);
    QCOMPARE(revoked->byAdmin, false);
    QVERIFY(revoked->revokedAt >= beforeRevoke);

    // The refused publish did not send anything between the update and the revocation.
    QList<QString> shareEvents;
    for (const Event &event : admin.events()) {
        if (!std::holds_alternative<StatsReport>(event))
            shareEvents.append(eventTypeName(event));
    }
    QCOMPARE(shareEvents,
             (QList<QString>{u"share_published"_s, u"share_updated"_s, u"share_revoked"_s}));
}

void TestMonitorFeed::sharesArePagedNewestFirstWithoutGaps()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, engine, dir);
    RecordingClient alice;
    OPEN_DESKTOP(alice, daemon, kAlice, kAliceLaptop);

    // 25 shares: ten at distinct times, fifteen in one and the same millisecond, three revoked.
    QSet<QString> published;
    const QDateTime base = at("2025-10-03T12:00:00.000Z");
    for (int i = 0; i < 25; ++i) {
        const QString token = wire::newToken();
        const QDateTime createdAt = i < 10 ? base.addSecs(i) : base.addMSecs(-7);
        alice.client().send(publishShare(token, kAlice, u"Share %1"_s.arg(i), createdAt));
        published.insert(token);
    }
    QVERIFY(alice.requestAck(Heartbeat{kAlice})); // replies are in order: all published
    const QList<QString> tokens = published.values();
    for (int i = 0; i < 3; ++i)
        QVERIFY(alice.requestAck(RevokeShare{tokens[i]}));

    RecordingClient admin;
    OPEN_ADMIN(admin, daemon);
    SUBSCRIBE(snapshot, admin, 7);
    QList<ShareRecord> listed = snapshot->shares.shares;
    QList<qsizetype> pageSizes{listed.size()};
    std::optional<ShareCursor> cursor = snapshot->shares.nextCursor;
    // A share published while paging is newer than every page still to come.
    QVERIFY(alice.requestAck(
        publishShare(wire::newToken(), kAlice, u"Late"_s, QDateTime::currentDateTimeUtc())));
    while (cursor) {
        const std::optional<SharesPage> page = nextPage(admin, *cursor, 7);
        QVERIFY(page);
        listed += page->shares;
        pageSizes.append(page->shares.size());
        cursor = page->nextCursor;
    }

    QCOMPARE(pageSizes, (QList<qsizetype>{7, 7, 7, 4}));
    QSet<QString> seen;
    int revoked = 0;
    for (qsizetype i = 0; i < listed.size(); ++i) {
        QVERIFY2(!seen.contains(listed[i].token), "a share came twice");
        seen.insert(listed[i].token);
        revoked += listed[i].isRevoked() ? 1 : 0;
        if (i > 0)
            QVERIFY(listed[i].metadata.createdAt <= listed[i - 1].metadata.createdAt);
    }
    QCOMPARE(seen, published);
    QCOMPARE(revoked, 3);
    QCOMPARE(listed.first().metadata.createdAt, base.addSecs(9));
}

void TestMonitorFeed::pagesKeepMicrosecondTimesApart()
{
    // Rows written by an older broker may hold created_at with microseconds, which PostgreSQL
    // keeps. A page that ends inside one millisecond must go on exactly after its last row.
    // (SQLite stores milliseconds, so this is PostgreSQL's case alone.)
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error, databaseUrl;
    if (!startDaemon(daemon, u"postgresql"_s, dir, &error, &databaseUrl))
        QFAIL(qPrintable(error));
    const auto url = DatabaseUrl::parse(databaseUrl, &error);
    QVERIFY2(url, qPrintable(error));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"legacy-rows"_s);
        db.setHostName(url->host);
        db.setPort(url->port);
        db.setUserName(url->user);
        db.setPassword(url->password);
        db.setDatabaseName(url->database);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        // Five shares in the same millisecond; token order runs against time order.
        for (int i = 1; i <= 5; ++i) {
            QSqlQuery insert(db);
            QVERIFY(insert.prepare(
                u"INSERT INTO shared_results (share_token, owner_user_id, result_id, title, "
                "access_policy, created_at) VALUES (:token, 'alice', 'r', 't', "
                "CAST('{\"type\":\"public\"}' AS JSONB), "
                "CAST(:created_at AS TIMESTAMPTZ))"_s));
            insert.bindValue(u":token"_s, u"legacy-%1"_s.arg(i));
            insert.bindValue(u":created_at"_s,
                             u"2025-10-03 12:00:00.123"_s + QString::number(6 - i) + u"00+00"_s);
            QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"legacy-rows"_s);

    RecordingClient admin;
    OPEN_ADMIN(admin, daemon);
    SUBSCRIBE(snapshot, admin, 2);
    QList<ShareRecord> listed = snapshot->shares.shares;
    std::optional<ShareCursor> cursor = snapshot->shares.nextCursor;
    while (cursor) {
        const std::optional<SharesPage> page = nextPage(admin, *cursor, 2);
        QVERIFY(page);
        listed += page->shares;
        cursor = page->nextCursor;
    }
    QStringList tokens;
    for (const ShareRecord &share : listed)
        tokens.append(share.token);
    QCOMPARE(tokens, (QStringList{u"legacy-1"_s, u"legacy-2"_s, u"legacy-3"_s, u"legacy-4"_s,
                                  u"legacy-5"_s}));
}

void TestMonitorFeed::badPageRequestsAreRefused()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);
    // Raw frames: BrokerClient cannot even write these.
    WsTestClient admin;
    QVERIFY(admin.open(daemon.wsUrl(), {{"Authorization", "Bearer " + kAdminToken.toUtf8()}}));
    const QList<std::pair<QJsonObject, QString>> cases{
        {{{"type"_L1, "monitor_shares_page"_L1}, {"cursor"_L1, "yesterday"_L1}}, u"cursor"_s},
        {{{"type"_L1, "monitor_shares_page"_L1}, {"cursor"_L1, "5:abc"_L1}, {"page_size"_L1, 500}},
         u"page_size"_s},
        {{{"type"_L1, "monitor_subscribe"_L1}, {"page_size"_L1, 0}}, u"page_size"_s},
        {{{"type"_L1, "admin_revoke_share"_L1}, {"token"_L1, "a/b"_L1}}, u"token"_s},
    };
    for (const auto &[frame, field] : cases) {
        admin.sendJson(frame);
        const ServerFrame reply = admin.next();
        QCOMPARE(errorCode(reply), u"PARSE_ERROR"_s);
        QVERIFY2(errorMessage(reply).contains(field), qPrintable(errorMessage(reply)));
    }
    QVERIFY(admin.isOpen());
}

void TestMonitorFeed::adminRevokesAnyShare()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, engine, dir);
    RecordingClient admin, alice, bob;
    OPEN_ADMIN(admin, daemon);
    OPEN_DESKTOP(alice, daemon, kAlice, kAliceLaptop);
    OPEN_DESKTOP(bob, daemon, kBob, kBobEndpoint);
    SUBSCRIBE(snapshot, admin, 10);
    const QString token = wire::newToken();
    QVERIFY(alice.requestAck(publishShare(token, kAlice, u"T"_s, at("2025-10-03T12:00:00Z"))));
    QVERIFY(std::holds_alternative<ShareInfo>(*bob.request(RequestShare{token, kBob})));

    QString what;
    QVERIFY2(admin.requestAck(AdminRevokeShare{token}, &what), qPrintable(what));
    const auto revoked = admin.waitForEvent<ShareRevoked>();
    QVERIFY(revoked);
    QCOMPARE(revoked->token, token);
    QVERIFY(revoked->byAdmin);

    // Gone for everybody, the owner included, and it stays gone.
    QCOMPARE(bob.requestErrorCode(RequestShare{token, kBob}), u"SHARE_NOT_FOUND"_s);
    QCOMPARE(alice.requestErrorCode(RevokeShare{token}), u"SHARE_NOT_FOUND"_s);
    QCOMPARE(
        alice.requestErrorCode(publishShare(token, kAlice, u"Again"_s, at("2025-10-03T12:00:00Z"))),
        u"TOKEN_TAKEN"_s);
    QCOMPARE(admin.requestErrorCode(AdminRevokeShare{token}), u"SHARE_NOT_FOUND"_s);
    QCOMPARE(admin.requestErrorCode(AdminRevokeShare{wire::newToken()}), u"SHARE_NOT_FOUND"_s);

    // Logged with who did it, never with the token or the admin credential.
    QTRY_VERIFY(daemon.output().contains(u"as administrator: the admin token (connection"_s));
    QVERIFY(!daemon.output().contains(token));
    QVERIFY(!daemon.output().contains(kAdminToken));
}

void TestMonitorFeed::adminDisconnectEndsEveryConnectionOfTheUser()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);
    RecordingClient admin, laptop, desktop, bob;
    OPEN_ADMIN(admin, daemon);
    OPEN_DESKTOP(laptop, daemon, kAlice, kAliceLaptop);
    OPEN_DESKTOP(desktop, daemon, kAlice, kAliceDesktop);
    OPEN_DESKTOP(bob, daemon, kBob, kBobEndpoint);
    SUBSCRIBE(snapshot, admin, 10);

    QString what;
    QVERIFY2(admin.requestAck(AdminDisconnectUser{kAlice}, &what), qPrintable(what));
    QTRY_VERIFY(!laptop.client().isConnected() && !desktop.client().isConnected());
    QVERIFY2(laptop.client().lastError().contains(u"disconnected by an administrator"_s),
             qPrintable(laptop.client().lastError()));
    const auto last = admin.waitForEvent<UserOffline>(
        [](const UserOffline &event) { return event.devices == 0; });
    QVERIFY(last);
    QCOMPARE(last->reason, OfflineReason::AdminDisconnect);
    int offlineEvents = 0;
    for (const Event &event : admin.events())
        offlineEvents += std::holds_alternative<UserOffline>(event) ? 1 : 0;
    QCOMPARE(offlineEvents, 2);

    // Bob is untouched; alice may come back; nobody is not found twice.
    QVERIFY(bob.requestAck(Heartbeat{kBob}));
    QCOMPARE(admin.requestErrorCode(AdminDisconnectUser{kAlice}), u"USER_NOT_FOUND"_s);
    RecordingClient again;
    OPEN_DESKTOP(again, daemon, kAlice, kAliceLaptop);
    QTRY_VERIFY(daemon.output().contains(
        u"disconnected alice@institution.edu ( 2 connections ) as administrator: the admin token"_s));
}

void TestMonitorFeed::statsArriveEverySecond()
{
    QTemporaryDir dir;
    DaemonProcess daemon;
    MONITOR_START_DAEMON(daemon, u"sqlite"_s, dir);
    RecordingClient admin, alice;
    OPEN_ADMIN(admin, daemon);
    OPEN_DESKTOP(alice, daemon, kAlice, kAliceLaptop);
    SUBSCRIBE(snapshot, admin, 10);
    admin.clearEvents();

    for (int i = 0; i < 3; ++i)
        QVERIFY(alice.requestAck(Heartbeat{kAlice}));
    QVERIFY(alice.requestAck(
        publishShare(wire::newToken(), kAlice, u"T"_s, at("2025-10-03T12:00:00Z"))));
    QCOMPARE(alice.requestErrorCode(Heartbeat{kBob}), u"FORBIDDEN"_s);

    // The next report covers that second, or the one after it does.
    const auto busy = admin.waitForEvent<StatsReport>(
        [](const StatsReport &stats) {
            return stats.messagesPerSecond.value(u"heartbeat"_s) > 0 &&
                   stats.errorsPerSecond.value(u"FORBIDDEN"_s) > 0 &&
                   stats.storageTransactionsPerSecond > 0;
        },
        5000);
    QVERIFY(busy);
    QVERIFY(busy->storageMeanMs && *busy->storageMeanMs > 0);
    QCOMPARE(busy->usersOnline, 1);
    QCOMPARE(busy->registeredConnections, 1);
    QCOMPARE(busy->openConnections, 2);
    QCOMPARE(busy->monitors, 1);

    auto reportTimes = [&admin] {
        QList<QDateTime> times;
        for (const Event &event : admin.events()) {
            if (const auto *stats = std::get_if<StatsReport>(&event))
                times.append(stats->serverTime);
        }
        return times;
    };
    QTRY_VERIFY_WITH_TIMEOUT(reportTimes().size() >= 2, 5000);
    const QList<QDateTime> times = reportTimes();
    const qint64 gap = times[1].toMSecsSinceEpoch() - times[0].toMSecsSinceEpoch();
    QVERIFY2(gap >= 500 && gap <= 1500, qPrintable(QString::number(gap)));
}

QTEST_GUILESS_MAIN(TestMonitorFeed)
#include "tst_feed.moc"
