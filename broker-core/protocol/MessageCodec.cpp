#include "MessageCodec.h"

#include "FieldLimits.h"
#include "JsonFieldReader.h"
#include "MonitorJson.h"
#include "ProtocolFields.h"
#include "Rfc3339.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ddalab::protocol {
namespace {

using namespace Qt::StringLiterals;
using namespace fields;

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
    "request_share",       "revoke_share",       "authenticate",         "monitor_subscribe",
    "monitor_shares_page", "admin_revoke_share", "admin_disconnect_user"};
constexpr const char *kReplyNames[] = {"ack", "error", "share_info", "monitor_snapshot",
                                       "monitor_shares"};
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
    QJsonObject object = std::visit(
        [](const auto &message) -> QJsonObject {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, Ack>)
                return {};
            else if constexpr (std::is_same_v<T, Error>)
                return {{"message"_L1, message.message}, {"code"_L1, errorCodeName(message.code)}};
            else if constexpr (std::is_same_v<T, ShareInfo>)
                return {{"token"_L1, message.token}, {"info"_L1, shareInfoToJson(message)}};
            else if constexpr (std::is_same_v<T, MonitorSnapshot>)
                return monitor_json::snapshotToJson(message);
            else
                return monitor_json::sharesPageToJson(message);
        },
        reply);
    object.insert("type"_L1, replyTypeName(reply));
    // The shipped client reads ack.message_id as string-or-null, so acks always carry it.
    if (messageId || std::holds_alternative<Ack>(reply))
        object.insert("message_id"_L1, nullable(messageId));
    return toCompactJson(object);
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
                reader.fail(u"field 'metadata.access_policy.user_ids' must hold non-empty strings of at most %1 characters"_s
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

QJsonObject MessageCodec::shareInfoToJson(const ShareInfo &info)
{
    return {{"metadata"_L1, shareMetadataToJson(info.metadata)},
            {"download_url"_L1, info.downloadUrl},
            {"owner_online"_L1, info.ownerOnline}};
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
