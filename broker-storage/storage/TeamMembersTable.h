#pragma once

#include "TeamResults.h"

#include <optional>

namespace ddalab {

class SqlConnection;

// The team_members table. Runs on the storage thread inside whatever transaction the caller
// holds; nullopt (or false) means the database failed.
class TeamMembersTable
{
public:
    explicit TeamMembersTable(SqlConnection &connection) : m_connection(connection) {}

    std::optional<QList<TeamMember>> ofTeam(const QString &teamId);
    // False when the database failed; *member stays empty when userId is not in the team.
    bool find(const QString &teamId, const QString &userId, std::optional<TeamMember> *member);
    // Added, or Updated with the new role (added_at stays); the team must exist.
    std::optional<MemberResult> put(const QString &teamId, const TeamMember &member);
    // Removed or NotMember.
    std::optional<MemberResult> remove(const QString &teamId, const QString &userId);
    std::optional<MembershipsResult> teamsOf(const QString &userId);

private:
    SqlConnection &m_connection;
};

} // namespace ddalab
