#include "MessageCodec.h"

#include "FieldLimits.h"
#include "IdRules.h"
#include "JsonFieldReader.h"
#include "JsonText.h"
#include "MonitorJson.h"
#include "ProtocolFields.h"
#include "Rfc3339.h"
#include "domain/StateHash.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <limits>

namespace ddalab::protocol {
namespace {

using namespace Qt::StringLiterals;
using namespace fields;

QString readStateHash(JsonFieldReader &reader)
{
    QString hash = reader.requiredString("state_hash"_L1, StateHash::kLength);
    if (reader.ok() && !StateHash::isWellFormed(hash))
        reader.fail(u"field 'state_hash' must be a hex SHA-256 (64 hex digits)"_s);
    return hash;
}

// The state travels as standard base64 (with padding); its size is bounded by the frame's.
QByteArray readBase64(JsonFieldReader &reader, QLatin1StringView name)
{
    const QString text = reader.requiredString(name, std::numeric_limits<qsizetype>::max());
    if (!reader.ok())
        return {};
    auto decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        reader.fail(u"field '%1' must be base64"_s.arg(reader.fieldPath(name)));
        return {};
    }
    return std::move(decoded.decoded);
}

std::optional<Request> readRequest(const QString &type, JsonFieldReader &reader)
{
    if (type == "register_user"_L1) {
        RegisterUser message;
        message.userId = readUserId(reader, "user_id"_L1);
        message.endpoint = readEndpoint(reader);
        return message;
    }
    if (type == "heartbeat"_L1)
        return Heartbeat{readUserId(reader, "user_id"_L1)};
    if (type == "disconnect"_L1)
        return Disconnect{readUserId(reader, "user_id"_L1)};
    if (type == "publish_share"_L1) {
        PublishShare message;
        message.token = readToken(reader);
        if (auto metadata = readMetadata(reader))
            message.metadata = std::move(*metadata);
        return message;
    }
    if (type == "request_share"_L1) {
        RequestShare message;
        message.token = readToken(reader);
        message.requesterId = readUserId(reader, "requester_id"_L1);
        return message;
    }
    if (type == "revoke_share"_L1)
        return RevokeShare{readToken(reader)};
    if (type == "authenticate"_L1)
        return Authenticate{reader.requiredString("access_token"_L1, limits::kAccessToken)};
    if (type == "list_teams"_L1)
        return ListTeams{};
    if (type == "list_shares"_L1)
        return ListShares{};
    if (type == "backup_state"_L1) {
        BackupState message;
        message.userId = readUserId(reader, "user_id"_L1);
        message.stateHash = readStateHash(reader);
        message.data = readBase64(reader, "data"_L1);
        return message;
    }
    if (type == "restore_state"_L1)
        return RestoreState{readUserId(reader, "user_id"_L1)};
    if (type == "monitor_subscribe"_L1)
        return monitor_json::readSubscribe(reader);
    if (type == "monitor_shares_page"_L1)
        return monitor_json::readSharesPageRequest(reader);
    if (type == "admin_revoke_share"_L1)
        return AdminRevokeShare{readToken(reader)};
    if (type == "admin_disconnect_user"_L1)
        return AdminDisconnectUser{readUserId(reader, "user_id"_L1)};
    return std::nullopt;
}

// The wire names of each variant's alternatives, in order.
constexpr const char *kRequestNames[] = {
    "register_user",       "heartbeat",          "disconnect",           "publish_share",
    "request_share",       "revoke_share",       "authenticate",         "list_teams",
    "list_shares",         "backup_state",       "restore_state",        "monitor_subscribe",
    "monitor_shares_page", "admin_revoke_share", "admin_disconnect_user"};
constexpr const char *kReplyNames[] = {
    "ack",        "error",        "share_info",       "team_list",
    "share_list", "state_backup", "monitor_snapshot", "monitor_shares"};
constexpr const char *kEventNames[] = {
    "user_online",   "user_offline",  "user_heartbeat", "share_published",
    "share_updated", "share_revoked", "stats"};
static_assert(std::size(kRequestNames) == std::variant_size_v<Request>);
static_assert(std::size(kReplyNames) == std::variant_size_v<Reply>);
static_assert(std::size(kEventNames) == std::variant_size_v<Event>);

bool isOneOf(const QString &type, const auto &names)
{
    return std::any_of(std::begin(names), std::end(names),
                       [&](const char *name) { return type == QLatin1StringView(name); });
}

// What the broker sends; such a frame sent to the broker is not a request.
bool isBrokerMessageType(const QString &type)
{
    return isOneOf(type, kReplyNames) || isOneOf(type, kEventNames);
}

std::optional<Reply> readReply(const QString &type, JsonFieldReader &reader)
{
    if (type == "ack"_L1)
        return Ack{};
    if (type == "error"_L1) {
        Error error;
        error.message = reader.requiredString("message"_L1, 4096);
        const QString code = reader.requiredString("code"_L1, 64);
        if (reader.ok()) {
            if (auto parsed = errorCodeFromName(code))
                error.code = *parsed;
            else
                reader.fail(u"unknown error code '%1'"_s.arg(code));
        }
        return error;
    }
    if (type == "share_info"_L1) {
        ShareInfo info;
        info.token = reader.nullableString("token"_L1, limits::kToken).value_or(QString());
        const QJsonObject object = reader.requiredObject("info"_L1);
        if (!reader.ok())
            return info;
        JsonFieldReader infoReader(object, u"info"_s);
        if (auto metadata = readMetadata(infoReader))
            info.metadata = std::move(*metadata);
        info.downloadUrl = infoReader.requiredString("download_url"_L1, limits::kEndpoint + 512);
        info.ownerOnline = infoReader.requiredBool("owner_online"_L1);
        if (!infoReader.ok())
            reader.fail(infoReader.error());
        return info;
    }
    if (type == "monitor_snapshot"_L1)
        return monitor_json::readSnapshot(reader);
    if (type == "monitor_shares"_L1)
        return monitor_json::readSharesPage(reader);
    return std::nullopt;
}

// Parses a frame into its object, or says why it is not one.
std::optional<QJsonObject> parseObject(QByteArrayView frame, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(frame.data(), frame.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = u"frame is not valid JSON: %1 at offset %2"_s.arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = u"frame is not a JSON object"_s;
        return std::nullopt;
    }
    return document.object();
}

QJsonArray teamListToJson(const QList<TeamMembership> &teams)
{
    QJsonArray array;
    for (const TeamMembership &team : teams)
        array.append(MessageCodec::teamMembershipToJson(team));
    return array;
}

QJsonArray shareListToJson(const QList<ShareRecord> &shares)
{
    QJsonArray array;
    for (const ShareRecord &share : shares)
        array.append(
            QJsonObject{{"token"_L1, share.token},
                        {"metadata"_L1, MessageCodec::shareMetadataToJson(share.metadata)}});
    return array;
}

QJsonObject stateBackupToJson(const BackupRecord &backup)
{
    QJsonObject object = MessageCodec::backupDescriptionToJson(backup);
    object.insert("type"_L1, "state_backup"_L1);
    object.insert("data"_L1, QString::fromLatin1(backup.data.toBase64()));
    return object;
}

QJsonValue nullable(const std::optional<QString> &text)
{
    return text ? QJsonValue(*text) : QJsonValue(QJsonValue::Null);
}

QByteArray toCompactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

DecodedFrame MessageCodec::decodeRequest(QByteArrayView frame)
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(frame, &error);
    if (!object)
        return DecodeFailure{error, std::nullopt};
    JsonFieldReader reader(*object);
    const std::optional<QString> messageId =
        reader.nullableString("message_id"_L1, limits::kMessageId);
    if (!reader.ok())
        return DecodeFailure{reader.error(), std::nullopt};
    const QString type = reader.requiredString("type"_L1, 64);
    if (!reader.ok())
        return DecodeFailure{reader.error(), messageId};
    if (isBrokerMessageType(type))
        return IgnoredMessage{type};

