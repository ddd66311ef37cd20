// The monitor feed's messages on the wire: every new request, reply and event is written out
// here as JSON by hand and compared with what MessageCodec makes of it, both ways, so the codec
// cannot drift from the documented shapes without a test noticing.

#include "protocol/MessageCodec.h"
#include "protocol/Rfc3339.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::protocol;

namespace {

QJsonObject parsed(const QByteArray &frame)
{
    return QJsonDocument::fromJson(frame).object();
}

QByteArray json(const char *text)
{
    return QByteArray(text);
}

QDateTime utc(const char *text)
{
    return *rfc3339::parse(QString::fromLatin1(text));
}

ShareRecord sampleShare()
{
    ShareRecord share;
    share.token = u"q7cF0nXkR4m2vB9sT1uWyA"_s;
    share.metadata.ownerUserId = u"alice@institution.edu"_s;
    share.metadata.resultId = u"result-uuid"_s;
    share.metadata.title = u"My DDA Analysis"_s;
    share.metadata.description = std::nullopt;
    share.metadata.createdAt = utc("2025-10-03T12:00:00.123Z");
    share.metadata.accessPolicy = AccessPolicy::makeUsers({u"bob@institution.edu"_s});
    share.metadata.expiresAt = utc("2025-11-02T12:00:00.123Z");
    share.metadata.maxDownloads = 3;
    return share;
}

const char *kSampleShareJson =
    R"({"token":"q7cF0nXkR4m2vB9sT1uWyA","metadata":{"owner_user_id":"alice@institution.edu",)"
    R"("result_id":"result-uuid","content_id":"result-uuid","content_type":"dda_result",)"
    R"("classification":"unclassified","download_count":0,)"
    R"("expires_at":"2025-11-02T12:00:00.123Z","max_downloads":3,)"
    R"("title":"My DDA Analysis","description":null,)"
    R"("created_at":"2025-10-03T12:00:00.123Z",)"
    R"("access_policy":{"type":"users","user_ids":["bob@institution.edu"]}},"revoked_at":null})";

StatsReport sampleStats()
{
    StatsReport stats;
    stats.serverTime = utc("2025-10-03T12:01:00.000Z");
    stats.uptimeSeconds = 3600;
    stats.openConnections = 3;
    stats.registeredConnections = 2;
    stats.usersOnline = 1;
    stats.monitors = 1;
    stats.messagesPerSecond = {{u"heartbeat"_s, 0.5}, {u"publish_share"_s, 2}};
    stats.errorsPerSecond = {{u"FORBIDDEN"_s, 1}};
    stats.storageTransactionsPerSecond = 2;
    stats.storageMeanMs = 1.25;
    stats.storageP95Ms = 2.5;
    stats.storageFailedTransactions = 0;
    return stats;
}

const char *kSampleStatsJson =
    R"({"server_time":"2025-10-03T12:01:00.000Z","uptime_seconds":3600,"open_connections":3,)"
    R"("registered_connections":2,"users_online":1,"monitors":1,)"
    R"("messages_per_second":{"heartbeat":0.5,"publish_share":2},)"
    R"("errors_per_second":{"FORBIDDEN":1},"storage":{"transactions_per_second":2,)"
    R"("mean_latency_ms":1.25,"p95_latency_ms":2.5,"failed_transactions":0}})";

QList<ReplicaInfo> sampleReplicas()
{
    ReplicaInfo self;
    self.replicaId = u"5f0c1e9a-1111-4c2b-9d7e-000000000001"_s;
    self.address = u"10.0.0.11:8080"_s;
    self.startedAt = utc("2025-10-03T08:00:00.000Z");
    self.lastSeen = utc("2025-10-03T12:01:00.250Z");
    self.leaseUntil = utc("2025-10-03T12:01:15.250Z");
    self.live = true;
    self.self = true;
    self.connections = 9;
    self.usersOnline = 7;
    ReplicaInfo dead;
    dead.replicaId = u"a71d0000-2222-4c2b-9d7e-000000000002"_s;
    dead.address = u"10.0.0.12:8080"_s;
    dead.startedAt = utc("2025-10-03T07:00:00.000Z");
    dead.lastSeen = utc("2025-10-03T11:40:00.000Z");
    dead.leaseUntil = utc("2025-10-03T11:40:15.000Z");
    dead.connections = 4;
    dead.usersOnline = 3;
    return {self, dead};
}

const char *kSampleReplicasJson =
    R"([{"replica_id":"5f0c1e9a-1111-4c2b-9d7e-000000000001","address":"10.0.0.11:8080",)"
    R"("started_at":"2025-10-03T08:00:00.000Z","last_seen":"2025-10-03T12:01:00.250Z",)"
    R"("lease_until":"2025-10-03T12:01:15.250Z","live":true,"self":true,"connections":9,)"
    R"("users_online":7},)"
    R"({"replica_id":"a71d0000-2222-4c2b-9d7e-000000000002","address":"10.0.0.12:8080",)"
    R"("started_at":"2025-10-03T07:00:00.000Z","last_seen":"2025-10-03T11:40:00.000Z",)"
    R"("lease_until":"2025-10-03T11:40:15.000Z","live":false,"self":false,"connections":4,)"
    R"("users_online":3}])";

QJsonArray sampleReplicasJson()
{
    return QJsonDocument::fromJson(kSampleReplicasJson).array();
}

// A replicas push with one field of its first replica replaced (removed when undefined).
QByteArray replicasWith(const char *field, const QJsonValue &value)
{
    QJsonArray replicas = sampleReplicasJson();
    QJsonObject first = replicas.at(0).toObject();
    if (value.isUndefined())
        first.remove(QLatin1StringView(field));
    else
        first.insert(QLatin1StringView(field), value);
    replicas.replace(0, first);
    return QJsonDocument(QJsonObject{{"type"_L1, "replicas"_L1}, {"replicas"_L1, replicas}})
        .toJson(QJsonDocument::Compact);
}

QJsonObject withType(const char *body, const char *type)
{
    QJsonObject object = parsed(QByteArray(body));
    object.insert("type"_L1, QLatin1StringView(type));
    return object;
}

// The decoded server frame as an event of type T, or a failure naming what came instead.
template <typename T> std::optional<T> decodedEvent(const QByteArray &frame, QString *what)
{
    const DecodedServerFrame decoded = MessageCodec::decodeServerFrame(frame);
    if (const auto *failure = std::get_if<DecodeFailure>(&decoded)) {
        *what = failure->message;
        return std::nullopt;
    }
    if (const auto *event = std::get_if<Event>(&decoded)) {
        if (const auto *typed = std::get_if<T>(event))
            return *typed;
    }
    *what = u"another message type"_s;
    return std::nullopt;
}

template <typename T>
std::optional<T> decodedReply(const QByteArray &frame, QString *what,
                              std::optional<QString> *messageId = nullptr)
{
    const DecodedServerFrame decoded = MessageCodec::decodeServerFrame(frame);
    if (const auto *failure = std::get_if<DecodeFailure>(&decoded)) {
        *what = failure->message;
        return std::nullopt;
    }
    if (const auto *incoming = std::get_if<IncomingReply>(&decoded)) {
        if (messageId)
            *messageId = incoming->messageId;
        if (const auto *typed = std::get_if<T>(&incoming->reply))
            return *typed;
    }
    *what = u"another message type"_s;
    return std::nullopt;
}

} // namespace

