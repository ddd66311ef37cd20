#pragma once

#include "LoginSessionStore.h"

namespace ddalab {

class Database;

// LoginSessionStore on the broker's Database.
class SqlLoginSessionStore final : public LoginSessionStore
{
public:
    explicit SqlLoginSessionStore(Database &database) : m_database(database) {}

    void createSession(const StoredLoginSession &session, const AuditEntry &audit, QObject *context,
                       std::function<void(const LoginSessionWriteResult &)> done) override;
    void revokeSession(const QString &sessionId, const QDateTime &at, const AuditEntry &audit,
                       QObject *context,
                       std::function<void(const LoginSessionWriteResult &)> done) override;
    void liveSessions(const QDateTime &now, QObject *context,
                      std::function<void(const LoginSessionsResult &)> done) override;
    void deleteOldSessions(const QDateTime &before, QObject *context,
                           std::function<void(const LoginSessionWriteResult &)> done) override;

private:
    Database &m_database;
};

} // namespace ddalab
