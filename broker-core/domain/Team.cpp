#include "Team.h"

namespace ddalab {

using namespace Qt::StringLiterals;

QString teamRoleName(TeamRole role)
{
    return role == TeamRole::Manager ? u"manager"_s : u"member"_s;
}

std::optional<TeamRole> teamRoleFromName(QStringView name)
{
    if (name == u"member")
        return TeamRole::Member;
    if (name == u"manager")
        return TeamRole::Manager;
    return std::nullopt;
}

} // namespace ddalab
