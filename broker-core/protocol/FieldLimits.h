#pragma once

#include <QtGlobal>

// Longest accepted value of each protocol field, in UTF-16 code units. Longer values are
// refused with PARSE_ERROR before anything is stored. Documented in README.md.
namespace ddalab::protocol::limits {

// The largest whole number a JSON number holds exactly (counts, sizes, limits).
constexpr qint64 kMaxExactInteger = qint64(1) << 53;
constexpr qsizetype kUserId = 256;
constexpr qsizetype kToken = 128; // the desktop client's tokens are 22 characters
constexpr qsizetype kResultId = 256;
constexpr qsizetype kTitle = 512;
constexpr qsizetype kDescription = 8192;
constexpr qsizetype kEndpoint = 2048;
constexpr qsizetype kTeamId = 256;
constexpr qsizetype kTeamName = 256;
constexpr qsizetype kPolicyUsers = 1000; // entries of a users policy
constexpr qsizetype kMessageId = 128;
constexpr qsizetype kAccessToken = 8192; // also session_token, which may be a JWT
constexpr qsizetype kPassword = 1024;
// share_info's download grant, read by BrokerClient: ids and token in base64url, signature
constexpr qsizetype kGrant = 8192;

} // namespace ddalab::protocol::limits