class TestMonitorCodec : public QObject
{
    Q_OBJECT

private slots:
    void encodesAdminRequests();
    void decodesAdminRequests();
    void refusesBadAdminRequests_data();
    void refusesBadAdminRequests();
    void brokerMessagesSentToTheBrokerAreIgnored();
    void cursorRoundTrips();
    void encodesSnapshot();
    void decodesSnapshot();
    void snapshotWithReplicasRoundTrips();
    void replicaListRoundTrips();
    void refusesBadReplicas_data();
    void refusesBadReplicas();
    void encodesAndDecodesSharesPage();
    void encodesEvents_data();
    void encodesEvents();
    void decodesEveryEventItEncodes();
    void refusesBadServerFrames_data();
    void refusesBadServerFrames();
    void decodesDesktopReplies();
    void auditMessagesRoundTrip();
    void refusesBadAuditQueries_data();
    void refusesBadAuditQueries();
};

void TestMonitorCodec::encodesAdminRequests()
{
    QCOMPARE(parsed(MessageCodec::encodeRequest(MonitorSubscribe{50}, u"m1"_s)),
             parsed(R"({"type":"monitor_subscribe","page_size":50,"message_id":"m1"})"));
    QCOMPARE(parsed(MessageCodec::encodeRequest(
                 MonitorSharesPage{ShareCursor{1759492800123000, u"abc"_s}, 200})),
             parsed(R"({"type":"monitor_shares_page","cursor":"1759492800123000:abc",)"
                    R"("page_size":200})"));
    QCOMPARE(parsed(MessageCodec::encodeRequest(AdminRevokeShare{u"tok-1"_s})),
             parsed(R"({"type":"admin_revoke_share","token":"tok-1"})"));
    QCOMPARE(parsed(MessageCodec::encodeRequest(AdminDisconnectUser{u"bob@x.edu"_s})),
             parsed(R"({"type":"admin_disconnect_user","user_id":"bob@x.edu"})"));
}

void TestMonitorCodec::decodesAdminRequests()
{
    auto request = [](const char *text) -> Request {
        const DecodedFrame frame = MessageCodec::decodeRequest(json(text));
        const auto *incoming = std::get_if<IncomingRequest>(&frame);
        return incoming ? incoming->request : Request{};
    };
    // page_size may be left out: a full page.
    const Request subscribe = request(R"({"type":"monitor_subscribe"})");
    QVERIFY(std::holds_alternative<MonitorSubscribe>(subscribe));
    QCOMPARE(std::get<MonitorSubscribe>(subscribe).pageSize, kMaxSharesPageSize);
    QCOMPARE(std::get<MonitorSubscribe>(request(R"({"type":"monitor_subscribe","page_size":7})"))
                 .pageSize,
             7);

    const Request page =
        request(R"({"type":"monitor_shares_page","cursor":"-5:q7cF0nXkR4m2vB9sT1uWyA"})");
    QVERIFY(std::holds_alternative<MonitorSharesPage>(page));
    QCOMPARE(std::get<MonitorSharesPage>(page).cursor,
             (ShareCursor{-5, u"q7cF0nXkR4m2vB9sT1uWyA"_s}));
    QCOMPARE(std::get<MonitorSharesPage>(page).pageSize, kMaxSharesPageSize);

    const Request revoke = request(R"({"type":"admin_revoke_share","token":"abc"})");
    QCOMPARE(std::get<AdminRevokeShare>(revoke).token, u"abc"_s);
    const Request disconnect = request(R"({"type":"admin_disconnect_user","user_id":"bob"})");
    QCOMPARE(std::get<AdminDisconnectUser>(disconnect).userId, u"bob"_s);
    QVERIFY(isAdminRequest(subscribe) && isAdminRequest(page) && isAdminRequest(revoke) &&
            isAdminRequest(disconnect));
    QVERIFY(!isAdminRequest(RevokeShare{u"abc"_s}));
}

