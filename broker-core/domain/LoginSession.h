#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace ddalab {

// What POST /auth/login opened: a session whose token authenticates registrations and HTTP calls
// until it expires or is revoked. Never the token itself.
struct LoginSession
{
    QString sessionId; // names it to administrators; not a credential
    QString userId;
    QDateTime createdAt;
    QDateTime expiresAt;
    std::optional<QDateTime> revokedAt;
    QString clientAddress; // where the login came from
    QString endpoint;      // the desktop's API server, as it said at login (may be empty)

    bool isLive(const QDateTime &now) const { return !revokedAt && now < expiresAt; }
};

} // namespace ddalab
