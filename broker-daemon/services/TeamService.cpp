#include "services/TeamService.h"

#include "domain/AuditAction.h"
#include "logging/LogCategories.h"
#include "services/AuditTrail.h"
#include "storage/TeamStore.h"

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

QString actor(const std::optional<QString> &managerId)
{
    return managerId ? u"manager "_s + *managerId : u"admin"_s;
}

} // namespace

TeamService::TeamService(TeamStore &store, const Clock &clock, AuditTrail &audit, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_audit(audit)
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

void TeamService::createTeam(const AuditActor &by, const QString &teamId, const QString &name,
                             QObject *context, std::function<void(const TeamResult &)> done)
{
    const AuditEntry audit = m_audit.entry(AuditAction::TeamCreated, by, teamId,
                                           AuditOutcome::Success, {{"name"_L1, name}});
    m_store.createTeam(Team{teamId, name, m_clock.now(), 0}, audit, context,
                       [this, done, teamId, audit](const TeamResult &result) {
                           if (result.status == TeamResult::Status::Created) {
                               qCInfo(lcTeams).noquote() << "created team" << teamId;
                               m_audit.committed(audit);
                           }
                           done(result);
                       });
}

void TeamService::renameTeam(const AuditActor &by, const QString &teamId, const QString &name,
                             QObject *context, std::function<void(const TeamResult &)> done)
{
    const AuditEntry audit = m_audit.entry(AuditAction::TeamChanged, by, teamId,
                                           AuditOutcome::Success, {{"name"_L1, name}});
    m_store.renameTeam(teamId, name, audit, context,
                       [this, done, teamId, audit](const TeamResult &result) {
                           if (result.status == TeamResult::Status::Updated) {
                               qCInfo(lcTeams).noquote() << "renamed team" << teamId;
                               m_audit.committed(audit);
                           }
                           done(result);
                       });
}

void TeamService::deleteTeam(const AuditActor &by, const QString &teamId, QObject *context,
                             std::function<void(const TeamResult &)> done)
{
    const AuditEntry audit = m_audit.entry(AuditAction::TeamDeleted, by, teamId);
    m_store.deleteTeam(
        teamId, audit, context, [this, done, teamId, audit](const TeamResult &result) {
            if (result.status == TeamResult::Status::Deleted) {
                qCInfo(lcTeams).noquote() << "deleted team" << teamId << "and its memberships";
                m_audit.committed(audit);
            }
            done(result);
        });
}

void TeamService::putMember(const AuditActor &by, const QString &teamId, const QString &userId,
                            TeamRole role, const std::optional<QString> &managerId,
                            QObject *context, std::function<void(const MemberResult &)> done)
{
    const AuditEntry audit =
        m_audit.entry(AuditAction::TeamMemberAdded, by, teamId, AuditOutcome::Success,
                      {{"member"_L1, userId}, {"role"_L1, teamRoleName(role)}});
    m_store.putMember(
        teamId, TeamMember{userId, role, m_clock.now()}, managerId, audit, context,
        [this, done, teamId, userId, role, audit,
         who = actor(managerId)](const MemberResult &result) {
            if (result.status == MemberResult::Status::Added ||
                result.status == MemberResult::Status::Updated) {
                qCInfo(lcTeams).noquote()
                    << (result.status == MemberResult::Status::Added ? "added" : "updated")
                    << userId << "as" << teamRoleName(role) << "of team" << teamId << "by" << who;
                AuditEntry row = audit;
                if (result.status == MemberResult::Status::Updated)
                    row.action = AuditAction::TeamMemberChanged;
                m_audit.committed(row);
            }
            done(result);
        });
}

void TeamService::removeMember(const AuditActor &by, const QString &teamId, const QString &userId,
                               const std::optional<QString> &managerId, QObject *context,
                               std::function<void(const MemberResult &)> done)
{
    const AuditEntry audit = m_audit.entry(AuditAction::TeamMemberRemoved, by, teamId,
                                           AuditOutcome::Success, {{"member"_L1, userId}});
    m_store.removeMember(
        teamId, userId, managerId, audit, context,
        [this, done, teamId, userId, audit, who = actor(managerId)](const MemberResult &result) {
            if (result.status == MemberResult::Status::Removed) {
                qCInfo(lcTeams).noquote()
                    << "removed" << userId << "from team" << teamId << "by" << who;
                m_audit.committed(audit);
            }
            done(result);
        });
}

void TeamService::teamsOf(const QString &userId, QObject *context,
                          std::function<void(const MembershipsResult &)> done)
{
    m_store.teamsOf(userId, context, std::move(done));
}

} // namespace ddalab
