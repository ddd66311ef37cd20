#pragma once

#include "domain/Team.h"

#include <QList>
#include <QString>

namespace ddalab {

struct TeamListResult
{
    enum class Status { Found, Failed };
    Status status = Status::Failed;
    QList<Team> teams; // ordered by id
    QString error;     // Failed only: the database's reason, for logs

    static TeamListResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

// One team, with its members when it was read whole.
struct TeamResult
{
    enum class Status { Found, Created, Updated, Deleted, NotFound, AlreadyExists, Failed };
    Status status = Status::Failed;
    Team team;
    QList<TeamMember> members; // ordered by user id
    QString error;

    static TeamResult failed(const QString &error) { return {Status::Failed, {}, {}, error}; }
};

// A change to one membership. NotManager: the change was made on behalf of a user who is not a
// manager of the team (whether or not the team exists), and nothing changed.
struct MemberResult
{
    enum class Status { Added, Updated, Removed, TeamNotFound, NotMember, NotManager, Failed };
    Status status = Status::Failed;
    TeamMember member;
    QString error;

    static MemberResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

// Whether one user belongs to one team.
struct MemberLookupResult
{
    enum class Status { Member, NotMember, Failed };
    Status status = Status::Failed;
    QString error;

    static MemberLookupResult failed(const QString &error) { return {Status::Failed, error}; }
};

// The teams one user belongs to.
struct MembershipsResult
{
    enum class Status { Found, Failed };
    Status status = Status::Failed;
    QList<TeamMembership> teams; // ordered by team id
    QString error;

    static MembershipsResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

} // namespace ddalab
