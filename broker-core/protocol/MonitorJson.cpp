#include "MonitorJson.h"

#include "AuditJson.h"
#include "FieldLimits.h"
#include "InstitutionJson.h"
#include "ProtocolFields.h"
#include "ReplicaJson.h"
#include "Rfc3339.h"
#include "ShareJson.h"

#include <QHash>
#include <QJsonArray>

#include <climits>
#include <cmath>
#include <limits>

namespace ddalab::protocol::monitor_json {

using namespace Qt::StringLiterals;

namespace {

// Bounds for lists the broker sends; far above any lab, low enough to refuse garbage.
constexpr qsizetype kMaxListEntries = 1'000'000;
constexpr qsizetype kMaxStatsKeys = 256;
constexpr qint64 kMaxCount = qint64(1) << 53; // exact in a JSON number
constexpr qsizetype kMaxReplicaAddress = 512;

QJsonValue nullable(const std::optional<QString> &text)
{
    return text ? QJsonValue(*text) : QJsonValue(QJsonValue::Null);
}

QJsonValue nullableTime(const std::optional<QDateTime> &time)
{
    return time ? QJsonValue(rfc3339::format(*time)) : QJsonValue(QJsonValue::Null);
}

QJsonValue nullableNumber(const std::optional<double> &number)
{
    return number ? QJsonValue(*number) : QJsonValue(QJsonValue::Null);
}

QJsonObject rateMapToJson(const QMap<QString, double> &rates)
{
    QJsonObject object;
    for (auto it = rates.cbegin(); it != rates.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QJsonObject connectionToJson(const ConnectionInfo &connection)
{
    return {{"connection_id"_L1, double(connection.connectionId)},
            {"endpoint"_L1, connection.endpoint},
            {"connected_at"_L1, rfc3339::format(connection.connectedAt)},
            {"last_heartbeat"_L1, rfc3339::format(connection.lastHeartbeat)},
            {"replica"_L1, connection.replica}};
}

QJsonObject onlineUserToJson(const OnlineUser &user)
{
    QJsonArray connections;
    for (const ConnectionInfo &connection : user.connections)
        connections.append(connectionToJson(connection));
    return {{"user_id"_L1, user.userId}, {"connections"_L1, connections}};
}

QJsonObject shareRecordToJson(const ShareRecord &share)
{
    QJsonObject object = share_json::shareToJson(share);
    object.insert("revoked_at"_L1, nullableTime(share.revokedAt));
    return object;
}

QJsonObject statsToJson(const StatsReport &stats)
{
    const QJsonObject storage{{"transactions_per_second"_L1, stats.storageTransactionsPerSecond},
                              {"mean_latency_ms"_L1, nullableNumber(stats.storageMeanMs)},
                              {"p95_latency_ms"_L1, nullableNumber(stats.storageP95Ms)},
                              {"failed_transactions"_L1, double(stats.storageFailedTransactions)}};
    return {{"server_time"_L1, rfc3339::format(stats.serverTime)},
            {"uptime_seconds"_L1, double(stats.uptimeSeconds)},
            {"open_connections"_L1, stats.openConnections},
            {"registered_connections"_L1, stats.registeredConnections},
            {"users_online"_L1, stats.usersOnline},
            {"monitors"_L1, stats.monitors},
            {"messages_per_second"_L1, rateMapToJson(stats.messagesPerSecond)},
            {"errors_per_second"_L1, rateMapToJson(stats.errorsPerSecond)},
            {"storage"_L1, storage}};
}

// Reads a nested object with readOne.
template <typename T>
T readObject(JsonFieldReader &reader, QLatin1StringView name, T (*readOne)(JsonFieldReader &))
{
    const QJsonObject object = reader.requiredObject(name);
    if (!reader.ok())
        return {};
    JsonFieldReader nested(object, reader.fieldPath(name));
    T value = readOne(nested);
    if (!nested.ok())
        reader.fail(nested.error());
    return value;
}

QMap<QString, double> readRateMap(JsonFieldReader &reader, QLatin1StringView name)
{
    const QJsonObject object = reader.requiredObject(name);
    QMap<QString, double> rates;
    if (!reader.ok())
        return rates;
    if (object.size() > kMaxStatsKeys) {
        reader.fail(u"field '%1' has more than %2 entries"_s.arg(reader.fieldPath(name))
                        .arg(kMaxStatsKeys));
        return rates;
    }
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const double rate = it.value().toDouble(-1);
        if (it.key().size() > 64 || !it.value().isDouble() || !std::isfinite(rate) || rate < 0) {
            reader.fail(u"field '%1' must map names of up to 64 characters to numbers of at "
                        "least 0"_s.arg(reader.fieldPath(name)));
            break;
        }
        rates.insert(it.key(), rate);
    }
    return rates;
}

std::optional<ShareCursor> readNullableCursor(JsonFieldReader &reader, QLatin1StringView name)
{
    const std::optional<QString> text = reader.nullableString(name, 160);
    if (!text || !reader.ok())
        return std::nullopt;
    auto cursor = ShareCursor::parse(*text);
    if (!cursor)
        reader.fail(u"field '%1' is not a cursor the broker made"_s.arg(reader.fieldPath(name)));
    return cursor;
}

int readPageSize(JsonFieldReader &reader)
{
    return int(reader.optionalInteger("page_size"_L1, 1, kMaxSharesPageSize, kMaxSharesPageSize));
}

ConnectionInfo readConnection(JsonFieldReader &reader)
{
    ConnectionInfo connection;
    connection.connectionId = quint64(reader.requiredInteger("connection_id"_L1, 0, kMaxCount));
    connection.endpoint = fields::readEndpoint(reader);
    connection.connectedAt = fields::readTime(reader, "connected_at"_L1);
    connection.lastHeartbeat = fields::readTime(reader, "last_heartbeat"_L1);
    // Absent from brokers older than replicas.
    connection.replica =
        reader.nullableString("replica"_L1, kMaxReplicaAddress).value_or(QString());
    return connection;
}

OnlineUser readOnlineUser(JsonFieldReader &reader)
{
    OnlineUser user;
    user.userId = fields::readUserId(reader, "user_id"_L1);
    user.connections = readObjectArray(reader, "connections"_L1, kMaxListEntries, readConnection);
    return user;
}

ShareRecord readShareRecord(JsonFieldReader &reader)
{
    ShareRecord share = share_json::readShare(reader);
    share.revokedAt = fields::readNullableTime(reader, "revoked_at"_L1);
    return share;
}

StatsReport readStatsFields(JsonFieldReader &reader)
{
    StatsReport stats;
    stats.serverTime = fields::readTime(reader, "server_time"_L1);
    stats.uptimeSeconds = reader.requiredInteger("uptime_seconds"_L1, 0, kMaxCount);
    stats.openConnections = int(reader.requiredInteger("open_connections"_L1, 0, INT_MAX));
    stats.registeredConnections =
        int(reader.requiredInteger("registered_connections"_L1, 0, INT_MAX));
    stats.usersOnline = int(reader.requiredInteger("users_online"_L1, 0, INT_MAX));
    stats.monitors = int(reader.requiredInteger("monitors"_L1, 0, INT_MAX));
    stats.messagesPerSecond = readRateMap(reader, "messages_per_second"_L1);
    stats.errorsPerSecond = readRateMap(reader, "errors_per_second"_L1);
    const QJsonObject storageObject = reader.requiredObject("storage"_L1);
    if (!reader.ok())
        return stats;
    JsonFieldReader storage(storageObject, reader.fieldPath("storage"_L1));
    stats.storageTransactionsPerSecond = storage.requiredNonNegative("transactions_per_second"_L1);
    stats.storageMeanMs = storage.nullableNonNegative("mean_latency_ms"_L1);
    stats.storageP95Ms = storage.nullableNonNegative("p95_latency_ms"_L1);
    stats.storageFailedTransactions =
        quint64(storage.requiredInteger("failed_transactions"_L1, 0, kMaxCount));
    if (!storage.ok())
        reader.fail(storage.error());
    return stats;
}

} // namespace

QJsonObject subscribeToJson(const MonitorSubscribe &message)
{
    return {{"page_size"_L1, message.pageSize}};
}

QJsonObject sharesPageRequestToJson(const MonitorSharesPage &message)
{
    return {{"cursor"_L1, message.cursor.toString()}, {"page_size"_L1, message.pageSize}};
}

MonitorSubscribe readSubscribe(JsonFieldReader &reader)
{
    return MonitorSubscribe{readPageSize(reader)};
}

MonitorSharesPage readSharesPageRequest(JsonFieldReader &reader)
{
    MonitorSharesPage message;
    const QString text = reader.requiredString("cursor"_L1, 160);
    if (reader.ok()) {
        if (auto cursor = ShareCursor::parse(text))
            message.cursor = *cursor;
        else
            reader.fail(u"field 'cursor' must be a next_cursor the broker sent"_s);
    }
    message.pageSize = readPageSize(reader);
    return message;
}

QJsonObject sharesPageToJson(const SharesPage &page)
{
    QJsonArray shares;
    for (const ShareRecord &share : page.shares)
        shares.append(shareRecordToJson(share));
    return {{"shares"_L1, shares},
            {"next_cursor"_L1, page.nextCursor ? QJsonValue(page.nextCursor->toString())
                                               : QJsonValue(QJsonValue::Null)}};
}

QJsonObject snapshotToJson(const MonitorSnapshot &snapshot)
{
    QJsonArray users;
    for (const OnlineUser &user : snapshot.users)
        users.append(onlineUserToJson(user));
    QJsonObject object = sharesPageToJson(snapshot.shares);
    object.insert("started_at"_L1, rfc3339::format(snapshot.startedAt));
    object.insert("users"_L1, users);
    object.insert("stats"_L1, statsToJson(snapshot.stats));
    if (snapshot.institution)
        object.insert("institution"_L1, institution_json::toJson(*snapshot.institution));
    object.insert("replicas"_L1, replica_json::replicasToJson(snapshot.replicas));
    return object;
}

QJsonObject eventToJson(const Event &event)
{
    return std::visit(
        [](const auto &message) -> QJsonObject {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, UserOnline>)
                return {{"user_id"_L1, message.userId},
                        {"connection"_L1, connectionToJson(message.connection)},
                        {"devices"_L1, message.devices}};
            else if constexpr (std::is_same_v<T, UserOffline>)
                return {{"user_id"_L1, message.userId},
                        {"connection_id"_L1, double(message.connectionId)},
                        {"reason"_L1, offlineReasonName(message.reason)},
                        {"devices"_L1, message.devices}};
            else if constexpr (std::is_same_v<T, UserHeartbeat>)
                return {{"user_id"_L1, message.userId},
                        {"connection_id"_L1, double(message.connectionId)},
                        {"at"_L1, rfc3339::format(message.at)}};
            else if constexpr (std::is_same_v<T, SharePublished>)
                return share_json::shareToJson(message.share);
            else if constexpr (std::is_same_v<T, ShareUpdated>) {
                QJsonObject object{
                    {"token"_L1, message.token},
                    {"title"_L1, message.title},
                    {"description"_L1, nullable(message.description)},
                    {"access_policy"_L1, share_json::accessPolicyToJson(message.accessPolicy)},
                    {"content_type"_L1, contentTypeName(message.contentType)},
                    {"classification"_L1, classificationName(message.classification)},
                    {"expires_at"_L1, message.expiresAt
                                          ? QJsonValue(rfc3339::format(*message.expiresAt))
                                          : QJsonValue()}};
                if (message.maxDownloads)
                    object.insert("max_downloads"_L1, double(*message.maxDownloads));
                return object;
            } else if constexpr (std::is_same_v<T, ShareRevoked>)
                return {{"token"_L1, message.token},
                        {"revoked_at"_L1, rfc3339::format(message.revokedAt)},
                        {"by_admin"_L1, message.byAdmin}};
            else if constexpr (std::is_same_v<T, ShareExpired>)
                return {{"token"_L1, message.token},
                        {"expires_at"_L1, rfc3339::format(message.expiresAt)}};
            else if constexpr (std::is_same_v<T, InstitutionConfig>)
                return institution_json::toJson(message.settings);
            else if constexpr (std::is_same_v<T, AuditEvent>)
                return {{"entry"_L1, audit::entryJson(message.entry)},
                        {"skipped"_L1, double(message.skipped)}};
            else if constexpr (std::is_same_v<T, ReplicaList>)
                return {{"replicas"_L1, replica_json::replicasToJson(message.replicas)}};
            else {
                static_assert(std::is_same_v<T, StatsReport>);
                return statsToJson(message);
            }
        },
        event);
}

QJsonObject auditQueryToJson(const AdminAuditQuery &message)
{
    const AuditQuery &query = message.query;
    QJsonObject object{{"limit"_L1, query.limit}};
    for (const auto &[name, value] :
         {std::pair{"actor"_L1, &query.actor}, std::pair{"action"_L1, &query.action},
          std::pair{"target"_L1, &query.target}}) {
        if (!value->isEmpty())
            object.insert(name, *value);
    }
    if (query.since)
        object.insert("since"_L1, rfc3339::format(*query.since));
    if (query.until)
        object.insert("until"_L1, rfc3339::format(*query.until));
    if (query.afterId)
        object.insert("after"_L1, audit::cursorOf(*query.afterId));
    return object;
}

AdminAuditQuery readAuditQuery(JsonFieldReader &reader)
{
    // Read as text, then by the HTTP API's own rules, so both transports accept the same.
    QHash<QString, QString> values;
    for (const char *name : {"actor", "action", "target", "since", "until", "after"}) {
        if (const auto text = reader.nullableString(QLatin1StringView(name), 1024))
            values.insert(QString::fromLatin1(name), *text);
    }
    if (!reader.isAbsentOrNull("limit"_L1))
        values.insert(u"limit"_s, QString::number(reader.requiredInteger(
                                      "limit"_L1, 1, std::numeric_limits<int>::max())));
    AdminAuditQuery message;
    if (!reader.ok())
        return message;
    QString error;
    const auto query = audit::readQuery(
        [&values](const QString &name) -> std::optional<QString> {
            const auto found = values.constFind(name);
            return found == values.cend() ? std::nullopt : std::optional<QString>(*found);
        },
        &error);
    if (query)
        message.query = *query;
    else
        reader.fail(error);
    return message;
}

QJsonObject auditPageToJson(const AuditPageReply &reply)
{
    QJsonArray entries;
    for (const AuditEntry &entry : reply.page.entries)
        entries.append(audit::entryJson(entry));
    return {{"entries"_L1, entries},
            {"next_cursor"_L1, reply.page.nextAfterId
                                   ? QJsonValue(audit::cursorOf(*reply.page.nextAfterId))
                                   : QJsonValue()}};
}

AuditPageReply readAuditPage(JsonFieldReader &reader)
{
    AuditPageReply reply;
    const QJsonArray entries = reader.requiredArray("entries"_L1, AuditQuery::kMaxLimit);
    for (qsizetype i = 0; reader.ok() && i < entries.size(); ++i) {
        QString error;
        if (auto entry = audit::readEntry(entries.at(i).toObject(), &error))
            reply.page.entries.append(*entry);
        else
            reader.fail(u"%1[%2]: %3"_s.arg(reader.fieldPath("entries"_L1)).arg(i).arg(error));
    }
    if (const auto cursor = reader.nullableString("next_cursor"_L1, 32)) {
        reply.page.nextAfterId = audit::readCursor(*cursor);
        if (!reply.page.nextAfterId)
            reader.fail(u"field 'next_cursor' is not a cursor"_s);
    }
    return reply;
}

MonitorSnapshot readSnapshot(JsonFieldReader &reader)
{
    MonitorSnapshot snapshot;
    snapshot.startedAt = fields::readTime(reader, "started_at"_L1);
    snapshot.users = readObjectArray(reader, "users"_L1, kMaxListEntries, readOnlineUser);
    snapshot.shares = readSharesPage(reader);
    snapshot.stats = readObject(reader, "stats"_L1, readStatsFields);
    if (reader.ok() && !reader.isAbsentOrNull("institution"_L1))
        snapshot.institution = readObject(reader, "institution"_L1, institution_json::read);
    // Absent from brokers older than replicas.
    if (reader.ok() && !reader.isAbsentOrNull("replicas"_L1))
        snapshot.replicas = replica_json::readReplicas(reader, "replicas"_L1);
    return snapshot;
}

SharesPage readSharesPage(JsonFieldReader &reader)
{
    SharesPage page;
    page.shares = readObjectArray(reader, "shares"_L1, kMaxListEntries, readShareRecord);
    page.nextCursor = readNullableCursor(reader, "next_cursor"_L1);
    return page;
}

std::optional<Event> readEvent(const QString &type, JsonFieldReader &reader)
{
    if (isType<UserOnline>(type)) {
        UserOnline event;
        event.userId = fields::readUserId(reader, "user_id"_L1);
        event.connection = readObject(reader, "connection"_L1, readConnection);
        event.devices = int(reader.requiredInteger("devices"_L1, 0, INT_MAX));
        return event;
    }
    if (isType<UserOffline>(type)) {
        UserOffline event;
        event.userId = fields::readUserId(reader, "user_id"_L1);
        event.connectionId = quint64(reader.requiredInteger("connection_id"_L1, 0, kMaxCount));
        const QString reason = reader.requiredString("reason"_L1, 32);
        if (reader.ok()) {
            if (auto parsed = offlineReasonFromName(reason))
                event.reason = *parsed;
            else
                reader.fail(u"unknown offline reason '%1'"_s.arg(reason));
        }
        event.devices = int(reader.requiredInteger("devices"_L1, 0, INT_MAX));
        return event;
    }
    if (isType<UserHeartbeat>(type)) {
        UserHeartbeat event;
        event.userId = fields::readUserId(reader, "user_id"_L1);
        event.connectionId = quint64(reader.requiredInteger("connection_id"_L1, 0, kMaxCount));
        event.at = fields::readTime(reader, "at"_L1);
        return event;
    }
    if (isType<SharePublished>(type)) {
        return SharePublished{share_json::readShare(reader)};
    }
    if (isType<ShareUpdated>(type)) {
        ShareUpdated event;
        event.token = fields::readToken(reader);
        event.title = reader.requiredString("title"_L1, limits::kTitle);
        event.description = reader.nullableString("description"_L1, limits::kDescription);
        event.contentType = share_json::readContentType(reader);
        event.classification = share_json::readClassification(reader);
        event.expiresAt = fields::readNullableTime(reader, "expires_at"_L1);
        event.maxDownloads = share_json::readMaxDownloads(reader, "max_downloads"_L1);
        const QJsonObject policy = reader.requiredObject("access_policy"_L1);
        if (reader.ok()) {
            QString error;
            if (auto parsed = share_json::accessPolicyFromJson(
                    policy, reader.fieldPath("access_policy"_L1), &error))
                event.accessPolicy = *parsed;
            else
                reader.fail(error);
        }
        return event;
    }
    if (isType<ShareRevoked>(type)) {
        ShareRevoked event;
        event.token = fields::readToken(reader);
        event.revokedAt = fields::readTime(reader, "revoked_at"_L1);
        event.byAdmin = reader.requiredBool("by_admin"_L1);
        return event;
    }
    if (isType<ShareExpired>(type)) {
        ShareExpired event;
        event.token = fields::readToken(reader);
        event.expiresAt = fields::readTime(reader, "expires_at"_L1);
        return event;
    }
    if (isType<InstitutionConfig>(type))
        return InstitutionConfig{institution_json::read(reader)};
    if (isType<AuditEvent>(type)) {
        AuditEvent event;
        const QJsonObject entry = reader.requiredObject("entry"_L1);
        event.skipped = quint64(reader.optionalInteger("skipped"_L1, 0, kMaxCount, 0));
        if (reader.ok()) {
            QString error;
            if (auto read = audit::readEntry(entry, &error))
                event.entry = *read;
            else
                reader.fail(reader.fieldPath("entry"_L1) + u": "_s + error);
        }
        return event;
    }
    if (isType<StatsReport>(type))
        return readStatsFields(reader);
    if (isType<ReplicaList>(type))
        return ReplicaList{replica_json::readReplicas(reader, "replicas"_L1)};
    return std::nullopt;
}

} // namespace ddalab::protocol::monitor_json
