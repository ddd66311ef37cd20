#include "ErrorCode.h"

#include <array>
#include <utility>

namespace ddalab::protocol {
namespace {

constexpr std::array kNames = {
    std::pair{ErrorCode::ParseError, u"PARSE_ERROR"},
    std::pair{ErrorCode::UserNotFound, u"USER_NOT_FOUND"},
    std::pair{ErrorCode::ShareNotFound, u"SHARE_NOT_FOUND"},
    std::pair{ErrorCode::AccessDenied, u"ACCESS_DENIED"},
    std::pair{ErrorCode::PublishError, u"PUBLISH_ERROR"},
    std::pair{ErrorCode::RevokeError, u"REVOKE_ERROR"},
    std::pair{ErrorCode::Forbidden, u"FORBIDDEN"},
    std::pair{ErrorCode::NotRegistered, u"NOT_REGISTERED"},
    std::pair{ErrorCode::TokenTaken, u"TOKEN_TAKEN"},
    std::pair{ErrorCode::RateLimited, u"RATE_LIMITED"},
    std::pair{ErrorCode::StorageError, u"STORAGE_ERROR"},
    std::pair{ErrorCode::AuthFailed, u"AUTH_FAILED"},
    std::pair{ErrorCode::HashMismatch, u"HASH_MISMATCH"},
    std::pair{ErrorCode::BackupTooLarge, u"BACKUP_TOO_LARGE"},
    std::pair{ErrorCode::NoBackup, u"NO_BACKUP"},
};

} // namespace

QString errorCodeName(ErrorCode code)
{
    for (const auto &[value, name] : kNames) {
        if (value == code)
            return QString::fromUtf16(name);
    }
    return QStringLiteral("UNKNOWN");
}

std::optional<ErrorCode> errorCodeFromName(QStringView name)
{
    for (const auto &[value, wireName] : kNames) {
        if (name == QStringView(wireName))
            return value;
    }
    return std::nullopt;
}

} // namespace ddalab::protocol
