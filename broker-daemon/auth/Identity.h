#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace ddalab {

// What a connection or request proved about itself with its credential.
struct Identity
{
    std::optional<QString> provenUserId; // from a verified JWT; none for anonymous and admin tokens
    bool admin = false;
    std::optional<QDateTime> expiresAt; // when the credential stops being valid
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