    std::optional<Request> request = readRequest(type, reader);
    if (!request)
        return DecodeFailure{u"unknown message type '%1'"_s.arg(type), messageId};
    if (!reader.ok())
        return DecodeFailure{u"%1: %2"_s.arg(type, reader.error()), messageId};
    return IncomingRequest{messageId, std::move(*request)};
}

QByteArray MessageCodec::encodeRequest(const Request &request,
                                       const std::optional<QString> &messageId)
{
    QJsonObject object = std::visit(
        [](const auto &message) -> QJsonObject {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, RegisterUser>)
                return {{"user_id"_L1, message.userId}, {"endpoint"_L1, message.endpoint}};
            else if constexpr (std::is_same_v<T, Heartbeat>)
                return {{"user_id"_L1, message.userId}};
            else if constexpr (std::is_same_v<T, Disconnect>)
                return {{"user_id"_L1, message.userId}};
            else if constexpr (std::is_same_v<T, PublishShare>)
                return {{"token"_L1, message.token},
                        {"metadata"_L1, shareMetadataToJson(message.metadata)}};
            else if constexpr (std::is_same_v<T, RequestShare>)
                return {{"token"_L1, message.token}, {"requester_id"_L1, message.requesterId}};
            else if constexpr (std::is_same_v<T, RevokeShare>)
                return {{"token"_L1, message.token}};
            else if constexpr (std::is_same_v<T, Authenticate>)
                return {{"access_token"_L1, message.accessToken}};
            else if constexpr (std::is_same_v<T, ListTeams> || std::is_same_v<T, ListShares>)
                return {};
            else if constexpr (std::is_same_v<T, BackupState>)
                return {{"user_id"_L1, message.userId},
                        {"state_hash"_L1, message.stateHash},
                        {"data"_L1, QString::fromLatin1(message.data.toBase64())}};
            else if constexpr (std::is_same_v<T, RestoreState>)
                return {{"user_id"_L1, message.userId}};
            else if constexpr (std::is_same_v<T, MonitorSubscribe>)
                return monitor_json::subscribeToJson(message);
            else if constexpr (std::is_same_v<T, MonitorSharesPage>)
                return monitor_json::sharesPageRequestToJson(message);
            else if constexpr (std::is_same_v<T, AdminRevokeShare>)
                return {{"token"_L1, message.token}};
            else
                return {{"user_id"_L1, message.userId}};
        },
        request);
    object.insert("type"_L1, requestTypeName(request));
    if (messageId)
        object.insert("message_id"_L1, *messageId);
    return toCompactJson(object);
}

