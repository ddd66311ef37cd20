#pragma once

#include "AccountResults.h"

#include "domain/AuditEntry.h"

#include <QObject>

#include <functional>

namespace ddalab {

// The sessions POST /auth/login opens, asynchronous like the other stores. Only the hash of a
// session's token is stored.
class LoginSessionStore
{
public:
    virtual ~LoginSessionStore() = default;

    virtual void createSession(const StoredLoginSession &session, const AuditEntry &audit,
                               QObject *context,
                               std::function<void(const LoginSessionWriteResult &)> done) = 0;
    // Written, or NotFound when it was revoked already or never existed.
    virtual void revokeSession(const QString &sessionId, const QDateTime &at,
                               const AuditEntry &audit, QObject *context,
                               std::function<void(const LoginSessionWriteResult &)> done) = 0;
    // Sessions neither revoked nor expired at `now`, oldest first.
    virtual void liveSessions(const QDateTime &now, QObject *context,
                              std::function<void(const LoginSessionsResult &)> done) = 0;
    // Deletes the rows of sessions that expired or were revoked before `before`.
    virtual void deleteOldSessions(const QDateTime &before, QObject *context,
                                   std::function<void(const LoginSessionWriteResult &)> done) = 0;
};

} // namespace ddalab
