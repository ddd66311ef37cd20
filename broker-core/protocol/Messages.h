#pragma once

#include "ErrorCode.h"
#include "MonitorMessages.h"
#include "domain/BackupRecord.h"
#include "domain/ShareAccessEntry.h"
#include "domain/ShareMetadata.h"
#include "domain/Team.h"

#include <QList>
#include <QString>

#include <optional>
#include <variant>

// Every message of the WebSocket protocol as a typed value, each with its wire `type` as kType.
// MessageCodec turns them into JSON and back; nothing else builds or reads protocol JSON.
namespace ddalab::protocol {

// Desktop → broker.
struct RegisterUser
{
    static constexpr char kType[] = "register_user";
    QString userId;
    QString endpoint;
    // What the later desktops send: the token POST /auth/login gave them (or a JWT).
    std::optional<QString> sessionToken;
    // The pre-shared lab password of DDALAB's own server, where BROKER_PASSWORD is set.
    std::optional<QString> password;
};
struct Heartbeat
{
    static constexpr char kType[] = "heartbeat";
    QString userId;
};
struct Disconnect
{
    static constexpr char kType[] = "disconnect";
    QString userId;
};
struct PublishShare
{
    static constexpr char kType[] = "publish_share";
    QString token;
    ShareMetadata metadata;
};
struct RequestShare
{
    static constexpr char kType[] = "request_share";
    QString token;
    QString requesterId;
};
struct RevokeShare
{
    static constexpr char kType[] = "revoke_share";
    QString token;
};
// A fresh credential for a connection whose token is about to expire; it must prove the same
// user. Not sent by the shipped client (which has no credentials).
struct Authenticate
{
    static constexpr char kType[] = "authenticate";
    QString accessToken;
};
// The teams the sender belongs to; answered with TeamList.
struct ListTeams
{
    static constexpr char kType[] = "list_teams";
};
// The sender's own shares that are not revoked; answered with ShareList.
struct ListShares
{
    static constexpr char kType[] = "list_shares";
};
// Stores the sender's app state as its latest backup; stateHash is the hex SHA-256 of data.
struct BackupState
{
    static constexpr char kType[] = "backup_state";
    QString userId;
    QString stateHash;
    QByteArray data; // decoded from base64 on the wire
};
// Asks for the sender's latest backup; answered with StateBackup.
struct RestoreState
{
    static constexpr char kType[] = "restore_state";
    QString userId;
};

// Who opened one of the sender's shares and when, newest first; answered with ShareAccessList.
// limit 1 to AuditQuery::kMaxLimit (default kDefaultLimit); after: a next_cursor sent before.
struct ListShareAccess
{
    static constexpr char kType[] = "list_share_access";
    QString token;
    std::optional<int> limit;
    std::optional<QString> after;
};

// Requests of admin connections (MonitorMessages.h) come last.
using Request =
    std::variant<RegisterUser, Heartbeat, Disconnect, PublishShare, RequestShare, RevokeShare,
                 Authenticate, ListTeams, ListShares, BackupState, RestoreState, ListShareAccess,
                 MonitorSubscribe, MonitorSharesPage, AdminRevokeShare, AdminDisconnectUser,
                 AdminListAccounts, AdminCreateAccount, AdminSetPassword, AdminSetAccountDisabled,
                 AdminRemoveAccount, AdminListSessions, AdminRevokeSession, AdminAuditQuery>;

// Broker → desktop.
struct Ack
{
    static constexpr char kType[] = "ack";
};
struct Error
{
    static constexpr char kType[] = "error";
    ErrorCode code = ErrorCode::ParseError;
    QString message;
};
struct ShareInfo
{
    static constexpr char kType[] = "share_info";
    QString token;
    ShareMetadata metadata;
    QString downloadUrl; // empty while the owner is offline
    bool ownerOnline = false;
    ShareUsage usage;
    QString grant; // the download grant (a compact JWS); empty when grants are off

    static ShareInfo of(const ShareRecord &share, const QString &downloadUrl, bool ownerOnline,
                        const QString &grant = {})
    {
        return {share.token, share.metadata, downloadUrl, ownerOnline, share.usage, grant};
    }
};

struct TeamList
{
    static constexpr char kType[] = "team_list";
    QList<TeamMembership> teams;
};
struct ShareList
{
    static constexpr char kType[] = "share_list";
    QList<ShareRecord> shares; // newest first
    bool truncated = false;    // more shares exist than the list carries
};
struct StateBackup
{
    static constexpr char kType[] = "state_backup";
    BackupRecord backup;
};
// Also the body of GET /api/shares/TOKEN/access.
struct ShareAccessList
{
    static constexpr char kType[] = "share_access";
    QString token;
    QList<ShareAccessEntry> entries;   // newest first
    std::optional<QString> nextCursor; // the `after` of the next page, when one follows
};

using Reply = std::variant<Ack, Error, ShareInfo, TeamList, ShareList, StateBackup, ShareAccessList,
                           MonitorSnapshot, SharesPage, AccountList, SessionList, AuditPageReply>;

// Pushed to subscribed admin connections without being asked; they carry no message_id.
using Event =
    std::variant<UserOnline, UserOffline, UserHeartbeat, SharePublished, ShareUpdated, ShareRevoked,
                 ShareExpired, InstitutionConfig, StatsReport, AuditEvent, ReplicaList>;

// A request as it arrived, with the optional message_id that its reply echoes.
struct IncomingRequest
{
    std::optional<QString> messageId;
    Request request;
};

// A frame that carried one of the broker's own reply types; the broker ignores it.
struct IgnoredMessage
{
    QString type;
};

struct DecodeFailure
{
    QString message;
    std::optional<QString> messageId; // when it could still be read
};

using DecodedFrame = std::variant<IncomingRequest, IgnoredMessage, DecodeFailure>;

// What a client (the monitor, the tests) reads from the broker: a reply to one of its requests
// (with that request's message_id) or a pushed event.
struct IncomingReply
{
    std::optional<QString> messageId;
    Reply reply;
};
using DecodedServerFrame = std::variant<IncomingReply, Event, DecodeFailure>;

// The wire `type` of a message of any of the variants above: its struct's kType.
template <typename... Message> const char *typeOf(const std::variant<Message...> &message)
{
    return std::visit(
        [](const auto &alternative) { return std::decay_t<decltype(alternative)>::kType; },
        message);
}
// The index of Message in Variant.
template <typename Variant, typename Message, size_t I = 0> constexpr size_t variantIndexOf()
{
    if constexpr (std::is_same_v<std::variant_alternative_t<I, Variant>, Message>)
        return I;
    else
        return variantIndexOf<Variant, Message, I + 1>();
}

// Whether a wire `type` is Message's.
template <typename Message> bool isType(QStringView type)
{
    return type == QLatin1StringView(Message::kType);
}
QString requestTypeName(const Request &request);
QString replyTypeName(const Reply &reply);
QString eventTypeName(const Event &event);
// Whether a request is one of the admin connections' monitor requests.
bool isAdminRequest(const Request &request);

} // namespace ddalab::protocol