void TestMonitorCodec::refusesBadAdminRequests_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("field");
    QTest::newRow("page size zero")
        << json(R"({"type":"monitor_subscribe","page_size":0})") << u"page_size"_s;
    QTest::newRow("page size over 200")
        << json(R"({"type":"monitor_subscribe","page_size":201})") << u"page_size"_s;
    QTest::newRow("page size fraction")
        << json(R"({"type":"monitor_subscribe","page_size":1.5})") << u"page_size"_s;
    QTest::newRow("page size text")
        << json(R"({"type":"monitor_subscribe","page_size":"9"})") << u"page_size"_s;
    QTest::newRow("page without cursor")
        << json(R"({"type":"monitor_shares_page"})") << u"cursor"_s;
    QTest::newRow("cursor without token")
        << json(R"({"type":"monitor_shares_page","cursor":"123"})") << u"cursor"_s;
    QTest::newRow("cursor with bad token")
        << json(R"({"type":"monitor_shares_page","cursor":"123:a/b"})") << u"cursor"_s;
    QTest::newRow("cursor key not a number")
        << json(R"({"type":"monitor_shares_page","cursor":"x1:abc"})") << u"cursor"_s;
    QTest::newRow("revoke without token") << json(R"({"type":"admin_revoke_share"})") << u"token"_s;
    QTest::newRow("revoke token with slash")
        << json(R"({"type":"admin_revoke_share","token":"../x"})") << u"token"_s;
    QTest::newRow("disconnect without user")
        << json(R"({"type":"admin_disconnect_user"})") << u"user_id"_s;
    QTest::newRow("disconnect empty user")
        << json(R"({"type":"admin_disconnect_user","user_id":""})") << u"user_id"_s;
}

void TestMonitorCodec::refusesBadAdminRequests()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, field);
    const DecodedFrame decoded = MessageCodec::decodeRequest(frame);
    const auto *failure = std::get_if<DecodeFailure>(&decoded);
    QVERIFY2(failure, "the frame was accepted");
    QVERIFY2(failure->message.contains(u'\'' + field + u'\''), qPrintable(failure->message));
}

void TestMonitorCodec::brokerMessagesSentToTheBrokerAreIgnored()
{
    for (const char *type :
         {"monitor_snapshot", "monitor_shares", "user_online", "user_offline", "user_heartbeat",
          "share_published", "share_updated", "share_revoked", "stats"}) {
        const QByteArray frame = "{\"type\":\"" + QByteArray(type) + "\"}";
        const DecodedFrame decoded = MessageCodec::decodeRequest(frame);
        QVERIFY2(std::holds_alternative<IgnoredMessage>(decoded), type);
    }
}

void TestMonitorCodec::cursorRoundTrips()
{
    const ShareCursor cursor{1759492800123456, u"q7cF0nXkR4m2vB9sT1uWyA"_s};
    QCOMPARE(cursor.toString(), u"1759492800123456:q7cF0nXkR4m2vB9sT1uWyA"_s);
    QCOMPARE(ShareCursor::parse(cursor.toString()), cursor);
    QCOMPARE(ShareCursor::parse(u"-1:a"_s), (ShareCursor{-1, u"a"_s}));
    for (const QString &bad : {u""_s, u":abc"_s, u"12:"_s, u"12:a:b"_s, u"1.5:abc"_s,
                               u"1234567890123456789:abc"_s, u"12:a b"_s})
        QVERIFY2(!ShareCursor::parse(bad), qPrintable(bad));
}

void TestMonitorCodec::encodesSnapshot()
{
    MonitorSnapshot snapshot;
    snapshot.startedAt = utc("2025-10-03T11:00:00.000Z");
    snapshot.users = {OnlineUser{
        u"alice@institution.edu"_s,
        {ConnectionInfo{7, u"http://192.168.1.50:3001"_s, utc("2025-10-03T11:30:00.000Z"),
                        utc("2025-10-03T12:00:30.500Z"), u"10.0.0.11:8080"_s}}}};
    snapshot.shares =
        SharesPage{{sampleShare()}, ShareCursor{1759492800123000, sampleShare().token}};
    snapshot.stats = sampleStats();
    snapshot.replicas = sampleReplicas();

    QJsonObject expected = parsed(
        R"({"type":"monitor_snapshot","message_id":"s1","started_at":"2025-10-03T11:00:00.000Z",)"
        R"("users":[{"user_id":"alice@institution.edu","connections":[{"connection_id":7,)"
        R"("endpoint":"http://192.168.1.50:3001","connected_at":"2025-10-03T11:30:00.000Z",)"
        R"("last_heartbeat":"2025-10-03T12:00:30.500Z","replica":"10.0.0.11:8080"}]}],)"
        R"("next_cursor":"1759492800123000:q7cF0nXkR4m2vB9sT1uWyA"})");
    expected.insert("shares"_L1, QJsonArray{parsed(kSampleShareJson)});
    expected.insert("stats"_L1, parsed(kSampleStatsJson));
    expected.insert("replicas"_L1, sampleReplicasJson());
    QCOMPARE(parsed(MessageCodec::encodeReply(snapshot, u"s1"_s)), expected);

    // A broker on SQLite: the list is there, empty; so is each connection's replica.
    snapshot.replicas.clear();
    snapshot.users[0].connections[0].replica.clear();
    const QJsonObject single = parsed(MessageCodec::encodeReply(snapshot, u"s1"_s));
    QCOMPARE(single.value("replicas"_L1), QJsonValue(QJsonArray()));
    QCOMPARE(single.value("users"_L1)[0]["connections"_L1][0]["replica"_L1], QJsonValue(u""_s));
}

