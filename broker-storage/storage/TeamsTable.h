#pragma once

#include "TeamResults.h"

#include <optional>

namespace ddalab {

class SqlConnection;

// The teams table. Runs on the storage thread inside whatever transaction the caller holds;
// nullopt means the database failed (the connection's lastError says why).
class TeamsTable
{
public:
    explicit TeamsTable(SqlConnection &connection) : m_connection(connection) {}

    std::optional<TeamListResult> list();
    // Found (without members) or NotFound.
    std::optional<TeamResult> find(const QString &teamId);
    // Created, or AlreadyExists when the id is taken.
    std::optional<TeamResult> create(const Team &team);
    // Updated (with the team as stored now) or NotFound.
    std::optional<TeamResult> rename(const QString &teamId, const QString &name);
    // Deleted (memberships go with the team) or NotFound.
    std::optional<TeamResult> remove(const QString &teamId);

private:
    SqlConnection &m_connection;
};

} // namespace ddalab
