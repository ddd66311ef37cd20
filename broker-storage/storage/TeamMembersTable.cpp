#include "TeamMembersTable.h"

#include "SqlConnection.h"

#include <QVariant>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// The schema allows only these two; anything else reads as the lesser role.
TeamRole roleOf(const QVariant &value)
{
    return teamRoleFromName(value.toString()).value_or(TeamRole::Member);
}

QDateTime fromMs(const QVariant &value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

} // namespace

std::optional<QList<TeamMember>> TeamMembersTable::ofTeam(const QString &teamId)
{
    // select_team_members's columns.
    enum Column { UserId, Role, AddedAtMs };

    SqlStatement select = m_connection.prepare(u"select_team_members"_s);
    select.bind(u":team_id"_s, teamId);
    if (!select.exec())
        return std::nullopt;
    QList<TeamMember> members;
    while (select.next())
        members.append(TeamMember{select.value(UserId).toString(), roleOf(select.value(Role)),
                                  fromMs(select.value(AddedAtMs))});
    return members;
}

bool TeamMembersTable::find(const QString &teamId, const QString &userId,
                            std::optional<TeamMember> *member)
{
    // select_team_member's columns.
    enum Column { Role, AddedAtMs };

    member->reset();
    SqlStatement select = m_connection.prepare(u"select_team_member"_s);
    select.bind(u":team_id"_s, teamId);
    select.bind(u":user_id"_s, userId);
    if (!select.exec())
        return false;
    if (select.next())
        *member = TeamMember{userId, roleOf(select.value(Role)), fromMs(select.value(AddedAtMs))};
    return true;
}

std::optional<MemberResult> TeamMembersTable::put(const QString &teamId, const TeamMember &member)
{
    std::optional<TeamMember> existing;
    if (!find(teamId, member.userId, &existing))
        return std::nullopt;
    SqlStatement upsert = m_connection.prepare(u"upsert_team_member"_s);
    upsert.bind(u":team_id"_s, teamId);
    upsert.bind(u":user_id"_s, member.userId);
    upsert.bind(u":role"_s, teamRoleName(member.role));
    upsert.bind(u":added_at_ms"_s, member.addedAt.toMSecsSinceEpoch());
    if (!upsert.exec())
        return std::nullopt;
    if (!existing)
        return MemberResult{MemberResult::Status::Added, member, {}};
    TeamMember updated = *existing;
    updated.role = member.role;
    return MemberResult{MemberResult::Status::Updated, updated, {}};
}

std::optional<MemberResult> TeamMembersTable::remove(const QString &teamId, const QString &userId)
{
    SqlStatement remove = m_connection.prepare(u"delete_team_member"_s);
    remove.bind(u":team_id"_s, teamId);
    remove.bind(u":user_id"_s, userId);
    if (!remove.exec())
        return std::nullopt;
    return MemberResult{remove.numRowsAffected() == 1 ? MemberResult::Status::Removed
                                                      : MemberResult::Status::NotMember,
                        {},
                        {}};
}

std::optional<MembershipsResult> TeamMembersTable::teamsOf(const QString &userId)
{
    // select_teams_of_user's columns.
    enum Column { TeamId, TeamName, Role };

    SqlStatement select = m_connection.prepare(u"select_teams_of_user"_s);
    select.bind(u":user_id"_s, userId);
    if (!select.exec())
        return std::nullopt;
    MembershipsResult result{MembershipsResult::Status::Found, {}, {}};
    while (select.next())
        result.teams.append(TeamMembership{select.value(TeamId).toString(),
                                           select.value(TeamName).toString(),
                                           roleOf(select.value(Role))});
    return result;
}

} // namespace ddalab
