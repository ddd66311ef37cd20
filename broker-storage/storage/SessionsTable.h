#pragma once

#include "AccountResults.h"

#include <optional>

namespace ddalab {

class SqlConnection;

// The sessions table (login sessions). Runs on the storage thread inside whatever transaction
// the caller holds; nullopt means the database failed.
class SessionsTable
{
public:
    explicit SessionsTable(SqlConnection &connection) : m_connection(connection) {}

    std::optional<LoginSessionWriteResult> insert(const StoredLoginSession &stored);
    std::optional<LoginSessionWriteResult> revoke(const QString &sessionId, const QDateTime &at);
    std::optional<LoginSessionsResult> live(const QDateTime &now);
    std::optional<LoginSessionWriteResult> deleteOld(const QDateTime &before);

private:
    SqlConnection &m_connection;
};

} // namespace ddalab
