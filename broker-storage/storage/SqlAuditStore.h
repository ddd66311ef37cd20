#pragma once

#include "AuditStore.h"

namespace ddalab {

class Database;

// AuditStore on the broker's Database.
class SqlAuditStore final : public AuditStore
{
public:
    explicit SqlAuditStore(Database &database) : m_database(database) {}

    void append(const QList<AuditEntry> &entries, QObject *context,
                std::function<void(const AuditWriteResult &)> done) override;
    void page(const AuditQuery &query, QObject *context,
              std::function<void(const AuditPageResult &)> done) override;
    void purge(const QDateTime &before, int limit, QObject *context,
               std::function<void(const AuditPurgeResult &)> done) override;

private:
    Database &m_database;
};

} // namespace ddalab
