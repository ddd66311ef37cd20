#pragma once

#include "AuditResults.h"

#include <QObject>

#include <functional>

namespace ddalab {

// The audit trail, asynchronous and without SQL like the other stores. Rows of changes are not
// written here: each store writes its change's row in the change's own transaction. This
// appends rows of what changes nothing (grants, denials, failed logins), reads pages, and
// applies the retention.
class AuditStore
{
public:
    virtual ~AuditStore() = default;

    // Appends the rows with the next group commit.
    virtual void append(const QList<AuditEntry> &entries, QObject *context,
                        std::function<void(const AuditWriteResult &)> done) = 0;
    // A page newest first, with the query's filters.
    virtual void page(const AuditQuery &query, QObject *context,
                      std::function<void(const AuditPageResult &)> done) = 0;
    // Deletes up to `limit` rows older than `before`.
    virtual void purge(const QDateTime &before, int limit, QObject *context,
                       std::function<void(const AuditPurgeResult &)> done) = 0;
};

} // namespace ddalab
