#pragma once

#include "ErrorCode.h"
#include "domain/BackupRecord.h"
#include "MonitorMessages.h"
#include "domain/ShareMetadata.h"
#include "domain/Team.h"

#include <QList>
#include <QString>

#include <optional>
#include <variant>

// Every message of the WebSocket protocol as a typed value. MessageCodec turns them into JSON
// and back; nothing else builds or reads protocol JSON.
namespace ddalab::protocol {

// Desktop → broker.
struct RegisterUser
{
    QString userId;
    QString endpoint;
};
struct Heartbeat
{
    QString userId;
};
struct Disconnect
{
    QString userId;
};
struct PublishShare
{
    QString token;
    ShareMetadata metadata;
};
struct RequestShare
{
    QString token;
    QString requesterId;
};
struct RevokeShare
{
    QString token;
};
// A fresh credential for a connection whose token is about to expire; it must prove the same
// user. Not sent by the shipped client (which has no credentials).
struct Authenticate
{
    QString accessToken;
};
// The teams the sender belongs to; answered with TeamList.
struct ListTeams
{
};
// The sender's own shares that are not revoked; answered with ShareList.
struct ListShares
{
};
// Stores the sender's app state as its latest backup; stateHash is the hex SHA-256 of data.
struct BackupState
{
    QString userId;
    QString stateHash;
    QByteArray data; // decoded from base64 on the wire
};
// Asks for the sender's latest backup; answered with StateBackup.
struct RestoreState
{
    QString userId;
};

// Requests of admin connections (MonitorMessages.h) come last.
using Request = std::variant<RegisterUser, Heartbeat, Disconnect, PublishShare, RequestShare,
                             RevokeShare, Authenticate, ListTeams, ListShares, BackupState,
                             RestoreState, MonitorSubscribe, MonitorSharesPage,
                             AdminRevokeShare, AdminDisconnectUser>;

// Broker → desktop.
struct Ack
{
};
struct Error
{
    ErrorCode code = ErrorCode::ParseError;
    QString message;
};
struct ShareInfo
{
    QString token;
    ShareMetadata metadata;
    QString downloadUrl; // empty while the owner is offline
    bool ownerOnline = false;
};

struct TeamList
{
    QList<TeamMembership> teams;
};
struct ShareList
{
    QList<ShareRecord> shares; // newest first
    bool truncated = false;    // more shares exist than the list carries
};
struct StateBackup
{
    BackupRecord backup;
};

using Reply = std::variant<Ack, Error, ShareInfo, TeamList, ShareList, StateBackup,
                           MonitorSnapshot, SharesPage>;

// Pushed to subscribed admin connections without being asked; they carry no message_id.
using Event = std::variant<UserOnline, UserOffline, UserHeartbeat, SharePublished, ShareUpdated,
                           ShareRevoked, StatsReport>;

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

// The wire `type` of a message.
QString requestTypeName(const Request &request);
QString replyTypeName(const Reply &reply);
QString eventTypeName(const Event &event);
// Whether a request is one of the admin connections' monitor requests.
bool isAdminRequest(const Request &request);

} // namespace ddalab::protocol
