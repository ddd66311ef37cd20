#include "SqlLoginSessionStore.h"

#include "Database.h"
#include "SessionsTable.h"

namespace ddalab {

void SqlLoginSessionStore::createSession(const StoredLoginSession &session, QObject *context,
                                         std::function<void(const LoginSessionWriteResult &)> done)
{
    m_database.run<LoginSessionWriteResult>(
        StorageAccess::Write,
        [session](SqlConnection &connection) { return SessionsTable(connection).insert(session); },
        context, std::move(done));
}

void SqlLoginSessionStore::revokeSession(const QString &sessionId, const QDateTime &at,
                                         QObject *context,
                                         std::function<void(const LoginSessionWriteResult &)> done)
{
    m_database.run<LoginSessionWriteResult>(
        StorageAccess::Write,
        [sessionId, at](SqlConnection &connection) {
            return SessionsTable(connection).revoke(sessionId, at);
        },
        context, std::move(done));
}

void SqlLoginSessionStore::liveSessions(const QDateTime &now, QObject *context,
                                        std::function<void(const LoginSessionsResult &)> done)
{
    m_database.run<LoginSessionsResult>(
        StorageAccess::Read,
        [now](SqlConnection &connection) { return SessionsTable(connection).live(now); }, context,
        std::move(done));
}

void SqlLoginSessionStore::deleteOldSessions(
    const QDateTime &before, QObject *context,
    std::function<void(const LoginSessionWriteResult &)> done)
{
    m_database.run<LoginSessionWriteResult>(
        StorageAccess::Write,
        [before](SqlConnection &connection) { return SessionsTable(connection).deleteOld(before); },
        context, std::move(done));
}

} // namespace ddalab
