#pragma once

#include "AuditTable.h"
#include "StorageOperation.h"

#include <functional>
#include <optional>

namespace ddalab {

// Storage work that writes `audit` in its own transaction when `recorded(result, row)` says the
// change happened (it may name the change more precisely in the row: an update rather than a
// creation): the change and its audit row commit together, or neither does (a failed insert
// fails the work, and the worker rolls the transaction back).
template <typename Result, typename Work>
std::function<std::optional<Result>(SqlConnection &)>
auditedWork(Work work, AuditEntry audit, bool (*recorded)(const Result &, AuditEntry &row))
{
    return [work = std::move(work), audit = std::move(audit),
            recorded](SqlConnection &connection) -> std::optional<Result> {
        std::optional<Result> result = work(connection);
        AuditEntry row = audit;
        if (result && recorded(*result, row) && !AuditTable(connection).insert(row))
            return std::nullopt;
        return result;
    };
}

} // namespace ddalab
