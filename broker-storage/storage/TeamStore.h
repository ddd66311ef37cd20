#pragma once

#include "TeamResults.h"
#include "domain/AuditEntry.h"

#include <QObject>

#include <functional>
#include <optional>

namespace ddalab {

// The team registry, asynchronous and without SQL, like ShareStore: each call returns at once,
// its callback runs later on the thread of `context` (not at all once `context` is gone), and
// writes are answered only after their transaction committed. Each write takes the audit row of
// its change and commits it with the change, when the change happened.
class TeamStore
{
public:
    virtual ~TeamStore() = default;

    virtual void listTeams(QObject *context, std::function<void(const TeamListResult &)> done) = 0;
    // The team with its members.
    virtual void findTeam(const QString &teamId, QObject *context,
                          std::function<void(const TeamResult &)> done) = 0;
    // Created, or AlreadyExists (nothing changed).
    virtual void createTeam(const Team &team, const AuditEntry &audit, QObject *context,
                            std::function<void(const TeamResult &)> done) = 0;
    virtual void renameTeam(const QString &teamId, const QString &name, const AuditEntry &audit,
                            QObject *context, std::function<void(const TeamResult &)> done) = 0;
    // Deletes the team and its memberships.
    virtual void deleteTeam(const QString &teamId, const AuditEntry &audit, QObject *context,
                            std::function<void(const TeamResult &)> done) = 0;

    // Adds the member or changes its role (Added or Updated). With managerId the change is made
    // by that user, and only when it manages the team, checked in the same transaction; without
    // it, by an admin.
    virtual void putMember(const QString &teamId, const TeamMember &member,
                           const std::optional<QString> &managerId, const AuditEntry &audit,
                           QObject *context, std::function<void(const MemberResult &)> done) = 0;
    virtual void removeMember(const QString &teamId, const QString &userId,
                              const std::optional<QString> &managerId, const AuditEntry &audit,
                              QObject *context, std::function<void(const MemberResult &)> done) = 0;

    // Whether userId is a member (or manager) of teamId now.
    virtual void findMember(const QString &teamId, const QString &userId, QObject *context,
                            std::function<void(const MemberLookupResult &)> done) = 0;
    // The teams userId belongs to.
    virtual void teamsOf(const QString &userId, QObject *context,
                         std::function<void(const MembershipsResult &)> done) = 0;
};

} // namespace ddalab