void TestMonitorCodec::decodesSnapshot()
{
    // As a broker older than replicas sends it: no `replicas`, no connection's `replica`.
    QJsonObject frame = parsed(
        R"({"type":"monitor_snapshot","message_id":"s1","started_at":"2025-10-03T11:00:00Z",)"
        R"("users":[{"user_id":"alice@institution.edu","connections":[{"connection_id":7,)"
        R"("endpoint":"http://192.168.1.50:3001","connected_at":"2025-10-03T11:30:00Z",)"
        R"("last_heartbeat":"2025-10-03T12:00:30.5+00:00"}]}],"next_cursor":null})");
    frame.insert("shares"_L1, QJsonArray{parsed(kSampleShareJson)});
    frame.insert("stats"_L1, parsed(kSampleStatsJson));

    QString what;
    std::optional<QString> messageId;
    const auto snapshot = decodedReply<MonitorSnapshot>(
        QJsonDocument(frame).toJson(QJsonDocument::Compact), &what, &messageId);
    QVERIFY2(snapshot, qPrintable(what));
    QCOMPARE(messageId, std::optional(u"s1"_s));
    QCOMPARE(snapshot->startedAt, utc("2025-10-03T11:00:00Z"));
    QCOMPARE(snapshot->users.size(), 1);
    QCOMPARE(snapshot->users[0].connections[0],
             (ConnectionInfo{7, u"http://192.168.1.50:3001"_s, utc("2025-10-03T11:30:00Z"),
                             utc("2025-10-03T12:00:30.500Z")}));
    QCOMPARE(snapshot->shares.shares, QList<ShareRecord>{sampleShare()});
    QVERIFY(!snapshot->shares.nextCursor);
    QCOMPARE(snapshot->stats, sampleStats());
    QVERIFY(snapshot->replicas.isEmpty());
    QVERIFY(snapshot->users[0].connections[0].replica.isEmpty());
}

void TestMonitorCodec::snapshotWithReplicasRoundTrips()
{
    MonitorSnapshot snapshot;
    snapshot.startedAt = utc("2025-10-03T11:00:00.000Z");
    snapshot.users = {OnlineUser{
        u"alice@institution.edu"_s,
        {ConnectionInfo{7, u"http://192.168.1.50:3001"_s, utc("2025-10-03T11:30:00.000Z"),
                        utc("2025-10-03T12:00:30.500Z"), u"10.0.0.11:8080"_s},
         ConnectionInfo{8, u"http://192.168.1.51:3001"_s, utc("2025-10-03T11:31:00.000Z"),
                        utc("2025-10-03T12:00:31.500Z"), u"10.0.0.12:8080"_s}}}};
    snapshot.stats = sampleStats();
    snapshot.replicas = sampleReplicas();

    QString what;
    const auto decoded =
        decodedReply<MonitorSnapshot>(MessageCodec::encodeReply(snapshot, u"s1"_s), &what);
    QVERIFY2(decoded, qPrintable(what));
    QCOMPARE(decoded->users, snapshot.users);
    QCOMPARE(decoded->replicas, sampleReplicas());

    // `null` reads as absent, like the snapshot's other optional fields.
    QJsonObject frame = parsed(MessageCodec::encodeReply(snapshot, u"s1"_s));
    frame.insert("replicas"_L1, QJsonValue::Null);
    const auto withNull =
        decodedReply<MonitorSnapshot>(QJsonDocument(frame).toJson(QJsonDocument::Compact), &what);
    QVERIFY2(withNull, qPrintable(what));
    QVERIFY(withNull->replicas.isEmpty());
}

void TestMonitorCodec::replicaListRoundTrips()
{
    const QByteArray frame = MessageCodec::encodeEvent(ReplicaList{sampleReplicas()});
    QCOMPARE(parsed(frame),
             (QJsonObject{{"type"_L1, "replicas"_L1}, {"replicas"_L1, sampleReplicasJson()}}));

    QString what;
    const auto decoded = decodedEvent<ReplicaList>(frame, &what);
    QVERIFY2(decoded, qPrintable(what));
    QCOMPARE(decoded->replicas, sampleReplicas());

    // Times in any RFC 3339 form the codec reads elsewhere.
    const auto offset = decodedEvent<ReplicaList>(
        replicasWith("last_seen", u"2025-10-03T14:01:00.25+02:00"_s), &what);
    QVERIFY2(offset, qPrintable(what));
    QCOMPARE(offset->replicas.at(0).lastSeen, utc("2025-10-03T12:01:00.250Z"));

    const auto none = decodedEvent<ReplicaList>(R"({"type":"replicas","replicas":[]})", &what);
    QVERIFY2(none, qPrintable(what));
    QVERIFY(none->replicas.isEmpty());
    QCOMPARE(parsed(MessageCodec::encodeEvent(ReplicaList{})),
             (QJsonObject{{"type"_L1, "replicas"_L1}, {"replicas"_L1, QJsonArray()}}));
}

