#pragma once

#include <QString>

#include <optional>

namespace ddalab::protocol {

// The `code` of every error the broker sends: in an `error` reply over WebSocket and in the
// {"error", "code"} body of an HTTP error. Nothing else in the broker spells a code.
enum class ErrorCode {
    // WebSocket and HTTP alike.
    ParseError,           // not JSON, not an object, unknown type, missing/mistyped/oversized field
    UserNotFound,         // heartbeat from a connection that is not registered as that user
    ShareNotFound,        // unknown or revoked token
    AccessDenied,         // the share's policy does not admit the requester
    PublishError,         // the share could not be stored
    RevokeError,          // the revocation could not be stored
    Forbidden,            // the message names another user than the connection's own
    NotRegistered,        // share message before register_user
    TokenTaken,           // publish over a token another user owns, or that was revoked
    RateLimited,          // too many messages of this kind in a short time
    StorageError,         // the database failed a read
    AuthFailed,           // a credential sent with authenticate was refused
    HashMismatch,         // backup_state: state_hash is not the SHA-256 of data
    BackupTooLarge,       // backup_state: the state is larger than BACKUP_MAX_BYTES
    NoBackup,             // restore_state: the user has no backup
    AuthRequired,         // register_user without a credential where AUTH_MODE needs one
    AccountExists,        // creating an account that exists already
    AccountNotFound,      // changing an account that does not exist
    SessionNotFound,      // revoking a session that is not live
    ServiceBusy,          // too many logins being checked at once; try again
    DownloadLimitReached, // the share was granted max_downloads times already
    PhiNotPublic,         // HIPAA mode: a phi share may not have a public access policy
    // HTTP only.
    BadRequest,         // a body, header or path id the API cannot use
    NotFound,           // no such resource
    Unauthorized,       // no credential, or one that proves nobody
    UpgradeRequired,    // a plain request to /ws
    ForbiddenOrigin,    // a WebSocket upgrade from a browser page of a foreign Origin
    TeamNotFound,       // no such team
    TeamExists,         // a team with this id exists already
    MemberNotFound,     // the user is not a member of the team
    PreconditionFailed, // If-Match names another backup than the stored one
    HeadersTooLarge,    // request line and headers over 32 KiB
    LengthRequired,     // a body without Content-Length (chunked)
    PayloadTooLarge,    // a body over the route's limit
    AccountDisabled,    // POST /auth/login of a disabled account (with the right password)
    GrantsDisabled,     // rotating grant keys while download grants are off
};

QString errorCodeName(ErrorCode code);
std::optional<ErrorCode> errorCodeFromName(QStringView name);

} // namespace ddalab::protocol
