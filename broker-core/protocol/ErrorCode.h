#pragma once

#include <QString>

#include <optional>

namespace ddalab::protocol {

// The `code` of an `error` reply. The wire names are the enumerator names in SCREAMING_CASE.
enum class ErrorCode {
    ParseError,     // not JSON, not an object, unknown type, missing/mistyped/oversized field
    UserNotFound,   // heartbeat from a connection that is not registered as that user
    ShareNotFound,  // unknown or revoked token
    AccessDenied,   // the share's policy does not admit the requester
    PublishError,   // the share could not be stored
    RevokeError,    // the revocation could not be stored
    Forbidden,      // the message names another user than the connection's own
    NotRegistered,  // share message before register_user
    TokenTaken,     // publish over a token another user owns, or that was revoked
    RateLimited,    // too many messages of this kind in a short time
    StorageError,   // the database failed a read
    AuthFailed,     // a credential sent with authenticate was refused
    HashMismatch,   // backup_state: state_hash is not the SHA-256 of data
    BackupTooLarge, // backup_state: the state is larger than BACKUP_MAX_BYTES
    NoBackup,       // restore_state: the user has no backup
};

QString errorCodeName(ErrorCode code);
std::optional<ErrorCode> errorCodeFromName(QStringView name);

} // namespace ddalab::protocol