void TestMonitorCodec::refusesBadReplicas_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("push without its list") << json(R"({"type":"replicas"})") << u"'replicas'"_s;
    QTest::newRow("list not an array")
        << json(R"({"type":"replicas","replicas":{}})") << u"'replicas'"_s;
    QTest::newRow("entry not an object")
        << json(R"({"type":"replicas","replicas":["10.0.0.11:8080"]})") << u"'replicas[0]'"_s;
    QTest::newRow("missing address")
        << replicasWith("address", QJsonValue::Undefined) << u"'replicas[0].address'"_s;
    QTest::newRow("address not text")
        << replicasWith("address", 8080) << u"'replicas[0].address'"_s;
    QTest::newRow("live as text") << replicasWith("live", u"yes"_s) << u"'replicas[0].live'"_s;
    QTest::newRow("self missing") << replicasWith("self", QJsonValue::Undefined)
                                  << u"'replicas[0].self'"_s;
    QTest::newRow("negative connections")
        << replicasWith("connections", -1) << u"'replicas[0].connections'"_s;
    QTest::newRow("fractional users")
        << replicasWith("users_online", 1.5) << u"'replicas[0].users_online'"_s;
    QTest::newRow("last_seen not a time")
        << replicasWith("last_seen", u"a while ago"_s) << u"'replicas[0].last_seen'"_s;
    QTest::newRow("lease_until as a number")
        << replicasWith("lease_until", 1759492800) << u"'replicas[0].lease_until'"_s;
    QTest::newRow("snapshot's replicas not an array")
        << json(R"({"type":"monitor_snapshot","started_at":"2025-10-03T12:00:00Z","users":[],)"
                R"("shares":[],"next_cursor":null,"stats":)" +
                QByteArray(kSampleStatsJson) + R"(,"replicas":"none"})")
        << u"'replicas'"_s;
    QTest::newRow("connection's replica as a number")
        << json(R"({"type":"user_online","user_id":"u","devices":1,"connection":{)"
                R"("connection_id":7,"endpoint":"http://192.168.1.50:3001",)"
                R"("connected_at":"2025-10-03T11:30:00Z","last_heartbeat":"2025-10-03T11:30:00Z",)"
                R"("replica":8080}})")
        << u"'connection.replica'"_s;
}

void TestMonitorCodec::refusesBadReplicas()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, complaint);
    const DecodedServerFrame decoded = MessageCodec::decodeServerFrame(frame);
    const auto *failure = std::get_if<DecodeFailure>(&decoded);
    QVERIFY2(failure, "the frame was accepted");
    QVERIFY2(failure->message.contains(complaint), qPrintable(failure->message));
}

void TestMonitorCodec::encodesAndDecodesSharesPage()
{
    ShareRecord revoked = sampleShare();
    revoked.token = u"other"_s;
    revoked.revokedAt = utc("2025-10-04T08:00:00.000Z");
    const SharesPage page{{sampleShare(), revoked}, ShareCursor{42, u"other"_s}};
    const QByteArray frame = MessageCodec::encodeReply(page, u"p2"_s);

    const QJsonObject object = parsed(frame);
    QCOMPARE(object.value("type"_L1).toString(), u"monitor_shares"_s);
    QCOMPARE(object.value("message_id"_L1).toString(), u"p2"_s);
    QCOMPARE(object.value("next_cursor"_L1).toString(), u"42:other"_s);
    QCOMPARE(object.value("shares"_L1).toArray().at(1).toObject().value("revoked_at"_L1),
             QJsonValue(u"2025-10-04T08:00:00.000Z"_s));

    QString what;
    const auto decoded = decodedReply<SharesPage>(frame, &what);
    QVERIFY2(decoded, qPrintable(what));
    QCOMPARE(decoded->shares, page.shares);
    QCOMPARE(decoded->nextCursor, page.nextCursor);
}

