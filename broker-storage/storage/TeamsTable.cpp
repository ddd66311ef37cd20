#include "TeamsTable.h"

#include "SqlConnection.h"

#include <QVariant>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

QDateTime fromMs(const QVariant &value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

} // namespace

std::optional<TeamListResult> TeamsTable::list()
{
    // select_teams's columns.
    enum Column { TeamId, Name, CreatedAtMs, MemberCount };

    SqlStatement select = m_connection.prepare(u"select_teams"_s);
    if (!select.exec())
        return std::nullopt;
    TeamListResult result{TeamListResult::Status::Found, {}, {}};
    while (select.next())
        result.teams.append(Team{select.value(TeamId).toString(), select.value(Name).toString(),
                                 fromMs(select.value(CreatedAtMs)),
                                 select.value(MemberCount).toInt()});
    return result;
}

std::optional<TeamResult> TeamsTable::find(const QString &teamId)
{
    // select_team's columns.
    enum Column { Name, CreatedAtMs, MemberCount };

    SqlStatement select = m_connection.prepare(u"select_team"_s);
    select.bind(u":team_id"_s, teamId);
    if (!select.exec())
        return std::nullopt;
    TeamResult result{TeamResult::Status::NotFound, {}, {}, {}};
    if (select.next()) {
        result.status = TeamResult::Status::Found;
        result.team = Team{teamId, select.value(Name).toString(), fromMs(select.value(CreatedAtMs)),
                           select.value(MemberCount).toInt()};
    }
    return result;
}

std::optional<TeamResult> TeamsTable::create(const Team &team)
{
    SqlStatement insert = m_connection.prepare(u"insert_team"_s);
    insert.bind(u":team_id"_s, team.id);
    insert.bind(u":name"_s, team.name);
    insert.bind(u":created_at_ms"_s, team.createdAt.toMSecsSinceEpoch());
    if (!insert.exec())
        return std::nullopt;
    if (insert.numRowsAffected() != 1)
        return TeamResult{TeamResult::Status::AlreadyExists, {}, {}, {}};
    Team created = team;
    created.memberCount = 0;
    return TeamResult{TeamResult::Status::Created, created, {}, {}};
}

std::optional<TeamResult> TeamsTable::rename(const QString &teamId, const QString &name)
{
    SqlStatement update = m_connection.prepare(u"update_team_name"_s);
    update.bind(u":name"_s, name);
    update.bind(u":team_id"_s, teamId);
    if (!update.exec())
        return std::nullopt;
    if (update.numRowsAffected() != 1)
        return TeamResult{TeamResult::Status::NotFound, {}, {}, {}};
    auto renamed = find(teamId);
    if (renamed && renamed->status == TeamResult::Status::Found)
        renamed->status = TeamResult::Status::Updated;
    return renamed;
}

std::optional<TeamResult> TeamsTable::remove(const QString &teamId)
{
    SqlStatement remove = m_connection.prepare(u"delete_team"_s);
    remove.bind(u":team_id"_s, teamId);
    if (!remove.exec())
        return std::nullopt;
    return TeamResult{remove.numRowsAffected() == 1 ? TeamResult::Status::Deleted
                                                    : TeamResult::Status::NotFound,
                      {},
                      {},
                      {}};
}

} // namespace ddalab
