#pragma once

#include "domain/AuditEntry.h"
#include "domain/Clock.h"
#include "storage/TeamResults.h"

#include <QObject>

#include <functional>
#include <optional>

namespace ddalab {

class AuditTrail;
class TeamStore;

// The team registry on behalf of the admin API and of connections: stamps changes with the
// clock and logs each one with who made it. A change is made by the admin (managerId empty) or
// by a manager of the team, which the store checks in the change's own transaction. Each change
// commits with its audit row, by `by`.
class TeamService : public QObject
{
    Q_OBJECT
public:
    TeamService(TeamStore &store, const Clock &clock, AuditTrail &audit, QObject *parent = nullptr);

    void listTeams(QObject *context, std::function<void(const TeamListResult &)> done);
    void findTeam(const QString &teamId, QObject *context,
                  std::function<void(const TeamResult &)> done);
    void createTeam(const AuditActor &by, const QString &teamId, const QString &name,
                    QObject *context, std::function<void(const TeamResult &)> done);
    void renameTeam(const AuditActor &by, const QString &teamId, const QString &name,
                    QObject *context, std::function<void(const TeamResult &)> done);
    void deleteTeam(const AuditActor &by, const QString &teamId, QObject *context,
                    std::function<void(const TeamResult &)> done);
    void putMember(const AuditActor &by, const QString &teamId, const QString &userId,
                   TeamRole role, const std::optional<QString> &managerId, QObject *context,
                   std::function<void(const MemberResult &)> done);
    void removeMember(const AuditActor &by, const QString &teamId, const QString &userId,
                      const std::optional<QString> &managerId, QObject *context,
                      std::function<void(const MemberResult &)> done);
    // The teams userId belongs to (list_teams and GET /api/users/ID/teams).
    void teamsOf(const QString &userId, QObject *context,
                 std::function<void(const MembershipsResult &)> done);

private:
    TeamStore &m_store;
    const Clock &m_clock;
    AuditTrail &m_audit;
};

} // namespace ddalab
