#pragma once

#include "protocol/Messages.h"
#include "websocket/ReplySink.h"

namespace ddalab {

class Session;
class TeamService;

// list_teams: the teams of a connection's bound user.
class TeamWsHandler
{
public:
    explicit TeamWsHandler(TeamService &teams) : m_teams(teams) {}

    void handle(Session &session, const protocol::ListTeams &message, const ReplySink &reply);

private:
    TeamService &m_teams;
};

} // namespace ddalab
