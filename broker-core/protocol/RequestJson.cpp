#include "RequestJson.h"

#include "AccountJson.h"
#include "BackupJson.h"
#include "FieldLimits.h"
#include "MonitorJson.h"
#include "ProtocolFields.h"
#include "ShareAccessJson.h"
#include "ShareJson.h"

namespace ddalab::protocol::request_json {

using namespace Qt::StringLiterals;
using namespace fields;

std::optional<Request> readRequest(QStringView type, JsonFieldReader &reader)
{
    if (isType<RegisterUser>(type)) {
        RegisterUser message;
        message.userId = readUserId(reader, "user_id"_L1);
        message.endpoint = readEndpoint(reader);
        message.sessionToken = reader.nullableString("session_token"_L1, limits::kAccessToken);
        message.password = reader.nullableString("password"_L1, limits::kPassword);
        return message;
    }
    if (isType<Heartbeat>(type))
        return Heartbeat{readUserId(reader, "user_id"_L1)};
    if (isType<Disconnect>(type))
        return Disconnect{readUserId(reader, "user_id"_L1)};
    if (isType<PublishShare>(type)) {
        PublishShare message;
        message.token = readToken(reader);
        if (auto metadata = share_json::readMetadata(reader))
            message.metadata = std::move(*metadata);
        return message;
    }
    if (isType<RequestShare>(type)) {
        RequestShare message;
        message.token = readToken(reader);
        message.requesterId = readUserId(reader, "requester_id"_L1);
        return message;
    }
    if (isType<RevokeShare>(type))
        return RevokeShare{readToken(reader)};
    if (isType<Authenticate>(type))
        return Authenticate{reader.requiredString("access_token"_L1, limits::kAccessToken)};
    if (isType<ListTeams>(type))
        return ListTeams{};
    if (isType<ListShares>(type))
        return ListShares{};
    if (isType<BackupState>(type)) {
        BackupState message;
        message.userId = readUserId(reader, "user_id"_L1);
        message.stateHash = backup_json::readStateHash(reader);
        message.data = backup_json::readBase64(reader, "data"_L1);
        return message;
    }
    if (isType<RestoreState>(type))
        return RestoreState{readUserId(reader, "user_id"_L1)};
    if (isType<ListShareAccess>(type))
        return share_access_json::readRequest(reader);
    if (isType<MonitorSubscribe>(type))
        return monitor_json::readSubscribe(reader);
    if (isType<MonitorSharesPage>(type))
        return monitor_json::readSharesPageRequest(reader);
    if (isType<AdminRevokeShare>(type))
        return AdminRevokeShare{readToken(reader)};
    if (isType<AdminDisconnectUser>(type))
        return AdminDisconnectUser{readUserId(reader, "user_id"_L1)};
    if (isType<AdminListAccounts>(type))
        return AdminListAccounts{};
    if (isType<AdminCreateAccount>(type)) {
        AdminCreateAccount message;
        message.userId = readUserId(reader, "user_id"_L1);
        message.password = account_json::readNewPassword(reader);
        return message;
    }
    if (isType<AdminSetPassword>(type)) {
        AdminSetPassword message;
        message.userId = readUserId(reader, "user_id"_L1);
        message.password = account_json::readNewPassword(reader);
        return message;
    }
    if (isType<AdminSetAccountDisabled>(type)) {
        AdminSetAccountDisabled message;
        message.userId = readUserId(reader, "user_id"_L1);
        message.disabled = reader.requiredBool("disabled"_L1);
        return message;
    }
    if (isType<AdminRemoveAccount>(type))
        return AdminRemoveAccount{readUserId(reader, "user_id"_L1)};
    if (isType<AdminListSessions>(type)) {
        AdminListSessions message;
        if (reader.nullableString("user_id"_L1, limits::kUserId))
            message.userId = readUserId(reader, "user_id"_L1);
        return message;
    }
    if (isType<AdminRevokeSession>(type))
        return AdminRevokeSession{reader.requiredString("session_id"_L1, 64)};
    if (isType<AdminAuditQuery>(type))
        return monitor_json::readAuditQuery(reader);
    return std::nullopt;
}

QJsonObject requestToJson(const Request &request)
{
    return std::visit(
        [](const auto &message) -> QJsonObject {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, RegisterUser>) {
                QJsonObject object{{"user_id"_L1, message.userId},
                                   {"endpoint"_L1, message.endpoint}};
                if (message.sessionToken)
                    object.insert("session_token"_L1, *message.sessionToken);
                if (message.password)
                    object.insert("password"_L1, *message.password);
                return object;
            } else if constexpr (std::is_same_v<T, Heartbeat> || std::is_same_v<T, Disconnect> ||
                                 std::is_same_v<T, RestoreState> ||
                                 std::is_same_v<T, AdminDisconnectUser> ||
                                 std::is_same_v<T, AdminRemoveAccount>)
                return {{"user_id"_L1, message.userId}};
            else if constexpr (std::is_same_v<T, AdminCreateAccount> ||
                               std::is_same_v<T, AdminSetPassword>)
                return {{"user_id"_L1, message.userId}, {"password"_L1, message.password}};
            else if constexpr (std::is_same_v<T, AdminSetAccountDisabled>)
                return {{"user_id"_L1, message.userId}, {"disabled"_L1, message.disabled}};
            else if constexpr (std::is_same_v<T, AdminListSessions>)
                return message.userId ? QJsonObject{{"user_id"_L1, *message.userId}}
                                      : QJsonObject{};
            else if constexpr (std::is_same_v<T, AdminRevokeSession>)
                return {{"session_id"_L1, message.sessionId}};
            else if constexpr (std::is_same_v<T, PublishShare>)
                return {{"token"_L1, message.token},
                        {"metadata"_L1, share_json::metadataToJson(message.metadata, {})}};
            else if constexpr (std::is_same_v<T, RequestShare>)
                return {{"token"_L1, message.token}, {"requester_id"_L1, message.requesterId}};
            else if constexpr (std::is_same_v<T, RevokeShare> ||
                               std::is_same_v<T, AdminRevokeShare>)
                return {{"token"_L1, message.token}};
            else if constexpr (std::is_same_v<T, Authenticate>)
                return {{"access_token"_L1, message.accessToken}};
            else if constexpr (std::is_same_v<T, ListTeams> || std::is_same_v<T, ListShares> ||
                               std::is_same_v<T, AdminListAccounts>)
                return {};
            else if constexpr (std::is_same_v<T, BackupState>)
                return {{"user_id"_L1, message.userId},
                        {"state_hash"_L1, message.stateHash},
                        {"data"_L1, QString::fromLatin1(message.data.toBase64())}};
            else if constexpr (std::is_same_v<T, ListShareAccess>)
                return share_access_json::requestToJson(message);
            else if constexpr (std::is_same_v<T, MonitorSubscribe>)
                return monitor_json::subscribeToJson(message);
            else if constexpr (std::is_same_v<T, AdminAuditQuery>)
                return monitor_json::auditQueryToJson(message);
            else {
                static_assert(std::is_same_v<T, MonitorSharesPage>);
                return monitor_json::sharesPageRequestToJson(message);
            }
        },
        request);
}

} // namespace ddalab::protocol::request_json
