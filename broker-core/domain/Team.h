#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace ddalab {

// A member's place in a team: members open the team's shares, managers also change who is in it.
enum class TeamRole { Member, Manager };

QString teamRoleName(TeamRole role);
std::optional<TeamRole> teamRoleFromName(QStringView name);

// A team of the membership registry; `team` access policies name it by id.
struct Team
{
    QString id;
    QString name;
    QDateTime createdAt; // UTC, millisecond precision
    int memberCount = 0;
};

struct TeamMember
{
    QString userId;
    TeamRole role = TeamRole::Member;
    QDateTime addedAt; // UTC, millisecond precision
};

// One team a user belongs to, as the user sees it.
struct TeamMembership
{
    QString teamId;
    QString teamName;
    TeamRole role = TeamRole::Member;
};

} // namespace ddalab
