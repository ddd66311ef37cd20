#pragma once

#include "ReplicaResults.h"

#include <chrono>
#include <optional>

namespace ddalab {

class SqlConnection;

// The replicas' lease rows (PostgreSQL). Leases are set and judged by the database's clock, so
// that the replicas' own clocks do not matter.
class ReplicasTable
{
public:
    explicit ReplicasTable(SqlConnection &connection) : m_connection(connection) {}

    // A new row for the connection's replica, leased for `lease`; its number.
    std::optional<qint64> start(const QString &address, std::chrono::seconds lease);
    // Extends the lease by `lease` from now (writing the row again if it was deleted as long
    // dead); whether it had lapsed, nullopt when the database failed.
    std::optional<bool> renew(qint64 number, const QString &address, std::chrono::seconds lease,
                              const QJsonObject &stats);
    // A clean stop: the lease ends now, so that the others drop this replica at once.
    bool end();
    std::optional<ReplicaSnapshot> all();
    // Whoever gets the transaction's advisory lock deletes the presence rows of replicas whose
    // lease expired, rows of replicas dead for an hour, and outbox rows of five minutes ago.
    // False when the database failed; true also when another replica holds the lock.
    bool cleanUpIfFirst();

private:
    SqlConnection &m_connection;
};

} // namespace ddalab
