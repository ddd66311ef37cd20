#pragma once

#include "JsonFieldReader.h"
#include "domain/Team.h"

#include <QJsonObject>

// The wire shapes of teams, both ways: in team_list over WebSocket and in the HTTP team API.
namespace ddalab::protocol::team_json {

QJsonObject teamToJson(const Team &team);
QJsonObject memberToJson(const TeamMember &member);
QJsonObject membershipToJson(const TeamMembership &membership);
TeamMembership readMembership(JsonFieldReader &reader);

} // namespace ddalab::protocol::team_json
