#include "SqlLoginSessionStore.h"

#include "Announcement.h"
#include "AuditedWork.h"
#include "Database.h"
#include "SessionsTable.h"

namespace ddalab {

namespace {

bool sessionWritten(const LoginSessionWriteResult &result, AuditEntry &)
{
    return result.status == LoginSessionWriteResult::Status::Written;
}

} // namespace

void SqlLoginSessionStore::createSession(const StoredLoginSession &session, const AuditEntry &audit,
                                         QObject *context,
                                         std::function<void(const LoginSessionWriteResult &)> done)
{
    m_database.run<LoginSessionWriteResult>(
        StorageAccess::Write,
        auditedWork<LoginSessionWriteResult>(
            [session](SqlConnection &connection) -> std::optional<LoginSessionWriteResult> {
                auto result = SessionsTable(connection).insert(session);
                if (result && result->status == LoginSessionWriteResult::Status::Written &&
                    !OutboxTable(connection).appendAll({announcement::sessionOpened(session)}))
                    return std::nullopt;
                return result;
            },
            audit, &sessionWritten),
        context, std::move(done));
}

void SqlLoginSessionStore::revokeSession(const QString &sessionId, const QDateTime &at,
                                         const AuditEntry &audit, QObject *context,
                                         std::function<void(const LoginSessionWriteResult &)> done)
{
    m_database.run<LoginSessionWriteResult>(
        StorageAccess::Write,
        auditedWork<LoginSessionWriteResult>(
            [sessionId, at](SqlConnection &connection) -> std::optional<LoginSessionWriteResult> {
                auto result = SessionsTable(connection).revoke(sessionId, at);
                if (result && result->status == LoginSessionWriteResult::Status::Written &&
                    !OutboxTable(connection).appendAll({announcement::sessionRevoked(sessionId)}))
                    return std::nullopt;
                return result;
            },
            audit, &sessionWritten),
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
