#include "SqlAuditStore.h"

#include "AuditTable.h"
#include "Database.h"

namespace ddalab {

void SqlAuditStore::append(const QList<AuditEntry> &entries, QObject *context,
                           std::function<void(const AuditWriteResult &)> done)
{
    m_database.run<AuditWriteResult>(
        StorageAccess::Write,
        [entries](SqlConnection &connection) -> std::optional<AuditWriteResult> {
            if (!AuditTable(connection).insertAll(entries))
                return std::nullopt;
            return AuditWriteResult{AuditWriteResult::Status::Written, {}};
        },
        context, std::move(done));
}

void SqlAuditStore::page(const AuditQuery &query, QObject *context,
                         std::function<void(const AuditPageResult &)> done)
{
    m_database.run<AuditPageResult>(
        StorageAccess::Read,
        [query](SqlConnection &connection) -> std::optional<AuditPageResult> {
            auto page = AuditTable(connection).page(query);
            if (!page)
                return std::nullopt;
            return AuditPageResult{AuditPageResult::Status::Found, std::move(*page), {}};
        },
        context, std::move(done));
}

void SqlAuditStore::purge(const QDateTime &before, int limit, QObject *context,
                          std::function<void(const AuditPurgeResult &)> done)
{
    m_database.run<AuditPurgeResult>(
        StorageAccess::Write,
        [before, limit](SqlConnection &connection) -> std::optional<AuditPurgeResult> {
            const auto deleted = AuditTable(connection).deleteBefore(before, limit);
            if (!deleted)
                return std::nullopt;
            return AuditPurgeResult{AuditPurgeResult::Status::Purged, *deleted, {}};
        },
        context, std::move(done));
}

} // namespace ddalab
