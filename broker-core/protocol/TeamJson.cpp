#include "TeamJson.h"

#include "FieldLimits.h"
#include "Rfc3339.h"

namespace ddalab::protocol::team_json {

using namespace Qt::StringLiterals;

QJsonObject teamToJson(const Team &team)
{
    return {{"team_id"_L1, team.id},
            {"name"_L1, team.name},
            {"created_at"_L1, rfc3339::format(team.createdAt)},
            {"member_count"_L1, team.memberCount}};
}

QJsonObject memberToJson(const TeamMember &member)
{
    return {{"user_id"_L1, member.userId},
            {"role"_L1, teamRoleName(member.role)},
            {"added_at"_L1, rfc3339::format(member.addedAt)}};
}

QJsonObject membershipToJson(const TeamMembership &membership)
{
    return {{"team_id"_L1, membership.teamId},
            {"name"_L1, membership.teamName},
            {"role"_L1, teamRoleName(membership.role)}};
}

TeamMembership readMembership(JsonFieldReader &reader)
{
    TeamMembership membership;
    membership.teamId = reader.requiredString("team_id"_L1, limits::kTeamId);
    membership.teamName = reader.requiredString("name"_L1, limits::kTeamName);
    const QString role = reader.requiredString("role"_L1, 16);
    if (reader.ok()) {
        if (auto parsed = teamRoleFromName(role))
            membership.role = *parsed;
        else
            reader.fail(
                u"field '%1' must be \"member\" or \"manager\""_s.arg(reader.fieldPath("role"_L1)));
    }
    return membership;
}

} // namespace ddalab::protocol::team_json