QByteArray MessageCodec::encodeReply(const Reply &reply, const std::optional<QString> &messageId)
{
    // The commonest reply of all (every heartbeat of every desktop) is serialised once.
    if (!messageId && std::holds_alternative<Ack>(reply)) {
        static const QByteArray plainAck = R"({"message_id":null,"type":"ack"})";
        return plainAck;
    }
    // Written straight as text, keys in the order QJsonDocument would sort them.
    using namespace jsontext;
    QByteArray out;
    out.reserve(256);
    auto appendMessageId = [&] {
        appendKey(out, "message_id");
        if (messageId)
            appendString(out, *messageId);
        else
            out += "null";
        out += ',';
    };
    if (std::holds_alternative<Ack>(reply)) {
        // The shipped client reads ack.message_id as string-or-null: acks always carry it.
        out += '{';
        appendMessageId();
        out += R"("type":"ack"})";
    } else if (const auto *error = std::get_if<Error>(&reply)) {
        out += '{';
        appendKey(out, "code");
        appendString(out, errorCodeName(error->code));
        out += ',';
        appendKey(out, "message");
        appendString(out, error->message);
        out += ',';
        if (messageId)
            appendMessageId();
        out += R"("type":"error"})";
    } else if (const auto *info = std::get_if<ShareInfo>(&reply)) {
        out += '{';
        appendKey(out, "info");
        appendShareInfo(out, *info);
        out += ',';
        if (messageId)
            appendMessageId();
        appendKey(out, "token");
        appendString(out, info->token);
        out += R"(,"type":"share_info"})";
    } else {
        // Rarer replies (teams, shares, backups, monitor) go through QJsonObject.
        QJsonObject object = std::visit(
            [](const auto &message) -> QJsonObject {
                using T = std::decay_t<decltype(message)>;
                if constexpr (std::is_same_v<T, TeamList>)
                    return {{"teams"_L1, teamListToJson(message.teams)}};
                else if constexpr (std::is_same_v<T, ShareList>)
                    return {{"shares"_L1, shareListToJson(message.shares)},
                            {"truncated"_L1, message.truncated}};
                else if constexpr (std::is_same_v<T, StateBackup>)
                    return stateBackupToJson(message.backup);
                else if constexpr (std::is_same_v<T, MonitorSnapshot>)
                    return monitor_json::snapshotToJson(message);
                else if constexpr (std::is_same_v<T, SharesPage>)
                    return monitor_json::sharesPageToJson(message);
                else
                    return {}; // written as text above
            },
            reply);
        object.insert("type"_L1, replyTypeName(reply));
        if (messageId)
            object.insert("message_id"_L1, *messageId);
        return toCompactJson(object);
    }
    return out;
}

