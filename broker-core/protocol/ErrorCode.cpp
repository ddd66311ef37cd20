#include "ErrorCode.h"

#include <array>
#include <utility>

namespace ddalab::protocol {
namespace {

// Indexed by the enumerator's value; the static_assert below keeps the two in step.
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
    std::pair{ErrorCode::AuthRequired, u"AUTH_REQUIRED"},
    std::pair{ErrorCode::AccountExists, u"ACCOUNT_EXISTS"},
    std::pair{ErrorCode::AccountNotFound, u"ACCOUNT_NOT_FOUND"},
    std::pair{ErrorCode::SessionNotFound, u"SESSION_NOT_FOUND"},
    std::pair{ErrorCode::ServiceBusy, u"SERVICE_BUSY"},
    std::pair{ErrorCode::DownloadLimitReached, u"DOWNLOAD_LIMIT_REACHED"},
    std::pair{ErrorCode::PhiNotPublic, u"PHI_NOT_PUBLIC"},
    std::pair{ErrorCode::BadRequest, u"BAD_REQUEST"},
    std::pair{ErrorCode::NotFound, u"NOT_FOUND"},
    std::pair{ErrorCode::Unauthorized, u"UNAUTHORIZED"},
    std::pair{ErrorCode::UpgradeRequired, u"UPGRADE_REQUIRED"},
    std::pair{ErrorCode::ForbiddenOrigin, u"FORBIDDEN_ORIGIN"},
    std::pair{ErrorCode::TeamNotFound, u"TEAM_NOT_FOUND"},
    std::pair{ErrorCode::TeamExists, u"TEAM_EXISTS"},
    std::pair{ErrorCode::MemberNotFound, u"MEMBER_NOT_FOUND"},
    std::pair{ErrorCode::PreconditionFailed, u"PRECONDITION_FAILED"},
    std::pair{ErrorCode::HeadersTooLarge, u"HEADERS_TOO_LARGE"},
    std::pair{ErrorCode::LengthRequired, u"LENGTH_REQUIRED"},
    std::pair{ErrorCode::PayloadTooLarge, u"PAYLOAD_TOO_LARGE"},
    std::pair{ErrorCode::AccountDisabled, u"ACCOUNT_DISABLED"},
    std::pair{ErrorCode::GrantsDisabled, u"GRANTS_DISABLED"},
};

constexpr bool namesFollowEnumerators()
{
    for (size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i].first != ErrorCode(i))
            return false;
    }
    return kNames.back().first == ErrorCode::GrantsDisabled; // the last enumerator
}
static_assert(namesFollowEnumerators(), "kNames lists every ErrorCode in declaration order");

} // namespace

QString errorCodeName(ErrorCode code)
{
    const auto index = size_t(code);
    return index < kNames.size() ? QString::fromUtf16(kNames[index].second)
                                 : QStringLiteral("UNKNOWN");
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
