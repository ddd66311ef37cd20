#pragma once

#include "TeamStore.h"

namespace ddalab {

class Database;

// TeamStore on the broker's Database: the same thread, connection and group commit as shares.
class SqlTeamStore final : public TeamStore
{
public:
    explicit SqlTeamStore(Database &database) : m_database(database) {}

    void listTeams(QObject *context, std::function<void(const TeamListResult &)> done) override;
    void findTeam(const QString &teamId, QObject *context,
                  std::function<void(const TeamResult &)> done) override;
    void createTeam(const Team &team, const AuditEntry &audit, QObject *context,
                    std::function<void(const TeamResult &)> done) override;
    void renameTeam(const QString &teamId, const QString &name, const AuditEntry &audit,
                    QObject *context, std::function<void(const TeamResult &)> done) override;
    void deleteTeam(const QString &teamId, const AuditEntry &audit, QObject *context,
                    std::function<void(const TeamResult &)> done) override;
    void putMember(const QString &teamId, const TeamMember &member,
                   const std::optional<QString> &managerId, const AuditEntry &audit,
                   QObject *context, std::function<void(const MemberResult &)> done) override;
    void removeMember(const QString &teamId, const QString &userId,
                      const std::optional<QString> &managerId, const AuditEntry &audit,
                      QObject *context, std::function<void(const MemberResult &)> done) override;
    void findMember(const QString &teamId, const QString &userId, QObject *context,
                    std::function<void(const MemberLookupResult &)> done) override;
    void teamsOf(const QString &userId, QObject *context,
                 std::function<void(const MembershipsResult &)> done) override;

private:
    Database &m_database;
};

} // namespace ddalab