void MessageCodec::appendShareInfo(QByteArray &out, const ShareInfo &info)
{
    using namespace jsontext;
    const ShareMetadata &metadata = info.metadata;
    out += '{';
    appendKey(out, "download_url");
    appendString(out, info.downloadUrl);
    out += R"(,"metadata":{"access_policy":)";
    out += QJsonDocument(accessPolicyToJson(metadata.accessPolicy)).toJson(QJsonDocument::Compact);
    out += ',';
    appendKey(out, "created_at");
    appendString(out, rfc3339::format(metadata.createdAt));
    out += ',';
    appendKey(out, "description");
    if (metadata.description)
        appendString(out, *metadata.description);
    else
        out += "null";
    out += ',';
    appendKey(out, "owner_user_id");
    appendString(out, metadata.ownerUserId);
    out += ',';
    appendKey(out, "result_id");
    appendString(out, metadata.resultId);
    out += ',';
    appendKey(out, "title");
    appendString(out, metadata.title);
    out += "},";
    appendKey(out, "owner_online");
    out += info.ownerOnline ? "true}" : "false}";
}

QByteArray MessageCodec::encodeEvent(const Event &event)
{
    QJsonObject object = monitor_json::eventToJson(event);
    object.insert("type"_L1, eventTypeName(event));
    return toCompactJson(object);
}

DecodedServerFrame MessageCodec::decodeServerFrame(QByteArrayView frame)
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(frame, &error);
    if (!object)
        return DecodeFailure{error, std::nullopt};
    JsonFieldReader reader(*object);
    const std::optional<QString> messageId =
        reader.nullableString("message_id"_L1, limits::kMessageId);
    const QString type = reader.requiredString("type"_L1, 64);
    if (!reader.ok())
        return DecodeFailure{reader.error(), messageId};
    if (std::optional<Reply> reply = readReply(type, reader)) {
        if (!reader.ok())
            return DecodeFailure{u"%1: %2"_s.arg(type, reader.error()), messageId};
        return IncomingReply{messageId, std::move(*reply)};
    }
    if (std::optional<Event> event = monitor_json::readEvent(type, reader)) {
        if (!reader.ok())
            return DecodeFailure{u"%1: %2"_s.arg(type, reader.error()), messageId};
        return std::move(*event);
    }
    return DecodeFailure{u"unknown message type '%1'"_s.arg(type), messageId};
}

QJsonObject MessageCodec::shareMetadataToJson(const ShareMetadata &metadata)
{
    return {{"owner_user_id"_L1, metadata.ownerUserId},
            {"result_id"_L1, metadata.resultId},
            {"title"_L1, metadata.title},
            {"description"_L1, nullable(metadata.description)},
            {"created_at"_L1, rfc3339::format(metadata.createdAt)},
            {"access_policy"_L1, accessPolicyToJson(metadata.accessPolicy)}};
}

