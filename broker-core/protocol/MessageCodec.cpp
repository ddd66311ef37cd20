#include "MessageCodec.h"

#include "FieldLimits.h"
#include "IdRules.h"
#include "JsonFieldReader.h"
#include "JsonText.h"
#include "Rfc3339.h"
#include "domain/StateHash.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include <limits>

namespace ddalab::protocol {
namespace {

using namespace Qt::StringLiterals;

// A user id is any non-empty printable text (desktop ids are e-mail addresses).
QString readUserId(JsonFieldReader &reader, QLatin1StringView name)
{
    QString id = reader.requiredString(name, limits::kUserId);
    if (reader.ok() && (id.isEmpty() || !ids::isPrintable(id)))
        reader.fail(
            u"field '%1' must be a non-empty printable string"_s.arg(reader.fieldPath(name)));
    return id;
}

bool isTokenCharacter(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
           u == '_' || u == '.' || u == '~';
}

// Tokens travel in URL paths (ddalab://share/TOKEN, /api/shares/TOKEN): URL-safe only.
QString readToken(JsonFieldReader &reader)
{
    QString token = reader.requiredString("token"_L1, limits::kToken);
    if (reader.ok() &&
        (token.isEmpty() || !std::all_of(token.cbegin(), token.cend(), isTokenCharacter)))
        reader.fail(u"field 'token' must be 1 to %1 characters of A-Z a-z 0-9 - _ . ~"_s.arg(
            limits::kToken));
    return token;
}

QString readEndpoint(JsonFieldReader &reader)
{
    QString endpoint = reader.requiredString("endpoint"_L1, limits::kEndpoint);
    if (!reader.ok())
        return {};
    const QUrl url(endpoint, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != "http"_L1 && scheme != "https"_L1) || url.host().isEmpty() ||
        !url.userInfo().isEmpty())
        reader.fail(u"field 'endpoint' must be an http:// or https:// URL with a host"_s);
    return endpoint;
}

std::optional<ShareMetadata> readMetadata(JsonFieldReader &outer)
{
    const QJsonObject object = outer.requiredObject("metadata"_L1);
    if (!outer.ok())
        return std::nullopt;
    JsonFieldReader reader(object, u"metadata"_s);
    ShareMetadata metadata;
    metadata.ownerUserId = readUserId(reader, "owner_user_id"_L1);
    metadata.resultId = reader.requiredString("result_id"_L1, limits::kResultId);
    if (reader.ok() && metadata.resultId.isEmpty())
        reader.fail(u"field 'metadata.result_id' must not be empty"_s);
    metadata.title = reader.requiredString("title"_L1, limits::kTitle);
    metadata.description = reader.nullableString("description"_L1, limits::kDescription);
    const QString createdAt = reader.requiredString("created_at"_L1, 64);
    if (reader.ok()) {
        if (auto parsed = rfc3339::parse(createdAt))
            metadata.createdAt = *parsed;
        else
            reader.fail(u"field 'metadata.created_at' must be an RFC 3339 date-time"_s);
    }
    const QJsonObject policy = reader.requiredObject("access_policy"_L1);
    if (reader.ok()) {
        QString policyError;
        if (auto parsed = MessageCodec::accessPolicyFromJson(policy, &policyError))
            metadata.accessPolicy = *parsed;
        else
            reader.fail(policyError);
    }
    if (!reader.ok()) {
        outer.fail(reader.error());
        return std::nullopt;
    }
    return metadata;
}

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
    return std::nullopt;
}

bool isReplyType(const QString &type)
{
    return type == "ack"_L1 || type == "error"_L1 || type == "share_info"_L1 ||
           type == "team_list"_L1 || type == "share_list"_L1 || type == "state_backup"_L1;
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
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(frame.data(), frame.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return DecodeFailure{
            u"frame is not valid JSON: %1 at offset %2"_s.arg(parseError.errorString())
                .arg(parseError.offset),
            std::nullopt};
    if (!document.isObject())
        return DecodeFailure{u"frame is not a JSON object"_s, std::nullopt};

    const QJsonObject object = document.object();
    JsonFieldReader reader(object);
    const std::optional<QString> messageId =
        reader.nullableString("message_id"_L1, limits::kMessageId);
    if (!reader.ok())
        return DecodeFailure{reader.error(), std::nullopt};
    const QString type = reader.requiredString("type"_L1, 64);
    if (!reader.ok())
        return DecodeFailure{reader.error(), messageId};
    if (isReplyType(type))
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
                return {{"type"_L1, "register_user"_L1},
                        {"user_id"_L1, message.userId},
                        {"endpoint"_L1, message.endpoint}};
            else if constexpr (std::is_same_v<T, Heartbeat>)
                return {{"type"_L1, "heartbeat"_L1}, {"user_id"_L1, message.userId}};
            else if constexpr (std::is_same_v<T, Disconnect>)
                return {{"type"_L1, "disconnect"_L1}, {"user_id"_L1, message.userId}};
            else if constexpr (std::is_same_v<T, PublishShare>)
                return {{"type"_L1, "publish_share"_L1},
                        {"token"_L1, message.token},
                        {"metadata"_L1, shareMetadataToJson(message.metadata)}};
            else if constexpr (std::is_same_v<T, RequestShare>)
                return {{"type"_L1, "request_share"_L1},
                        {"token"_L1, message.token},
                        {"requester_id"_L1, message.requesterId}};
            else if constexpr (std::is_same_v<T, RevokeShare>)
                return {{"type"_L1, "revoke_share"_L1}, {"token"_L1, message.token}};
            else if constexpr (std::is_same_v<T, Authenticate>)
                return {{"type"_L1, "authenticate"_L1}, {"access_token"_L1, message.accessToken}};
            else if constexpr (std::is_same_v<T, ListTeams>)
                return {{"type"_L1, "list_teams"_L1}};
            else if constexpr (std::is_same_v<T, ListShares>)
                return {{"type"_L1, "list_shares"_L1}};
            else if constexpr (std::is_same_v<T, BackupState>)
                return {{"type"_L1, "backup_state"_L1},
                        {"user_id"_L1, message.userId},
                        {"state_hash"_L1, message.stateHash},
                        {"data"_L1, QString::fromLatin1(message.data.toBase64())}};
            else
                return {{"type"_L1, "restore_state"_L1}, {"user_id"_L1, message.userId}};
        },
        request);
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
        // Rarer replies (teams, shares, backups) go through QJsonObject.
        QJsonObject object = std::visit(
            [](const auto &message) -> QJsonObject {
                using T = std::decay_t<decltype(message)>;
                if constexpr (std::is_same_v<T, TeamList>)
                    return {{"type"_L1, "team_list"_L1},
                            {"teams"_L1, teamListToJson(message.teams)}};
                else if constexpr (std::is_same_v<T, ShareList>)
                    return {{"type"_L1, "share_list"_L1},
                            {"shares"_L1, shareListToJson(message.shares)},
                            {"truncated"_L1, message.truncated}};
                else if constexpr (std::is_same_v<T, StateBackup>)
                    return stateBackupToJson(message.backup);
                else
                    return {}; // written as text above
            },
            reply);
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
    static const char *const kNames[] = {"register_user", "heartbeat",     "disconnect",
                                         "publish_share", "request_share", "revoke_share",
                                         "authenticate",  "list_teams",    "list_shares",
                                         "backup_state",  "restore_state"};
    static_assert(std::size(kNames) == std::variant_size_v<Request>);
    return QString::fromLatin1(kNames[request.index()]);
}

} // namespace ddalab::protocol