void TestMonitorCodec::encodesEvents_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QJsonObject>("expected");

    const ConnectionInfo connection{7, u"http://192.168.1.50:3001"_s,
                                    utc("2025-10-03T11:30:00.000Z"),
                                    utc("2025-10-03T11:30:00.000Z")};
    QTest::newRow("user_online")
        << MessageCodec::encodeEvent(UserOnline{u"alice"_s, connection, 2})
        << parsed(R"({"type":"user_online","user_id":"alice","devices":2,"connection":{)"
                  R"("connection_id":7,"endpoint":"http://192.168.1.50:3001",)"
                  R"("connected_at":"2025-10-03T11:30:00.000Z",)"
                  R"("last_heartbeat":"2025-10-03T11:30:00.000Z","replica":""}})");
    const std::pair<OfflineReason, const char *> reasons[] = {
        {OfflineReason::Disconnect, "disconnect"},
        {OfflineReason::SocketClosed, "socket_closed"},
        {OfflineReason::HeartbeatTimeout, "heartbeat_timeout"},
        {OfflineReason::AdminDisconnect, "admin_disconnect"},
        {OfflineReason::ReplicaLost, "replica_lost"}};
    for (const auto &[reason, name] : reasons)
        QTest::addRow("user_offline %s", name)
            << MessageCodec::encodeEvent(UserOffline{u"alice"_s, 7, reason, 0})
            << parsed(R"({"type":"user_offline","user_id":"alice","connection_id":7,"reason":")" +
                      QByteArray(name) + R"(","devices":0})");
    QTest::newRow("user_heartbeat")
        << MessageCodec::encodeEvent(UserHeartbeat{u"alice"_s, 7, utc("2025-10-03T12:00:00Z")})
        << parsed(R"({"type":"user_heartbeat","user_id":"alice","connection_id":7,)"
                  R"("at":"2025-10-03T12:00:00.000Z"})");
    QJsonObject published = parsed(kSampleShareJson);
    published.remove("revoked_at"_L1);
    published.insert("type"_L1, "share_published"_L1);
    QTest::newRow("share_published")
        << MessageCodec::encodeEvent(SharePublished{sampleShare()}) << published;
    QTest::newRow("share_updated")
        << MessageCodec::encodeEvent(ShareUpdated{
               u"abc"_s, u"New title"_s, u"More"_s, AccessPolicy::makeTeam(u"neuro"_s),
               ContentType::Workflow, Classification::Phi, utc("2025-10-10T12:00:00Z"), 5})
        << parsed(R"({"type":"share_updated","token":"abc","title":"New title",)"
                  R"("description":"More","access_policy":{"type":"team","team_id":"neuro"},)"
                  R"("content_type":"workflow","classification":"phi",)"
                  R"("expires_at":"2025-10-10T12:00:00.000Z","max_downloads":5})");
    QTest::newRow("share_revoked")
        << MessageCodec::encodeEvent(ShareRevoked{u"abc"_s, utc("2025-10-03T12:00:00Z"), true})
        << parsed(R"({"type":"share_revoked","token":"abc",)"
                  R"("revoked_at":"2025-10-03T12:00:00.000Z","by_admin":true})");
    QTest::newRow("share_expired")
        << MessageCodec::encodeEvent(ShareExpired{u"abc"_s, utc("2025-11-02T12:00:00.123Z")})
        << parsed(
               R"({"type":"share_expired","token":"abc","expires_at":"2025-11-02T12:00:00.123Z"})");
    QJsonObject replicas{{"type"_L1, "replicas"_L1}, {"replicas"_L1, sampleReplicasJson()}};
    QTest::newRow("replicas") << MessageCodec::encodeEvent(ReplicaList{sampleReplicas()})
                              << replicas;
    QTest::newRow("stats") << MessageCodec::encodeEvent(sampleStats())
                           << withType(kSampleStatsJson, "stats");
    StatsReport quiet = sampleStats();
    quiet.storageMeanMs.reset();
    quiet.storageP95Ms.reset();
    QJsonObject quietJson = withType(kSampleStatsJson, "stats");
    QJsonObject storage = quietJson.value("storage"_L1).toObject();
    storage.insert("mean_latency_ms"_L1, QJsonValue::Null);
    storage.insert("p95_latency_ms"_L1, QJsonValue::Null);
    quietJson.insert("storage"_L1, storage);
    QTest::newRow("stats without transactions") << MessageCodec::encodeEvent(quiet) << quietJson;
}

void TestMonitorCodec::encodesEvents()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QJsonObject, expected);
    QCOMPARE(parsed(encoded), expected);
}

void TestMonitorCodec::decodesEveryEventItEncodes()
{
    QString what;
    const ConnectionInfo connection{9, u"https://lab.example:3001"_s,
                                    utc("2025-10-03T11:30:00.001Z"),
                                    utc("2025-10-03T11:31:00.002Z"), u"[fd00::11]:8080"_s};
    const auto online = decodedEvent<UserOnline>(
        MessageCodec::encodeEvent(UserOnline{u"u"_s, connection, 1}), &what);
    QVERIFY2(online, qPrintable(what));
    QCOMPARE(online->userId, u"u"_s);
    QCOMPARE(online->connection, connection);
    QCOMPARE(online->devices, 1);

    const auto offline = decodedEvent<UserOffline>(
        MessageCodec::encodeEvent(UserOffline{u"u"_s, 9, OfflineReason::HeartbeatTimeout, 0}),
        &what);
    QVERIFY2(offline, qPrintable(what));
    QCOMPARE(offline->reason, OfflineReason::HeartbeatTimeout);
    QCOMPARE(offline->connectionId, 9u);

    const auto lost = decodedEvent<UserOffline>(
        MessageCodec::encodeEvent(UserOffline{u"u"_s, 9, OfflineReason::ReplicaLost, 2}), &what);
    QVERIFY2(lost, qPrintable(what));
    QCOMPARE(lost->reason, OfflineReason::ReplicaLost);
    QCOMPARE(lost->devices, 2);
    QCOMPARE(offlineReasonName(OfflineReason::ReplicaLost), u"replica_lost"_s);
    QCOMPARE(offlineReasonFromName(u"replica_lost"), std::optional(OfflineReason::ReplicaLost));

    const auto heartbeat = decodedEvent<UserHeartbeat>(
        MessageCodec::encodeEvent(UserHeartbeat{u"u"_s, 9, connection.lastHeartbeat}), &what);
    QVERIFY2(heartbeat, qPrintable(what));
    QCOMPARE(heartbeat->at, connection.lastHeartbeat);

    const auto published = decodedEvent<SharePublished>(
        MessageCodec::encodeEvent(SharePublished{sampleShare()}), &what);
    QVERIFY2(published, qPrintable(what));
    QCOMPARE(published->share, sampleShare());

    const ShareUpdated update{u"abc"_s, u"T"_s, std::nullopt, AccessPolicy::makePublic()};
    const auto updated = decodedEvent<ShareUpdated>(MessageCodec::encodeEvent(update), &what);
    QVERIFY2(updated, qPrintable(what));
    QCOMPARE(updated->title, u"T"_s);
    QCOMPARE(updated->description, std::nullopt);
    QCOMPARE(updated->accessPolicy, AccessPolicy::makePublic());
    QCOMPARE(updated->classification, Classification::Unclassified);
    QCOMPARE(updated->expiresAt, std::nullopt);
    QCOMPARE(updated->maxDownloads, std::nullopt);

    const auto revoked = decodedEvent<ShareRevoked>(
        MessageCodec::encodeEvent(ShareRevoked{u"abc"_s, connection.connectedAt, false}), &what);
    QVERIFY2(revoked, qPrintable(what));
    QCOMPARE(revoked->revokedAt, connection.connectedAt);
    QCOMPARE(revoked->byAdmin, false);

    const auto expired = decodedEvent<ShareExpired>(
        MessageCodec::encodeEvent(ShareExpired{u"abc"_s, connection.connectedAt}), &what);
    QVERIFY2(expired, qPrintable(what));
    QCOMPARE(expired->token, u"abc"_s);
    QCOMPARE(expired->expiresAt, connection.connectedAt);

    const auto stats = decodedEvent<StatsReport>(MessageCodec::encodeEvent(sampleStats()), &what);
    QVERIFY2(stats, qPrintable(what));
    QCOMPARE(*stats, sampleStats());

    const auto replicas =
        decodedEvent<ReplicaList>(MessageCodec::encodeEvent(ReplicaList{sampleReplicas()}), &what);
    QVERIFY2(replicas, qPrintable(what));
    QCOMPARE(*replicas, ReplicaList{sampleReplicas()});
}

