#pragma once

#include "StorageProbe.h"

#include <optional>

namespace ddalab {

class SqlConnection;

// The readiness query: the newest applied schema version. It reads a table of ours rather than
// SELECT 1, so it fails when the database is there but cannot serve the broker. Runs on the
// storage thread; nullopt when the database failed (the connection's lastError says why).
class DatabasePing
{
public:
    static std::optional<ProbeResult> schemaVersion(SqlConnection &connection);
};

} // namespace ddalab
