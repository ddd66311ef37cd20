#include "SqlTeamStore.h"

#include "AuditedWork.h"
#include "Database.h"
#include "TeamMembersTable.h"
#include "TeamsTable.h"
#include "domain/AuditAction.h"

namespace ddalab {

namespace {

// Before a membership change, in its transaction: for a change made by a manager, that user must
// manage the team (checked first, so that to others an unknown team looks like a foreign one),
// and the team must exist. Sets *refusal when the change may not go ahead; false when the
// database failed.
bool checkMemberChange(SqlConnection &connection, const QString &teamId,
                       const std::optional<QString> &managerId,
                       std::optional<MemberResult> *refusal)
{
    refusal->reset();
    if (managerId) {
        std::optional<TeamMember> manager;
        if (!TeamMembersTable(connection).find(teamId, *managerId, &manager))
            return false;
        if (!manager || manager->role != TeamRole::Manager) {
            *refusal = MemberResult{MemberResult::Status::NotManager, {}, {}};
            return true;
        }
    }
    const auto team = TeamsTable(connection).find(teamId);
    if (!team)
        return false;
    if (team->status == TeamResult::Status::NotFound)
        *refusal = MemberResult{MemberResult::Status::TeamNotFound, {}, {}};
    return true;
}

bool teamChanged(const TeamResult &result, AuditEntry &)
{
    return result.status == TeamResult::Status::Created ||
           result.status == TeamResult::Status::Updated ||
           result.status == TeamResult::Status::Deleted;
}

bool memberChanged(const MemberResult &result, AuditEntry &row)
{
    if (result.status == MemberResult::Status::Updated)
        row.action = AuditAction::TeamMemberChanged;
    return result.status == MemberResult::Status::Added ||
           result.status == MemberResult::Status::Updated ||
           result.status == MemberResult::Status::Removed;
}

} // namespace

void SqlTeamStore::listTeams(QObject *context, std::function<void(const TeamListResult &)> done)
{
    m_database.run<TeamListResult>(
        StorageAccess::Read,
        [](SqlConnection &connection) { return TeamsTable(connection).list(); }, context,
        std::move(done));
}

void SqlTeamStore::findTeam(const QString &teamId, QObject *context,
                            std::function<void(const TeamResult &)> done)
{
    m_database.run<TeamResult>(
        StorageAccess::Read,
        [teamId](SqlConnection &connection) -> std::optional<TeamResult> {
            auto result = TeamsTable(connection).find(teamId);
            if (!result || result->status != TeamResult::Status::Found)
                return result;
            auto members = TeamMembersTable(connection).ofTeam(teamId);
            if (!members)
                return std::nullopt;
            result->members = std::move(*members);
            return result;
        },
        context, std::move(done));
}

void SqlTeamStore::createTeam(const Team &team, const AuditEntry &audit, QObject *context,
                              std::function<void(const TeamResult &)> done)
{
    m_database.run<TeamResult>(
        StorageAccess::Write,
        auditedWork<TeamResult>(
            [team](SqlConnection &connection) { return TeamsTable(connection).create(team); },
            audit, &teamChanged),
        context, std::move(done));
}

void SqlTeamStore::renameTeam(const QString &teamId, const QString &name, const AuditEntry &audit,
                              QObject *context, std::function<void(const TeamResult &)> done)
{
    m_database.run<TeamResult>(StorageAccess::Write,
                               auditedWork<TeamResult>(
                                   [teamId, name](SqlConnection &connection) {
                                       return TeamsTable(connection).rename(teamId, name);
                                   },
                                   audit, &teamChanged),
                               context, std::move(done));
}

void SqlTeamStore::deleteTeam(const QString &teamId, const AuditEntry &audit, QObject *context,
                              std::function<void(const TeamResult &)> done)
{
    m_database.run<TeamResult>(
        StorageAccess::Write,
        auditedWork<TeamResult>(
            [teamId](SqlConnection &connection) { return TeamsTable(connection).remove(teamId); },
            audit, &teamChanged),
        context, std::move(done));
}

void SqlTeamStore::putMember(const QString &teamId, const TeamMember &member,
                             const std::optional<QString> &managerId, const AuditEntry &audit,
                             QObject *context, std::function<void(const MemberResult &)> done)
{
    m_database.run<MemberResult>(
        StorageAccess::Write,
        auditedWork<MemberResult>(
            [teamId, member, managerId](SqlConnection &connection) -> std::optional<MemberResult> {
                std::optional<MemberResult> refusal;
                if (!checkMemberChange(connection, teamId, managerId, &refusal))
                    return std::nullopt;
                if (refusal)
                    return refusal;
                return TeamMembersTable(connection).put(teamId, member);
            },
            audit, &memberChanged),
        context, std::move(done));
}

void SqlTeamStore::removeMember(const QString &teamId, const QString &userId,
                                const std::optional<QString> &managerId, const AuditEntry &audit,
                                QObject *context, std::function<void(const MemberResult &)> done)
{
    m_database.run<MemberResult>(
        StorageAccess::Write,
        auditedWork<MemberResult>(
            [teamId, userId, managerId](SqlConnection &connection) -> std::optional<MemberResult> {
                std::optional<MemberResult> refusal;
                if (!checkMemberChange(connection, teamId, managerId, &refusal))
                    return std::nullopt;
                if (refusal)
                    return refusal;
                return TeamMembersTable(connection).remove(teamId, userId);
            },
            audit, &memberChanged),
        context, std::move(done));
}

void SqlTeamStore::findMember(const QString &teamId, const QString &userId, QObject *context,
                              std::function<void(const MemberLookupResult &)> done)
{
    m_database.run<MemberLookupResult>(
        StorageAccess::Read,
        [teamId, userId](SqlConnection &connection) -> std::optional<MemberLookupResult> {
            std::optional<TeamMember> member;
            if (!TeamMembersTable(connection).find(teamId, userId, &member))
                return std::nullopt;
            return MemberLookupResult{member ? MemberLookupResult::Status::Member
                                             : MemberLookupResult::Status::NotMember,
                                      {}};
        },
        context, std::move(done));
}

void SqlTeamStore::teamsOf(const QString &userId, QObject *context,
                           std::function<void(const MembershipsResult &)> done)
{
    m_database.run<MembershipsResult>(
        StorageAccess::Read,
        [userId](SqlConnection &connection) {
            return TeamMembersTable(connection).teamsOf(userId);
        },
        context, std::move(done));
}

} // namespace ddalab