void TestMonitorCodec::refusesBadServerFrames_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("not json") << json("{") << u"not valid JSON"_s;
    QTest::newRow("unknown type") << json(R"({"type":"nonsense"})") << u"unknown message type"_s;
    QTest::newRow("unknown reason")
        << json(R"({"type":"user_offline","user_id":"u","connection_id":1,"reason":"bored",)"
                R"("devices":0})")
        << u"unknown offline reason"_s;
    QTest::newRow("negative devices")
        << json(R"({"type":"user_offline","user_id":"u","connection_id":1,)"
                R"("reason":"disconnect","devices":-1})")
        << u"'devices'"_s;
    QTest::newRow("connection id as text")
        << json(R"({"type":"user_heartbeat","user_id":"u","connection_id":"1",)"
                R"("at":"2025-10-03T12:00:00Z"})")
        << u"'connection_id'"_s;
    QTest::newRow("heartbeat time not a time")
        << json(R"({"type":"user_heartbeat","user_id":"u","connection_id":1,"at":"yesterday"})")
        << u"'at'"_s;
    QTest::newRow("by_admin as text")
        << json(R"({"type":"share_revoked","token":"a","revoked_at":"2025-10-03T12:00:00Z",)"
                R"("by_admin":"yes"})")
        << u"'by_admin'"_s;
    QTest::newRow("negative rate")
        << QJsonDocument([] {
               QJsonObject stats = withType(kSampleStatsJson, "stats");
               stats.insert("messages_per_second"_L1, QJsonObject{{"heartbeat"_L1, -1}});
               return stats;
           }())
               .toJson(QJsonDocument::Compact)
        << u"'messages_per_second'"_s;
    QTest::newRow("share in a page without metadata")
        << json(R"({"type":"monitor_shares","shares":[{"token":"a"}],"next_cursor":null})")
        << u"'shares[0].metadata'"_s;
    QTest::newRow("user without connections")
        << json(R"({"type":"monitor_snapshot","started_at":"2025-10-03T12:00:00Z",)"
                R"("users":[{"user_id":"u"}],"shares":[],"next_cursor":null,"stats":{}})")
        << u"'users[0].connections'"_s;
    QTest::newRow("cursor not made by the broker")
        << json(R"({"type":"monitor_shares","shares":[],"next_cursor":"yes"})")
        << u"'next_cursor'"_s;
    QTest::newRow("error with unknown code")
        << json(R"({"type":"error","message":"m","code":"OOPS"})") << u"unknown error code"_s;
}

void TestMonitorCodec::refusesBadServerFrames()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, complaint);
    const DecodedServerFrame decoded = MessageCodec::decodeServerFrame(frame);
    const auto *failure = std::get_if<DecodeFailure>(&decoded);
    QVERIFY2(failure, "the frame was accepted");
    QVERIFY2(failure->message.contains(complaint), qPrintable(failure->message));
}

