#include "TeamMembersTable.h"

#include "SqlConnection.h"

#include <QSqlQuery>
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
    QSqlQuery *select = m_connection.statement(u"select_team_members"_s);
    if (!select)
        return std::nullopt;
    select->bindValue(u":team_id"_s, teamId);
    if (!m_connection.exec(*select, u"select_team_members"_s))
        return std::nullopt;
    QList<TeamMember> members;
    while (select->next())
        members.append(TeamMember{select->value(0).toString(), roleOf(select->value(1)),
                                  fromMs(select->value(2))});
    select->finish();
    return members;
}

bool TeamMembersTable::find(const QString &teamId, const QString &userId,
                            std::optional<TeamMember> *member)
{
    member->reset();
    QSqlQuery *select = m_connection.statement(u"select_team_member"_s);
    if (!select)
        return false;
    select->bindValue(u":team_id"_s, teamId);
    select->bindValue(u":user_id"_s, userId);
    if (!m_connection.exec(*select, u"select_team_member"_s))
        return false;
    if (select->next())
        *member = TeamMember{userId, roleOf(select->value(0)), fromMs(select->value(1))};
    select->finish();
    return true;
}

std::optional<MemberResult> TeamMembersTable::put(const QString &teamId, const TeamMember &member)
{
    std::optional<TeamMember> existing;
    if (!find(teamId, member.userId, &existing))
        return std::nullopt;
    QSqlQuery *upsert = m_connection.statement(u"upsert_team_member"_s);
    if (!upsert)
        return std::nullopt;
    upsert->bindValue(u":team_id"_s, teamId);
    upsert->bindValue(u":user_id"_s, member.userId);
    upsert->bindValue(u":role"_s, teamRoleName(member.role));
    upsert->bindValue(u":added_at_ms"_s, member.addedAt.toMSecsSinceEpoch());
    if (!m_connection.exec(*upsert, u"upsert_team_member"_s))
        return std::nullopt;
    if (!existing)
        return MemberResult{MemberResult::Status::Added, member, {}};
    TeamMember updated = *existing;
    updated.role = member.role;
    return MemberResult{MemberResult::Status::Updated, updated, {}};
}

std::optional<MemberResult> TeamMembersTable::remove(const QString &teamId, const QString &userId)
{
    QSqlQuery *remove = m_connection.statement(u"delete_team_member"_s);
    if (!remove)
        return std::nullopt;
    remove->bindValue(u":team_id"_s, teamId);
    remove->bindValue(u":user_id"_s, userId);
    if (!m_connection.exec(*remove, u"delete_team_member"_s))
        return std::nullopt;
    return MemberResult{remove->numRowsAffected() == 1 ? MemberResult::Status::Removed
                                                       : MemberResult::Status::NotMember,
                        {},
                        {}};
}

std::optional<MembershipsResult> TeamMembersTable::teamsOf(const QString &userId)
{
    QSqlQuery *select = m_connection.statement(u"select_teams_of_user"_s);
    if (!select)
        return std::nullopt;
    select->bindValue(u":user_id"_s, userId);
    if (!m_connection.exec(*select, u"select_teams_of_user"_s))
        return std::nullopt;
    MembershipsResult result{MembershipsResult::Status::Found, {}, {}};
    while (select->next())
        result.teams.append(TeamMembership{select->value(0).toString(), select->value(1).toString(),
                                           roleOf(select->value(2))});
    select->finish();
    return result;
}

} // namespace ddalab