QJsonObject MessageCodec::accessPolicyToJson(const AccessPolicy &policy)
{
    QJsonObject object{{"type"_L1, accessPolicyKindName(policy.kind)}};
    if (policy.kind == AccessPolicy::Kind::Team)
        object.insert("team_id"_L1, policy.teamId);
    else if (policy.kind == AccessPolicy::Kind::Users)
        object.insert("user_ids"_L1, QJsonArray::fromStringList(policy.userIds));
    return object;
}

std::optional<AccessPolicy> MessageCodec::accessPolicyFromJson(const QJsonObject &object,
                                                               QString *error)
{
    JsonFieldReader reader(object, u"metadata.access_policy"_s);
    const QString type = reader.requiredString("type"_L1, 16);
    std::optional<AccessPolicy> policy;
    if (!reader.ok()) {
    } else if (type == "public"_L1) {
        policy = AccessPolicy::makePublic();
    } else if (type == "team"_L1) {
        const QString teamId = reader.requiredString("team_id"_L1, limits::kTeamId);
        if (reader.ok() && teamId.isEmpty())
            reader.fail(u"field 'metadata.access_policy.team_id' must not be empty"_s);
        policy = AccessPolicy::makeTeam(teamId);
    } else if (type == "users"_L1) {
        const QJsonArray ids = reader.requiredArray("user_ids"_L1, limits::kPolicyUsers);
        QStringList userIds;
        for (const QJsonValue &id : ids) {
            if (!id.isString() || id.toString().isEmpty() ||
                id.toString().size() > limits::kUserId) {
                reader.fail(
                    u"field 'metadata.access_policy.user_ids' must hold non-empty strings of at most %1 characters"_s
                        .arg(limits::kUserId));
                break;
            }
            userIds.append(id.toString());
        }
        policy = AccessPolicy::makeUsers(userIds);
    } else {
        reader.fail(u"unknown access policy type '%1' (public, team or users)"_s.arg(type));
    }
    if (!reader.ok()) {
        if (error)
            *error = reader.error();
        return std::nullopt;
    }
    return policy;
}

QByteArray MessageCodec::encodeShareInfo(const ShareInfo &info)
{
    QByteArray out;
    out.reserve(256);
    appendShareInfo(out, info);
    return out;
}

QJsonObject MessageCodec::teamToJson(const Team &team)
{
    return {{"team_id"_L1, team.id},
            {"name"_L1, team.name},
            {"created_at"_L1, rfc3339::format(team.createdAt)},
            {"member_count"_L1, team.memberCount}};
}

QJsonObject MessageCodec::teamMemberToJson(const TeamMember &member)
{
    return {{"user_id"_L1, member.userId},
            {"role"_L1, teamRoleName(member.role)},
            {"added_at"_L1, rfc3339::format(member.addedAt)}};
}

QJsonObject MessageCodec::teamMembershipToJson(const TeamMembership &membership)
{
    return {{"team_id"_L1, membership.teamId},
            {"name"_L1, membership.teamName},
            {"role"_L1, teamRoleName(membership.role)}};
}

QJsonObject MessageCodec::backupDescriptionToJson(const BackupRecord &backup)
{
    return {{"user_id"_L1, backup.userId},
            {"state_hash"_L1, backup.stateHash},
            {"size_bytes"_L1, double(backup.sizeBytes)},
            {"created_at"_L1, rfc3339::format(backup.createdAt)},
            {"updated_at"_L1, rfc3339::format(backup.updatedAt)}};
}

QString requestTypeName(const Request &request)
{
    return QString::fromLatin1(kRequestNames[request.index()]);
}

QString replyTypeName(const Reply &reply)
{
    return QString::fromLatin1(kReplyNames[reply.index()]);
}

QString eventTypeName(const Event &event)
{
    return QString::fromLatin1(kEventNames[event.index()]);
}

bool isAdminRequest(const Request &request)
{
    return std::holds_alternative<MonitorSubscribe>(request) ||
           std::holds_alternative<MonitorSharesPage>(request) ||
           std::holds_alternative<AdminRevokeShare>(request) ||
           std::holds_alternative<AdminDisconnectUser>(request);
}

} // namespace ddalab::protocol