void TestMonitorCodec::decodesDesktopReplies()
{
    QString what;
    std::optional<QString> messageId;
    QVERIFY(decodedReply<Ack>(R"({"type":"ack","message_id":null})", &what, &messageId));
    QCOMPARE(messageId, std::nullopt);

    const auto error = decodedReply<Error>(
        R"({"type":"error","message":"no","code":"FORBIDDEN","message_id":"x"})", &what,
        &messageId);
    QVERIFY2(error, qPrintable(what));
    QCOMPARE(error->code, ErrorCode::Forbidden);
    QCOMPARE(error->message, u"no"_s);
    QCOMPARE(messageId, std::optional(u"x"_s));

    ShareInfo info;
    info.token = sampleShare().token;
    info.metadata = sampleShare().metadata;
    info.downloadUrl = u"http://192.168.1.50:3001/api/results/result-uuid"_s;
    info.ownerOnline = true;
    const auto decoded = decodedReply<ShareInfo>(MessageCodec::encodeReply(info), &what);
    QVERIFY2(decoded, qPrintable(what));
    QCOMPARE(decoded->token, info.token);
    QCOMPARE(decoded->metadata, info.metadata);
    QCOMPARE(decoded->downloadUrl, info.downloadUrl);
    QCOMPARE(decoded->ownerOnline, true);
}

// admin_audit_query, audit_page and audit_event: what the monitor sends is what the broker
// reads, and back.
void TestMonitorCodec::auditMessagesRoundTrip()
{
    AuditQuery query;
    query.actor = u"bob@x.edu"_s;
    query.action = u"share.granted"_s;
    query.since = utc("2026-11-01T00:00:00Z");
    query.afterId = 42;
    query.limit = 50;
    QCOMPARE(
        parsed(MessageCodec::encodeRequest(AdminAuditQuery{query}, u"a1"_s)),
        parsed(R"({"type":"admin_audit_query","actor":"bob@x.edu","action":"share.granted",)"
               R"("since":"2026-11-01T00:00:00.000Z","after":"42","limit":50,"message_id":"a1"})"));
    const DecodedFrame frame =
        MessageCodec::decodeRequest(MessageCodec::encodeRequest(AdminAuditQuery{query}));
    const auto *incoming = std::get_if<IncomingRequest>(&frame);
    QVERIFY(incoming && std::holds_alternative<AdminAuditQuery>(incoming->request));
    const AuditQuery read = std::get<AdminAuditQuery>(incoming->request).query;
    QCOMPARE(read.actor, query.actor);
    QCOMPARE(read.action, query.action);
    QCOMPARE(read.target, QString());
    QCOMPARE(read.since, query.since);
    QCOMPARE(read.until, std::nullopt);
    QCOMPARE(read.afterId, query.afterId);
    QCOMPARE(read.limit, 50);
    QVERIFY(isAdminRequest(incoming->request));

    AuditEntry entry;
    entry.id = 7;
    entry.time = utc("2026-11-02T10:00:00.250Z");
    entry.actor = u"bob@x.edu"_s;
    entry.action = u"share.denied"_s;
    entry.target = u"tok-1"_s;
    entry.sourceAddress = u"192.0.2.7"_s;
    entry.outcome = AuditOutcome::Denied;
    entry.details = QJsonObject{{"reason"_L1, "policy"_L1}};
    AuditEntry withoutAddress = entry;
    withoutAddress.id = 6;
    withoutAddress.sourceAddress.reset();
    QString what;
    std::optional<QString> messageId;
    const auto page = decodedReply<AuditPageReply>(
        MessageCodec::encodeReply(AuditPageReply{AuditPage{{entry, withoutAddress}, 6}}, u"a1"_s),
        &what, &messageId);
    QVERIFY2(page, qPrintable(what));
    QCOMPARE(messageId, u"a1"_s);
    QCOMPARE(page->page.entries, (QList<AuditEntry>{entry, withoutAddress}));
    QCOMPARE(page->page.nextAfterId, 6);
    const auto last = decodedReply<AuditPageReply>(
        MessageCodec::encodeReply(AuditPageReply{AuditPage{{}, std::nullopt}}), &what);
    QVERIFY2(last, qPrintable(what));
    QCOMPARE(last->page.nextAfterId, std::nullopt);

    const auto event =
        decodedEvent<AuditEvent>(MessageCodec::encodeEvent(AuditEvent{entry, 3}), &what);
    QVERIFY2(event, qPrintable(what));
    QCOMPARE(event->entry, entry);
    QCOMPARE(event->skipped, 3u);
}

void TestMonitorCodec::refusesBadAuditQueries_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("field");
    QTest::newRow("limit zero") << json(R"({"type":"admin_audit_query","limit":0})") << u"limit"_s;
    QTest::newRow("limit over the maximum")
        << json(R"({"type":"admin_audit_query","limit":1001})") << u"limit"_s;
    QTest::newRow("limit as text")
        << json(R"({"type":"admin_audit_query","limit":"5"})") << u"limit"_s;
    QTest::newRow("since not RFC 3339")
        << json(R"({"type":"admin_audit_query","since":"yesterday"})") << u"since"_s;
    QTest::newRow("after not a cursor")
        << json(R"({"type":"admin_audit_query","after":"x"})") << u"after"_s;
    QTest::newRow("empty actor") << json(R"({"type":"admin_audit_query","actor":""})")
                                 << u"actor"_s;
}

void TestMonitorCodec::refusesBadAuditQueries()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, field);
    const DecodedFrame decoded = MessageCodec::decodeRequest(frame);
    const auto *failure = std::get_if<DecodeFailure>(&decoded);
    QVERIFY2(failure, "the frame was accepted");
    QVERIFY2(failure->message.contains(u'\'' + field + u'\''), qPrintable(failure->message));
}

QTEST_GUILESS_MAIN(TestMonitorCodec)
#include "tst_monitorcodec.moc"
