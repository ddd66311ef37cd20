#include "TeamsTable.h"

#include "SqlConnection.h"

#include <QSqlQuery>
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
    QSqlQuery *select = m_connection.statement(u"select_teams"_s);
    if (!select || !m_connection.exec(*select, u"select_teams"_s))
        return std::nullopt;
    TeamListResult result{TeamListResult::Status::Found, {}, {}};
    while (select->next())
        result.teams.append(Team{select->value(0).toString(), select->value(1).toString(),
                                 fromMs(select->value(2)), select->value(3).toInt()});
    select->finish();
    return result;
}

std::optional<TeamResult> TeamsTable::find(const QString &teamId)
{
    QSqlQuery *select = m_connection.statement(u"select_team"_s);
    if (!select)
        return std::nullopt;
    select->bindValue(u":team_id"_s, teamId);
    if (!m_connection.exec(*select, u"select_team"_s))
        return std::nullopt;
    TeamResult result{TeamResult::Status::NotFound, {}, {}, {}};
    if (select->next()) {
        result.status = TeamResult::Status::Found;
        result.team = Team{teamId, select->value(0).toString(), fromMs(select->value(1)),
                           select->value(2).toInt()};
    }
    select->finish();
    return result;
}

std::optional<TeamResult> TeamsTable::create(const Team &team)
{
    QSqlQuery *insert = m_connection.statement(u"insert_team"_s);
    if (!insert)
        return std::nullopt;
    insert->bindValue(u":team_id"_s, team.id);
    insert->bindValue(u":name"_s, team.name);
    insert->bindValue(u":created_at_ms"_s, team.createdAt.toMSecsSinceEpoch());
    if (!m_connection.exec(*insert, u"insert_team"_s))
        return std::nullopt;
    if (insert->numRowsAffected() != 1)
        return TeamResult{TeamResult::Status::AlreadyExists, {}, {}, {}};
    Team created = team;
    created.memberCount = 0;
    return TeamResult{TeamResult::Status::Created, created, {}, {}};
}

std::optional<TeamResult> TeamsTable::rename(const QString &teamId, const QString &name)
{
    QSqlQuery *update = m_connection.statement(u"update_team_name"_s);
    if (!update)
        return std::nullopt;
    update->bindValue(u":name"_s, name);
    update->bindValue(u":team_id"_s, teamId);
    if (!m_connection.exec(*update, u"update_team_name"_s))
        return std::nullopt;
    if (update->numRowsAffected() != 1)
        return TeamResult{TeamResult::Status::NotFound, {}, {}, {}};
    auto renamed = find(teamId);
    if (renamed && renamed->status == TeamResult::Status::Found)
        renamed->status = TeamResult::Status::Updated;
    return renamed;
}

std::optional<TeamResult> TeamsTable::remove(const QString &teamId)
{
    QSqlQuery *remove = m_connection.statement(u"delete_team"_s);
    if (!remove)
        return std::nullopt;
    remove->bindValue(u":team_id"_s, teamId);
    if (!m_connection.exec(*remove, u"delete_team"_s))
        return std::nullopt;
    return TeamResult{remove->numRowsAffected() == 1 ? TeamResult::Status::Deleted
                                                     : TeamResult::Status::NotFound,
                      {},
                      {},
                      {}};
}

} // namespace ddalab
