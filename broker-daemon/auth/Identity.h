#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace ddalab {

// What a connection or request proved about itself with its credential.
struct Identity
{
    // From a verified JWT or a login session; none for anonymous and admin tokens.
    std::optional<QString> provenUserId;
    bool admin = false;
    std::optional<QDateTime> expiresAt; // when the credential stops being valid (JWTs)
    std::optional<QString> sessionId;   // the login session that proved provenUserId
};

// The outcome of checking a credential: accepted with an identity, or refused with a reason
// that is safe to log (it never contains the credential).
struct AuthDecision
{
    bool accepted = false;
    Identity identity;
    QString reason;
};

} // namespace ddalab
