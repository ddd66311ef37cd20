#pragma once

#include "ReplicaResults.h"

#include "domain/PresenceRegistry.h"

#include <optional>

namespace ddalab {

class SqlConnection;

// The registered connections of every replica (PostgreSQL), one row each, written by the replica
// that holds the connection.
class PresenceTable
{
public:
    explicit PresenceTable(SqlConnection &connection) : m_connection(connection) {}

    bool insertAll(const QList<PresenceEntry> &entries);
    bool deleteAll(const QList<ConnectionId> &connections);
    // The connections of the live replicas other than the connection's own.
    std::optional<QList<RemoteConnection>> liveElsewhere();

private:
    SqlConnection &m_connection;
};

} // namespace ddalab
