#pragma once

#include "domain/AuditEntry.h"

#include <optional>

namespace ddalab {

class SqlConnection;

// The audit_log table. Runs on the storage thread inside whatever transaction the caller holds,
// so that a change and its row commit together; false/nullopt means the database failed.
class AuditTable
{
public:
    explicit AuditTable(SqlConnection &connection) : m_connection(connection) {}

    bool insert(const AuditEntry &entry);
    // All rows with one statement where the engine has one.
    bool insertAll(const QList<AuditEntry> &entries);
    std::optional<AuditPage> page(const AuditQuery &query);
    // Deletes up to `limit` rows older than `before`; how many.
    std::optional<int> deleteBefore(const QDateTime &before, int limit);

private:
    SqlConnection &m_connection;
};

} // namespace ddalab
