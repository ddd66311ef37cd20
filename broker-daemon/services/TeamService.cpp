#include "services/TeamService.h"

#include "logging/LogCategories.h"
#include "storage/TeamStore.h"

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

QString actor(const std::optional<QString> &managerId)
{
    return managerId ? u"manager "_s + *managerId : u"admin"_s;
}

} // namespace

TeamService::TeamService(TeamStore &store, const Clock &clock, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock)
{
}

void TeamService::listTeams(QObject *context, std::function<void(const TeamListResult &)> done)
{
    m_store.listTeams(context, std::move(done));
}

void TeamService::findTeam(const QString &teamId, QObject *context,
                           std::function<void(const TeamResult &)> done)
{
    m_store.findTeam(teamId, context, std::move(done));
}

void TeamService::createTeam(const QString &teamId, const QString &name, QObject *context,
                             std::function<void(const TeamResult &)> done)
{
    m_store.createTeam(Team{teamId, name, m_clock.now(), 0}, context,
                       [done, teamId](const TeamResult &result) {
                           if (result.status == TeamResult::Status::Created)
                               qCInfo(lcTeams).noquote() << "created team" << teamId;
                           done(result);
                       });
}

void TeamService::renameTeam(const QString &teamId, const QString &name, QObject *context,
                             std::function<void(const TeamResult &)> done)
{
    m_store.renameTeam(teamId, name, context, [done, teamId](const TeamResult &result) {
        if (result.status == TeamResult::Status::Updated)
            qCInfo(lcTeams).noquote() << "renamed team" << teamId;
        done(result);
    });
}

void TeamService::deleteTeam(const QString &teamId, QObject *context,
                             std::function<void(const TeamResult &)> done)
{
    m_store.deleteTeam(teamId, context, [done, teamId](const TeamResult &result) {
        if (result.status == TeamResult::Status::Deleted)
            qCInfo(lcTeams).noquote() << "deleted team" << teamId << "and its memberships";
        done(result);
    });
}

void TeamService::putMember(const QString &teamId, const QString &userId, TeamRole role,
                            const std::optional<QString> &managerId, QObject *context,
                            std::function<void(const MemberResult &)> done)
{
    m_store.putMember(
        teamId, TeamMember{userId, role, m_clock.now()}, managerId, context,
        [done, teamId, userId, role, by = actor(managerId)](const MemberResult &result) {
            if (result.status == MemberResult::Status::Added ||
                result.status == MemberResult::Status::Updated)
                qCInfo(lcTeams).noquote()
                    << (result.status == MemberResult::Status::Added ? "added" : "updated")
                    << userId << "as" << teamRoleName(role) << "of team" << teamId << "by" << by;
            done(result);
        });
}

void TeamService::removeMember(const QString &teamId, const QString &userId,
                               const std::optional<QString> &managerId, QObject *context,
                               std::function<void(const MemberResult &)> done)
{
    m_store.removeMember(teamId, userId, managerId, context,
                         [done, teamId, userId, by = actor(managerId)](const MemberResult &result) {
                             if (result.status == MemberResult::Status::Removed)
                                 qCInfo(lcTeams).noquote()
                                     << "removed" << userId << "from team" << teamId << "by" << by;
                             done(result);
                         });
}

void TeamService::teamsOf(const QString &userId, QObject *context,
                          std::function<void(const MembershipsResult &)> done)
{
    m_store.teamsOf(userId, context, std::move(done));
}

} // namespace ddalab
